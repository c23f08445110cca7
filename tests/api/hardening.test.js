// The server in a real deployment, attacked the way attackers and operators would: answers that
// tell nothing beyond coverage, limits that hold behind a proxy and over IPv6, code guessing and
// SMS pumping stopped, a server that cannot be stalled (file descriptors, a slow SMS provider,
// framing tricks, metric floods, a bad query), that says when writes fail, refuses unsafe
// configurations, and deletes what it no longer needs. Against SQLite, and PostgreSQL where the
// database matters (run_with_postgres.js runs this file too).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');
const { startServer, seed, tempDir, SAMPLES, PG, assertNoSanitizerReport } = require('./harness.js');
const pg = require('./pg.js');

const BIN = process.env.BK_SERVER_BIN || path.join(__dirname, '..', '..', 'build', 'native', 'barkhordari');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function checkDigit(nine) {
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(nine[i]) * (10 - i);
  const r = s % 11;
  return r < 2 ? r : 11 - r;
}

// Raw bytes over one connection: resolves with everything the server sent until it closed (or
// the wait ran out).
function raw(port, payload, waitMs = 1500) {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1', () => sock.write(payload));
    let data = '';
    let closed = false;
    sock.on('data', (d) => { data += d.toString('latin1'); });
    sock.on('close', () => { closed = true; resolve({ data, closed }); });
    sock.on('error', () => {});
    setTimeout(() => { sock.destroy(); if (!closed) resolve({ data, closed: false }); }, waitMs);
  });
}

test('privacy, over a whole seeded registry: every not-covered answer has the same fields and words as one for an ID not in it; no answer carries a family fact', async () => {
  const s = await startServer(['--open-inquiry', '--inquiries-per-client-minute', '0', '--receipts-per-client-minute', '0', '--workers', '4'], { persons: 2000 });
  try {
    const shape = (j) => Object.keys(j).sort().join(',');
    const registry = s.sql('SELECT id FROM persons').split('\n').map((n) => n.trim().padStart(10, '0'));
    assert.equal(registry.length, 2000);
    const known = new Set(registry);
    const absent = [];
    for (let x = 7; absent.length < 2000;) { // valid IDs that are not in the registry
      x = (x * 48271) % 2147483647;
      const nine = String(x % 1000000000).padStart(9, '0');
      const id = nine + checkDigit(nine);
      if (!known.has(id) && !/^(\d)\1{9}$/.test(id) && id.slice(3, 9) !== '000000') absent.push(id);
    }
    const ask = async (ids) => {
      const out = [];
      for (let i = 0; i < ids.length; i += 50)
        out.push(...await Promise.all(ids.slice(i, i + 50).map(async (id) => (await s.request('POST', '/api/v1/inquiries', { body: { nationalId: id } })).json)));
      return out;
    };
    const inRegistry = await ask(registry);
    const notInRegistry = await ask(absent);
    assert.ok(notInRegistry.every((a) => a.outcome === 'not_eligible'));
    // By outcome, one shape and one set of words: "not in the registry" looks like "lapsed".
    const by = {};
    for (const a of [...inRegistry, ...notInRegistry]) {
      const k = a.outcome;
      by[k] = by[k] || { shapes: new Set(), reasons: new Set() };
      by[k].shapes.add(shape(a));
      by[k].reasons.add(String(a.reasonCode) + '|' + String(a.reason));
    }
    assert.deepEqual(Object.keys(by).sort(), ['eligible', 'not_eligible']);
    assert.deepEqual([...by.not_eligible.shapes], ['checkedAt,checkedAtJalali,checkedAtTime,coverage,nationalId,outcome,reason,reasonCode,remaining,trackingCode']);
    assert.deepEqual([...by.not_eligible.reasons], ['reason.not_covered|پوشش بیمه ای فعال نیست.']);
    assert.deepEqual([...by.eligible.shapes], ['checkedAt,checkedAtJalali,checkedAtTime,coverage,nationalId,outcome,remaining,trackingCode,validUntil,validUntilJalali']);
    const covered = inRegistry.filter((a) => a.outcome === 'eligible');
    assert.ok(covered.length > 500 && covered.length < 2000, covered.length + ' of 2000 covered');
    // validUntil is the end of this Jalali month, or sooner (a policy's paid-up date, or today):
    // never a date that could be a birthday less a day.
    const today = covered[0].checkedAt;
    assert.ok(covered.every((a) => a.validUntil >= today), 'never in the past');
    const maxUntil = covered.reduce((m, a) => (a.validUntil > m ? a.validUntil : m), today);
    const endOfMonth = new Set(covered.map((a) => a.validUntil)).size;
    assert.ok(endOfMonth <= 35, endOfMonth + ' distinct valid-until dates for ' + covered.length + ' people (at most one a day to the month end)');
    assert.ok(maxUntil <= new Date(Date.parse(today) + 32 * 86400000).toISOString().slice(0, 10), 'within this Jalali month: ' + maxUntil);
    // A receipt keeps no more than its answer.
    for (const a of [inRegistry[0], notInRegistry[0], covered[0]]) {
      const receipt = (await s.request('GET', '/api/v1/inquiries/' + a.trackingCode)).json;
      assert.deepEqual({ ...receipt, remaining: a.remaining }, a);
    }
  } finally { await s.stop(); }
});

test('open mode and receipt lookups are limited per client', async () => {
  const s = await startServer(['--open-inquiry', '--inquiries-per-client-minute', '30', '--receipts-per-client-minute', '5']);
  try {
    const codes = [];
    const statuses = [];
    for (let i = 0; i < 40; i++) {
      const r = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son } });
      statuses.push(r.status);
      if (r.status === 200) codes.push(r.json.trackingCode);
    }
    assert.equal(statuses.filter((x) => x === 200).length, 30);
    const limited = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son } });
    assert.equal(limited.status, 429);
    assert.equal(limited.json.error.code, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    const lookups = [];
    for (let i = 0; i < 8; i++) lookups.push((await s.request('GET', '/api/v1/inquiries/' + codes[0])).status);
    assert.deepEqual(lookups, [200, 200, 200, 200, 200, 429, 429, 429]);
  } finally { await s.stop(); }
});

test('behind a trusted proxy each client has its own budget; headers from anyone else are ignored; IPv6 counts by /64', async () => {
  const s = await startServer(['--trusted-proxy', '127.0.0.1', '--codes-per-client-hour', '2', '--log-requests']);
  const plain = await startServer(['--codes-per-client-hour', '2']);
  try {
    let n = 0;
    const mobile = () => '0912' + String(3000000 + n++).padStart(7, '0');
    const code = (srv, xff) => srv.request('POST', '/api/v1/credit-codes', { body: { mobile: mobile() }, headers: xff ? { 'x-forwarded-for': xff } : {} });
    // two clients behind the proxy: two each
    for (const client of ['203.0.113.5', '198.51.100.7']) {
      assert.equal((await code(s, client)).status, 202);
      assert.equal((await code(s, client)).status, 202);
      assert.equal((await code(s, client)).status, 429, client + ': its own third code');
    }
    // a spoofed left part changes nothing: the right-most untrusted address is the client
    assert.equal((await code(s, '10.9.9.9, 203.0.113.5')).status, 429);
    assert.equal((await code(s, '1.2.3.4, 203.0.113.5')).status, 429);
    // Only the header the proxies write is read (X-Forwarded-For here): a proxy that appends XFF
    // passes the client's own Forwarded through, so a forged one must change nothing.
    const fwd = (srv, v, xff) => srv.request('POST', '/api/v1/credit-codes', { body: { mobile: mobile() },
      headers: Object.assign({ forwarded: v }, xff ? { 'x-forwarded-for': xff } : {}) });
    assert.equal((await fwd(s, 'for=192.0.2.200', '203.0.113.5')).status, 429, 'a forged Forwarded beside the proxy\'s XFF');
    assert.equal((await fwd(s, 'for=192.0.2.201')).status, 202, 'a forged Forwarded alone: the proxy (127.0.0.1) is the client');
    assert.equal((await fwd(s, 'for=192.0.2.202')).status, 202);
    assert.equal((await fwd(s, 'for=192.0.2.203')).status, 429, 'all three counted against 127.0.0.1');
    // IPv6: the same /64 is one client, another /64 another
    assert.equal((await code(s, '2001:db8:1:2::1')).status, 202);
    assert.equal((await code(s, '2001:db8:1:2::99')).status, 202);
    assert.equal((await code(s, '2001:db8:1:2:ffff::7')).status, 429, 'a third address of the same /64');
    assert.equal((await code(s, '2001:db8:1:3::1')).status, 202, 'another /64');
    // --forwarded-header forwarded: RFC 7239 is read, and X-Forwarded-For never is
    const rfc = await startServer(['--trusted-proxy', '127.0.0.1', '--forwarded-header', 'forwarded', '--codes-per-client-hour', '1']);
    try {
      assert.equal((await fwd(rfc, 'for="[2001:db8:7:7::1]:4711";proto=https')).status, 202);
      assert.equal((await fwd(rfc, 'for=198.51.100.9, for="[2001:db8:7:7::2]"')).status, 429, 'the right-most hop: the same /64');
      assert.equal((await fwd(rfc, 'for=198.51.100.9', '2001:db8:7:7::3')).status, 202, 'XFF is not read: 198.51.100.9 is new');
      assert.equal((await code(rfc, '192.0.2.1')).status, 202, 'XFF alone: the proxy itself is the client');
      assert.equal((await code(rfc, '192.0.2.2')).status, 429);
    } finally { await rfc.stop(); }
    // without --trusted-proxy the header is ignored: every request is the socket's address
    assert.equal((await code(plain, '203.0.113.1')).status, 202);
    assert.equal((await code(plain, '203.0.113.2')).status, 202);
    assert.equal((await code(plain, '203.0.113.3')).status, 429);
  } finally { await s.stop(); await plain.stop(); }
});

test('code guessing: a spray over many mobiles is stopped per client; a stranger cannot lock the owner out', async () => {
  const s = await startServer(['--trusted-proxy', '127.0.0.1', '--verifies-per-client-hour', '50']);
  try {
    const from = (ip) => ({ 'x-forwarded-for': ip });
    const results = {};
    for (let i = 0; i < 300; i++) {
      const mobile = '0912' + String(5000000 + i).padStart(7, '0');
      const r = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile, code: '123456' }, headers: from('203.0.113.66') });
      results[r.json.error.code] = (results[r.json.error.code] || 0) + 1;
    }
    assert.deepEqual(results, { invalid_code: 50, rate_limited: 250 }, 'only 50 codes were checked');

    // the owner asks for a code; a stranger tries five wrong ones and is locked — only the stranger
    await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121234567' }, headers: from('198.51.100.1') });
    const code = await s.code('09121234567');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121234567', code: wrong }, headers: from('192.0.2.50') });
    const stranger = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121234567', code }, headers: from('192.0.2.50') });
    assert.equal(stranger.json.error.code, 'code_locked');
    const owner = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121234567', code }, headers: from('198.51.100.1') });
    assert.equal(owner.status, 200, owner.body);
  } finally { await s.stop(); }
});

test('200 wrong codes at once: exactly 5 are checked', async () => {
  const s = await startServer(['--workers', '8']);
  try {
    await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121234567' } });
    const code = await s.code('09121234567');
    const wrong = code === '000000' ? '111111' : '000000';
    const all = await Promise.all(Array.from({ length: 200 }, () =>
      s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121234567', code: wrong } })));
    const by = {};
    for (const r of all) by[r.json.error.code] = (by[r.json.error.code] || 0) + 1;
    assert.deepEqual(by, { invalid_code: 4, code_locked: 196 });
  } finally { await s.stop(); }
});

test('SMS pumping: a global SMS budget, in /metrics, and 429 once spent', async () => {
  const s = await startServer(['--sms-per-hour', '3', '--codes-per-client-hour', '100']);
  try {
    for (let i = 0; i < 3; i++) assert.equal((await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '0935000000' + i } })).status, 202);
    const over = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09350000009' } });
    assert.equal(over.status, 429);
    assert.equal(over.json.error.code, 'sms_budget');
    const m = (await s.request('GET', '/metrics')).body;
    assert.match(m, /^bk_sms_budget_used 3$/m);
    assert.match(m, /^bk_sms_budget_per_hour 3$/m);
  } finally { await s.stop(); }
  // The daily budget, on its own: the hour has room, the day does not.
  const d = await startServer(['--sms-per-hour', '100', '--sms-per-day', '2', '--codes-per-client-hour', '100']);
  try {
    for (let i = 0; i < 2; i++) assert.equal((await d.request('POST', '/api/v1/credit-codes', { body: { mobile: '0935100000' + i } })).status, 202);
    const over = await d.request('POST', '/api/v1/credit-codes', { body: { mobile: '09351000009' } });
    assert.equal(over.status, 429);
    assert.equal(over.json.error.code, 'sms_budget');
    assert.ok(Number(over.headers['retry-after']) > 0 && Number(over.headers['retry-after']) <= 86400, 'until the Tehran day ends');
    // The refused mobile may ask again once there is budget: its cool-down was lifted.
    const again = await d.request('POST', '/api/v1/credit-codes', { body: { mobile: '09351000009' } });
    assert.equal(again.json.error.code, 'sms_budget', 'still the budget, not the resend cool-down');
    const m = (await d.request('GET', '/metrics')).body;
    assert.match(m, /^bk_sms_budget_used_today 2$/m);
    assert.match(m, /^bk_sms_budget_per_day 2$/m);
    assert.match(m, /^bk_sms_queued 0$/m);
  } finally { await d.stop(); }
});

// A UBSan report that UBSan itself could not check for want of a descriptor: "…does not point to
// an object of type…", "object has invalid vptr", then "<memory cannot be printed>" or the bytes
// with a caret under them, its stack frames and summary. Everything else is kept. (The server
// makes its back-off timers before it accepts, so none is expected; this keeps a type UBSan meets
// first while starved from failing the test.)
function withoutStarvedVptrReports(stderr) {
  const lines = stderr.split('\n');
  const kept = [];
  const part = /^\s+#\d+ |^SUMMARY: UndefinedBehaviorSanitizer|^\s*$|^<memory cannot be printed>$|^\s*([0-9a-f]{2}\s+)+[0-9a-f]{2}\s*$|^\s*\^~*\s*$|^\s*invalid vptr\s*$/;
  for (let i = 0; i < lines.length; i++) {
    if (/runtime error: .*does not point to an object of type/.test(lines[i]) && /note: object has invalid vptr/.test(lines[i + 1] || '')) {
      i += 1;
      while (i + 1 < lines.length && part.test(lines[i + 1])) i++;
      continue;
    }
    kept.push(lines[i]);
  }
  return kept.join('\n');
}

test('a report UBSan could not check for want of descriptors is dropped; any other report is kept', () => {
  const starved = ['{"event":"warning"}',
    '/usr/include/c++/12/bits/shared_ptr_base.h:604:51: runtime error: member call on address 0x60c000001240 which does not point to an object of type \'_Sp_counted_ptr_inplace\'',
    '0x60c000001240: note: object has invalid vptr', '<memory cannot be printed>',
    '    #0 0x561cb40c1149 in std::_Sp_counted_ptr_inplace<...>', '    #1 0x561cb40c1150 in main', '',
    'SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /usr/include/c++/12/bits/shared_ptr_base.h:604:51 in', '{"event":"stopped"}'].join('\n');
  assert.equal(withoutStarvedVptrReports(starved), '{"event":"warning"}\n{"event":"stopped"}');
  const dumped = ['{"event":"warning"}',
    '/usr/include/c++/12/bits/shared_ptr_base.h:975:22: runtime error: member call on address 0x60c00001c000 which does not point to an object of type \'_Sp_counted_ptr_inplace\'',
    '0x60c00001c000: note: object has invalid vptr', ' 07 00 00 00  98 78 9f 3c bb 55 00 00  01 00 00 00 01 00 00 00  a0 2f 00 00 80 60 00 00  4e 5a 66 39',
    '              ^~~~~~~~~~~~~~~~~~~~~~~', '              invalid vptr', '    #0 0x55bb3be13af8 in std::__shared_count<...>', '{"event":"stopped"}'].join('\n');
  assert.equal(withoutStarvedVptrReports(dumped), '{"event":"warning"}\n{"event":"stopped"}');
  const real = 'x.cpp:1:2: runtime error: member call on address 0x1 which does not point to an object of type \'A\'\n0x1: note: object is of type \'B\'\n  00 00 00\n';
  assert.equal(withoutStarvedVptrReports(real), real);
  assert.throws(() => assertNoSanitizerReport(withoutStarvedVptrReports(real)));
});

// A server under `ulimit -n 256` (soft and hard), its port, its /proc CPU reader and a stop.
async function limitedServer(extra) {
  const dir = tempDir();
  const db = seed(dir, 200);
  // UBSan's vptr check reads an unfamiliar vtable only after probing the memory through a
  // pipe(2); a process out of descriptors cannot make one, so a first-seen polymorphic call is
  // reported as "invalid vptr" with "<memory cannot be printed>". These servers go on after a
  // report (halt_on_error=0) and stop() drops exactly that report; any other still fails.
  const env = { ...process.env };
  if (env.UBSAN_OPTIONS !== undefined) env.UBSAN_OPTIONS += ':halt_on_error=0';
  const proc = spawn('bash', ['-c', `ulimit -n 256; exec "$0" "$@"`, BIN, '--listen', '127.0.0.1:0', '--db', db, '--dev',
    '--hmac-key-file', path.join(dir, 'k'), '--log-requests=false', '--idle-timeout', '60', ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  let out = '';
  const port = await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => { out += d; const m = /"port":(\d+)/.exec(out); if (m) resolve(Number(m[1])); });
    proc.on('exit', (c) => reject(new Error('exited ' + c + ': ' + err)));
  });
  const cpu = () => { const f = fs.readFileSync(`/proc/${proc.pid}/stat`, 'utf8').split(') ')[1].split(' '); return Number(f[11]) + Number(f[12]); };
  const get = (p) => new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: p, agent: false }, (res) => {
      let body = ''; res.on('data', (c) => { body += c; }); res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', reject);
    req.setTimeout(3000, () => req.destroy(new Error('no answer in 3 s')));
  });
  const metric = async (name) => Number(new RegExp('^' + name + ' (\\d+)$', 'm').exec((await get('/metrics')).body)[1]);
  const sockets = [];
  const open = (n, first = '') => {
    const made = [];
    for (let i = 0; i < n; i++) { const c = net.connect(port, '127.0.0.1'); c.on('error', () => {}); if (first) c.write(first); made.push(c); }
    sockets.push(...made);
    return made;
  };
  const stop = async () => {
    for (const c of sockets) c.destroy();
    // A server that died on its own already exited: fail with what it printed (waiting for an
    // exit that has been would leave this test pending and cancel every later one).
    const died = proc.exitCode !== null || proc.signalCode !== null;
    if (!died) {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    await new Promise((r) => setImmediate(r)); // the last stderr chunk
    assertNoSanitizerReport(withoutStarvedVptrReports(err));
    if (died) throw new Error('the server exited before the test ended: ' + err.slice(-2000));
  };
  return { port, cpu, get, metric, open, stop, stderr: () => err, stdout: () => out };
}

test('file descriptors run out: accept backs off (no spin), an idle connection makes room, a new client is answered within a second', async () => {
  // More connections allowed than descriptors: accept itself hits EMFILE.
  const s = await limitedServer(['--max-connections', '1000', '--max-connections-per-client', '1000']);
  try {
    // Logged before "listening", on the same stream (it was on stderr, which may arrive later).
    assert.match(s.stdout(), /"event":"warning".*--max-connections 1000 is more than the open-files limit allows/);
    s.open(300);
    await sleep(800);
    const c0 = s.cpu();
    const t0 = Date.now();
    // A request that needs no database: with every descriptor taken, a worker that has yet to
    // open its database connection cannot (/healthz then says 503, truly); the client is still
    // answered.
    assert.equal((await s.get('/api/v1/service')).status, 200);
    const took = Date.now() - t0;
    assert.ok(took < 1000, 'answered in ' + took + ' ms');
    await sleep(2000);
    const ticks = s.cpu() - c0; // clock ticks (100 a second): a spinning accept loop burns ~200
    assert.ok(ticks < 50, 'CPU while 300 connections wait: ' + ticks + ' ticks in 2 s');
    assert.ok(await s.metric('bk_accept_backoffs_total') > 0, 'accept ran out of descriptors and backed off');
    assert.ok(await s.metric('bk_connections_evicted_total') > 0, 'idle connections made room');
  } finally { await s.stop(); }
});

test('connections are capped by the open-files limit less a reserve: idle ones are closed first, accept never runs dry', async () => {
  const s = await limitedServer([]);
  try {
    s.open(300);
    await sleep(800);
    assert.equal((await s.get('/healthz')).status, 200);
    // 256 less 64 less the database's descriptors (for each of 4 workers + 2: SQLite's file, WAL
    // and shared memory, or one PostgreSQL socket)
    const limit = 256 - 64 - 6 * (PG ? 1 : 3);
    assert.equal(await s.metric('bk_connections_limit'), limit);
    assert.ok(await s.metric('bk_connections_evicted_total') >= 300 - limit, 'the oldest idle connections were closed');
    assert.equal(await s.metric('bk_accept_backoffs_total'), 0, 'the cap keeps accept from running out of descriptors');
  } finally { await s.stop(); }
});

test('per client: at its cap a client\'s own idle connection makes room; with none idle a new one is refused', async () => {
  const s = await limitedServer(['--max-connections-per-client', '4']);
  try {
    s.open(4);
    await sleep(300);
    assert.equal((await s.get('/healthz')).status, 200, 'one of its idle connections was closed for it');
    assert.ok(await s.metric('bk_connections_evicted_total') >= 1);
    // Four connections in the middle of a request body are not idle: the fifth is refused.
    await sleep(300);
    const busy = s.open(8, 'POST /api/v1/inquiries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
    await sleep(500);
    await assert.rejects(s.get('/healthz'), /socket hang up|ECONNRESET|no answer/);
    for (const c of busy) c.destroy();
    await sleep(300);
    // (how many of the eight were refused depends on which were still waiting for their first
    // bytes — idle — when the next arrived; the /healthz request was, at least)
    assert.ok(await s.metric('bk_connections_refused_total') >= 1, 'the /healthz request was refused at accept');
  } finally { await s.stop(); }
});

// Found by the server benchmark: 1,000 connections from one address against a cap of 256 made
// the server close idle connections over and over, and it deadlocked — an idle connection's
// last owner released inside the lock its destructor takes. Churn connections against a small
// cap for a few seconds, then the server must still answer at once.
test('connection churn against the per-client cap never wedges the server', async () => {
  const s = await startServer(['--max-connections-per-client', '32', '--idle-timeout', '30', '--io-threads', '2']);
  try {
    // As wrk does: 300 keep-alive clients, each sending requests back to back on its
    // connection and reconnecting whenever the server closes it (evicted to make room).
    const until = Date.now() + 4000;
    let answered = 0, connections = 0;
    const client = () => new Promise((done) => {
      const open = () => {
        if (Date.now() > until) return done();
        connections++;
        const c = net.connect(s.port, '127.0.0.1');
        let buf = '';
        const ask = () => c.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
        c.on('connect', ask);
        c.on('data', (d) => {
          buf += d;
          while (buf.includes('"database"')) { buf = buf.slice(buf.indexOf('"database"') + 10); answered++; if (Date.now() < until) ask(); else c.destroy(); }
        });
        c.on('error', () => {});
        c.on('close', () => setImmediate(open));
      };
      open();
    });
    await Promise.all(Array.from({ length: 300 }, client));
    assert.ok(connections > 300, connections + ' connections');
    const t0 = Date.now();
    const r = await new Promise((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: s.port, path: '/healthz', agent: false }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', reject);
      req.setTimeout(3000, () => req.destroy(new Error('no answer in 3 s: the server is wedged (' + answered + ' answers before)')));
    });
    assert.equal(r, 200);
    assert.ok(Date.now() - t0 < 1000);
  } finally { await s.stop(); }
});

test('a provider that never answers does not hold up inquiries: their p99 stays where it was', async () => {
  let slow = false;
  const texts = [];
  const held = new Set(); // answers the slow provider has not given yet
  const provider = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (slow) {
        const answer = () => { held.delete(answer); if (!res.writableEnded) { res.writeHead(200); res.end('{}'); } };
        held.add(answer);
        return setTimeout(answer, 10000);
      }
      texts.push(JSON.parse(body).text);
      res.writeHead(200);
      res.end('{}');
    });
  });
  await new Promise((r) => provider.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${provider.address().port}/send`;
  const s = await startServer(['--sms-provider', 'http', '--sms-url', url, '--sms-timeout-ms', '10000', '--sms-retries', '0',
    '--workers', '4', '--codes-per-client-hour', '100', '--sms-queue', '8', '--quota', '1000']);
  try {
    // A session, with the code the (still fast) provider was sent.
    assert.equal((await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } })).status, 202);
    for (let i = 0; i < 50 && texts.length === 0; i++) await sleep(20);
    const code = /#(\d{6})$/.exec(texts[0])[1];
    const v = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121232580', code } });
    assert.equal(v.status, 200, v.body);
    const token = v.json.sessionToken;
    const p99 = async () => {
      const times = [];
      for (let i = 0; i < 60; i++) {
        const t = process.hrtime.bigint();
        const r = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token });
        assert.equal(r.status, 200, r.body);
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length * 0.99)];
    };
    const before = await p99();
    // Now the provider never answers in time: 8 codes fill the queue and both SMS threads.
    slow = true;
    const t0 = Date.now();
    const codes = await Promise.all(Array.from({ length: 8 }, (_, i) =>
      s.request('POST', '/api/v1/credit-codes', { body: { mobile: '0913000000' + i } })));
    assert.ok(codes.every((r) => r.status === 202), codes.map((r) => r.status).join(' '));
    assert.ok(Date.now() - t0 < 2000, 'code requests are answered once queued, not after the provider');
    const during = await p99();
    // 60 inquiries at 4 workers: were a worker waiting on the provider, p99 would be ~10 s.
    assert.ok(during < Math.max(10 * before, 250), `inquiry p99 ${during.toFixed(1)} ms while 8 SMS wait on the provider (before: ${before.toFixed(1)} ms)`);
    // The queue is full (2 sending, 8 waiting at most): the next code is refused at once, 503.
    const more = await Promise.all(Array.from({ length: 4 }, (_, i) =>
      s.request('POST', '/api/v1/credit-codes', { body: { mobile: '0913000001' + i } })));
    assert.ok(more.some((r) => r.status === 503 && r.json.error.code === 'sms_failed'), more.map((r) => r.status).join(' '));
    assert.match(s.stderr(), /"event":"sms_refused","detail":"the SMS queue is full/);
  } finally {
    slow = false; // the provider recovers: the graceful stop sends what is queued
    for (const answer of [...held]) answer();
    await s.stop();
    provider.close();
  }
});

test('HTTP framing: HEAD has no body, odd Transfer-Encodings are refused, the HTTP layer\'s errors are shaped, logged and counted', async () => {
  const s = await startServer(['--log-requests']);
  try {
    // HEAD then GET on one connection: both answers parse, so HEAD sent no body
    const two = await raw(s.port, 'HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nHEAD /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const parts = two.data.split(/(?=HTTP\/1\.1 )/);
    assert.equal(parts.length, 3, two.data);
    assert.match(parts[0], /^HTTP\/1\.1 200/);
    assert.match(parts[0], /Content-Length: \d+/i);
    assert.ok(parts[0].endsWith('\r\n\r\n'), 'no body after the HEAD headers');
    assert.match(parts[1], /^HTTP\/1\.1 404/);
    assert.ok(parts[1].endsWith('\r\n\r\n'));
    assert.match(parts[2], /"database":"up"/);
    // Transfer-Encoding must be exactly chunked: anything else is refused and the connection closed
    for (const te of ['xchunked', 'chunked, gzip', 'gzip']) {
      const smuggled = 'POST /api/v1/inquiries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: ' + te +
        '\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n';
      const r = await raw(s.port, smuggled);
      assert.match(r.data, /^HTTP\/1\.1 400/, te);
      assert.equal((r.data.match(/HTTP\/1\.1/g) || []).length, 1, te + ': nothing ran as a second request');
      assert.match(r.data, /Content-Security-Policy/i, 'the HTTP layer\'s own error has the security headers');
      assert.match(r.data, /"code":"bad_request"/);
      assert.ok(r.closed, 'and the connection is closed');
    }
    const big = await raw(s.port, 'POST /api/v1/inquiries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20000\r\n\r\n' + 'x'.repeat(20000));
    assert.match(big.data, /^HTTP\/1\.1 413/);
    assert.match(big.data, /X-Content-Type-Options: nosniff/i);
    const m = (await s.request('GET', '/metrics')).body;
    assert.match(m, /route="OTHER unread",status="400"\} 3$/m);
    assert.match(m, /route="OTHER unread",status="413"\} 1$/m);
    // ...and logged, one line each, like every other response
    await sleep(100);
    const lines = s.stdout().split('\n').filter((l) => l.includes('"route"')).map((l) => JSON.parse(l));
    assert.equal(lines.filter((l) => l.route === 'OTHER unread' && l.status === 400).length, 3);
    assert.equal(lines.filter((l) => l.route === 'OTHER unread' && l.status === 413).length, 1);
    assert.equal(lines.filter((l) => l.route === 'HEAD /healthz' && l.status === 200).length, 1);
    // a POST to a path no route knows is a 404, not a 415
    assert.equal((await s.request('POST', '/api/v1/nope', { body: {} })).status, 404);
    assert.equal((await s.request('POST', '/api/v1/nope', { body: 'x', raw: true, headers: { 'content-type': 'text/plain' } })).status, 404);
  } finally { await s.stop(); }
});

test('/metrics stays bounded and the log never holds a raw method: unknown methods and paths are "other", no line is cut', async () => {
  const s = await startServer(['--log-requests']);
  try {
    for (let i = 0; i < 300; i++) await raw(s.port, `M${i}X /api/v1/service HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 500);
    await raw(s.port, 'M'.repeat(3000) + ' /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 500);
    for (let i = 0; i < 100; i++) await s.request('GET', '/api/v1/random-' + i);
    const m = (await s.request('GET', '/metrics')).body;
    assert.doesNotMatch(m, /M\d+X|MMMM|random-/);
    await sleep(100);
    assert.doesNotMatch(s.stdout(), /M\d+X|MMMM|random-/, 'no raw method or path in the request log');
    assert.ok(s.stdout().split('\n').filter((l) => l.includes('"route":"OTHER')).length >= 300, 'every request still logged');
    for (const line of m.trim().split('\n')) {
      if (line.startsWith('#')) continue;
      assert.match(line, /^[a-z_]+(\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\})? [0-9.e+-]+$/, 'a whole line: ' + line);
    }
    const series = m.split('\n').filter((l) => l.startsWith('bk_http_requests_total')).length;
    assert.ok(series < 20, series + ' series');
  } finally { await s.stop(); }
});

test('a malformed query answers 400 and the server keeps serving (no exception leaves a worker)', async () => {
  const s = await startServer();
  try {
    for (const q of ['%zz', '%4', '%', '09121234567%']) {
      const r = await s.request('GET', '/dev/outbox?mobile=' + q);
      assert.equal(r.status, 400, q);
      assert.equal(r.json.error.code, 'bad_request');
    }
    assert.equal((await s.request('GET', '/healthz')).status, 200);
  } finally { await s.stop(); }
});

test('production refuses to start without an SMS provider; unsafe key files are refused, real keys are not', async () => {
  const dir = tempDir();
  const db = seed(dir, 50);
  const run = (args, env = {}) => spawnSync(BIN, ['--listen', '127.0.0.1:0', '--db', db, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 10000 });
  const noProvider = run(['--hmac-key-file', path.join(dir, 'k1')]);
  assert.equal(noProvider.status, 2);
  assert.match(noProvider.stderr, /no SMS provider/);

  const open = path.join(dir, 'open.key');
  fs.writeFileSync(open, 'f3a9c1e07b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5a7b9d2f4c6e8a0b1c3d\n', { mode: 0o644 });
  fs.chmodSync(open, 0o644);
  const world = run(['--dev', '--hmac-key-file', open]);
  assert.equal(world.status, 1);
  assert.match(world.stderr, /others may read it \(mode 0644\)/);

  const weak = path.join(dir, 'weak.key');
  fs.writeFileSync(weak, 'a'.repeat(32) + '\n', { mode: 0o600 });
  const uniform = run(['--dev', '--hmac-key-file', weak]);
  assert.equal(uniform.status, 1);
  assert.match(uniform.stderr, /not random enough to be a key/);
  const repeated = path.join(dir, 'repeated.key');
  fs.writeFileSync(repeated, '0123456789abcdef'.repeat(4) + '\n', { mode: 0o600 });
  assert.match(run(['--dev', '--hmac-key-file', repeated]).stderr, /not random enough/);

  // Real keys pass: random hex (the HMAC key), and provider keys of 20–24 characters in hex,
  // base64url and letters+digits, from a file or the environment.
  const crypto = require('node:crypto');
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const keys = [crypto.randomBytes(10).toString('hex'), crypto.randomBytes(18).toString('base64url'),
    Array.from(crypto.randomBytes(20), (b) => alnum[b % alnum.length]).join('')];
  const good = path.join(dir, 'good.key');
  fs.writeFileSync(good, crypto.randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  for (const [i, key] of keys.entries()) {
    const f = path.join(dir, 'sms' + i + '.key');
    fs.writeFileSync(f, key, { mode: 0o600 });
    const started = await startServer(['--hmac-key-file', good, '--sms-api-key-file', f], { env: { BK_USSD_SECRET: key } });
    assert.equal((await started.request('GET', '/healthz')).status, 200, key.length + '-character key ' + i);
    await started.stop();
  }
  // Weak secrets from the environment are refused too, naming the variable, never the value.
  const envWeak = run(['--dev', '--hmac-key-file', good], { BK_SMS_API_KEY: 'changeme' });
  assert.equal(envWeak.status, 2);
  assert.match(envWeak.stderr, /BK_SMS_API_KEY: the secret must have at least 16 characters/);
  assert.doesNotMatch(envWeak.stderr, /changeme/);
  assert.match(run(['--dev', '--hmac-key-file', good], { BK_USSD_SECRET: 'x'.repeat(24) }).stderr, /BK_USSD_SECRET: the secret is not random/);
});

test('/healthz reflects the write path: writes failing (SQLite: a file-size limit; PostgreSQL: writes refused) → database down', async () => {
  const dir = tempDir();
  const db = seed(dir, 100);
  // SQLite: the file may grow by 200 KB, then every write fails. PostgreSQL: a trigger refuses
  // writes to the receipts and health tables once the server is up.
  const limit = PG ? 'unlimited' : String(Math.ceil(fs.statSync(db).size / 1024) + 200);
  const proc = spawn('bash', ['-c', `ulimit -f ${limit}; exec "$0" "$@"`, BIN, '--listen', '127.0.0.1:0', '--db', db, '--dev',
    '--hmac-key-file', path.join(dir, 'k'), '--log-requests=false', '--open-inquiry', '--inquiries-per-client-minute', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  proc.stderr.on('data', (d) => { err += d; });
  const port = await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => { out += d; const m = /"port":(\d+)/.exec(out); if (m) resolve(Number(m[1])); });
    proc.on('exit', (c) => reject(new Error('exited ' + c)));
  });
  const get = (p, body) => new Promise((resolve) => {
    const data = body ? JSON.stringify(body) : undefined;
    const req = http.request({ host: '127.0.0.1', port, path: p, method: body ? 'POST' : 'GET', agent: false,
      headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } : {} }, (res) => {
      let t = '';
      res.on('data', (d) => { t += d; });
      res.on('end', () => resolve({ status: res.statusCode, body: t }));
    });
    req.on('error', () => resolve({ status: 0 }));
    if (data) req.write(data);
    req.end();
  });
  try {
    assert.equal((await get('/healthz')).status, 200);
    if (PG) {
      pg.psql(db, `CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full' USING ERRCODE = '53100'; END $$ LANGUAGE plpgsql;
        CREATE TRIGGER refuse_receipts BEFORE INSERT ON receipts FOR EACH STATEMENT EXECUTE FUNCTION refuse();
        CREATE TRIGGER refuse_health BEFORE UPDATE ON health FOR EACH STATEMENT EXECUTE FUNCTION refuse()`);
    }
    // fill the file-size limit with receipts (PostgreSQL: try to write them)
    let down = false;
    for (let i = 0; i < 400 && !down; i++) {
      await Promise.all(Array.from({ length: 50 }, () => get('/api/v1/inquiries', { nationalId: SAMPLES.son })));
      down = (await get('/healthz')).status === 503;
    }
    assert.ok(down, 'healthz turned 503 when writes failed');
    assert.match((await get('/healthz')).body, /"database":"down"/);
    // The operator hears of it once, with the engine's own words and no personal data.
    const events = out.split('\n').filter((l) => l.includes('"operation":"health"'));
    assert.equal(events.length, 1, out);
    assert.match(events[0], PG ? /"kind":"unavailable","detail":"postgres [^"]*disk full/ : /"kind":"unavailable","detail":"sqlite [^"]*(disk|full|I\/O)/i);
    assert.doesNotMatch(out, new RegExp(SAMPLES.son), 'no national ID in the log');
  } finally {
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
    await exited;
    clearTimeout(timer);
    assertNoSanitizerReport(err);
  }
});

test('a database the server cannot write is refused at start, saying so', { skip: !PG && process.getuid() !== 0 && 'needs root to run as nobody' }, () => {
  const dir = tempDir();
  const db = seed(dir, 20);
  if (PG) {
    // A role whose transactions are read-only (as on a standby): refused in those words.
    const role = `bk_ro_${process.pid}`;
    pg.psql(db, `CREATE ROLE ${role} LOGIN; GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; ALTER ROLE ${role} SET default_transaction_read_only = on`);
    const r = spawnSync(BIN, ['--listen', '127.0.0.1:0', '--db', db.replace('postgres@', role + '@'), '--dev', '--hmac-key-file', path.join(dir, 'k')],
      { encoding: 'utf8', timeout: 10000 });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /read-only for this server's role/);
    return;
  }
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(db, 0o644); // root's file: nobody may read it, not write it
  const keyDir = fs.mkdtempSync('/tmp/bk-nobody-');
  execFileSync('chown', ['nobody', keyDir]);
  const r = spawnSync('runuser', ['-u', 'nobody', '--', BIN, '--listen', '127.0.0.1:0', '--db', db, '--dev', '--hmac-key-file', path.join(keyDir, 'k')],
    { encoding: 'utf8', timeout: 10000 });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /read-only for this process/);
});

test('retention: expired sessions, codes, counters and deadlines, and receipts older than --receipt-days are deleted', async () => {
  const s = await startServer(['--receipt-days', '1', '--cleanup-interval', '1', '--open-inquiry']);
  try {
    const now = Date.now();
    const fresh = (await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son } })).json.trackingCode.replace(/-/g, '');
    const old = now - 2 * 86400000;
    s.sql(`INSERT INTO receipts(tracking, national_id, eligible, valid_until, at) VALUES ('OLDRECEIPT000001', 9094239620, ${PG ? 'true' : 1}, 20000, ${old}), ('OLDRECEIPT000002', 9094239620, ${PG ? 'false' : 0}, 0, ${old})`);
    s.sql(`INSERT INTO sessions(token_hash, code_hash, mobile, created_at, expires_at) VALUES ('gone', 'x', '09120000000', ${old}, ${now - 1000}), ('kept', 'x', '09120000000', ${now}, ${now + 3600000})`);
    s.sql(`INSERT INTO codes(hash, mobile, channel, issued_at, activate_by, activated_at, total, remaining) VALUES ('expired', '09120000000', 'sms', ${old}, ${old + 180000}, 0, 20, 20), ('active', '09120000000', 'sms', ${now}, ${now + 180000}, ${now}, 20, 5)`);
    s.sql(`INSERT INTO counters(key, win, count) VALUES ('old-counter', ${Math.floor(old / 1000) - 86400 * 3}, 3), ('new-counter', ${Math.floor(now / 1000)}, 3)`);
    s.sql(`INSERT INTO deadlines(key, until) VALUES ('old-deadline', ${now - 1000}), ('new-deadline', ${now + 600000})`);
    let left;
    for (let i = 0; i < 60; i++) {
      await sleep(250);
      left = s.sql("SELECT (SELECT count(*) FROM receipts WHERE tracking LIKE 'OLDRECEIPT%') || ',' || (SELECT count(*) FROM sessions WHERE token_hash = 'gone') || ',' || (SELECT count(*) FROM codes WHERE hash = 'expired') || ',' || (SELECT count(*) FROM counters WHERE key = 'old-counter') || ',' || (SELECT count(*) FROM deadlines WHERE key = 'old-deadline')");
      if (left === '0,0,0,0,0') break;
    }
    assert.equal(left, '0,0,0,0,0');
    assert.equal(s.sql("SELECT (SELECT count(*) FROM sessions WHERE token_hash = 'kept') || ',' || (SELECT count(*) FROM codes WHERE hash = 'active') || ',' || (SELECT count(*) FROM counters WHERE key = 'new-counter') || ',' || (SELECT count(*) FROM deadlines WHERE key = 'new-deadline')"), '1,1,1,1');
    assert.equal(s.sql(`SELECT count(*) FROM receipts WHERE tracking = '${fresh}'`), '1', 'a receipt within the retention is kept');
    assert.match((await s.request('GET', '/metrics')).body, /bk_purged_rows_total\{kind="receipts"\} [1-9]/);
  } finally { await s.stop(); }
});
