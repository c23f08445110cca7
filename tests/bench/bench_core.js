// The core module's national-ID validation against @persian-tools/persian-tools'
// verifyIranianNationalId, on the same random IDs in one node process (prints numbers, never
// fails). scripts/bench-core.sh runs it. Options: BENCH_IDS (default 200000), BENCH_ROUNDS (5).
'use strict';
const path = require('node:path');
const { verifyIranianNationalId } = require('@persian-tools/persian-tools');

const N = Number(process.env.BENCH_IDS || 200000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 5);
const modulePath = process.env.BK_CORE_MODULE || path.join(__dirname, '..', '..', 'build', 'wasm', 'barkhordari-core.js');

function checkDigit(nine) {
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(nine[i]) * (10 - i);
  const r = s % 11;
  return r < 2 ? r : 11 - r;
}

// Random 10-digit strings, half of them given a correct check digit.
function randomIds(n) {
  const out = new Array(n);
  let x = 1405;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const nine = String(x % 1000000000).padStart(9, '0');
    out[i] = nine + (i % 2 ? checkDigit(nine) : (checkDigit(nine) + 1) % 10);
  }
  return out;
}

function best(fn) { // the fastest of ROUNDS, in ns per ID
  let min = Infinity;
  let result;
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    result = fn();
    const ns = Number(process.hrtime.bigint() - t0) / N;
    if (ns < min) min = ns;
  }
  return { ns: min, result };
}

(async () => {
  const core = await require(modulePath)();
  const ids = randomIds(N);
  const asText = ids.join('\n');

  const tools = best(() => { let v = 0; for (const id of ids) if (verifyIranianNationalId(id)) v++; return v; });
  const single = best(() => { let v = 0; for (const id of ids) if (core.validateNationalId(id).valid) v++; return v; });
  const bulk = best(() => { const r = core.validateNationalIds(ids); let v = 0; for (let i = 0; i < r.count; i++) if (r.reasons[i] === 0) v++; return v; });
  const bulkText = best(() => { const r = core.validateNationalIds(asText); let v = 0; for (let i = 0; i < r.count; i++) if (r.reasons[i] === 0) v++; return v; });

  const agree = single.result === bulk.result && bulk.result === bulkText.result;
  const line = (name, r) => console.log(`${name.padEnd(52)} ${r.ns.toFixed(1).padStart(8)} ns/ID  ${(tools.ns / r.ns).toFixed(2).padStart(6)}× persian-tools`);
  console.log(`${N} random IDs (half with a correct check digit), best of ${ROUNDS} rounds, one node process`);
  line('persian-tools verifyIranianNationalId (per ID)', tools);
  line('core.validateNationalId (per ID)', single);
  line('core.validateNationalIds(array)', bulk);
  line('core.validateNationalIds(one ID per line)', bulkText);
  console.log(`valid: ${bulk.result} of ${N} (the three core calls agree: ${agree ? 'yes' : 'NO'}); persian-tools: ${tools.result}` +
    ' (it also checks a list of city prefixes, which rejects real IDs; the core does not)');
  console.log('target: bulk ≥ 3× persian-tools per ID');
})().catch((e) => { console.error(e); process.exit(0); });
