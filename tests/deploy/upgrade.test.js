// Installing a newer package over an older one with a live database keeps every credit, session
// and receipt, and migrates the schema. The "newer" package is this one rebuilt with the next
// version number and the server barkhordari_next_schema (one more, test-only migration that
// rewrites the tables holding live rows); both go in with the real dpkg, one over the other.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, debPath, scratchRoot, dpkgInstall, dpkgStatus, startInstalled } = require('./deploy.js');

const NEXT_BIN = process.env.BK_NEXT_SCHEMA_BIN || path.join(ROOT, 'build', 'native', 'barkhordari_next_schema');
const SON = '9094239620', MAIN = '1345829841';

// The next release: the same package, another version, the next-schema server.
function nextPackage(deb) {
  const dir = fs.mkdtempSync('/tmp/bk-next-');
  const tree = path.join(dir, 'tree');
  execFileSync('dpkg-deb', ['-R', deb, tree]);
  const bin = path.join(tree, 'usr/sbin/barkhordari');
  fs.copyFileSync(NEXT_BIN, bin);
  execFileSync('strip', [bin]);
  fs.chmodSync(bin, 0o755);
  const controlPath = path.join(tree, 'DEBIAN/control');
  const control = fs.readFileSync(controlPath, 'utf8');
  const version = /^Version: (.*)$/m.exec(control)[1];
  fs.writeFileSync(controlPath, control.replace(/^Version: .*$/m, `Version: ${version}+next1`));
  const sums = execFileSync('sh', ['-c', `cd "${tree}" && find . -type f ! -path './DEBIAN/*' -printf '%P\\n' | sort | xargs md5sum`]).toString();
  fs.writeFileSync(path.join(tree, 'DEBIAN/md5sums'), sums);
  const out = path.join(dir, `barkhordari_${version}+next1_amd64.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '-b', tree, out], { stdio: 'pipe' });
  return { deb: out, version: version + '+next1' };
}

test('an upgrade keeps every credit, session and receipt, migrates the schema, and keeps the admin\'s config', async () => {
  assert.ok(fs.existsSync(NEXT_BIN), NEXT_BIN + ' (cmake --build --preset native --target barkhordari_next_schema)');
  const root = scratchRoot();
  const deb = debPath();
  dpkgInstall(root, deb);
  // The admin edits the config (dpkg must keep it on upgrade).
  const confPath = path.join(root, 'etc/barkhordari/barkhordari.conf');
  fs.appendFileSync(confPath, '\nquota = 7\n');

  let s = await startInstalled(root, ['--dev']);
  let token, receipts, remaining;
  try {
    token = await s.session('09121232580');
    receipts = [];
    for (const id of [SON, MAIN, SON]) {
      const a = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: id }, token });
      assert.equal(a.status, 200);
      receipts.push(a.json);
    }
    remaining = receipts[2].remaining;
    assert.equal(remaining, 4);
  } finally { await s.stop(); }
  const db = path.join(root, 'var/lib/barkhordari/barkhordari.db');
  assert.equal(execFileSync('sqlite3', [db, 'PRAGMA user_version']).toString().trim(), '2');

  const next = nextPackage(deb);
  dpkgInstall(root, next.deb);
  assert.match(dpkgStatus(root), new RegExp(`Package: barkhordari\\nStatus: install ok installed[\\s\\S]*?Version: ${next.version.replace(/[+.]/g, '\\$&')}`));
  assert.match(fs.readFileSync(confPath, 'utf8'), /quota = 7/, 'the admin\'s edit of the conffile is kept');

  s = await startInstalled(root, ['--dev']);
  try {
    assert.equal(execFileSync('sqlite3', [db, 'PRAGMA user_version']).toString().trim(), '3', 'migrated on start');
    assert.equal(execFileSync('sqlite3', [db, "SELECT count(*) FROM receipts WHERE note = 'migrated'"]).toString().trim(), '3');
    // The session still works, with the credit it had.
    const credit = await s.request('GET', '/api/v1/credit', { token });
    assert.equal(credit.status, 200);
    assert.equal(credit.json.remaining, remaining);
    assert.equal(credit.json.total, 7);
    // Every receipt reads back as it was answered.
    for (const r of receipts) {
      const back = await s.request('GET', '/api/v1/inquiries/' + r.trackingCode);
      assert.equal(back.status, 200);
      assert.equal(back.json.nationalId, r.nationalId);
      assert.equal(back.json.outcome, r.outcome);
      assert.equal(back.json.checkedAt, r.checkedAt);
    }
    // And the old code keeps spending.
    const a = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: MAIN }, token });
    assert.equal(a.status, 200);
    assert.equal(a.json.remaining, remaining - 1);
  } finally { await s.stop(); }
});
