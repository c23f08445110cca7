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

test('per-IP hourly cap', async () => {
  const s = await startServer(['--codes-per-ip-hour', '2']);
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
