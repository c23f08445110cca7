// The HTTP SMS provider adapter against a local fake provider: the body template, the bearer key
// from the environment, retries with backoff, and failure. SMS leave from a queue of their own:
// POST /credit-codes answers 202 once the message is queued.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const http = require('node:http');
const { startServer } = require('./harness.js');

async function until(pred, what, ms = 5000) {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out: ' + what);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function fakeProvider(failFirst) {
  const received = [];
  let calls = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      calls++;
      if (calls <= failFirst) { res.writeHead(500); return res.end('busy'); }
      received.push({ auth: req.headers.authorization, path: req.url, body: JSON.parse(body) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"queued"}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, received, calls: () => calls })));
}

test('SMS through the HTTP provider, with one retry after a failure', async () => {
  const fake = await fakeProvider(1);
  const url = `http://127.0.0.1:${fake.server.address().port}/send`;
  const s = await startServer(['--sms-provider', 'http', '--sms-url', url, '--sms-body', '{"to":"{mobile}","message":"{text}"}'],
    { env: { BK_SMS_API_KEY: 'sms-key-7f3a9c1e04b2d6e8' } });
  try {
    const r = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } });
    assert.equal(r.status, 202);
    await until(() => fake.received.length === 1, 'the SMS delivered');
    assert.equal(fake.calls(), 2);
    const got = fake.received[0];
    assert.equal(got.auth, 'Bearer sms-key-7f3a9c1e04b2d6e8');
    assert.equal(got.path, '/send');
    assert.equal(got.body.to, '09121232580');
    const code = /#(\d{6})$/.exec(got.body.message)[1]; // the WebOTP line ends the text
    const v = await s.request('POST', '/api/v1/credit-codes/verify', { body: { mobile: '09121232580', code } });
    assert.equal(v.status, 200);
    // dev outbox is off with a real provider
    assert.equal((await s.request('GET', '/dev/outbox?mobile=09121232580')).status, 404);
  } finally { await s.stop(); fake.server.close(); }
});

test('a provider that keeps failing: the failure is counted and the cool-down is lifted', async () => {
  const fake = await fakeProvider(100);
  const url = `http://127.0.0.1:${fake.server.address().port}/send`;
  const s = await startServer(['--sms-provider', 'http', '--sms-url', url, '--sms-retries', '2']);
  try {
    const r = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } });
    assert.equal(r.status, 202, 'queued');
    await until(() => fake.calls() === 3, 'one try + two retries');
    const metrics = async () => (await s.request('GET', '/metrics')).body;
    for (let i = 0; i < 100 && !/bk_sms_total\{result="failed"\} 1/.test(await metrics()); i++) await new Promise((res) => setTimeout(res, 20));
    assert.match(await metrics(), /bk_sms_total\{result="failed"\} 1/);
    const again = await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } });
    assert.equal(again.status, 202, 'not 429: the failed send lifted the cool-down');
  } finally { await s.stop(); fake.server.close(); }
});

test('a graceful stop (SIGTERM: a restart to rotate the key) still sends what is queued', async () => {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => setTimeout(() => { received.push(JSON.parse(body).to); res.writeHead(200); res.end('{}'); }, 300));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/send`;
  const s = await startServer(['--sms-provider', 'http', '--sms-url', url, '--sms-threads', '1', '--codes-per-client-hour', '100']);
  try {
    const mobiles = ['09121232580', '09121232581', '09121232582', '09121232583'];
    for (const mobile of mobiles) assert.equal((await s.request('POST', '/api/v1/credit-codes', { body: { mobile } })).status, 202);
    assert.ok(received.length < mobiles.length, 'still queued when the stop begins');
    assert.equal(await s.stop(), 0);
    assert.deepEqual(received.sort(), mobiles, 'every code promised with a 202 was sent');
  } finally { server.close(); }
});

test('systemd credentials ($CREDENTIALS_DIRECTORY): the SMS key, the USSD secret and a shared HMAC key come from there', async () => {
  const fake = await fakeProvider(0);
  const url = `http://127.0.0.1:${fake.server.address().port}/send`;
  const fs = require('node:fs');
  const path = require('node:path');
  const os = require('node:os');
  const creds = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-creds-'));
  const put = (name, value) => { fs.writeFileSync(path.join(creds, name), value + '\n', { mode: 0o400 }); };
  put('sms-api-key', 'cred-key-93f1c07a5e2b84d6');
  put('ussd-secret', 'cred-ussd-4b7e19c2d05a3f88');
  put('hmac-key', require('node:crypto').randomBytes(32).toString('hex'));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-api-'));
  const s = await startServer(['--sms-provider', 'http', '--sms-url', url], { dir, env: { CREDENTIALS_DIRECTORY: creds } });
  try {
    assert.equal((await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } })).status, 202);
    await until(() => fake.received.length === 1, 'the SMS delivered');
    assert.equal(fake.received[0].auth, 'Bearer cred-key-93f1c07a5e2b84d6');
    const ussd = await s.request('POST', '/api/v1/ussd', { body: { msisdn: '989121110000' }, headers: { 'x-ussd-secret': 'cred-ussd-4b7e19c2d05a3f88' } });
    assert.equal(ussd.status, 200);
    assert.ok(!fs.existsSync(path.join(dir, 'hmac.key')), 'the credential is the key: none was made beside the database');
  } finally { await s.stop(); fake.server.close(); }
});

// An https:// provider: TLS, its certificate verified (here against --sms-ca-file, a test CA)
// and its name checked against the URL's host, before the key is sent.
test('an https:// provider: the key goes only to a provider whose certificate and name check out', async () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const os = require('node:os');
  const https = require('node:https');
  const { execFileSync } = require('node:child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=sms.test',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'pipe' });
  const received = [];
  const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) }, (req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => { received.push({ auth: req.headers.authorization, body: JSON.parse(body) }); res.writeHead(200); res.end('{}'); });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  const env = { env: { BK_SMS_API_KEY: 'tls-key-5e0c9a7b31d248f6' } };
  try {
    // Trusted (the test CA), and the certificate names 127.0.0.1: delivered, with the key.
    const s = await startServer(['--sms-provider', 'http', '--sms-url', `https://127.0.0.1:${port}/send`, '--sms-ca-file', path.join(dir, 'cert.pem')], env);
    try {
      assert.equal((await s.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232580' } })).status, 202);
      await until(() => received.length === 1, 'the SMS over TLS');
      assert.equal(received[0].auth, 'Bearer tls-key-5e0c9a7b31d248f6');
      assert.equal(received[0].body.to, '09121232580');
    } finally { await s.stop(); }
    // Not trusted (the system's CAs do not know the test CA): nothing is sent, the failure is logged.
    const untrusted = await startServer(['--sms-provider', 'http', '--sms-url', `https://127.0.0.1:${port}/send`, '--sms-retries', '0'], env);
    try {
      assert.equal((await untrusted.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232581' } })).status, 202);
      await until(() => /"event":"sms_failed","detail":"tls: [^"]*certificate verify failed/.test(untrusted.stderr()), 'the refused certificate logged');
    } finally { await untrusted.stop(); }
    // Trusted, but the URL names another host than the certificate: refused too.
    const misnamed = await startServer(['--sms-provider', 'http', '--sms-url', `https://localhost:${port}/send`, '--sms-retries', '0',
      '--sms-ca-file', path.join(dir, 'cert.pem')], env);
    try {
      assert.equal((await misnamed.request('POST', '/api/v1/credit-codes', { body: { mobile: '09121232582' } })).status, 202);
      await until(() => /"event":"sms_failed","detail":"tls: /.test(misnamed.stderr()), 'the wrong name logged');
    } finally { await misnamed.stop(); }
    assert.equal(received.length, 1, 'the key went only to the provider that proved its name');
  } finally { server.close(); }
});
