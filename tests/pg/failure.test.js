// PostgreSQL stops during a load: inquiries answer 503 "undetermined" and spend nothing;
// /healthz reports the database down; when it comes back the servers recover by themselves;
// nothing answered before the outage is lost.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const pg = require('../api/pg.js');
const { startServer, SAMPLES, PG } = require('../api/harness.js');

test('PostgreSQL down and back during a load', async () => {
  assert.ok(PG, 'run by run_with_postgres.js');
  const s1 = await startServer(['--quota', '100000', '--workers', '4']);
  const s2 = await startServer(['--quota', '100000', '--workers', '4'], { dir: s1.dir, db: s1.db });
  const servers = [s1, s2];
  try {
    const token = await s1.session();
    const answered = [];
    const statuses = {};
    let running = true;
    let undetermined = 0;
    async function worker(i) {
      while (running) {
        const r = await servers[i % 2].request('POST', '/api/v1/inquiries', { body: { nationalId: SAMPLES.son }, token });
        statuses[r.status] = (statuses[r.status] || 0) + 1;
        if (r.status === 200) answered.push(r.json.trackingCode);
        else if (r.status === 503) {
          assert.equal(r.json.error.outcome, 'undetermined');
          assert.equal(r.json.error.code, 'registry_unavailable');
          undetermined++;
        } else assert.fail('unexpected ' + r.status + ' ' + r.body);
      }
    }
    const load = Array.from({ length: 16 }, (_, i) => worker(i));
    await new Promise((r) => setTimeout(r, 800));
    const before = answered.length;
    pg.stop(PG, 'fast');
    await new Promise((r) => setTimeout(r, 1000));
    const health = await s2.request('GET', '/healthz');
    assert.equal(health.status, 503);
    assert.equal(health.json.database, 'down');
    const during = undetermined;
    pg.start(PG);
    // the servers recover by themselves: no restart
    const t0 = Date.now();
    while ((await s1.request('GET', '/healthz')).status !== 200 || (await s2.request('GET', '/healthz')).status !== 200) {
      assert.ok(Date.now() - t0 < 15000, 'recovered within 15 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 800));
    running = false;
    await Promise.all(load);

    assert.ok(before > 50, 'answers before the outage: ' + before);
    assert.ok(during > 0, 'undetermined answers during the outage: ' + during);
    assert.ok(answered.length > before, 'answers after recovery');
    // nothing answered is lost, and credits spent = inquiries logged (the 503s spent nothing)
    const logged = Number(s1.sql('SELECT count(*) FROM receipts'));
    const spent = Number(s1.sql('SELECT sum(total - remaining) FROM codes'));
    assert.equal(spent, logged);
    assert.equal(logged, answered.length);
    const list = answered.map((c) => "'" + c.replace(/-/g, '') + "'").join(',');
    assert.equal(Number(s1.sql(`SELECT count(*) FROM receipts WHERE tracking IN (${list})`)), answered.length);
    const credit = await s2.request('GET', '/api/v1/credit', { token });
    assert.equal(credit.json.remaining, 100000 - answered.length);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
});
