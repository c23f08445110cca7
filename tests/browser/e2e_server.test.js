// The real system end to end: the server binary serves the built client and the API; Chromium
// completes the guide's flow with a code read from the dev outbox (as the README tells a new user).
// Then the server goes away mid-session: the row shows «نامشخص» with a retry, and once the
// server is back the retry answers.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, SAMPLES } = require('../api/harness.js');
const { launch, Driver } = require('./browser.js');

const SHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screens');

test('the guide\'s flow against the real server, then an outage and a retry', async () => {
  let s = await startServer();
  const context = await launch();
  try {
    const d = new Driver(await context.newPage());
    const errors = [];
    d.page.on('pageerror', (e) => errors.push(e.message));
    d.page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) errors.push(m.text()); });
    await d.open(s.base + '/?test=1');
    let st = await d.waitFor((x) => x.serviceLoaded, 'GET /service answered');
    assert.equal(st.demo, false, 'the page talks to the server, not the demo');

    await d.click('upgrade');
    await d.clickAndType('mobile', '۰۹۱۲۱۲۳۲۵۸۰');
    await d.click('get_code');
    st = await d.waitFor((x) => x.screen === 'code_entry', 'code entry');
    assert.equal(st.codeBySms, true);
    const code = await s.code('09121232580');
    await d.clickAndType('code', code);
    await d.press('Enter');
    st = await d.waitFor((x) => x.screen === 'inquiry', 'inquiry');
    assert.equal(st.credit.remaining, 20);
    await d.screenshot(SHOTS, 'server-1-inquiry');

    await d.clickAndType('nationalId', SAMPLES.eligibleMain);
    await d.press('Enter');
    st = await d.waitFor((x) => x.history.length === 1 && x.history[0].state === 'answered', 'an answer');
    assert.equal(st.history[0].outcome, 'eligible');
    assert.equal(st.credit.remaining, 19);
    // the receipt is on the server
    const receipt = await s.request('GET', '/api/v1/inquiries/' + st.history[0].trackingCode);
    assert.equal(receipt.status, 200);

    // the server goes away: the inquiry is undetermined, not a hang, and nothing is spent
    const port = s.port;
    await s.stop();
    await d.clickAndType('nationalId', SAMPLES.son);
    await d.press('Enter');
    st = await d.waitFor((x) => x.history.length === 2 && x.history[1].state === 'undetermined', 'undetermined row', 20000);
    assert.equal(st.busy, false);
    await d.screenshot(SHOTS, 'server-2-undetermined');

    // back on the same port and database: retry answers, with the same session
    s = await startServer(['--listen', '127.0.0.1:' + port], { dir: s.dir, db: s.db });
    await d.click('row1_retry');
    st = await d.waitFor((x) => x.history[1].state === 'answered', 'retried answer');
    assert.equal(st.history[1].outcome, 'eligible');
    assert.equal(st.credit.remaining, 18);
    await d.screenshot(SHOTS, 'server-3-retried');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await s.stop();
  }
});
