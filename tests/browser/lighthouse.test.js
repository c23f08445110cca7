// Lighthouse's accessibility audit of the page the real server serves: 100, on the phone preset.
// (Its accessibility score is deterministic; the performance figures are not, on a shared
// machine, and scripts/bench-client.sh prints them.)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { startServer } = require('../api/harness.js');
const { lighthouse, summary } = require('./lighthouse.js');

test('Lighthouse mobile: accessibility 100, with every failing audit named', { timeout: 240000 }, async () => {
  const server = await startServer();
  try {
    const lhr = await lighthouse(server.base + '/', { categories: ['accessibility'] });
    // (A runtimeError such as NO_NAVSTART concerns Lighthouse's trace, which no accessibility
    // audit reads.)
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id + ': ' + a.title);
    assert.deepEqual(failing, []);
    assert.equal(summary(lhr).accessibility, 100);
  } finally {
    await server.stop();
  }
});
