// The OpenAPI 3.1 document of /api/v1: valid (swagger-parser), served as kept in the repo, and
// covering every /api/v1 route of the server's table. (Every API test checks its exchanges
// against it: contract.js, through the harness.)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const SwaggerParser = require('@apidevtools/swagger-parser');
const { startServer } = require('./harness.js');
const { DOC, DOC_PATH } = require('./contract.js');

let s;
test.before(async () => { s = await startServer([], { env: { BK_USSD_SECRET: 'ussd-secret-5d8e2a7c91f0' } }); });
test.after(async () => { await s.stop(); });

test('the document is valid OpenAPI 3.1', async () => {
  const api = await SwaggerParser.validate(DOC_PATH);
  assert.equal(api.openapi, '3.1.0');
});

test('the server serves the document kept in the repo', async () => {
  const r = await s.request('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.deepEqual(r.json, DOC);
});

test('every /api/v1 route of the server\'s table is in the document, and nothing else is', () => {
  // The one route table (src/server/routes.cpp), its /api/v1 rows.
  const table = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'server', 'routes.cpp'), 'utf8');
  const served = new Set([...table.matchAll(/\{V::(\w+), "\/api\/v1([^"]+)"/g)] // any verb: put, patch …
    .map((x) => x[1].replace('_', '').toUpperCase() + ' ' + x[2]));
  const documented = new Set();
  for (const [p, item] of Object.entries(DOC.paths))
    for (const method of Object.keys(item)) documented.add(method.toUpperCase() + ' ' + p.replace(/\{[^}]+\}/, '{code}'));
  assert.ok(served.size >= 10, 'routes found: ' + [...served].join(', '));
  assert.deepEqual([...served].sort(), [...documented].sort());
});
