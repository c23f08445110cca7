// Runs the API suite (tests/api), the multi-instance and failure suites (tests/pg) and the
// storage contract's PostgreSQL case (bk_server_tests, when BK_SERVER_TESTS_BIN names it) against
// a PostgreSQL cluster this script starts in a temp dir and stops at the end. Arguments, when
// given, go to `node --test` in place of the two folders (scripts/stress.sh: one file, a pattern).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const pg = require('./pg.js');

(async () => {
  const cluster = await pg.createCluster();
  let status = 1;
  try {
    const env = { ...process.env, BK_TEST_PG_DIR: cluster.dir, BK_TEST_PG_PORT: String(cluster.port), BK_TEST_PG_URL: pg.url(cluster) };
    const root = path.join(__dirname, '..');
    status = 0;
    if (process.env.BK_SERVER_TESTS_BIN) {
      const s = spawnSync(process.env.BK_SERVER_TESTS_BIN, ['--test-case=*postgres*'], { env, stdio: 'inherit' });
      if (s.status !== 0) status = 1;
    }
    const args = process.argv.length > 2 ? process.argv.slice(2) : [path.join(root, 'api'), path.join(root, 'pg')];
    const r = spawnSync(process.execPath, ['--test', ...args], { env, stdio: 'inherit' });
    if (r.status !== 0) status = 1;
  } finally {
    pg.destroy(cluster);
  }
  process.exit(status);
})().catch((e) => { console.error(e); process.exit(1); });
