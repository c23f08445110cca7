// Concurrency and durability: parallel inquiries against one code's quota, tracking codes unique
// over 100,000 inquiries (10,000 under the sanitizers), and kill -9 during a write load.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer, SAMPLES, SANITIZED } = require('./harness.js');

test('200 parallel inquiries on one code with 20 credits → exactly 20 answered, 180 refused, 0 left', async () => {
  const s = await startServer(['--quota', '20', '--workers', '8']);
  try {
    const token = await s.session();
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) =>
      s.request('POST', '/api/v1/inquiries', { body: { nationalId: i % 2 ? SAMPLES.son : SAMPLES.eligibleMain }, token })));
    const by = {};
    for (const r of results) by[r.status] = (by[r.status] || 0) + 1;
    assert.deepEqual(by, { 200: 20, 403: 180 });
    const remaining = results.filter((r) => r.status === 200).map((r) => r.json.remaining).sort((a, b) => a - b);
    assert.deepEqual(remaining, Array.from({ length: 20 }, (_, i) => i)); // each credit spent exactly once
    assert.equal((await s.request('GET', '/api/v1/credit', { token })).json.remaining, 0);
    assert.equal(s.sql('SELECT count(*) FROM receipts'), '20');
  } finally { await s.stop(); }
});

// Natively, 100,000: uniqueness is a matter of volume. Under the sanitizers, 10,000 take the same
// path (open-mode receipts written in batches, a graceful stop flushing them) many times over.
const TOTAL = SANITIZED ? 10000 : 100000;

test(`tracking codes are unique over ${TOTAL.toLocaleString('en')} inquiries`, async () => {
  const s = await startServer(['--open-inquiry', '--workers', '4', '--inquiries-per-client-minute', '0', '--receipts-per-client-minute', '0']);
  try {
    const seen = new Set();
    const total = TOTAL;
    let next = 0;
    const ids = [SAMPLES.eligibleMain, SAMPLES.son, SAMPLES.pensioner, SAMPLES.lapsed, SAMPLES.revoked, '0499370899'];
    async function worker() {
      while (next < total) {
        const i = next++;
        const r = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: ids[i % ids.length] } });
        assert.equal(r.status, 200, r.body);
        seen.add(r.json.trackingCode);
      }
    }
    await Promise.all(Array.from({ length: 48 }, worker));
    assert.equal(seen.size, total);
    // a receipt answers at once, even while its batch is still on the way to the database
    const last = [...seen].slice(-20);
    for (const code of last) assert.equal((await s.request('GET', '/api/v1/inquiries/' + code)).status, 200);
  } finally { assert.equal(await s.stop(), 0); }
  // open-mode receipts are written in batches; a graceful stop writes every one of them
  assert.equal(s.sql('SELECT count(*) FROM receipts'), String(TOTAL));
});

test('kill -9 during a write load: every answered tracking code survives; credits spent = inquiries logged', async () => {
  const s = await startServer(['--quota', '1000000', '--workers', '4']);
  const answered = [];
  let token;
  try {
    token = await s.session();
    let stop = false;
    async function worker() {
      while (!stop) {
        try {
          const r = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token });
          if (r.status === 200) answered.push(r.json.trackingCode);
        } catch { return; } // the server died under us
      }
    }
    const workers = Array.from({ length: 32 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    await s.kill9();
    stop = true;
    await Promise.all(workers);
  } catch (e) {
    await s.kill9().catch(() => {});
    throw e;
  }
  assert.ok(answered.length > 100, 'the load wrote ' + answered.length);
  // restart on the same database
  const again = await startServer(['--receipts-per-client-minute', '0'], { dir: s.dir, db: s.db });
  try {
    let missing = 0;
    for (let i = 0; i < answered.length; i += Math.max(1, Math.floor(answered.length / 400))) {
      const r = await again.request('GET', '/api/v1/inquiries/' + answered[i]);
      if (r.status !== 200) missing++;
    }
    assert.equal(missing, 0);
    // every answer the client saw is in the log (checked exhaustively in SQL)
    const logged = Number(again.sql('SELECT count(*) FROM receipts'));
    const spent = Number(again.sql('SELECT sum(total - remaining) FROM codes'));
    assert.equal(spent, logged);
    assert.ok(logged >= answered.length, `logged ${logged} ≥ answered ${answered.length}`);
    const list = answered.map((c) => "'" + c.replace(/-/g, '') + "'").join(',');
    assert.equal(Number(again.sql(`SELECT count(*) FROM receipts WHERE tracking IN (${list})`)), answered.length);
    // the session still works after the restart
    assert.equal((await again.request('GET', '/api/v1/credit', { token })).json.remaining, 1000000 - spent);
  } finally { await again.stop(); }
});
