// Three stateless servers on different ports sharing one PostgreSQL database: the quota, the
// resend cool-down and the wrong-code lock hold when requests alternate between them.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, SAMPLES, PG } = require('../api/harness.js');

async function three(extra = []) {
  const first = await startServer(extra);
  // the others share the first one's database and HMAC key (as a deployment shares both)
  const others = await Promise.all([1, 2].map(() => startServer(extra, { dir: first.dir, db: first.db })));
  return [first, ...others];
}

test('runs against PostgreSQL', () => { assert.ok(PG, 'run by run_with_postgres.js'); });

test('300 parallel inquiries spread over 3 servers on one code with 50 credits → exactly 50 answered', async () => {
  const servers = await three(['--quota', '50', '--workers', '8']);
  try {
    const token = await servers[0].session();
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) =>
      servers[i % 3].request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.eligibleMain }, token })));
    const by = {};
    for (const r of results) by[r.status] = (by[r.status] || 0) + 1;
    assert.deepEqual(by, { 200: 50, 403: 250 });
    const remaining = results.filter((r) => r.status === 200).map((r) => r.json.remaining).sort((a, b) => a - b);
    assert.deepEqual(remaining, Array.from({ length: 50 }, (_, i) => i));
    for (const s of servers) assert.equal((await s.request('GET', '/api/v1/credit', { token })).json.remaining, 0);
    assert.equal(servers[0].sql('SELECT count(*) FROM receipts'), '50');
    // a receipt answered by one server is readable from the others
    const tc = results.find((r) => r.status === 200).json.trackingCode;
    for (const s of servers) assert.equal((await s.request('GET', '/api/v1/inquiries/' + tc)).status, 200);
  } finally { await Promise.all(servers.map((s) => s.stop())); }
});

test('the resend cool-down and the wrong-code lock hold across servers', async () => {
  const servers = await three();
  try {
    const mobile = '09351234567';
    assert.equal((await servers[0].request('POST', '/api/v1/credit-codes', { body: { mobile } })).status, 202);
    for (const s of servers.slice(1)) {
      const r = await s.request('POST', '/api/v1/credit-codes', { body: { mobile } });
      assert.equal(r.status, 429);
      assert.equal(r.json.error.code, 'resend_cooldown');
    }
    // the code was sent by server 0 (its outbox); wrong codes alternate between servers
    const code = await servers[0].code(mobile);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 4; i++) {
      const r = await servers[i % 3].request('POST', '/api/v1/credit-codes/verify', { body: { mobile, code: wrong } });
      assert.equal(r.json.error.code, 'invalid_code');
    }
    const fifth = await servers[1].request('POST', '/api/v1/credit-codes/verify', { body: { mobile, code: wrong } });
    assert.equal(fifth.status, 429);
    assert.equal(fifth.json.error.code, 'code_locked');
    for (const s of servers) {
      const r = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile, code } });
      assert.equal(r.json.error.code, 'code_locked', 'locked on every server');
    }
  } finally { await Promise.all(servers.map((s) => s.stop())); }
});

void path;
