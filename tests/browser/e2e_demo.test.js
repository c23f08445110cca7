// End to end in headless Chromium (Debian's, WebGL2 through SwiftShader): the static page in
// demo mode, the whole flow with real mouse clicks and key events on the DOM mirror over the
// canvas. The page's test hook only reports flow state; it never drives the flow.
// A PNG of every screen goes to artifacts/screens/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { serve } = require('./static_server.js');
const { launch, Driver, ARGS } = require('./browser.js');

const ROOT = path.join(__dirname, '..', '..');
const WEB = process.env.BK_WEB_ROOT || path.join(ROOT, 'build', 'wasm', 'web');
const SHOTS = path.join(ROOT, 'artifacts', 'screens');
const persian = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
const ascii = (s) => s.replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));

let server, context, base;
test.before(async () => {
  server = await serve(WEB);
  base = `http://127.0.0.1:${server.address().port}/`;
  context = await launch();
});
test.after(async () => {
  await context.close();
  server.close();
});

async function newDriver(options = {}) {
  const page = await context.newPage();
  if (options.viewport) await page.setViewportSize(options.viewport);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const d = new Driver(page);
  d.errors = errors;
  return d;
}

test('demo: the SMS path, inquiries, details, invalid ID, delete history, start over', async () => {
  const d = await newDriver();
  await d.open(base + '?demo=1&test=1');
  let s = await d.state();
  assert.equal(s.demo, true);
  assert.equal(s.screen, 'landing');
  await d.screenshot(SHOTS, '1-landing');

  // Screen 2: «ارتقای سرویس»
  await d.click('upgrade');
  s = await d.waitFor((st) => st.screen === 'credit_request', 'credit request');
  // a wrong prefix shows its Persian reason as you type, and nothing is sent
  await d.clickAndType('mobile', '09802002580');
  s = await d.state();
  assert.equal(s.fields.mobile.error, 'mobile_unknown_prefix');
  assert.equal(s.fields.mobile.text, '09802002580'); // the <input> holds what was typed (the canvas shows Persian digits)
  assert.equal(await d.el('mobile').inputValue(), '09802002580');
  assert.equal(await d.el('mobile').getAttribute('aria-invalid'), 'true');
  await d.screenshot(SHOTS, '2-credit-request-error');
  for (let i = 0; i < 11; i++) await d.page.keyboard.press('Backspace');
  // the browser edits the <input>: every quick Backspace arrives
  s = await d.waitFor((st) => st.fields.mobile.text === '', 'all 11 Backspaces to arrive', 5000);

  // the mobile in Persian digits, typed through CDP key events
  await d.type('۰۹۱۲۱۲۳۲۵۸۰');
  s = await d.state();
  assert.equal(ascii(s.fields.mobile.text), '09121232580');
  assert.equal(s.fields.mobile.error, '');
  await d.screenshot(SHOTS, '2-credit-request');

  // Screen 3: «دریافت کد اعتباری» → the code arrives on the demo phone
  await d.click('get_code');
  s = await d.waitFor((st) => st.screen === 'code_entry', 'code entry');
  assert.equal(s.codeBySms, true);
  assert.ok(s.codeSecondsLeft > 170 && s.codeSecondsLeft <= 180);
  const code = /#(\d{6})$/.exec(s.phone)[1];
  await d.screenshot(SHOTS, '3-code-entry');

  // a wrong code first
  const wrong = code === '111111' ? '222222' : '111111';
  await d.clickAndType('code', wrong);
  await d.press('Enter');
  s = await d.waitFor((st) => st.fields.code.error === 'invalid_code', 'invalid code error');
  assert.equal(s.screen, 'code_entry');
  await d.settle(300); // as a person would: read the error, then correct the code (the field refocuses after Enter)
  for (let i = 0; i < 6; i++) await d.page.keyboard.press('Backspace');
  await d.waitFor((st) => st.fields.code.text === '', 'the wrong code erased');
  await d.type(code);
  await d.press('Enter'); // Enter submits the focused form
  s = await d.waitFor((st) => st.screen === 'inquiry', 'inquiry screen');
  assert.equal(s.credit.mobile, '0912***2580');
  assert.equal(s.credit.remaining, 20);
  await d.screenshot(SHOTS, '4-inquiry');

  // an eligible main insured, typed in Persian digits
  await d.clickAndType('nationalId', persian(s.samples.eligibleMain));
  await d.click('inquire');
  s = await d.waitFor((st) => st.history.length === 1 && st.history[0].state === 'answered', 'answer');
  assert.equal(s.history[0].nationalId, s.samples.eligibleMain);
  assert.equal(s.history[0].outcome, 'eligible');
  assert.match(s.history[0].trackingCode, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(s.credit.remaining, 19);

  // a revoked one, with Enter
  await d.clickAndType('nationalId', s.samples.revoked);
  await d.press('Enter');
  s = await d.waitFor((st) => st.history.length === 2 && st.history[1].state === 'answered', 'second answer');
  assert.equal(s.history[1].outcome, 'not_eligible');
  assert.equal(s.credit.remaining, 18);

  // «درباره کد ملی» opens the details
  await d.click('row1_about');
  s = await d.waitFor((st) => st.history[1].expanded, 'details open');
  await d.screenshot(SHOTS, '5-history-details');

  // an invalid ID: its reason next to the field as it is typed; «استعلام» gives it a row of its
  // own (nothing sent, no credit spent) and clears the field; «اصلاح» puts it back.
  await d.clickAndType('nationalId', '1234567890');
  s = await d.state();
  assert.equal(s.fields.nationalId.error, 'national_id_checksum');
  await d.click('inquire');
  s = await d.state();
  assert.equal(s.history.length, 3);
  assert.deepEqual([s.history[2].state, s.history[2].nationalId, s.history[2].error], ['rejected', '1234567890', 'national_id_checksum']);
  assert.equal(s.fields.nationalId.text, '');
  assert.equal(s.credit.remaining, 18);
  await d.screenshot(SHOTS, '6-invalid-id');
  await d.click('row2_correct');
  s = await d.waitFor((st) => st.history.length === 2 && st.fields.nationalId.text === '1234567890', 'the ID back in the field');
  assert.equal(await d.el('nationalId').inputValue(), '1234567890');

  // «حذف سابقه استعلامات», confirmed
  await d.click('delete_history');
  await d.click('delete_cancel');
  s = await d.state();
  assert.equal(s.history.length, 2, 'cancel deletes nothing');
  await d.click('delete_history');
  await d.click('delete_confirm_yes');
  s = await d.waitFor((st) => st.history.length === 0, 'history cleared');

  // «دریافت مجدد کد اعتباری»
  await d.click('get_code_again');
  s = await d.waitFor((st) => st.screen === 'credit_request', 'back to credit request');
  assert.deepEqual(d.errors, []);
  await d.page.close();
});

test('demo: the USSD / "I already have a code" path', async () => {
  const d = await newDriver();
  await d.open(base + '?demo=1&test=1');
  await d.click('upgrade');
  await d.clickAndType('mobile', '09351234567');
  await d.click('dial_ussd');
  let s = await d.waitFor((st) => st.ussd.length > 0, 'the phone shows a USSD answer');
  const code = /(\d{6})/.exec(s.ussd)[1];
  await d.screenshot(SHOTS, '7-ussd-phone');
  await d.click('have_code');
  s = await d.waitFor((st) => st.screen === 'code_entry', 'code entry');
  assert.equal(s.codeBySms, false);
  await d.clickAndType('code', persian(code));
  await d.click('validate');
  s = await d.waitFor((st) => st.screen === 'inquiry', 'inquiry');
  assert.equal(s.credit.mobile, '0935***4567');
  await d.page.close();
});

test('demo: sharp on devicePixelRatio 2 and usable at 360×640', async () => {
  const d = await newDriver({ viewport: { width: 360, height: 640 } });
  const cdp = await d.page.context().newCDPSession(d.page);
  await cdp.send('Emulation.setDeviceMetricsOverride', { width: 360, height: 640, deviceScaleFactor: 2, mobile: false });
  await d.open(base + '?demo=1&test=1');
  const size = await d.page.evaluate(() => ({ w: Module.canvas.width, h: Module.canvas.height, dpr: devicePixelRatio }));
  assert.equal(size.dpr, 2);
  assert.equal(size.w, 720); // the backing store is CSS size × 2
  assert.equal(size.h, 1280);
  const s = await d.state();
  const [x, , w] = await d.rect('upgrade');
  assert.ok(x >= 0 && x + w <= 360, 'the button fits on a 360 px screen');
  await d.screenshot(SHOTS, '8-phone-dpr2');
  await d.click('upgrade');
  await d.waitFor((st) => st.screen === 'credit_request', 'credit request on a phone');
  await d.screenshot(SHOTS, '9-phone-credit-request');
  await cdp.detach();
  await d.page.close();
});

test('demo: WebOTP — where the browser reads the SMS, the code fills itself in', async () => {
  const d = await newDriver();
  // This Chromium has no SMS to read: stand in for the browser's WebOTP with the same API.
  await d.page.addInitScript(() => {
    window.OTPCredential = function OTPCredential() {};
    window.__otpAsked = [];
    navigator.credentials.get = (options) => new Promise((resolve) => {
      window.__otpAsked.push(JSON.stringify(options.otp));
      window.__otpAnswer = resolve;
    });
  });
  await d.open(base + '?demo=1&test=1');
  await d.click('upgrade');
  await d.type('09121232580');
  await d.press('Enter');
  let s = await d.waitFor((st) => st.screen === 'code_entry', 'code entry');
  assert.deepEqual(await d.page.evaluate(() => window.__otpAsked), ['{"transport":["sms"]}']);
  const code = /#(\d{6})$/.exec(s.phone)[1]; // the SMS ends with the origin-bound line "@host #code"
  await d.page.evaluate((c) => window.__otpAnswer({ type: 'otp', code: c }), code);
  s = await d.waitFor((st) => st.fields.code.text === code, 'the code filled in');
  assert.equal(await d.el('code').inputValue(), code);
  await d.press('Enter');
  await d.waitFor((st) => st.screen === 'inquiry', 'inquiry');
  await d.page.close();
});

// A browser with the WebGL2 API whose GPU gives no context (blocked, or too old): the client
// finds out when it asks for one, and the page says so in Persian instead of loading forever.
test('no WebGL2 context: the page says so', async () => {
  const noGl = await launch({ args: [...ARGS, '--disable-webgl2'] });
  try {
    const page = await noGl.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(base + '?demo=1');
    await page.waitForSelector('#nowebgl:not([hidden])', { timeout: 30000 });
    assert.match(await page.textContent('#nowebgl'), /WebGL2/);
    assert.equal(await page.isHidden('#loading'), true);
    assert.deepEqual(errors, []);
  } finally {
    await noGl.close();
  }
});
