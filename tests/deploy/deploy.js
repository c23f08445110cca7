// Helpers for the deployment tests: the .deb that scripts/package.sh built, installed with the
// real dpkg into a scratch root (dpkg --root: conffiles and maintainer scripts run as they
// would; the dependencies are the host's), and the server run from there.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnServer } = require('../api/harness.js');

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

// Starts the installed server with the installed config, its paths moved into the root: a
// harness Server (request, session, code, stop).
function startInstalled(root, args = [], env = {}) {
  const state = path.join(root, 'var/lib/barkhordari');
  fs.mkdirSync(state, { recursive: true, mode: 0o700 });
  const db = path.join(state, 'barkhordari.db');
  return spawnServer(path.join(root, 'usr/sbin/barkhordari'), ['serve', '--config', path.join(root, 'etc/barkhordari/barkhordari.conf'),
    '--listen', '127.0.0.1:0', '--db', db, '--hmac-key-file', path.join(state, 'hmac.key'),
    '--web-root', path.join(root, 'usr/share/barkhordari/web'), ...args], { dir: state, db, env });
}

module.exports = { ROOT, debPath, scratchRoot, dpkgInstall, dpkgStatus, startInstalled };
