// Every person can finish the guide's flow against the real server:
//   - a phone user (360×740, DPR 3, touch) with tap() and keyboard.insertText() only, which is
//     what an on-screen keyboard sends;
//   - a screen-reader user, finding everything by role and accessible name, hearing answers
//     from the live region;
//   - a keyboard user, with Tab, typing and Enter only;
// and axe-core finds no serious or critical violation on any screen.
// Screenshots go to artifacts/screens/.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, SAMPLES } = require('../api/harness.js');
const { launch, Driver, PHONE, sel } = require('./browser.js');

const SHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screens');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const persian = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
// Each test its own mobile: one mobile gets a code a minute.
const MOBILES = { phone: '09121232580', reader: '09351234567', keyboard: '09191112233' };

let server;
test.before(async () => { server = await startServer(); });
test.after(async () => { await server.stop(); });

async function openPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) errors.push(m.text()); });
  const d = new Driver(page);
  d.errors = errors;
  await d.open(server.base + '/?test=1');
  return d;
}

// axe-core on the page as it is: the serious and critical violations, with where they are.
async function audit(page, screen) {
  const found = await page.evaluate(async (src) => {
    if (!window.axe) (0, eval)(src);
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  }, AXE);
  assert.deepEqual(found, [], 'axe on the ' + screen + ' screen');
}

test('phone: the whole flow with taps and an on-screen keyboard, at 360×740 DPR 3', async () => {
  const context = await launch(PHONE);
  try {
    const d = await openPage(context);
    const page = d.page;
    assert.equal(await page.evaluate(() => devicePixelRatio), 3);
    assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
    await d.screenshot(SHOTS, 'phone-1-landing');

    // Targets are at least 44×44 CSS px and body text has a 16 px em (measured on the mirror,
    // which lies over the drawn widgets).
    const small = await page.evaluate(() => [...document.querySelectorAll('#mirror button, #mirror input')]
      .map((e) => ({ id: e.dataset.bk, r: e.getBoundingClientRect() })).filter((x) => x.r.width < 44 || x.r.height < 44).map((x) => x.id));
    assert.deepEqual(small, []);
    const ems = await page.evaluate(() => [...document.querySelectorAll('#mirror p')].map((p) => parseFloat(getComputedStyle(p).fontSize)));
    assert.ok(ems.length > 0 && Math.min(...ems) >= 16, 'body text em ≥ 16 px: ' + ems);
    // Pinch-zoom is not blocked.
    const viewport = await page.getAttribute('meta[name=viewport]', 'content');
    assert.doesNotMatch(viewport, /user-scalable\s*=\s*no|maximum-scale\s*=\s*1(\.0)?\b/);

    await d.tap('upgrade');
    await d.waitFor((s) => s.screen === 'credit_request', 'credit request');
    await d.tap('mobile');
    const field = await page.evaluate(() => ({ tag: document.activeElement.tagName, id: document.activeElement.dataset.bk,
      mode: document.activeElement.inputMode, type: document.activeElement.type, ac: document.activeElement.autocomplete }));
    assert.deepEqual(field, { tag: 'INPUT', id: 'mobile', mode: 'tel', type: 'tel', ac: 'tel' });
    await page.keyboard.insertText(MOBILES.phone);
    await d.settle();
    await d.screenshot(SHOTS, 'phone-2-mobile');
    await d.tap('get_code');
    await d.waitFor((s) => s.screen === 'code_entry', 'code entry');
    assert.equal(await d.focused(), 'code'); // the next field is focused for the user
    assert.equal(await d.el('code').evaluate((e) => e.inputMode + ' ' + e.autocomplete), 'numeric one-time-code');
    const code = await server.code(MOBILES.phone);
    await d.tap('code');
    await page.keyboard.insertText(code);
    await d.settle();
    await d.screenshot(SHOTS, 'phone-3-code');
    await d.tap('validate');
    await d.waitFor((s) => s.screen === 'inquiry', 'inquiry');
    assert.equal(await d.focused(), 'national_id');
    assert.equal(await d.el('national_id').evaluate((e) => e.inputMode), 'numeric');

    // Three inquiries, each by tapping the field, typing and tapping «استعلام».
    const ids = [SAMPLES.eligibleMain, SAMPLES.son, SAMPLES.revoked];
    for (let i = 0; i < ids.length; i++) {
      await d.tap('national_id');
      await page.keyboard.insertText(ids[i]);
      await d.settle(50);
      await d.tap('inquire');
      await d.waitFor((s) => s.history.length === i + 1 && s.history[i].state === 'answered', 'answer ' + (i + 1));
    }
    let s = await d.state();
    assert.deepEqual(s.history.map((h) => h.nationalId), ids);
    assert.deepEqual(s.history.map((h) => h.outcome), ['eligible', 'eligible', 'not_eligible']);
    assert.equal(s.credit.remaining, 17);

    // «درباره کد ملی» opens on every tap, and closes again.
    for (let i = 0; i < 4; i++) {
      await d.tap('row0_about');
      s = await d.state();
      assert.equal(s.history[0].expanded, i % 2 === 0, 'tap ' + (i + 1) + ' on the disclosure registered');
      assert.equal(await d.el('row0_about').getAttribute('aria-expanded'), String(i % 2 === 0));
    }
    await d.tap('row0_about');
    await d.screenshot(SHOTS, 'phone-4-details');

    // A swipe (a touch drag) scrolls to the last history row.
    await page.evaluate(() => window.scrollTo(0, 0));
    await d.settle();
    for (let i = 0; i < 4; i++) await d.swipe(180, 650, 120);
    const last = await d.el('row2_tracking').boundingBox();
    assert.ok(last && last.y >= 0 && last.y + last.height <= 740, 'the last row is in view after the swipe: ' + JSON.stringify(last));
    assert.ok(await page.evaluate(() => window.scrollY) > 0);
    await d.screenshot(SHOTS, 'phone-5-swiped');

    await d.tap('delete_history');
    await d.tap('delete_confirm_yes');
    s = await d.waitFor((x) => x.history.length === 0, 'history deleted');
    await d.screenshot(SHOTS, 'phone-6-deleted');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
  }
});

test('screen reader: the flow by roles and accessible names, answers from the live region', async () => {
  const context = await launch();
  try {
    const d = await openPage(context);
    const page = d.page;
    await audit(page, 'landing');
    // The page has a title heading and the canvas is hidden from assistive technology.
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
    assert.equal(await page.locator('canvas').getAttribute('aria-hidden'), 'true');

    await page.getByRole('button', { name: 'ارتقای سرویس', exact: true }).click();
    const mobile = page.getByRole('textbox', { name: 'شماره همراه', exact: true });
    await mobile.waitFor();
    assert.equal(await mobile.getAttribute('aria-required'), 'true');
    // A wrong prefix: the field is invalid and says why.
    await mobile.fill('09802002580');
    await d.settle();
    assert.equal(await mobile.getAttribute('aria-invalid'), 'true');
    const described = await mobile.getAttribute('aria-describedby');
    assert.match(await page.locator('#' + described).textContent(), /پیش شماره همراه/);
    // … and the live region says so as the error appears.
    await page.waitForFunction(() => [...document.querySelectorAll('#live p')].some((p) => /^شماره همراه: .*پیش شماره همراه/.test(p.textContent)), null, { timeout: 5000 });
    await audit(page, 'credit request with an error');
    await mobile.fill(MOBILES.reader);
    await d.settle();
    assert.equal(await mobile.getAttribute('aria-invalid'), null);
    await page.getByRole('button', { name: 'دریافت کد اعتباری' }).click();

    const code = page.getByRole('textbox', { name: 'کد اعتباری', exact: true });
    await code.waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('#live p')].some((p) => /پیامک شد/.test(p.textContent)), null, { timeout: 5000 });
    assert.ok((await d.liveText()).some((t) => /کد اعتباری به شماره همراه شما پیامک شد/.test(t)), 'the notice is announced');
    await audit(page, 'code entry');
    await code.fill(await server.code(MOBILES.reader));
    await page.getByRole('button', { name: 'اعتبار سنجی و تایید' }).click();

    const nid = page.getByRole('textbox', { name: 'کد ملی', exact: true });
    await nid.waitFor();
    // A click on the visible label «کد ملی *» puts focus in its field.
    await page.locator('#mirror label[for="bk-national_id"]').click();
    assert.equal(await d.focused(), 'national_id');
    await nid.fill(SAMPLES.eligibleMain);
    await page.getByRole('button', { name: 'استعلام', exact: true }).click();
    await d.waitFor((s) => s.history.length === 1 && s.history[0].state === 'answered', 'answer');
    const tracking = (await d.state()).history[0].trackingCode;
    await page.waitForFunction(() => document.querySelectorAll('#live p').length > 0);
    const said = (await d.liveText()).join(' | ');
    assert.match(said, new RegExp(persian(SAMPLES.eligibleMain)));
    assert.match(said, /دارای برخورداری/);
    assert.match(said, new RegExp(tracking));

    // The history is a list; its row's details are a disclosure.
    const list = page.getByRole('list', { name: 'سوابق استعلام' });
    assert.equal(await list.getByRole('listitem').count(), 1);
    // Each row's buttons say which ID they act on.
    const about = page.getByRole('button', { name: 'درباره کد ملی ' + persian(SAMPLES.eligibleMain), exact: true });
    assert.equal(await page.getByRole('button', { name: 'کپی کد پیگیری کد ملی ' + persian(SAMPLES.eligibleMain), exact: true }).count(), 1);
    assert.equal(await page.getByRole('heading', { name: 'سوابق استعلام', level: 2 }).count(), 1);
    assert.equal(await about.getAttribute('aria-expanded'), 'false');
    await about.click();
    await d.settle();
    assert.equal(await about.getAttribute('aria-expanded'), 'true');
    assert.ok(await page.getByText('نوع خدمات: خدمات غیر بستری').isVisible());
    await audit(page, 'inquiry with details open');
    await d.screenshot(SHOTS, 'reader-1-inquiry');

    // The tracking code can be selected and copied as text.
    const copied = await page.evaluate((id) => {
      const v = document.querySelector(`[data-bk="${id}"] .bk-value`);
      v.click();
      return String(window.getSelection());
    }, 'row0_tracking');
    assert.equal(copied, tracking);

    // A reload does not read the restored rows out again.
    await page.reload();
    await page.waitForFunction(() => window.__bkFirstFrameMs !== undefined && window.__bk);
    await d.waitFor((x) => x.screen === 'inquiry' && x.history.length === 1, 'inquiry after reload');
    await d.settle(500);
    assert.ok(!(await d.liveText()).some((t) => t.includes(persian(SAMPLES.eligibleMain))), 'restored rows are not re-announced');

    // Deleting asks first; then it is said, focus returns to the field, and the live region
    // no longer holds the deleted IDs.
    await page.getByRole('button', { name: 'حذف سابقه استعلامات', exact: true }).click();
    const cancel = page.getByRole('button', { name: 'انصراف', exact: true });
    await cancel.waitFor();
    assert.equal(await d.focused(), 'delete_cancel');
    await page.getByRole('button', { name: 'بله، حذف شود', exact: true }).click();
    await d.waitFor((x) => x.history.length === 0, 'history deleted');
    await d.settle();
    assert.deepEqual(await d.liveText(), ['سابقه استعلامات حذف شد.']);
    assert.equal(await d.focused(), 'national_id');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
  }
});

test('keyboard: the flow with Tab, typing and Enter only, focus always visible', async () => {
  const context = await launch();
  try {
    const d = await openPage(context);
    const page = d.page;
    const focusVisible = () => page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return e !== document.body && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    });

    await page.keyboard.press('Tab');
    assert.equal(await d.focused(), 'upgrade', 'the first Tab reaches the task, not the help');
    assert.ok(await focusVisible());
    await page.keyboard.press('Enter');
    await d.waitFor((s) => s.screen === 'credit_request', 'credit request');
    assert.equal(await d.focused(), 'mobile');
    await page.keyboard.type(MOBILES.keyboard);
    await page.keyboard.press('Enter');
    await d.waitFor((s) => s.screen === 'code_entry', 'code entry');
    assert.equal(await d.focused(), 'code');
    assert.ok(await focusVisible());
    await page.keyboard.type(await server.code(MOBILES.keyboard));
    await page.keyboard.press('Enter');
    await d.waitFor((s) => s.screen === 'inquiry', 'inquiry');
    assert.equal(await d.focused(), 'national_id');
    await page.keyboard.type(SAMPLES.pensioner);
    await page.keyboard.press('Enter');
    await d.waitFor((s) => s.history.length === 1 && s.history[0].state === 'answered', 'answer');
    assert.equal(await d.focused(), 'national_id', 'focus stays ready for the next ID');

    // Tab order follows the reading order: the rows (newest last), then the field, «استعلام»,
    // «حذف سابقه استعلامات», «چاپ سوابق».
    const order = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      order.push(await d.focused());
      assert.ok(await focusVisible(), 'focus visible on ' + order[order.length - 1]);
    }
    assert.deepEqual(order, ['inquire', 'delete_history', 'print_history']);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+Tab');
    assert.equal(await d.focused(), 'row0_about', 'the newest row sits just above the field');
    await page.keyboard.press('Enter');
    let s = await d.waitFor((x) => x.history[0].expanded, 'details opened with Enter');
    await page.keyboard.press(' ');
    s = await d.waitFor((x) => !x.history[0].expanded, 'details closed with Space');
    await d.screenshot(SHOTS, 'keyboard-1-inquiry');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
  }
});
