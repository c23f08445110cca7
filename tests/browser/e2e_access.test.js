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
const { launch, Driver, PHONE, sel, audit, heard, hear, focusedName } = require('./browser.js');

const SHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screens');
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

// On a coarse pointer: every control at least 44×44 CSS px and every text's em at least 16 px
// (the mirror's elements lie over the drawn widgets with the font size the client drew).
async function touchSized(d, screen) {
  const small = await d.page.evaluate(() => [...document.querySelectorAll('#mirror button, #mirror input, #mirror a')]
    .map((e) => ({ id: e.dataset.bk, r: e.getBoundingClientRect() })).filter((x) => x.r.width < 44 || x.r.height < 44).map((x) => x.id));
  assert.deepEqual(small, [], 'targets under 44×44 on the ' + screen + ' screen');
  const ems = await d.page.evaluate(() => [...document.querySelectorAll('#mirror p, #mirror li, #mirror h1, #mirror h2, #mirror label')]
    .filter((e) => e.textContent.trim()).map((p) => parseFloat(getComputedStyle(p).fontSize)));
  assert.ok(ems.length > 0 && Math.min(...ems) >= 16, 'text em ≥ 16 px on the ' + screen + ' screen: ' + Math.min(...ems));
  await d.assertDrawable(screen);
}

// A tap that changes the screen draws the new one at once, with no further input (the bug: the
// old screen stayed drawn until the next tap).
async function tapRedraws(d, id, until, what) {
  const before = await d.frameCount();
  await d.el(id).tap();
  const s = await d.waitFor(until, what, 3000);
  await d.page.waitForTimeout(100);
  assert.ok(await d.frameCount() > before, 'a frame was drawn after the tap on ' + id);
  return s;
}

test('phone: the whole flow with taps and an on-screen keyboard, at 360×740 DPR 3', async () => {
  const context = await launch(PHONE);
  try {
    const d = await openPage(context);
    const page = d.page;
    assert.equal(await page.evaluate(() => devicePixelRatio), 3);
    assert.equal(await page.evaluate(() => matchMedia('(pointer: coarse)').matches), true);
    await d.screenshot(SHOTS, 'phone-1-landing');

    // Pinch-zoom is not blocked.
    const viewport = await page.getAttribute('meta[name=viewport]', 'content');
    assert.doesNotMatch(viewport, /user-scalable\s*=\s*no|maximum-scale\s*=\s*1(\.0)?\b/);

    await touchSized(d, 'landing');
    await audit(page, 'landing, on a phone');
    await tapRedraws(d, 'upgrade', (s) => s.screen === 'credit_request', 'credit request');
    await touchSized(d, 'credit request');
    // The field's visible label is a target too: a tap on it puts the keyboard up for its field.
    await page.locator('#mirror label[for="bk-mobile"]').tap();
    assert.equal(await d.focused(), 'mobile');
    await page.evaluate(() => document.activeElement.blur());
    await d.tap('mobile');
    const field = await page.evaluate(() => ({ tag: document.activeElement.tagName, id: document.activeElement.dataset.bk,
      mode: document.activeElement.inputMode, type: document.activeElement.type, ac: document.activeElement.autocomplete }));
    assert.deepEqual(field, { tag: 'INPUT', id: 'mobile', mode: 'tel', type: 'tel', ac: 'tel' });
    await page.keyboard.insertText(MOBILES.phone);
    await d.settle();
    await d.screenshot(SHOTS, 'phone-2-mobile');
    await tapRedraws(d, 'get_code', (s) => s.screen === 'code_entry', 'code entry');
    assert.equal(await d.focused(), 'code'); // the next field is focused for the user
    await touchSized(d, 'code entry');
    assert.equal(await d.el('code').evaluate((e) => e.inputMode + ' ' + e.autocomplete), 'numeric one-time-code');
    const code = await server.code(MOBILES.phone);
    await d.tap('code');
    await page.keyboard.insertText(code);
    await d.settle();
    await d.screenshot(SHOTS, 'phone-3-code');
    await tapRedraws(d, 'validate', (s) => s.screen === 'inquiry', 'inquiry');
    assert.equal(await d.focused(), 'nationalId');
    assert.equal(await d.el('nationalId').evaluate((e) => e.inputMode), 'numeric');

    // Three inquiries, each by tapping the field, typing and tapping «استعلام».
    const ids = [SAMPLES.eligibleMain, SAMPLES.son, SAMPLES.revoked];
    for (let i = 0; i < ids.length; i++) {
      await d.tap('nationalId');
      await page.keyboard.insertText(ids[i]);
      await d.settle(50);
      await d.tap('inquire');
      await d.waitFor((s) => s.history.length === i + 1 && s.history[i].state === 'answered', 'answer ' + (i + 1));
    }
    let s = await d.state();
    assert.deepEqual(s.history.map((h) => h.nationalId), ids);
    // The green bar's text keeps its distance from the bar's edges (it used to touch them).
    const sem = await page.evaluate(() => window.__bk.semantics());
    const bar = sem.rects.credit_bar;
    for (const n of sem.nodes.filter((x) => x.parent === 'credit_bar')) {
      const [x, y, w, h] = n.rect;
      assert.ok(x >= bar[0] + 15 && x + w <= bar[0] + bar[2] - 15 && y >= bar[1] + 8 && y + h <= bar[1] + bar[3] - 8,
        n.id + ' sits inside the bar with room: ' + JSON.stringify({ node: n.rect, bar }));
    }
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
    // «کپی» on a phone (no hover to bring frames): the button itself says «کپی شد» at once.
    await d.el('row0_copy').tap();
    await page.waitForTimeout(400);
    const copyNode = (await page.evaluate(() => window.__bk.semantics())).nodes.find((n) => n.id === 'row0_copy');
    assert.match(copyNode.name, /کپی شد/, 'the drawn button says it was copied');
    await touchSized(d, 'inquiry with three rows, details open');
    await audit(page, 'inquiry, on a phone');
    // A tap whose finger moves a few pixels is still a tap (it closes the details again).
    const box = await d.el('row0_about').boundingBox();
    const cdp = await page.context().newCDPSession(page);
    const at = (dx) => [{ x: box.x + box.width / 2 + dx, y: box.y + box.height / 2 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(3) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await d.waitFor((x) => x.history[0].expanded === false, 'a tap that moved 3 px closed the details');
    await d.tap('row0_about');
    await d.screenshot(SHOTS, 'phone-4-details');

    // A swipe (a touch drag) scrolls to the last history row.
    for (let i = 0; i < 6 && await page.evaluate(() => window.scrollY) > 0; i++) await d.swipe(180, 150, 650); // up to the top, by hand
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'swipes down scroll to the top');
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


test('screen reader: the whole flow by roles and accessible names only, answers heard from the live region', async () => {
  const context = await launch();
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.base + '/');
    const upgrade = page.getByRole('button', { name: 'ارتقای سرویس', exact: true });
    await upgrade.waitFor({ timeout: 30000 });
    await audit(page, 'landing');
    // One title heading; the canvas is hidden from assistive technology.
    assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
    assert.equal(await page.locator('canvas').getAttribute('aria-hidden'), 'true');

    await upgrade.click();
    const mobile = page.getByRole('textbox', { name: 'شماره همراه', exact: true });
    await mobile.waitFor();
    assert.equal(await mobile.getAttribute('aria-required'), 'true');
    assert.equal(await focusedName(page), 'شماره همراه', 'focus moved to the field the step needs');
    // The USSD code can be taken away: its own text, selected whole by a click.
    const ussd = page.getByText('*4*420*99#', { exact: true });
    await ussd.click();
    assert.equal(await page.evaluate(() => String(window.getSelection())), '*4*420*99#');
    // A wrong prefix: the field is invalid, says why, and the live region says it too.
    await mobile.fill('09802002580');
    await hear(page, /^شماره همراه: .*پیش شماره همراه/, 'the mobile error');
    assert.equal(await mobile.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#' + await mobile.getAttribute('aria-describedby')).textContent(), /پیش شماره همراه/);
    await audit(page, 'credit request with an error');
    // Each press on a field with an error says it again (the same words, a second time).
    const said = async () => (await heard(page)).filter((t) => /^شماره همراه: .*پیش شماره همراه/.test(t)).length;
    const before = await said();
    await mobile.press('Enter');
    await page.waitForFunction((n) => [...document.querySelector('[aria-live="polite"]').children]
      .filter((p) => /^شماره همراه: .*پیش شماره همراه/.test(p.textContent)).length > n, before);
    await mobile.fill(MOBILES.reader);
    await page.getByRole('button', { name: 'دریافت کد اعتباری', exact: true }).click();

    const code = page.getByRole('textbox', { name: 'کد اعتباری', exact: true });
    await code.waitFor();
    await hear(page, /کد اعتباری به شماره همراه شما پیامک شد/, 'the SMS notice');
    assert.equal(await focusedName(page), 'کد اعتباری');
    await audit(page, 'code entry');
    await code.fill(await server.code(MOBILES.reader)); // the SMS, read on the phone
    await page.getByRole('button', { name: 'اعتبار سنجی و تایید', exact: true }).click();

    const nid = page.getByRole('textbox', { name: 'کد ملی', exact: true });
    await nid.waitFor();
    assert.equal(await focusedName(page), 'کد ملی');
    // The live region holds this screen's messages only: the last screen's are gone.
    assert.ok(!(await heard(page)).some((t) => /پیامک شد|شماره همراه:/.test(t)), 'old messages left: ' + (await heard(page)).join(' | '));
    // Each answer says what the row shows unopened: outcome, why not (words that name no family
    // fact), tracking code, and the credit left (20 at first).
    const asked = [[SAMPLES.eligibleMain, 'دارای برخورداری', '۱۹'], [SAMPLES.son, 'دارای برخورداری', '۱۸'],
      [SAMPLES.revoked, 'فاقد برخورداری\\. علت: پوشش بیمه ای فعال نیست', '۱۷']];
    const codes = [];
    for (const [id, outcome, left] of asked) {
      await nid.fill(id);
      await page.getByRole('button', { name: 'استعلام', exact: true }).click();
      const line = await hear(page, new RegExp('^کد ملی ' + persian(id) + ': ' + outcome + '\\. کد پیگیری: ([0-9A-Z]{4}-){3}[0-9A-Z]{4}\\. میزان اعتبار: ' + left + '$'), 'the answer for ' + id);
      codes.push(/([0-9A-Z]{4}-){3}[0-9A-Z]{4}/.exec(line)[0]);
      assert.equal(await focusedName(page), 'کد ملی', 'ready for the next ID');
    }

    // The history is a list, in request order; each row's buttons say which ID they act on.
    const rows = page.getByRole('list', { name: 'سوابق استعلام' }).getByRole('listitem');
    assert.equal(await rows.count(), 3);
    for (let i = 0; i < 3; i++) assert.match(await rows.nth(i).textContent(), new RegExp(codes[i]));
    const first = persian(SAMPLES.eligibleMain);
    const about = page.getByRole('button', { name: 'درباره کد ملی ' + first, exact: true });
    assert.equal(await page.getByRole('heading', { name: 'سوابق استعلام', level: 2 }).count(), 1);
    assert.equal(await about.getAttribute('aria-expanded'), 'false');
    await about.click();
    await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await about.elementHandle());
    assert.ok(await page.getByText('نوع خدمات: خدمات غیر بستری').isVisible());
    await audit(page, 'inquiry with details open');
    await page.screenshot({ path: path.join(SHOTS, 'reader-1-inquiry.png') });

    // The tracking code is text: a click selects all of it; «کپی» puts it on the clipboard.
    await page.getByText(codes[0], { exact: true }).click();
    assert.equal(await page.evaluate(() => String(window.getSelection())), codes[0]);
    await page.getByRole('button', { name: 'کپی کد پیگیری کد ملی ' + first, exact: true }).click();
    await hear(page, /^کد پیگیری کپی شد\.$/, 'the copy');
    assert.equal(await page.getByRole('button', { name: 'کپی شد', exact: true }).count() +
      await page.getByRole('button', { name: new RegExp('کپی شد'), exact: false }).count() > 0, true, 'the button says it was copied');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), codes[0]);

    // A reload keeps the rows and does not read them out again.
    await page.reload();
    await page.getByRole('list', { name: 'سوابق استعلام' }).waitFor({ state: 'attached', timeout: 30000 });
    assert.equal(await rows.count(), 3);
    await page.waitForTimeout(500);
    assert.ok(!(await heard(page)).some((t) => t.includes(first)), 'restored rows are not re-announced');

    // Deleting asks first (focus on «انصراف»), then it is said, focus returns to the field, and
    // the live region no longer holds the deleted IDs.
    await page.getByRole('button', { name: 'حذف سابقه استعلامات', exact: true }).click();
    await page.getByRole('button', { name: 'انصراف', exact: true }).waitFor();
    assert.equal(await focusedName(page), 'انصراف');
    await audit(page, 'delete confirmation');
    await page.getByRole('button', { name: 'بله، حذف شود', exact: true }).click();
    await hear(page, /^سابقه استعلامات حذف شد\.$/, 'the deletion');
    assert.deepEqual(await heard(page), ['سابقه استعلامات حذف شد.']);
    assert.equal(await page.getByRole('list', { name: 'سوابق استعلام' }).count(), 0);
    assert.equal(await focusedName(page), 'کد ملی');
    assert.deepEqual(errors, []);

    // Anyone holding a tracking code (another browser) hears the recorded answer again.
    const other = await launch();
    try {
      const receipt = await other.newPage();
      await receipt.goto(server.base + '/?receipt=' + codes[2]);
      await hear(receipt, new RegExp('کد ملی ' + persian(SAMPLES.revoked) + ': فاقد برخورداری\\. کد پیگیری: ' + codes[2]), 'the receipt', 30000);
      assert.ok(await receipt.getByText(codes[2], { exact: true }).isVisible());
      await audit(receipt, 'receipt view');
    } finally { await other.close(); }
  } finally {
    await context.close();
  }
});

test('keyboard: the whole flow with Tab, typing and Enter only, focus always visible', async () => {
  const context = await launch();
  try {
    const d = await openPage(context);
    const page = d.page;
    const focusVisible = () => page.evaluate(() => {
      const e = document.activeElement;
      const s = getComputedStyle(e);
      return e !== document.body && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    });
    // Tab until `id` has focus. Past the page's last control Tab leaves the page (for the
    // browser's own controls) and the next Tab comes back to its first: allowed, as in a browser.
    const tabTo = async (id, max = 40) => {
      for (let i = 0; i < max; i++) {
        if (await d.focused() === id) return;
        await page.keyboard.press('Tab');
        const left = await page.evaluate(() => document.activeElement === document.body || !document.activeElement);
        if (!left) assert.ok(await focusVisible(), 'focus visible on ' + await d.focused());
      }
      throw new Error('Tab never reached ' + id);
    };

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
    assert.equal(await d.focused(), 'nationalId');
    const ids = [SAMPLES.pensioner, SAMPLES.son, SAMPLES.lapsed];
    for (let i = 0; i < ids.length; i++) {
      await page.keyboard.type(ids[i]);
      await page.keyboard.press('Enter');
      await d.waitFor((s) => s.history.length === i + 1 && s.history[i].state === 'answered', 'answer ' + (i + 1));
      assert.equal(await d.focused(), 'nationalId', 'focus stays ready for the next ID');
    }
    assert.deepEqual((await d.state()).history.map((h) => h.outcome), ['eligible', 'eligible', 'not_eligible']);

    // Tab order follows the reading order: the field, «استعلام», «حذف سابقه استعلامات», «چاپ سوابق»;
    // Tab goes on around the page to the rows above the field.
    const order = [];
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Tab');
      order.push(await d.focused());
      assert.ok(await focusVisible(), 'focus visible on ' + order[order.length - 1]);
    }
    assert.deepEqual(order, ['inquire', 'delete_history', 'print_history']);
    await tabTo('row0_about');
    await page.keyboard.press('Enter');
    await d.waitFor((x) => x.history[0].expanded, 'details opened with Enter');
    await page.keyboard.press('Enter');
    await d.waitFor((x) => !x.history[0].expanded, 'details closed with Enter');
    await d.screenshot(SHOTS, 'keyboard-1-inquiry');

    // Delete the history: Enter on «حذف سابقه استعلامات», Tab to «بله، حذف شود», Enter.
    await tabTo('delete_history');
    await page.keyboard.press('Enter');
    await d.settle();
    assert.equal(await d.focused(), 'delete_cancel', 'the question takes focus, on the safe answer');
    await tabTo('delete_confirm_yes');
    await page.keyboard.press('Enter');
    await d.waitFor((x) => x.history.length === 0, 'history deleted');
    assert.equal(await d.focused(), 'nationalId');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
  }
});
