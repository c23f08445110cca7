// Abuse limits that need their own configuration: the per-mobile daily cap, the per-IP cap, and
// session expiry.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer, SAMPLES } = require('./harness.js');

test('per-mobile daily cap', async () => {
  const s = await startServer(['--resend-cooldown', '0', '--codes-per-hour', '100', '--codes-per-day', '3']);
  try {
    for (let i = 0; i < 3; i++) assert.equal((await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } })).status, 202);
    const r = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } });
    assert.equal(r.status, 429);
    assert.equal(r.json.error.code, 'mobile_daily_cap');
    assert.ok(Number(r.headers['retry-after']) > 0);
    const other = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232581' } });
    assert.equal(other.status, 202);
  } finally { await s.stop(); }
});

test('per-client hourly cap', async () => {
  const s = await startServer(['--codes-per-client-hour', '2']);
  try {
    assert.equal((await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121111111' } })).status, 202);
    assert.equal((await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09122222222' } })).status, 202);
    const r = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09123333333' } });
    assert.equal(r.status, 429);
    assert.equal(r.json.error.code, 'ip_cap');
  } finally { await s.stop(); }
});

test('an expired session → 401 session_expired', async () => {
  const s = await startServer(['--session-ttl', '1']);
  try {
    const token = await s.session();
    assert.equal((await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token })).status, 200);
    await new Promise((r) => setTimeout(r, 1100));
    const late = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token });
    assert.equal(late.status, 401);
    assert.equal(late.json.error.code, 'session_expired');
  } finally { await s.stop(); }
});

test('a code not activated within its TTL → 422 code_expired', async () => {
  const s = await startServer(['--code-ttl', '1']);
  try {
    await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } });
    const code = await s.code('09121232580');
    await new Promise((r) => setTimeout(r, 1100));
    const v = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121232580', code } });
    assert.equal(v.status, 422);
    assert.equal(v.json.error.code, 'code_expired');
  } finally { await s.stop(); }
});

test('slow clients: a request that stalls mid-header is cut off at the read timeout; idle keep-alive at the idle timeout', async () => {
  const net = require('node:net');
  const s = await startServer(['--read-timeout', '1', '--idle-timeout', '2']);
  try {
    const closedAfter = (send) => new Promise((resolve) => {
      const t0 = Date.now();
      const sock = net.connect(s.port, '127.0.0.1', () => send(sock));
      sock.on('data', () => {});
      sock.on('close', () => resolve(Date.now() - t0));
      sock.on('error', () => {});
      setTimeout(() => { sock.destroy(); resolve(-1); }, 6000);
    });
    // half a request line, then silence
    const stalled = await closedAfter((sock) => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
    assert.ok(stalled >= 900 && stalled < 2500, 'stalled request closed after ' + stalled + ' ms');
    // one complete request, then an idle keep-alive connection
    const idle = await closedAfter((sock) => sock.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    assert.ok(idle >= 1800 && idle < 4000, 'idle connection closed after ' + idle + ' ms');
    // the server still answers, and tells a keep-alive client how long it may wait (Node's
    // agent then stops reusing the connection a second before the server would close it)
    const r = await s.request('GET', '/healthz');
    assert.equal(r.status, 200);
    assert.equal(r.headers['keep-alive'], 'timeout=2');
  } finally { await s.stop(); }
});
