// Backups, taken while the server runs, and restores: SQLite's online backup (.backup) and
// VACUUM INTO, and PostgreSQL's pg_dump / pg_restore. A restored database gives back every
// credit, session and receipt as of the backup, and nothing after it.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, seed, tempDir, SAMPLES } = require('../api/harness.js');
const pg = require('../api/pg.js');

async function work(s) {
  const token = await s.session('09121232580');
  const first = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token });
  assert.equal(first.status, 200);
  return { token, first };
}

async function checkRestored(s, { token, first }, later) {
  const credit = await s.request('GET', '/api/v1/credit', { token });
  assert.equal(credit.status, 200, 'the session is back');
  assert.equal(credit.json.remaining, first.json.remaining, 'the credit as of the backup');
  const back = await s.request('GET', '/api/v1/inquiries/' + first.json.trackingCode);
  assert.equal(back.status, 200);
  assert.equal(back.json.nationalId, SAMPLES.son);
  const gone = await s.request('GET', '/api/v1/inquiries/' + later.json.trackingCode);
  assert.equal(gone.status, 404, 'what came after the backup is not in it');
}

test('SQLite: .backup and VACUUM INTO while the server runs; either restores', async () => {
  const dir = tempDir();
  const db = seed(dir, 2000, null);
  let s = await startServer([], { dir, db });
  let before, later;
  try {
    before = await work(s);
    // Online, with the server answering: the backup API and VACUUM INTO, each a consistent copy.
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, `.backup '${path.join(dir, 'backup.db')}'`]);
    execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, `VACUUM INTO '${path.join(dir, 'vacuum.db')}'`]);
    later = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.pensioner }, token: before.token });
    assert.equal(later.status, 200);
  } finally { await s.stop(); }
  for (const copy of ['backup.db', 'vacuum.db']) {
    assert.equal(execFileSync('sqlite3', [path.join(dir, copy), 'PRAGMA integrity_check']).toString().trim(), 'ok');
    // Restore: the server stopped, the copy in place of the database (its -wal and -shm gone).
    for (const f of [db, db + '-wal', db + '-shm']) fs.rmSync(f, { force: true });
    fs.copyFileSync(path.join(dir, copy), db);
    s = await startServer([], { dir, db });
    try {
      await checkRestored(s, before, later);
    } finally { await s.stop(); }
  }
});

test('PostgreSQL: pg_dump while the server runs; pg_restore into a new database', async () => {
  const cluster = await pg.createCluster();
  try {
    const dir = tempDir();
    const db = seed(dir, 2000, cluster);
    const dump = path.join(dir, 'barkhordari.dump');
    let s = await startServer([], { dir, db });
    let before, later;
    try {
      before = await work(s);
      execFileSync('pg_dump', ['-Fc', '-f', dump, '-d', db]);
      later = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.pensioner }, token: before.token });
      assert.equal(later.status, 200);
    } finally { await s.stop(); }
    const restored = pg.createDatabase(cluster);
    execFileSync('pg_restore', ['--no-owner', '-d', restored, dump]);
    s = await startServer([], { dir, db: restored });
    try {
      await checkRestored(s, before, later);
    } finally { await s.stop(); }
  } finally {
    pg.destroy(cluster);
  }
});
