// A throwaway PostgreSQL 15 cluster for the tests: initdb into a temp dir (as the postgres user,
// since we run as root), listening on 127.0.0.1 only, stopped at the end. CI machines start
// with no database running.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const PGBIN = '/usr/lib/postgresql/15/bin';

function asPostgres(cmd, args, opts = {}) {
  const run = process.getuid && process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(run[0], run[1], { stdio: 'pipe', ...opts }).toString();
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// Cluster description shared with child processes through the environment.
function fromEnv() {
  if (!process.env.BK_TEST_PG_DIR) return null;
  return { dir: process.env.BK_TEST_PG_DIR, port: Number(process.env.BK_TEST_PG_PORT) };
}

async function createCluster() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-pg-'));
  fs.chmodSync(dir, 0o755);
  if (process.getuid() === 0) execFileSync('chown', ['postgres:postgres', dir]);
  asPostgres(`${PGBIN}/initdb`, ['-D', `${dir}/data`, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  const port = await freePort();
  const cluster = { dir, port };
  start(cluster);
  return cluster;
}

function start(c) {
  asPostgres(`${PGBIN}/pg_ctl`, ['-D', `${c.dir}/data`, '-l', `${c.dir}/server.log`, '-w', '-t', '60', '-o',
    `-c listen_addresses=127.0.0.1 -p ${c.port} -k ${c.dir} -c fsync=off -c max_connections=200`, 'start']);
}

function stop(c, mode = 'fast') {
  asPostgres(`${PGBIN}/pg_ctl`, ['-D', `${c.dir}/data`, '-m', mode, '-w', 'stop']);
}

function destroy(c) {
  try { stop(c, 'immediate'); } catch { /* already stopped */ }
  fs.rmSync(c.dir, { recursive: true, force: true });
}

function url(c, db = 'postgres') { return `postgres://postgres@127.0.0.1:${c.port}/${db}`; }

let counter = 0;
function createDatabase(c) {
  const name = `bk_${process.pid}_${++counter}_${Date.now() % 100000}`;
  execFileSync('psql', ['-q', '-d', url(c), '-c', `CREATE DATABASE ${name}`], { stdio: 'pipe' });
  return url(c, name);
}

function psql(dbUrl, query) {
  return execFileSync('psql', ['-At', '-q', '-d', dbUrl], { input: query + ';\n', stdio: ['pipe', 'pipe', 'pipe'] }).toString().trim();
}

module.exports = { createCluster, start, stop, destroy, url, createDatabase, psql, fromEnv, freePort };
