// Installing a newer package over an older one with a live database keeps every credit, session
// and receipt, and migrates the schema. The newer package is a second CPack build of this tree
// (scripts/package.sh with BK_PACKAGE_VERSION=…+next1 and BK_PACKAGE_SERVER=barkhordari_next_schema:
// one more, test-only migration that rebuilds every table holding live rows); both go in with
// the real dpkg, one over the other, and the server runs on SQLite and on PostgreSQL.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const pg = require('../api/pg.js');
const { debPath, scratchRoot, dpkgInstall, dpkgStatus, startInstalled } = require('./deploy.js');

const SON = '9094239620', MAIN = '1345829841';

function nextDebPath() {
  if (process.env.BK_NEXT_DEB) return process.env.BK_NEXT_DEB;
  const dir = path.dirname(debPath());
  const next = fs.readdirSync(dir).find((f) => /^barkhordari_.*\+next1_amd64\.deb$/.test(f));
  if (!next) throw new Error('no …+next1 package: BK_PACKAGE_VERSION=1.0.0+next1 BK_PACKAGE_SERVER=barkhordari_next_schema scripts/package.sh');
  return path.join(dir, next);
}

const control = (deb, field) => execFileSync('dpkg-deb', ['-f', deb, field]).toString().trim();

// The old release: a session, three answers. The new one: the same session, its credit, the
// receipts as they were answered, and the code still spending.
async function upgradeKeepsData(kind, extra, query) {
  let root;
  const schema = () => query(root, kind === 'sqlite' ? 'PRAGMA user_version' : 'SELECT max(version) FROM schema_version');
  root = scratchRoot();
  const deb = debPath(), next = nextDebPath();
  dpkgInstall(root, deb);
  const bin = path.join(root, 'usr/sbin/barkhordari');
  assert.equal(execFileSync(bin, ['--version']).toString().split(' ')[1], control(deb, 'Version'), '--version is the package\'s');
  // The admin edits the config (dpkg must keep it on upgrade).
  const confPath = path.join(root, 'etc/barkhordari/barkhordari.conf');
  fs.appendFileSync(confPath, '\nquota = 7\n');

  let s = await startInstalled(root, ['--dev', ...extra]);
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
  assert.equal(schema(), '3');

  dpkgInstall(root, next);
  const version = control(next, 'Version');
  assert.match(version, /\+next1$/);
  assert.match(dpkgStatus(root), new RegExp(`Package: barkhordari\\nStatus: install ok installed[\\s\\S]*?Version: ${version.replace(/[+.]/g, '\\$&')}`));
  assert.equal(execFileSync(bin, ['--version']).toString().split(' ')[1], version);
  assert.match(fs.readFileSync(confPath, 'utf8'), /quota = 7/, 'the admin\'s edit of the conffile is kept');

  s = await startInstalled(root, ['--dev', ...extra]);
  try {
    assert.equal(schema(), '4', kind + ': migrated on start');
    assert.equal(query(root, "SELECT count(*) FROM receipts WHERE note = 'migrated'"), '3', 'every receipt went through the rebuilt table');
    assert.equal(query(root, "SELECT count(*) FROM sessions WHERE note = 'migrated'"), '1');
    // The session still works, with the credit it had.
    const credit = await s.request('GET', '/api/v1/credit', { token });
    assert.equal(credit.status, 200);
    assert.equal(credit.json.remaining, remaining);
    assert.equal(credit.json.total, 7);
    // Every receipt reads back exactly as it was answered.
    for (const r of receipts) {
      const back = await s.request('GET', '/api/v1/inquiries/' + r.trackingCode);
      assert.equal(back.status, 200);
      assert.deepEqual({ ...back.json, remaining: r.remaining }, r);
    }
    // And the old code keeps spending.
    const a = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: MAIN }, token });
    assert.equal(a.status, 200);
    assert.equal(a.json.remaining, remaining - 1);
  } finally { await s.stop(); }
}

test('an upgrade keeps every credit, session and receipt, migrates the schema (SQLite), and keeps the admin\'s config', async () => {
  await upgradeKeepsData('sqlite', [], (root, sql) =>
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', path.join(root, 'var/lib/barkhordari/barkhordari.db'), sql]).toString().trim());
});

test('the same upgrade with the servers on PostgreSQL', async () => {
  const cluster = await pg.createCluster();
  try {
    const db = pg.createDatabase(cluster);
    await upgradeKeepsData('postgres', ['--db', db], (root, sql) => pg.psql(db, sql));
  } finally { pg.destroy(cluster); }
});
