// `barkhordari import registry.csv`: valid files load and answer; a file with bad rows reports
// each with its line number and reason, and imports nothing (SQLite, or PostgreSQL under
// run_with_postgres.js).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { startServer, tempDir, PG } = require('./harness.js');
const pg = require('./pg.js');

const BIN = process.env.BK_SERVER_BIN || path.join(__dirname, '..', '..', 'build', 'native', 'barkhordari');
const HEADER = 'national_id,main_id,relation,insurance_type,gender,birth_date,covered_until,revoked,married,employed,studying,disabled';

function freshDb(dir) { return PG ? pg.createDatabase(PG) : path.join(dir, 'import.sqlite'); }
function importCsv(db, file) { return spawnSync(BIN, ['import', file, '--db', db], { encoding: 'utf8' }); }

test('a valid CSV imports, and its people are answered by the server', async () => {
  const dir = tempDir();
  const db = freshDb(dir);
  const csv = path.join(dir, 'registry.csv');
  fs.writeFileSync(csv, [HEADER,
    '0499370899,,main,employee,M,1980-05-01,2099-12-31,0,1,1,0,0',
    '0790419904,0499370899,spouse,employee,F,1983-02-11,,0,1,0,0,0',
    '1583250689,0499370899,son,employee,M,2001-01-01,,0,0,0,0,0',
    '7400076205,,main,pensioner,F,1950-01-01,,0,0,0,0,0'].join('\n') + '\n');
  const r = importCsv(db, csv);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /imported 4 persons/);
  const s = await startServer(['--open-inquiry'], { dir, db });
  try {
    const ask = async (id) => (await s.request('POST', '/api/v1/inquiries', { body: { nationalId: id } })).json;
    assert.equal((await ask('0499370899')).outcome, 'eligible');
    assert.equal((await ask('0790419904')).outcome, 'eligible'); // a spouse, through the main insured
    assert.equal((await ask('1583250689')).outcome, 'not_eligible'); // a son of 25, not studying
    assert.equal((await ask('7400076205')).outcome, 'eligible'); // a pensioner
  } finally { await s.stop(); }
});

test('bad rows are reported with line numbers and reasons; nothing is imported', async () => {
  const dir = tempDir();
  const db = freshDb(dir);
  const csv = path.join(dir, 'bad.csv');
  fs.writeFileSync(csv, [HEADER,
    '0499370899,,main,employee,M,1980-05-01,2099-12-31,0,1,1,0,0',   // line 2: fine
    '1234567890,,main,employee,M,1980-05-01,2099-12-31,0,0,0,0,0',   // line 3: checksum
    '0790419904,0499370899,cousin,employee,F,1983-02-11,,0,0,0,0,0', // line 4: relation
    '1583250689,,main,employee,M,1980-13-01,2099-12-31,0,0,0,0,0',   // line 5: date
    '0684159414,4400276201,son,employee,M,2010-01-01,,0,0,0,0,0',    // line 6: main not in file
    '2540201288,,main,employee,M,1980-01-01,2099-12-31,0,0,2,0,0',   // line 7: flag
    '4400276201,,main,employee,M'].join('\n') + '\n');              // line 8: columns
  const r = importCsv(db, csv);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.match(r.stderr, /bad\.csv:3: national_id: national_id_checksum/);
  assert.match(r.stderr, /bad\.csv:4: relation: unknown value 'cousin'/);
  assert.match(r.stderr, /bad\.csv:5: birth_date/);
  assert.match(r.stderr, /bad\.csv:6: main_id 4400276201 is not a main insured in this file/);
  assert.match(r.stderr, /bad\.csv:7: revoked, married, employed, studying, disabled: 0 or 1/);
  assert.match(r.stderr, /bad\.csv:8: expected 12 columns, found 5/);
  assert.match(lines[lines.length - 1], /6 rows rejected; nothing imported/);
  // all or nothing: not even line 2 is in
  const s = await startServer(['--open-inquiry'], { dir, db });
  try {
    const a = await s.request('POST', '/api/v1/inquiries', { body: { nationalId: '0499370899' } });
    assert.equal(a.json.outcome, 'not_eligible');
    assert.equal(a.json.reasonCode, 'reason.not_covered');
  } finally { await s.stop(); }
  const header = path.join(dir, 'header.csv');
  fs.writeFileSync(header, 'id,name\n');
  assert.match(importCsv(db, header).stderr, /header\.csv:1: the header must be/);
});
