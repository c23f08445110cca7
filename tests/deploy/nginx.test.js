// TLS through a reverse proxy: Debian's nginx, with the example configuration of src/server/DEPLOYING.md
// (cmake/deb/nginx-barkhordari.conf, only its ports and certificate paths replaced) and a
// self-signed certificate, in front of the server on 127.0.0.1. The API is walked over HTTP/2;
// client addresses arrive through X-Forwarded-For (clients connect from 127.0.0.2 and
// 127.0.0.3), each keeps its own per-client limits, and a forged header changes nothing.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const http2 = require('node:http2');
const net = require('node:net');
const path = require('node:path');
const zlib = require('node:zlib');
const { tempDir, SAMPLES } = require('../api/harness.js');
const { freePort } = require('../api/pg.js');
const { ROOT, debPath, scratchRoot, dpkgInstall, startInstalled } = require('./deploy.js');

const NGINX = '/usr/sbin/nginx';

async function startNginx(dir, upstreamPort, webRoot) {
  const tls = await freePort(), plain = await freePort();
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=barkhordari.example.ir',
    '-addext', 'subjectAltName=DNS:barkhordari.example.ir,IP:127.0.0.1', '-keyout', path.join(dir, 'tls.key'), '-out', path.join(dir, 'tls.pem')], { stdio: 'pipe' });
  let site = fs.readFileSync(path.join(ROOT, 'cmake', 'deb', 'nginx-barkhordari.conf'), 'utf8');
  site = site.replace('server 127.0.0.1:8080;', `server 127.0.0.1:${upstreamPort};`)
    .replace(/^\s*listen \[::\]:.*$/gm, '')
    .replace('listen 80;', `listen 127.0.0.1:${plain};`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${tls} ssl http2;`)
    .replace('/etc/ssl/certs/barkhordari.example.ir.pem', path.join(dir, 'tls.pem'))
    .replace('/etc/ssl/private/barkhordari.example.ir.key', path.join(dir, 'tls.key'))
    .replace('root /usr/share/barkhordari/web;', `root ${webRoot};`);
  fs.writeFileSync(path.join(dir, 'site.conf'), site);
  for (const d of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) fs.mkdirSync(path.join(dir, d), { recursive: true });
  // What Debian's libnginx-mod-http-brotli-static enables in /etc/nginx/modules-enabled.
  fs.writeFileSync(path.join(dir, 'nginx.conf'), `
load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;
user root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/logs/access.log;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`);
  execFileSync(NGINX, ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'pipe' });
  const proc = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((r) => { const c = net.connect(tls, '127.0.0.1', () => { c.end(); r(true); }); c.on('error', () => r(false)); });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, tls, plain, ca: fs.readFileSync(path.join(dir, 'tls.pem')) };
}

// An HTTP/2 client connecting from `from` (a loopback address: a distinct client to nginx).
function h2client(nginx, from) {
  const session = http2.connect(`https://127.0.0.1:${nginx.tls}`, { ca: nginx.ca, servername: 'barkhordari.example.ir', localAddress: from });
  session.on('error', () => {});
  const call = (method, p, body, headers = {}) => new Promise((resolve, reject) => {
    const h = { ':method': method, ':path': p, ...headers };
    if (body !== undefined) h['content-type'] = 'application/json';
    const req = session.request(h);
    const chunks = [];
    let head;
    req.on('response', (x) => { head = x; });
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const buf = Buffer.concat(chunks);
      let json;
      try { json = JSON.parse(buf.toString()); } catch { /* not JSON */ }
      resolve({ status: head[':status'], headers: head, buffer: buf, body: buf.toString(), json });
    });
    req.on('error', reject);
    if (body !== undefined) req.end(JSON.stringify(body)); else req.end();
  });
  return { session, call };
}

test('nginx terminates TLS (HTTP/2) in front of the server; clients keep their own address and limits', { timeout: 60000 }, async () => {
  const dir = tempDir();
  fs.chmodSync(dir, 0o755);
  // The package as installed, with its default config (trusted-proxy = 127.0.0.1/32,::1/128,
  // forwarded-header = x-forwarded-for): only the per-client budget made small, and the outbox.
  const root = scratchRoot();
  dpkgInstall(root, debPath());
  const seedDb = path.join(root, 'var/lib/barkhordari/barkhordari.db');
  fs.mkdirSync(path.dirname(seedDb), { recursive: true });
  execFileSync(path.join(root, 'usr/sbin/barkhordari'), ['seed-demo', '--persons', '200', '--seed', '1405', '--db', seedDb], { stdio: 'pipe' });
  const server = await startInstalled(root, ['--dev', '--codes-per-client-hour', '2']);
  const nginx = await startNginx(dir, server.port, path.join(root, 'usr/share/barkhordari/web'));
  const a = h2client(nginx, '127.0.0.2');
  const b = h2client(nginx, '127.0.0.3');
  try {
    // HTTP/2 over TLS, the page with the server's own precompressed twin and ETag.
    const page = await a.call('GET', '/', undefined, { 'accept-encoding': 'gzip' });
    assert.equal(a.session.alpnProtocol, 'h2');
    assert.equal(page.status, 200);
    assert.equal(page.headers['content-encoding'], 'gzip');
    assert.match(page.headers.etag || '', /^"[0-9a-f]+"$/, 'the server\'s ETag passes through (compared with its own below)');
    assert.match(zlib.gunzipSync(page.buffer).toString(), /<html lang="fa" dir="rtl"/);
    assert.equal(page.headers['strict-transport-security'], 'max-age=31536000');
    const health = await a.call('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.json.database, 'up');

    // The flow through the proxy.
    const issued = await a.call('POST', '/api/v1/credit-codes', { mobile: '09121232580' });
    assert.equal(issued.status, 202);
    const box = await a.call('GET', '/dev/outbox?mobile=09121232580');
    const code = /#(\d{6})$/.exec(box.json.messages[box.json.messages.length - 1].text)[1];
    const v = await a.call('POST', '/api/v1/credit-codes/verify', { mobile: '09121232580', code });
    assert.equal(v.status, 200);
    const token = v.json.sessionToken;
    const answer = await a.call('POST', '/api/v1/inquiries', { nationalId: SAMPLES.son }, { authorization: 'Bearer ' + token });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.outcome, 'eligible');
    const receipt = await a.call('GET', '/api/v1/inquiries/' + answer.json.trackingCode);
    assert.equal(receipt.status, 200);

    // Per-client limits (2 codes an hour): client A has used one; a second, then refused.
    assert.equal((await a.call('POST', '/api/v1/credit-codes', { mobile: '09121232581' })).status, 202);
    const third = await a.call('POST', '/api/v1/credit-codes', { mobile: '09121232582' });
    assert.equal(third.status, 429);
    // A forged X-Forwarded-For does not give client A a new budget...
    const forged = await a.call('POST', '/api/v1/credit-codes', { mobile: '09121232583' }, { 'x-forwarded-for': '10.9.9.9' });
    assert.equal(forged.status, 429);
    // ...nor does a forged Forwarded (RFC 7239), which nginx passes through untouched.
    const forwarded = await a.call('POST', '/api/v1/credit-codes', { mobile: '09121232586' }, { forwarded: 'for=10.9.9.8' });
    assert.equal(forwarded.status, 429);
    // ...while client B, behind the same proxy, has its own.
    assert.equal((await b.call('POST', '/api/v1/credit-codes', { mobile: '09121232584' })).status, 202);
    assert.equal((await b.call('POST', '/api/v1/credit-codes', { mobile: '09121232585' })).status, 202);

    // The server saw the clients' addresses, not the proxy's.
    await new Promise((r) => setTimeout(r, 200));
    const ips = new Set(server.stdout().split('\n').filter((l) => l.includes('"route"')).map((l) => JSON.parse(l).ip));
    assert.deepEqual([...ips].sort(), ['127.0.0.2', '127.0.0.3']);
    const direct = await fetch(server.base + '/', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(page.headers.etag, direct.headers.get('etag'), 'the ETag through nginx is the server\'s own');

    // The page's hashed files come from nginx itself, the build's twins as they are: brotli to a
    // browser that takes it, gzip to one that takes only gzip, never mixed up by a cache.
    const web = path.join(root, 'usr/share/barkhordari/web');
    const manifest = JSON.parse(fs.readFileSync(path.join(web, 'asset-manifest.json'), 'utf8'));
    for (const name of ['barkhordari.wasm', 'app.js', 'Vazirmatn-Regular.ttf']) {
      const file = manifest[name];
      const br = await a.call('GET', '/' + file, undefined, { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.status, 200, file);
      assert.equal(br.headers['content-encoding'], 'br', file);
      assert.deepEqual(br.buffer, fs.readFileSync(path.join(web, file + '.br')), file + ': the .br twin, byte for byte');
      assert.match(br.headers.vary || '', /Accept-Encoding/i);
      assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(br.headers['x-content-type-options'], 'nosniff');
      assert.equal(br.headers['strict-transport-security'], 'max-age=31536000');
      const gz = await a.call('GET', '/' + file, undefined, { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip', file);
      assert.deepEqual(zlib.gunzipSync(gz.buffer), fs.readFileSync(path.join(web, file)), file + ': the .gz twin');
    }
    const wasm = await a.call('GET', '/' + manifest['barkhordari.wasm'], undefined, { 'accept-encoding': 'br' });
    assert.equal(wasm.headers['content-type'], 'application/wasm');
    assert.equal((await a.call('GET', '/app.0000000000.js')).status, 404);

    // Plain HTTP is sent to HTTPS.
    const plain = await new Promise((resolve, reject) => {
      require('node:http').get({ host: '127.0.0.1', port: nginx.plain, path: '/receipt', headers: { host: 'barkhordari.example.ir' } },
        (res) => { res.resume(); resolve(res); }).on('error', reject);
    });
    assert.equal(plain.statusCode, 301);
    assert.equal(plain.headers.location, 'https://barkhordari.example.ir/receipt');
  } finally {
    a.session.close();
    b.session.close();
    nginx.proc.kill('SIGQUIT');
    await new Promise((r) => nginx.proc.once('exit', r));
    await server.stop();
  }
});
