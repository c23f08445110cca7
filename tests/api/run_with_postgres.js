// Runs the API suite (tests/api) and the multi-instance and failure suites (tests/pg) against a
// PostgreSQL cluster this script starts in a temp dir and stops at the end.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const pg = require('./pg.js');

(async () => {
  const cluster = await pg.createCluster();
  let status = 1;
  try {
    const env = { ...process.env, BK_TEST_PG_DIR: cluster.dir, BK_TEST_PG_PORT: String(cluster.port) };
    const root = path.join(__dirname, '..');
    const r = spawnSync(process.execPath, ['--test', path.join(root, 'api'), path.join(root, 'pg')], { env, stdio: 'inherit' });
    status = r.status === null ? 1 : r.status;
  } finally {
    pg.destroy(cluster);
  }
  process.exit(status);
})().catch((e) => { console.error(e); process.exit(1); });
