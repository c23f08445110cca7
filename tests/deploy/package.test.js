// The Debian package (scripts/package.sh): its control fields and files, an install into a
// scratch root with dpkg, the installed server answering /healthz and serving the page, the man
// page, and the systemd unit (systemd-analyze verify and security).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { debPath, scratchRoot, dpkgInstall, dpkgStatus, startInstalled } = require('./deploy.js');

const DEB = debPath();
const field = (control, name) => (new RegExp('^' + name + ': (.*)$', 'm').exec(control) || [])[1];

test('control fields: name, version, architecture, Depends on the libraries the server links', () => {
  const control = execFileSync('dpkg-deb', ['-f', DEB]).toString();
  assert.equal(field(control, 'Package'), 'barkhordari');
  assert.match(field(control, 'Version'), /^\d+\.\d+\.\d+/);
  assert.equal(field(control, 'Architecture'), 'amd64');
  assert.equal(field(control, 'Section'), 'net');
  assert.ok(field(control, 'Maintainer'));
  const depends = field(control, 'Depends');
  for (const lib of ['libc6', 'libsqlite3-0', 'libpq5', 'libssl3', 'libstdc++6']) assert.match(depends, new RegExp('\\b' + lib.replace('+', '\\+') + '\\b'), lib);
  // The Depends resolve on this Debian (apt would install the package).
  const sim = spawnSync('apt-get', ['install', '-s', '-q', DEB], { encoding: 'utf8' });
  assert.equal(sim.status, 0, sim.stderr);
  assert.match(sim.stdout, /Inst barkhordari/);
  const conffiles = execFileSync('dpkg-deb', ['--ctrl-tarfile', DEB]).length && execFileSync('sh', ['-c', `dpkg-deb -I "${DEB}" conffiles`]).toString();
  assert.equal(conffiles.trim(), '/etc/barkhordari/barkhordari.conf');
});

test('files: the server, the web client with its gzip twins, the config, the unit, the man page; nothing secret', () => {
  const list = execFileSync('dpkg-deb', ['-c', DEB]).toString().trim().split('\n').map((l) => {
    const parts = l.split(/\s+/);
    return { mode: parts[0], owner: parts[1], path: parts.slice(5).join(' ').replace(/^\./, '') };
  });
  const files = new Map(list.filter((f) => !f.mode.startsWith('d')).map((f) => [f.path, f]));
  for (const p of ['/usr/sbin/barkhordari', '/etc/barkhordari/barkhordari.conf', '/lib/systemd/system/barkhordari.service',
    '/usr/share/man/man8/barkhordari.8.gz', '/usr/share/doc/barkhordari/copyright', '/usr/share/doc/barkhordari/README.md',
    '/usr/share/doc/barkhordari/examples/nginx-barkhordari.conf', '/usr/share/barkhordari/web/index.html',
    '/usr/share/barkhordari/web/sw.js', '/usr/share/barkhordari/web/asset-manifest.json']) {
    assert.ok(files.has(p), p + ' is in the package');
  }
  const web = [...files.keys()].filter((p) => p.startsWith('/usr/share/barkhordari/web/'));
  for (const ext of ['wasm', 'js', 'css', 'ttf']) assert.ok(web.some((p) => p.endsWith('.' + ext)), 'a .' + ext + ' file');
  for (const p of web.filter((p) => !/\.(gz|br|json)$/.test(p))) {
    assert.ok(files.has(p + '.gz'), p + ' has its .gz twin');
    assert.ok(files.has(p + '.br'), p + ' has its .br twin');
  }
  for (const [p, f] of files) {
    assert.equal(f.owner, 'root/root', p);
    assert.ok(f.mode === '-rw-r--r--' || (f.mode === '-rwxr-xr-x' && p === '/usr/sbin/barkhordari'), p + ' ' + f.mode);
    assert.doesNotMatch(p, /key|secret|\.env$/i, p + ': no secret ships in the package');
  }
  // The default config sets no secret, and every option it names is the server's.
  const dir = fs.mkdtempSync('/tmp/bk-deb-');
  execFileSync('dpkg-deb', ['-x', DEB, dir]);
  const conf = fs.readFileSync(path.join(dir, 'etc/barkhordari/barkhordari.conf'), 'utf8');
  const help = execFileSync(path.join(dir, 'usr/sbin/barkhordari'), ['--help']).toString();
  for (const line of conf.split('\n')) {
    const m = /^#?\s*([a-z][a-z0-9-]*)\s*=/.exec(line);
    if (!m) continue;
    assert.ok(help.includes('--' + m[1] + '=') || help.includes('--' + m[1] + '[='), m[1] + ' is an option of --help');
    assert.doesNotMatch(m[1], /key$|secret/, 'no secret in the config file');
  }
});

test('installed into a scratch root with dpkg: --version, the man page, /healthz and the page from the installed files', async () => {
  const root = scratchRoot();
  dpkgInstall(root, DEB);
  assert.match(dpkgStatus(root), /Package: barkhordari\nStatus: install ok installed/);
  const version = execFileSync(path.join(root, 'usr/sbin/barkhordari'), ['--version']).toString().trim();
  assert.match(version, /^barkhordari \d+\.\d+\.\d+ \(([0-9a-f]{12}(-dirty)?|unknown)\)$/);
  assert.equal(version.split(' ')[1], execFileSync('dpkg-deb', ['-f', DEB, 'Version']).toString().trim(), 'the version is the package\'s');
  const man = execFileSync('sh', ['-c', `zcat "${root}/usr/share/man/man8/barkhordari.8.gz"`]).toString();
  assert.match(man, /^\.TH BARKHORDARI "8"/m);
  assert.match(man, /trusted\\-proxy/);
  // The installed config refuses to start without an SMS provider; with the outbox it runs.
  const refused = spawnSync(path.join(root, 'usr/sbin/barkhordari'), ['serve', '--config', path.join(root, 'etc/barkhordari/barkhordari.conf'),
    '--listen', '127.0.0.1:0', '--db', path.join(root, 'x.db'), '--hmac-key-file', path.join(root, 'x.key')], { encoding: 'utf8', timeout: 10000 });
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /no SMS provider/);
  const s = await startInstalled(root, ['--sms-provider', 'outbox']);
  try {
    const health = await s.request('GET', '/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.json.database, 'up');
    const page = await s.request('GET', '/');
    assert.equal(page.status, 200);
    assert.match(page.body, /<html lang="fa" dir="rtl"/);
    const wasm = /barkhordari\.[0-9a-f]{10}\.wasm/.exec(fs.readdirSync(path.join(root, 'usr/share/barkhordari/web')).join(' '))[0];
    const w = await fetch(s.base + '/' + wasm, { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(w.status, 200);
    assert.equal(w.headers.get('content-type'), 'application/wasm');
    const info = await s.request('GET', '/api/v1/service');
    assert.equal(info.status, 200);
    // The key it made on first start is the service's alone.
    assert.equal(fs.statSync(path.join(root, 'var/lib/barkhordari/hmac.key')).mode & 0o777, 0o600);
  } finally { await s.stop(); }
});

test('secrets.env: made on install, comments only, root\'s alone; an edited one is kept; purge removes it and the data, in the root it was given', () => {
  const root = scratchRoot();
  dpkgInstall(root, DEB);
  const secrets = path.join(root, 'etc/barkhordari/secrets.env');
  assert.equal(fs.statSync(secrets).mode & 0o777, 0o600);
  assert.deepEqual(fs.readFileSync(secrets, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')), [], 'no value in it yet');
  // The admin puts a key in it (and loosens the mode by mistake): a reinstall keeps the key and
  // takes the mode back to root's alone.
  fs.appendFileSync(secrets, 'BK_SMS_API_KEY=sms-key-7f3a9c1e04b2d6e8\n');
  fs.chmodSync(secrets, 0o644);
  dpkgInstall(root, DEB);
  assert.match(fs.readFileSync(secrets, 'utf8'), /^BK_SMS_API_KEY=sms-key-7f3a9c1e04b2d6e8$/m);
  assert.equal(fs.statSync(secrets).mode & 0o777, 0o600);
  // Remove keeps data and secrets; purge deletes them — in the scratch root, never the host's.
  const state = path.join(root, 'var/lib/private/barkhordari');
  fs.mkdirSync(state, { recursive: true });
  fs.writeFileSync(path.join(state, 'barkhordari.db'), 'data');
  const dpkg = (...args) => execFileSync('dpkg', ['--root=' + root, '--force-script-chrootless', '--force-not-root', ...args], { stdio: 'pipe' });
  dpkg('--remove', 'barkhordari');
  assert.ok(fs.existsSync(path.join(state, 'barkhordari.db')) && fs.existsSync(secrets), 'remove keeps the data and the secrets');
  dpkg('--purge', 'barkhordari');
  assert.ok(!fs.existsSync(state) && !fs.existsSync(secrets), 'purge deletes them');
});

test('the systemd unit: verify finds nothing to say; the sandbox scores OK or better', { skip: !fs.existsSync('/usr/bin/systemd-analyze') && 'systemd is not installed' }, () => {
  const root = scratchRoot();
  dpkgInstall(root, DEB);
  const unit = fs.readFileSync(path.join(root, 'lib/systemd/system/barkhordari.service'), 'utf8');
  for (const want of ['DynamicUser=yes', 'StateDirectory=barkhordari', 'ProtectSystem=strict', 'ProtectHome=yes', 'PrivateTmp=yes',
    'NoNewPrivileges=yes', 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX', 'SystemCallFilter=@system-service',
    'LimitNOFILE=65536', 'Restart=on-failure']) assert.ok(unit.includes(want + '\n'), want);
  // verify on this host: the unit as installed, its ExecStart pointing into the scratch root.
  const dir = fs.mkdtempSync('/tmp/bk-unit-');
  fs.writeFileSync(path.join(dir, 'barkhordari.service'), unit.replace('/usr/sbin/barkhordari', path.join(root, 'usr/sbin/barkhordari')));
  const v = spawnSync('systemd-analyze', ['verify', '--man=no', path.join(dir, 'barkhordari.service')], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
  assert.equal(v.stderr.trim(), '', 'systemd-analyze verify has nothing to say');
  const sec = spawnSync('systemd-analyze', ['security', '--offline=true', '--root=' + root, 'barkhordari.service'], { encoding: 'utf8' });
  const m = /Overall exposure level for barkhordari\.service: ([0-9.]+) (\w+)/.exec(sec.stdout);
  assert.ok(m, sec.stdout + sec.stderr);
  console.log(`# systemd-analyze security: ${m[1]} ${m[2]}`);
  assert.ok(['SAFE', 'OK'].includes(m[2]), 'exposure ' + m[1] + ' ' + m[2]);
});
