// Starts the real server binary on a free 127.0.0.1 port with a fresh database, and talks to it.
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..', '..');
const BIN = process.env.BK_SERVER_BIN || path.join(ROOT, 'build', 'native', 'barkhordari');
const WEB = process.env.BK_WEB_ROOT || path.join(ROOT, 'build', 'wasm', 'web');

function tempDir() { return fs.mkdtempSync(path.join(os.tmpdir(), 'bk-api-')); }

const pg = require('./pg.js');
const contract = require('./contract.js');
const PG = pg.fromEnv();
// Against the sanitized server (the native-asan preset): there a run looks for memory errors and
// undefined behaviour on each path, not for what only volume shows (that is the native run's).
const SANITIZED = process.env.BK_SANITIZED === '1'; // set by run_with_postgres.js: the same suite against PostgreSQL

// Seeds a registry into a fresh database: dir/db.sqlite, or a new PostgreSQL database (the
// suite's cluster, or `cluster` when given).
function seed(dir, persons = 2000, cluster = PG) {
  const db = cluster ? pg.createDatabase(cluster) : path.join(dir, 'db.sqlite');
  execFileSync(BIN, ['seed-demo', '--persons', String(persons), '--seed', '1405', '--db', db], { stdio: 'pipe' });
  return db;
}

function startServer(args = [], options = {}) {
  const dir = options.dir || tempDir();
  const db = options.db || seed(dir, options.persons);
  return spawnServer(BIN, ['--listen', '127.0.0.1:0', '--db', db, '--hmac-key-file', path.join(dir, 'hmac.key'),
    '--web-root', WEB, '--dev', '--log-requests=false', ...args], { dir, db, env: options.env });
}

// Runs `bin args` and resolves with a Server once it listens (the port it printed).
function spawnServer(bin, args, { dir, db, env = {} } = {}) {
  const proc = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 10000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /"event":"listening".*"port":(\d+)/.exec(out);
      if (m && !proc.port) {
        clearTimeout(timer);
        proc.port = Number(m[1]);
        resolve(new Server(proc, dir, db, () => err, () => out));
      }
    });
    proc.on('exit', (code) => { clearTimeout(timer); if (!proc.port) reject(new Error('server exited ' + code + ': ' + err)); });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

// What AddressSanitizer, LeakSanitizer and UBSan print (the native-asan preset's server).
const SANITIZER_REPORT = /ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: UndefinedBehaviorSanitizer/;

// For servers a test starts itself: fails when their stderr holds a sanitizer report.
function assertNoSanitizerReport(stderr) {
  const report = SANITIZER_REPORT.exec(stderr);
  if (report) throw new Error('the server reported a memory or undefined-behaviour error:\n' + stderr.slice(Math.max(0, report.index - 200), report.index + 4000));
}

class Server {
  constructor(proc, dir, db, stderr = () => '', stdout = () => '') {
    this.stderr = stderr;
    this.stdout = stdout; // everything the server printed (its request log, when on)
    this.proc = proc;
    this.dir = dir;
    this.db = db;
    this.port = proc.port;
    this.base = `http://127.0.0.1:${proc.port}`;
  }
  // Raw request: { status, headers, body (string), json (parsed or undefined) }.
  request(method, urlPath, { body, token, headers = {}, raw = false } = {}) {
    return new Promise((resolve, reject) => {
      const h = { ...headers };
      let payload;
      if (body !== undefined) {
        payload = raw ? body : JSON.stringify(body);
        if (!('content-type' in h)) h['content-type'] = 'application/json';
        h['content-length'] = Buffer.byteLength(payload);
      }
      if (token) h.authorization = 'Bearer ' + token;
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path: urlPath, headers: h, agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          const text = buf.toString('utf8');
          let json;
          try { json = JSON.parse(text); } catch { /* not JSON */ }
          const out = { status: res.statusCode, headers: res.headers, body: text, buffer: buf, json };
          // Every exchange with /api/v1 against its OpenAPI document (contract.js).
          let sent = body;
          if (raw && typeof body === 'string') { try { sent = JSON.parse(body); } catch { sent = undefined; } }
          try { contract.check(method, urlPath, sent, out); } catch (e) { return reject(e); }
          resolve(out);
        });
      });
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
  // The newest SMS to `mobile` (dev mode's outbox), and the code it carries.
  async sms(mobile) {
    const r = await this.request('GET', '/dev/outbox?mobile=' + mobile);
    return r.json.messages[r.json.messages.length - 1].text;
  }
  async code(mobile) { return /#(\d{6})$/.exec(await this.sms(mobile))[1]; }
  async session(mobile = '09121232580') {
    const issued = await this.request('POST', '/api/v1/credit-codes', { body: { mobile } });
    if (issued.status !== 202) throw new Error('code not issued: ' + issued.body);
    const v = await this.request('POST', '/api/v1/credit-codes/verify', { body: { mobile, code: await this.code(mobile) } });
    if (v.status !== 200) throw new Error('not verified: ' + v.body);
    return v.json.sessionToken;
  }
  sql(query) {
    if (PG) return pg.psql(this.db, query);
    // A busy timeout, as any second process on a live database needs: the server writes (and
    // checkpoints) in the background, and without one the CLI fails at once with "locked".
    return execFileSync('sqlite3', ['-cmd', '.timeout 5000', this.db], { input: query + ';\n' }).toString().trim();
  }
  // Stops the server gracefully; fails when a sanitizer reported anything while it ran (or
  // at exit: leaks), so the native-asan run of this suite catches memory errors.
  async stop() {
    const code = await new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve(this.proc.exitCode);
      this.proc.once('exit', (c) => resolve(c));
      this.proc.kill('SIGTERM');
    });
    await new Promise((r) => setImmediate(r)); // the last stderr chunk
    assertNoSanitizerReport(this.stderr());
    return code;
  }
  kill9() {
    return new Promise((resolve) => {
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGKILL');
    });
  }
}

// Demo sample IDs (seed 1405), the same the server prints after seeding.
const SAMPLES = { eligibleMain: '1345829841', son: '9094239620', pensioner: '0716854295', lapsed: '8465264074', revoked: '6213673857' };

module.exports = { startServer, spawnServer, seed, tempDir, SAMPLES, agent, PG, BIN, SANITIZED, assertNoSanitizerReport };
