// Every route of /api/v1 and every error status, against the real server binary.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { startServer, SAMPLES } = require('./harness.js');

let s;
test.before(async () => { s = await startServer(['--quota', '3'], { env: { BK_USSD_SECRET: 'ussd-secret-5d8e2a7c91f0' } }); });
test.after(async () => { assert.equal(await s.stop(), 0, 'graceful stop exits 0'); });

function assertError(r, status, code, field) {
  assert.equal(r.status, status, r.body);
  assert.equal(r.json.error.code, code);
  assert.ok(r.json.error.message.length > 0, 'a Persian message');
  assert.ok(r.json.error.messageEn.length > 0, 'an English message');
  if (field) assert.equal(r.json.error.field, field);
}

test('GET /api/v1/service: mode and limits', async () => {
  const r = await s.request('GET', '/api/v1/service');
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json).sort(), ['codeTtlSeconds', 'notice', 'openInquiry', 'quotaPerCode', 'resendCooldownSeconds', 'ussdCode']);
  assert.equal(r.json.quotaPerCode, 3);
  assert.equal(r.json.openInquiry, false);
});

test('the whole flow: code, verify, credit, inquiries, receipt, exhausted, end session', async () => {
  const issued = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '۰۹۱۲ ۱۲۳ ۴۵۶۷' } });
  assert.equal(issued.status, 202);
  assert.deepEqual(issued.json, { expiresIn: 180, resendIn: 60 });
  const code = await s.code('09121234567');
  const v = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121234567', code } });
  assert.equal(v.status, 200);
  assert.match(v.json.sessionToken, /^[0-9a-f]{32}$/);
  assert.deepEqual(v.json.credit, { mobile: '0912***4567', remaining: 3, total: 3, unlimited: false });
  const token = v.json.sessionToken;

  const c = await s.request('GET', '/api/v1/credit', { token });
  assert.equal(c.status, 200);
  assert.equal(c.json.remaining, 3);

  // an invalid ID costs no credit
  assertError(await s.request('POST', '/api/v1/inquiries', { body: { nationalId: '1234567890' }, token }), 422, 'invalid_national_id', 'nationalId');
  assert.equal((await s.request('GET', '/api/v1/credit', { token })).json.remaining, 3);

  const a = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.eligibleMain }, token });
  assert.equal(a.status, 200);
  assert.equal(a.json.outcome, 'eligible');
  assert.equal(a.json.coverage, 'outpatient');
  assert.equal(a.json.relation, undefined); // not what the counter needs
  assert.match(a.json.checkedAtTime, /^\d{2}:\d{2}$/);
  assert.equal(a.json.remaining, 2);
  assert.match(a.json.trackingCode, /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
  assert.match(a.json.checkedAtJalali, /^\d{4}\/\d{2}\/\d{2}$/);

  const receipt = await s.request('GET', '/api/v1/inquiries/' + a.json.trackingCode.toLowerCase());
  assert.equal(receipt.status, 200);
  assert.equal(receipt.json.trackingCode, a.json.trackingCode);
  assert.equal(receipt.json.outcome, 'eligible');
  assertError(await s.request('GET', '/api/v1/inquiries/0000-0000-0000-0000'), 404, 'not_found');
  assertError(await s.request('GET', '/api/v1/inquiries/..%2f..%2fetc'), 404, 'not_found');

  const r = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.revoked }, token });
  assert.equal(r.json.outcome, 'not_eligible');
  assert.equal(r.json.reasonCode, 'reason.not_covered'); // never "revoked": the same words for every cause
  assert.equal(r.json.reason, 'پوشش بیمه ای فعال نیست.');
  assert.equal((await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token })).json.remaining, 0);
  // exhausted → 403, and the code cannot start a new session either
  assertError(await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token }), 403, 'credit_exhausted');
  assertError(await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121234567', code } }), 403, 'credit_exhausted');

  const del = await s.request('DELETE', '/api/v1/session', { token });
  assert.equal(del.status, 204);
  assertError(await s.request('GET', '/api/v1/credit', { token }), 401, 'session_expired');
});

test('sessions: none → 401 session_required; unknown → 401 session_expired', async () => {
  assertError(await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son } }), 401, 'session_required');
  assertError(await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token: 'f'.repeat(32) }), 401, 'session_expired');
  assertError(await s.request('GET', '/api/v1/credit', { headers: { authorization: 'Basic abc' } }), 401, 'session_required');
});

test('malformed requests: bad JSON, wrong types, unknown and missing fields, media type, size', async () => {
  assertError(await s.request('POST', '/api/v1/credit-codes', { body: '{"mobile":', raw: true }), 400, 'bad_json');
  assertError(await s.request('POST', '/api/v1/credit-codes', { body: '[1,2]', raw: true }), 400, 'bad_json');
  assertError(await s.request('POST', '/api/v1/credit-codes', { body: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', raw: true }), 400, 'bad_json');
  assertError(await s.request('POST', '/api/v1/credit-codes', { body: { mobile: 9121232580 } }), 400, 'wrong_type', 'mobile');
  assertError(await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580', admin: true } }), 400, 'unknown_field', 'admin');
  assertError(await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121232580' } }), 400, 'missing_field', 'code');
  assertError(await s.request('POST', '/api/v1/inquiries', { body: { nationalId: 1e300 } }), 400, 'wrong_type', 'nationalId');
  assertError(await s.request('POST', '/api/v1/credit-codes', { body: 'mobile=0912', raw: true, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
  const big = await s.request('POST', '/api/v1/inquiries', { body: JSON.stringify({ nationalId: '1'.repeat(20000) }), raw: true });
  assertError(big, 413, 'body_too_large');
  assertError(await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09802002580' } }), 422, 'invalid_mobile', 'mobile');
});

test('wrong methods → 405 with Allow; unknown API paths → 404', async () => {
  const r = await s.request('GET', '/api/v1/inquiries');
  assertError(r, 405, 'method_not_allowed');
  assert.equal(r.headers.allow, 'POST');
  assertError(await s.request('DELETE', '/api/v1/service'), 405, 'method_not_allowed');
  assertError(await s.request('GET', '/api/v1/nothing'), 404, 'not_found');
  assertError(await s.request('GET', '/api/v2/service'), 404, 'not_found');
  // Outside the API: a file takes GET and HEAD only; a path that is no file is 404 whatever the method.
  const file = await s.request('POST', '/index.html', { body: {} });
  assertError(file, 405, 'method_not_allowed');
  assert.equal(file.headers.allow, 'GET, HEAD');
  assertError(await s.request('POST', '/no-such-page', { body: {} }), 404, 'not_found');
  assertError(await s.request('DELETE', '/no-such-page'), 404, 'not_found');
});

test('abuse: resend cool-down with Retry-After; 5 wrong codes lock the mobile', async () => {
  await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09351112233' } });
  const again = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09351112233' } });
  assertError(again, 429, 'resend_cooldown', 'mobile');
  const retry = Number(again.headers['retry-after']);
  assert.ok(retry >= 58 && retry <= 60, 'Retry-After ' + retry);
  assert.equal(again.json.error.retryAfter, retry);

  const code = await s.code('09351112233');
  const wrong = code === '000000' ? '111111' : '000000';
  for (let i = 0; i < 4; i++)
    assertError(await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09351112233', code: wrong } }), 422, 'invalid_code', 'code');
  const locked = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09351112233', code: wrong } });
  assertError(locked, 429, 'code_locked');
  assert.equal(locked.headers['retry-after'], '900');
  // the right code is refused while locked
  assertError(await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09351112233', code } }), 429, 'code_locked');
});

test('USSD callback: shared secret, a code for the caller, shown on the phone', async () => {
  assertError(await s.request('POST', '/api/v1/ussd', { body: { msisdn: '989121110000' } }), 401, 'unauthorized');
  assertError(await s.request('POST', '/api/v1/ussd', { body: { msisdn: '989121110000' }, headers: { 'x-ussd-secret': 'wrong-secret-xxx' } }), 401, 'unauthorized');
  const r = await s.request('POST', '/api/v1/ussd', { body: { msisdn: '989121110000' }, headers: { 'x-ussd-secret': 'ussd-secret-5d8e2a7c91f0' } });
  assert.equal(r.status, 200);
  const code = /(\d{6})/.exec(r.json.text)[1];
  assert.match(r.json.text, /^کد اعتباری شما: \d{6}\nاین کد تا ۳ دقیقه/, 'Persian without Accept-Language');
  const v = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121110000', code } });
  assert.equal(v.status, 200);
  // The phone's language, when the gateway says it.
  const en = await s.request('POST', '/api/v1/ussd', { body: { msisdn: '989121110001' },
    headers: { 'x-ussd-secret': 'ussd-secret-5d8e2a7c91f0', 'accept-language': 'en' } });
  assert.equal(en.status, 200);
  assert.match(en.json.text, /^Your credit code: \d{6}\nIt can be activated within 3 minutes\.$/);
});

test('texts in the request\'s language (Accept-Language): errors, the notice, the SMS; codes unchanged', async () => {
  const ask = (lang, mobile) => s.request('POST', '/api/v1/credit-codes', { body: { mobile }, headers: lang ? { 'accept-language': lang } : {} });
  const en = await ask('en-US,en;q=0.9', '0912');
  const fa = await ask('fa-IR,fa;q=0.9,en;q=0.8', '0912');
  const other = await ask('de-DE', '0912');
  assert.equal(en.json.error.code, 'invalid_mobile');
  assert.equal(fa.json.error.code, 'invalid_mobile');
  assert.equal(en.json.error.message, 'The mobile number must have 11 digits and start with 09.');
  assert.equal(fa.json.error.message, 'شماره همراه باید ۱۱ رقم باشد و با ۰۹ شروع شود.');
  assert.equal(other.json.error.message, fa.json.error.message, 'neither language asked: Persian');
  assert.equal(en.json.error.messageEn, fa.json.error.messageEn);
  const notFound = await s.request('GET', '/api/v1/nothing', { headers: { 'accept-language': 'en' } });
  assert.equal(notFound.json.error.message, 'Not found.');
  const info = await s.request('GET', '/api/v1/service', { headers: { 'accept-language': 'en' } });
  assert.match(info.json.notice, /^[\x20-\x7e]+$/, 'the notice in English');
  assert.equal((await ask('en', '09125556677')).status, 202);
  assert.match(await s.sms('09125556677'), /^Eligibility inquiry credit code: \d{6}\nValid for 3 minutes\n\n@\S+ #\d{6}$/);
});

test('/healthz and /metrics', async () => {
  const h = await s.request('GET', '/healthz');
  assert.equal(h.status, 200);
  assert.deepEqual(h.json, { status: 'ok', database: 'up' });
  const m = await s.request('GET', '/metrics');
  assert.equal(m.status, 200);
  assert.match(m.headers['content-type'], /^text\/plain/);
  assert.match(m.body, /bk_http_requests_total\{route="POST \/api\/v1\/inquiries",status="200"\} \d+/);
  assert.match(m.body, /bk_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+/);
  assert.match(m.body, /bk_credit_codes_issued_total [1-9]\d*/);
  assert.match(m.body, /bk_inquiries_total\{outcome="eligible"\} [1-9]/);
  assert.doesNotMatch(m.body, /\d{6}\b.*code/); // no codes in metrics
});

test('static client: MIME types, brotli and gzip, ETag, security headers', async () => {
  const index = await s.request('GET', '/');
  assert.equal(index.status, 200);
  assert.match(index.headers['content-type'], /^text\/html/);
  assert.match(index.body, /<html lang="fa" dir="rtl">/);
  const csp = index.headers['content-security-policy'];
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.equal(index.headers['x-content-type-options'], 'nosniff');
  assert.equal(index.headers['referrer-policy'], 'no-referrer');
  assert.equal(index.headers['cache-control'], 'no-cache'); // the entry point is always revalidated
  // the page's files carry their content hash in their names, and are kept for good
  const manifest = JSON.parse(fs.readFileSync(path.join(process.env.BK_WEB_ROOT || path.join(__dirname, '..', '..', 'build', 'wasm', 'web'), 'asset-manifest.json'), 'utf8'));
  const wasmPath = '/' + manifest['barkhordari.wasm'];
  assert.match(index.body, new RegExp(manifest['app.js'].replace('.', '\\.')));
  const plain = await s.request('GET', wasmPath);
  assert.equal(plain.headers['content-type'], 'application/wasm');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(plain.buffer.slice(0, 4).toString('hex'), '0061736d'); // \0asm
  // brotli to a client that accepts it (every browser), gzip to one that accepts only gzip, and
  // the coding is part of the cache key
  const br = await s.request('GET', wasmPath, { headers: { 'accept-encoding': 'gzip, deflate, br' } });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.deepEqual(zlib.brotliDecompressSync(br.buffer), plain.buffer);
  const gz = await s.request('GET', wasmPath, { headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gz.headers.vary, 'Accept-Encoding');
  assert.deepEqual(zlib.gunzipSync(gz.buffer), plain.buffer);
  assert.ok(br.buffer.length < gz.buffer.length, `brotli ${br.buffer.length} B < gzip ${gz.buffer.length} B`);
  const refused = await s.request('GET', wasmPath, { headers: { 'accept-encoding': 'br;q=0, gzip' } });
  assert.equal(refused.headers['content-encoding'], 'gzip');
  const sw = await s.request('GET', '/sw.js');
  assert.match(sw.headers['content-type'], /^text\/javascript/);
  assert.equal(sw.headers['cache-control'], 'no-cache');
  const again = await s.request('GET', '/', { headers: { 'if-none-match': index.headers.etag } });
  assert.equal(again.status, 304);
  assertError(await s.request('GET', '/nope.js'), 404, 'not_found');
  assertError(await s.request('GET', '/../../etc/passwd'), 404, 'not_found');
});
