// Helpers for the deployment tests: the .deb that scripts/package.sh built, installed with the
// real dpkg into a scratch root (dpkg --root: conffiles and maintainer scripts run as they
// would; the dependencies are the host's), and the server run from there.
'use strict';
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');

// The package to test: BK_DEB, or the newest in build/package.
function debPath() {
  if (process.env.BK_DEB) return process.env.BK_DEB;
  const dir = path.join(ROOT, 'build', 'package');
  const debs = fs.readdirSync(dir).filter((f) => /^barkhordari_.*_amd64\.deb$/.test(f))
    .map((f) => path.join(dir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  if (!debs.length) throw new Error('no .deb in build/package: run scripts/package.sh');
  return debs[0];
}

function scratchRoot() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-root-'));
  fs.mkdirSync(path.join(root, 'var/lib/dpkg/updates'), { recursive: true });
  fs.mkdirSync(path.join(root, 'var/lib/dpkg/info'), { recursive: true });
  fs.writeFileSync(path.join(root, 'var/lib/dpkg/status'), '');
  return root;
}

// dpkg -i into the scratch root; returns dpkg's output.
function dpkgInstall(root, deb, extra = []) {
  return execFileSync('dpkg', ['--root=' + root, '--force-depends', '--force-script-chrootless', '--force-not-root',
    '--force-confold', ...extra, '-i', deb], { stdio: 'pipe' }).toString();
}

function dpkgStatus(root) {
  return fs.readFileSync(path.join(root, 'var/lib/dpkg/status'), 'utf8');
}

// Starts the installed server with the installed config, its paths moved into the root.
// Resolves { proc, port, base, out(), err(), stop() } once it listens.
function startInstalled(root, args = [], env = {}) {
  const bin = path.join(root, 'usr/sbin/barkhordari');
  const state = path.join(root, 'var/lib/barkhordari');
  fs.mkdirSync(state, { recursive: true, mode: 0o700 });
  const proc = spawn(bin, ['serve', '--config', path.join(root, 'etc/barkhordari/barkhordari.conf'), '--listen', '127.0.0.1:0',
    '--db', path.join(state, 'barkhordari.db'), '--hmac-key-file', path.join(state, 'hmac.key'),
    '--web-root', path.join(root, 'usr/share/barkhordari/web'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  proc.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the installed server did not start: ' + err)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /"event":"listening".*"port":(\d+)/.exec(out);
      if (m && !proc.port) {
        clearTimeout(timer);
        proc.port = Number(m[1]);
        resolve({
          proc, port: proc.port, base: 'http://127.0.0.1:' + proc.port, out: () => out, err: () => err,
          stop: () => new Promise((r) => { if (proc.exitCode !== null) return r(proc.exitCode); proc.once('exit', r); proc.kill('SIGTERM'); }),
        });
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); if (!proc.port) reject(new Error('the installed server exited ' + code + ': ' + err)); });
  });
}

async function request(base, method, urlPath, { body, token, headers = {} } = {}) {
  const h = { ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (token) h.authorization = 'Bearer ' + token;
  const r = await fetch(base + urlPath, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, headers: r.headers, body: text, json };
}

// A credit code by SMS (the outbox, in --dev) and its session: the token.
async function session(base, mobile) {
  const issued = await request(base, 'POST', '/api/v1/credit-codes', { body: { mobile } });
  if (issued.status !== 202) throw new Error('no code: ' + issued.body);
  const box = await request(base, 'GET', '/dev/outbox?mobile=' + mobile);
  const code = /#(\d{6})$/.exec(box.json.messages[box.json.messages.length - 1].text)[1];
  const v = await request(base, 'POST', '/api/v1/credit-codes/verify', { body: { mobile, code } });
  if (v.status !== 200) throw new Error('not verified: ' + v.body);
  return v.json.sessionToken;
}

module.exports = { ROOT, debPath, scratchRoot, dpkgInstall, dpkgStatus, startInstalled, request, session };
