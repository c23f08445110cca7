// The whole flow in English, against the real server, by role and English name:
//   - a phone user (touch, an on-screen keyboard: tap() and insertText()) whose browser prefers
//     English: the page starts in English by itself;
//   - a screen-reader user, hearing every answer in English from the live region;
//   - a clerk scanning IDs at 10 ms a key, who switches language mid-flow and loses nothing;
// the document says lang=en dir=ltr and nothing Persian is left on screen but «فارسی»; the
// choice survives a reload; ?lang= chooses; axe finds nothing serious in either language. The
// SMS comes in the language the page asked in. Screenshots of every screen in both directions
// go to artifacts/screens/ (en-* and fa-*).
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { startServer, SAMPLES } = require('../api/harness.js');
const { launch, Driver, PHONE, audit, heard, hear, focusedName, pdfText } = require('./browser.js');

const SHOTS = path.join(__dirname, '..', '..', 'artifacts', 'screens');
const ENGLISH = { locale: 'en-US' };
const MOBILES = { phone: '09121232580', reader: '09351234567', clerk: '09191112233', screens: '09131112233' };
const ARABIC_SCRIPT = /[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
const TRACKING = /([0-9A-Z]{4}-){3}[0-9A-Z]{4}/;

let server;
test.before(async () => { server = await startServer(); });
test.after(async () => { await server.stop(); });

async function openPage(context, query = '?test=1') {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const d = new Driver(page);
  d.errors = errors;
  await d.open(server.base + '/' + query);
  return d;
}

// English everywhere: the document, every node the client describes (what it draws), the page's
// own texts — Persian only in the switch named «فارسی», itself marked lang=fa.
async function assertEnglish(d, screen) {
  const doc = await d.page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir, title: document.title }));
  assert.deepEqual([doc.lang, doc.dir], ['en', 'ltr'], 'the document on the ' + screen + ' screen');
  assert.doesNotMatch(doc.title, ARABIC_SCRIPT);
  const nodes = (await d.page.evaluate(() => window.__bk.semantics())).nodes;
  const persian = nodes.filter((n) => n.id !== 'lang_fa' && ARABIC_SCRIPT.test((n.name || '') + (n.value || '') + (n.error || '')));
  assert.deepEqual(persian.map((n) => n.id + ': ' + n.name), [], 'Persian left on the ' + screen + ' screen');
  const sw = d.el('lang_fa');
  assert.equal(await sw.textContent(), 'فارسی');
  assert.deepEqual([await sw.getAttribute('lang'), await sw.getAttribute('dir')], ['fa', 'rtl']);
  // Everything visible in the document (the mirror's text is transparent, but it is the text).
  const shown = await d.page.evaluate(() => {
    const out = [];
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let t = walk.nextNode(); t; t = walk.nextNode()) {
      const el = t.parentElement;
      if (!el || el.closest('[hidden], noscript, script, #print, [lang="fa"]') || !t.textContent.trim()) continue;
      out.push(t.textContent.trim());
    }
    return out;
  });
  assert.deepEqual(shown.filter((t) => ARABIC_SCRIPT.test(t)), [], 'Persian text in the document on the ' + screen + ' screen');
  await d.assertDrawable(screen);
}

// Upgrade, a mobile, its code: the inquiry screen, by the controls' ids (any language).
async function signIn(d, mobile) {
  await d.click('upgrade');
  await d.clickAndType('mobile', mobile);
  await d.click('get_code');
  await d.waitFor((s) => s.screen === 'code_entry', 'code entry');
  await d.clickAndType('code', await server.code(mobile));
  await d.click('validate');
  await d.waitFor((s) => s.screen === 'inquiry', 'inquiry');
}

test('phone, English browser: the page starts in English and the whole flow works by taps and an on-screen keyboard', async () => {
  const context = await launch({ ...PHONE, ...ENGLISH });
  try {
    const d = await openPage(context);
    const page = d.page;
    await assertEnglish(d, 'landing');
    await audit(page, 'landing (English, phone)');
    await page.getByRole('button', { name: 'Upgrade service', exact: true }).tap();
    const mobile = page.getByRole('textbox', { name: 'Mobile number', exact: true });
    await mobile.waitFor();
    await mobile.tap();
    // Any digits, in either language: Persian digits typed on an English page.
    await page.keyboard.insertText('۰۹۱۲۱۲۳۲۵۸۰');
    await d.settle();
    await page.getByRole('button', { name: 'Get credit code', exact: true }).tap();
    const code = page.getByRole('textbox', { name: 'Credit code', exact: true });
    await code.waitFor();
    await assertEnglish(d, 'code entry');
    await audit(page, 'code entry (English, phone)');
    // The SMS came in English (the page asked in English), its WebOTP line as always.
    const sms = await server.sms(MOBILES.phone);
    assert.match(sms, /^Eligibility inquiry credit code: \d{6}\nValid for 3 minutes\n\n@\S+ #\d{6}$/);
    await code.tap();
    await page.keyboard.insertText(await server.code(MOBILES.phone));
    await d.settle();
    await page.getByRole('button', { name: 'Verify and confirm', exact: true }).tap();
    const nid = page.getByRole('textbox', { name: 'National ID', exact: true });
    await nid.waitFor();
    for (const id of [SAMPLES.eligibleMain, SAMPLES.revoked]) {
      await nid.tap();
      await page.keyboard.insertText(id);
      await d.settle(50);
      await page.getByRole('button', { name: 'Inquire', exact: true }).tap();
      await d.waitFor((s) => s.history.some((h) => h.nationalId === id && h.state === 'answered'), 'the answer for ' + id);
    }
    await page.getByRole('button', { name: 'About this national ID ' + SAMPLES.eligibleMain, exact: true }).tap();
    await d.waitFor((s) => s.history[0].expanded, 'details open');
    assert.ok(await page.getByText('Services: Outpatient services', { exact: true }).isVisible());
    assert.ok(await page.getByText(/^Valid until: \d{1,2} [A-Z][a-z]+ \d{4} \(\d{1,2} [A-Z][a-z]+ \d{4}\)$/).first().isVisible(),
      'the Gregorian date with the Jalali beside it');
    const s = await d.state();
    assert.deepEqual(s.history.map((h) => h.outcome), ['eligible', 'not_eligible']);
    await assertEnglish(d, 'inquiry');
    await audit(page, 'inquiry (English, phone)');
    await d.screenshot(SHOTS, 'en-phone-inquiry');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
  }
});

test('screen reader in English: roles and English names only, every answer heard in English', async () => {
  const context = await launch(ENGLISH);
  try {
    const page = await context.newPage();
    await page.goto(server.base + '/');
    const upgrade = page.getByRole('button', { name: 'Upgrade service', exact: true });
    await upgrade.waitFor({ timeout: 30000 });
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await upgrade.click();
    const mobile = page.getByRole('textbox', { name: 'Mobile number', exact: true });
    await mobile.waitFor();
    assert.equal(await focusedName(page), 'Mobile number');
    await mobile.fill('09802002580');
    await hear(page, /^Mobile number: The mobile prefix belongs to no operator\.$/, 'the mobile error');
    await audit(page, 'credit request with an error (English)');
    await mobile.fill(MOBILES.reader);
    await page.getByRole('button', { name: 'Get credit code', exact: true }).click();
    const code = page.getByRole('textbox', { name: 'Credit code', exact: true });
    await code.waitFor();
    await hear(page, /^The credit code was sent to your mobile by SMS\.$/, 'the SMS notice');
    // A wrong code: the error and the tries left, in English.
    await code.fill('000000');
    await page.getByRole('button', { name: 'Verify and confirm', exact: true }).click();
    await hear(page, /^Credit code: The credit code is not correct\. Tries left before the lock: \d\.$/, 'the wrong code');
    await code.fill(await server.code(MOBILES.reader));
    await page.getByRole('button', { name: 'Verify and confirm', exact: true }).click();
    const nid = page.getByRole('textbox', { name: 'National ID', exact: true });
    await nid.waitFor();
    const asked = [[SAMPLES.eligibleMain, 'Eligible', '19'], [SAMPLES.revoked, 'Not eligible\\. Reason: No active insurance coverage', '18']];
    const codes = [];
    for (const [id, outcome, left] of asked) {
      await nid.fill(id);
      await page.getByRole('button', { name: 'Inquire', exact: true }).click();
      const line = await hear(page, new RegExp('^National ID ' + id + ': ' + outcome + '\\. Tracking code: ' + TRACKING.source + '\\. Remaining credit: ' + left + '$'), 'the answer for ' + id);
      codes.push(TRACKING.exec(line)[0]);
      assert.equal(await focusedName(page), 'National ID');
    }
    const rows = page.getByRole('list', { name: 'Inquiry history' }).getByRole('listitem');
    assert.equal(await rows.count(), 2);
    assert.equal(await page.getByRole('button', { name: 'Copy the tracking code for national ID ' + SAMPLES.eligibleMain, exact: true }).count(), 1);
    assert.equal(await page.getByRole('button', { name: 'Print the receipt for national ID ' + SAMPLES.revoked, exact: true }).count(), 1);
    await page.getByRole('button', { name: 'Delete inquiry history', exact: true }).click();
    await page.getByRole('button', { name: 'Cancel', exact: true }).waitFor();
    assert.equal(await focusedName(page), 'Cancel');
    await page.getByRole('button', { name: 'Yes, delete', exact: true }).click();
    await hear(page, /^The inquiry history was deleted\.$/, 'the deletion');
    await audit(page, 'inquiry after the deletion (English)');

    // The receipt, in English, for anyone holding the code.
    const receipt = await context.newPage();
    await receipt.goto(server.base + '/?receipt=' + codes[1]);
    await hear(receipt, new RegExp('^National ID ' + SAMPLES.revoked + ': Not eligible\\. Tracking code: ' + codes[1] + '$'), 'the receipt', 30000);
    await audit(receipt, 'receipt (English)');
  } finally {
    await context.close();
  }
});

test('clerk: scanning in English, a switch mid-flow keeps everything, the choice survives a reload, ?lang= chooses', async () => {
  const context = await launch(); // a Persian browser
  await context.addInitScript(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
  try {
    const d = await openPage(context);
    const page = d.page;
    assert.equal((await d.state()).lang, 'fa');
    await signIn(d, MOBILES.clerk);
    // Enter on an empty field: its error, read out in Persian.
    await d.click('nationalId');
    await d.press('Enter');
    await hear(page, /^کد ملی: کد ملی را وارد کنید\.$/, 'the empty field, in Persian');
    // «English», in its own language, on the Persian screen.
    const toEnglish = page.getByRole('button', { name: 'English', exact: true });
    assert.deepEqual([await toEnglish.getAttribute('lang'), await toEnglish.getAttribute('dir')], ['en', 'ltr']);
    await toEnglish.click();
    await d.waitFor((s) => s.lang === 'en', 'English');
    await assertEnglish(d, 'inquiry');
    assert.equal(await d.focused(), 'lang_fa', 'focus stays on the switch (now «فارسی»)');
    // What the live region said in Persian is gone (a reader browsing it finds no other language).
    assert.deepEqual((await heard(page)).filter((t) => ARABIC_SCRIPT.test(t)), []);
    assert.equal(await d.el('nationalId_error').textContent(), 'Enter the national ID.');
    // Scanner speed: 10 ms a key, Enter, no pause.
    const ids = [SAMPLES.eligibleMain, SAMPLES.son, SAMPLES.pensioner, SAMPLES.lapsed, SAMPLES.revoked];
    await d.click('nationalId');
    for (const id of ids) {
      await page.keyboard.type(id, { delay: 10 });
      await page.keyboard.press('Enter');
    }
    let s = await d.waitFor((x) => x.history.length === 5 && x.history.every((h) => h.state === 'answered'), 'five answers');
    assert.deepEqual(s.history.map((h) => h.nationalId), ids);
    assert.equal(s.credit.remaining, 15);
    // Half a scan in the field, then back to Persian and to English again: nothing lost.
    await page.keyboard.type('04993', { delay: 10 });
    await d.click('lang_fa');
    s = await d.waitFor((x) => x.lang === 'fa', 'Persian');
    assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    assert.equal(s.fields.nationalId.text, '04993');
    assert.equal(s.history.length, 5);
    assert.equal(s.credit.remaining, 15);
    assert.ok(await page.getByRole('list', { name: 'سوابق استعلام' }).isVisible());
    await audit(page, 'inquiry after switching back (Persian)');
    await d.click('lang_en');
    s = await d.waitFor((x) => x.lang === 'en', 'English again');
    assert.equal(s.fields.nationalId.text, '04993');
    assert.equal(await d.el('nationalId').inputValue(), '04993');
    await assertEnglish(d, 'inquiry, switched twice');
    await audit(page, 'inquiry with five rows (English)');
    await d.screenshot(SHOTS, 'en-clerk-inquiry');
    // A printed receipt, in English.
    await d.click('row4_print');
    assert.equal(await page.evaluate(() => window.__printed), 1);
    assert.deepEqual(await page.evaluate(() => [document.getElementById('print').lang, document.getElementById('print').dir]), ['en', 'ltr']);
    const text = pdfText(await page.pdf());
    assert.match(text, /Social Security Organization/);
    assert.match(text, new RegExp('National ID\\s+' + SAMPLES.revoked));
    assert.match(text, /Eligibility\s+Not eligible/);
    assert.match(text, /you are not eligible/);
    assert.match(text, /Checked on\s+\d{1,2} [A-Z][a-z]+ \d{4} \(\d{1,2} [A-Z][a-z]+ \d{4}\)/);
    assert.match(text, /Services\s+Outpatient services/);
    assert.doesNotMatch(text, ARABIC_SCRIPT);

    // A reload: still English (the choice is kept), and the history with it (the session is).
    await page.reload();
    await page.waitForFunction(() => window.__bk && window.__bkFirstFrameMs !== undefined, null, { timeout: 30000 });
    s = await d.waitFor((x) => x.history.length === 5, 'the rows after the reload');
    assert.equal(s.lang, 'en');
    assert.equal(s.screen, 'inquiry');
    await assertEnglish(d, 'inquiry after a reload');
    // ?lang=fa chooses, whatever was kept, and is kept in turn for a visit without it.
    await d.open(server.base + '/?test=1&lang=fa');
    assert.equal((await d.state()).lang, 'fa');
    assert.deepEqual(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]), ['fa', 'rtl']);
    await d.open(server.base + '/?test=1');
    assert.equal((await d.state()).lang, 'fa');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
  }
});

test('the page\'s own texts and the API\'s errors follow the language', async () => {
  const context = await launch(ENGLISH);
  try {
    // No WebGL2: the message in English only.
    const page = await context.newPage();
    await page.addInitScript(() => { delete window.WebGL2RenderingContext; });
    await page.goto(server.base + '/');
    const shown = page.locator('#nowebgl [data-lang]:not([hidden])');
    await shown.waitFor();
    assert.equal(await shown.count(), 1);
    assert.match(await shown.textContent(), /^Your browser does not support WebGL2\./);
    assert.equal(await page.title(), 'Medical coverage eligibility inquiry');
  } finally {
    await context.close();
  }
  const en = await server.request('POST', '/api/v1/credit-codes', { body: { mobile: '0912' }, headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  const fa = await server.request('POST', '/api/v1/credit-codes', { body: { mobile: '0912' }, headers: { 'accept-language': 'fa-IR' } });
  assert.equal(en.json.error.code, fa.json.error.code);
  assert.equal(en.json.error.message, 'The mobile number must have 11 digits and start with 09.');
  assert.equal(fa.json.error.message, 'شماره همراه باید ۱۱ رقم باشد و با ۰۹ شروع شود.');
  const none = await server.request('POST', '/api/v1/credit-codes', { body: { mobile: '0912' } });
  assert.equal(none.json.error.message, fa.json.error.message, 'Persian without Accept-Language');
});

// Every screen in both directions, for a person to look at (artifacts/screens/fa-*, en-*).
test('screenshots of every screen in Persian and in English', async () => {
  for (const [lang, locale] of [['fa', 'fa-IR'], ['en', 'en-US']]) {
    const context = await launch({ locale });
    try {
      const d = await openPage(context);
      await d.screenshot(SHOTS, lang + '-1-landing');
      await d.click('upgrade_help');
      await d.screenshot(SHOTS, lang + '-2-landing-help');
      await d.click('upgrade');
      await d.screenshot(SHOTS, lang + '-3-credit-request');
      await d.clickAndType('mobile', '09802002580');
      await d.press('Enter');
      await d.screenshot(SHOTS, lang + '-4-mobile-error');
      const mobile = lang === 'fa' ? MOBILES.screens : '09131112244';
      await d.el('mobile').fill(mobile);
      await d.click('get_code');
      await d.waitFor((s) => s.screen === 'code_entry', 'code entry');
      await d.screenshot(SHOTS, lang + '-5-code-entry');
      await d.clickAndType('code', await server.code(mobile));
      await d.press('Enter');
      await d.waitFor((x) => x.screen === 'inquiry', 'inquiry');
      for (const id of [SAMPLES.eligibleMain, SAMPLES.revoked, '0499370898']) {
        await d.type(id);
        await d.press('Enter');
      }
      const s = await d.waitFor((x) => x.history.length === 3 && x.history.every((h) => h.state !== 'pending'), 'three rows');
      await d.click('row0_about');
      await d.click('row1_about');
      await d.screenshot(SHOTS, lang + '-6-inquiry');
      await d.click('delete_history');
      await d.screenshot(SHOTS, lang + '-7-delete-confirm');
      await d.click('delete_cancel');
      const receipt = await context.newPage();
      const r = new Driver(receipt);
      await r.open(server.base + '/?test=1&receipt=' + s.history[1].trackingCode);
      await r.waitFor((x) => x.receipt.found, 'the receipt');
      await r.screenshot(SHOTS, lang + '-8-receipt');
      assert.deepEqual(d.errors, []);
    } finally {
      await context.close();
    }
  }
});
