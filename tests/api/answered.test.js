// Every request whose bytes reached the server gets an answer — its own, a 503, or a 400/413
// from the HTTP layer — even when its connection is the one chosen to make room for another, or
// the server is stopping. Only a connection with nothing of a request on it may be closed
// unanswered.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const net = require('node:net');
const { startServer } = require('./harness.js');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// One raw keep-alive connection: send bytes, wait for whole responses, see it close.
function connection(port) {
  const c = net.connect(port, '127.0.0.1');
  const state = { data: '', closed: false };
  c.setNoDelay(true);
  c.on('data', (d) => { state.data += d.toString('latin1'); });
  c.on('close', () => { state.closed = true; });
  c.on('error', () => {});
  const responses = () => (state.data.match(/HTTP\/1\.1 \d{3} /g) || []).length;
  return {
    state,
    send: (bytes) => c.write(bytes),
    responses,
    // Resolves with the number of responses once there are `n`, or when it closed first.
    until: (n, ms = 5000) => new Promise((resolve) => {
      const t0 = Date.now();
      const tick = () => (responses() >= n || state.closed || Date.now() - t0 > ms ? resolve(responses()) : setTimeout(tick, 10));
      tick();
    }),
    destroy: () => c.destroy(),
  };
}

const HEAD_START = 'GET /api/v1/service HTTP/1.1\r\nHost: x\r\n';
const FULL = HEAD_START + '\r\n';

test('a connection in the middle of a request is never closed to make room: the request is answered', async () => {
  const s = await startServer(['--max-connections-per-client', '8']);
  const all = [];
  try {
    // Eight keep-alive connections, the client's cap, each answered once and then idle.
    const old = Array.from({ length: 8 }, () => connection(s.port));
    all.push(...old);
    for (const c of old) c.send(FULL);
    for (const c of old) assert.equal(await c.until(1), 1, 'first answer');
    // Each starts its next request: the header's first line is with the server, its end is not.
    for (const c of old) c.send(HEAD_START);
    await sleep(300);
    // Eight more connections, each wanting room: each of the eight has part of a request on it,
    // so none may be closed before that request is answered.
    const fresh = Array.from({ length: 8 }, () => connection(s.port));
    all.push(...fresh);
    for (const c of fresh) c.send(FULL);
    await sleep(500);
    // The requests begun before are finished now, and every one is answered.
    for (const c of old) c.send('\r\n');
    for (const [i, c] of old.entries()) {
      assert.equal(await c.until(2), 2, `request ${i + 1} of 8 answered (the connection ${c.state.closed ? 'was closed' : 'is open'})`);
      assert.match(c.state.data.split(/(?=HTTP\/1\.1 \d{3} )/)[1], /^HTTP\/1\.1 200/);
    }
    // An old connection chosen to make room closes after its answer, and says so. (Which ones are
    // chosen depends on timing: a newcomer whose request has not arrived yet is idle too, and
    // may be the one chosen.)
    for (const c of old) {
      if (/^Connection: close\r$/mi.test(c.state.data.split(/(?=HTTP\/1\.1 \d{3} )/)[1])) {
        assert.ok(c.state.closed || (await c.until(3, 1000), c.state.closed), 'closed after its answer');
      }
    }
    // A newcomer was let in for the room each chose (answered), or refused at accept with
    // nothing read: never half-answered.
    for (const c of fresh) {
      const n = await c.until(1, 2000);
      assert.ok(n === 1 || (n === 0 && c.state.closed), `a newcomer got ${n} answers and is ${c.state.closed ? 'closed' : 'open'}`);
    }
  } finally {
    for (const c of all) c.destroy();
    await s.stop();
  }
});

test('a graceful stop answers a request that had begun to arrive, then closes', async () => {
  const s = await startServer([]);
  const c = connection(s.port);
  try {
    c.send(FULL);
    assert.equal(await c.until(1), 1);
    c.send(HEAD_START);
    await sleep(300);
    const stopped = s.stop();
    await sleep(300);
    c.send('\r\n');
    assert.equal(await c.until(2), 2, 'answered during the stop');
    const second = c.state.data.split(/(?=HTTP\/1\.1 \d{3} )/)[1];
    assert.match(second, /^HTTP\/1\.1 200/);
    assert.match(second, /^Connection: close\r$/mi);
    await stopped;
  } finally {
    c.destroy();
    await s.stop();
  }
});
