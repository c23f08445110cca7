// A counter clerk's day against the real server: IDs typed back to back at scanner speed
// (10 ms a key, Enter, no pause), IDs with repeated digits, 20 IDs pasted at once — every row
// must carry exactly the ID typed, in order, with its answer. Then what keeps an answer: copy,
// print (page.pdf() + pdftotext), the receipt view, a reload, Back. The page never shows fake
// answers: a failing service gets an error and a retry; only a missing API gives the demo, which
// then works offline from the service worker's cache.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, SAMPLES } = require('../api/harness.js');
const { serve } = require('./static_server.js');
const { launch, Driver, PHONE, audit, pdfText } = require('./browser.js');

const ROOT = path.join(__dirname, '..', '..');
const WEB = process.env.BK_WEB_ROOT || path.join(ROOT, 'build', 'wasm', 'web');
const SHOTS = path.join(ROOT, 'artifacts', 'screens');
const TRACKING = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
// What a stub backend's GET /service answers (open mode: inquiries need no credit code).
const SETTINGS = { openInquiry: true, quotaPerCode: 20, codeTtlSeconds: 180, resendCooldownSeconds: 60, ussdCode: '*4*420*99#', notice: 'اطلاعیه' };

// ---- national IDs -------------------------------------------------------------------------------
function checkDigit(nine) {
  let s = 0;
  for (let i = 0; i < 9; i++) s += Number(nine[i]) * (10 - i);
  const r = s % 11;
  return r < 2 ? r : 11 - r;
}
function valid(id) { return !/^(\d)\1{9}$/.test(id) && id.slice(3, 9) !== '000000' && checkDigit(id) === Number(id[9]); }
// n valid IDs from a fixed seed (some start with 0, as real ones do), none repeated.
function randomIds(n, seed) {
  const out = new Set();
  let x = seed;
  while (out.size < n) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const nine = String(x % 1000000000).padStart(9, '0');
    const id = nine + checkDigit(nine);
    if (valid(id)) out.add(id);
  }
  return [...out];
}
// IDs made mostly of one repeated digit: the keys a scanner sends fastest, twice in a row.
function repeatedDigitIds() {
  const out = [];
  for (let d = 0; d <= 9; d++) {
    for (const tail of ['1', '7']) {
      const nine = String(d).repeat(8) + tail;
      const id = nine + checkDigit(nine);
      if (valid(id)) out.push(id);
    }
  }
  return out;
}


async function newPage(context) {
  const page = await context.newPage();
  // window.print() would open the print dialog; page.pdf() renders the same print stylesheet.
  await page.addInitScript(() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; });
  const d = new Driver(page);
  d.errors = [];
  page.on('pageerror', (e) => d.errors.push(e.message));
  page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) d.errors.push(m.text()); });
  return d;
}

// Types each ID and Enter at 10 ms a key into the focused field, with no pause in between.
async function scan(d, ids) {
  for (const id of ids) {
    await d.page.keyboard.type(id, { delay: 10 });
    await d.page.keyboard.press('Enter');
  }
}

// Every row, in order, carries exactly the ID given and an answer whose receipt is that ID's.
async function checkRows(d, server, ids, from) {
  const s = await d.waitFor((x) => x.history.length === from + ids.length && x.history.every((h) => h.state !== 'pending'),
    (from + ids.length) + ' rows answered', 60000);
  const rows = s.history.slice(from);
  assert.deepEqual(rows.map((r) => r.nationalId), ids, 'each row holds the ID typed, in order');
  for (const r of rows) {
    assert.equal(r.state, 'answered', r.nationalId + ' answered');
    assert.match(r.trackingCode, TRACKING);
  }
  for (const r of rows.filter((_, i) => i % 7 === 0)) {
    const receipt = await server.request('GET', '/api/v1/inquiries/' + r.trackingCode);
    assert.equal(receipt.json.nationalId, r.nationalId, 'the answer is about the person typed');
  }
  assert.equal(s.fields.nationalId.text, '', 'nothing left over in the field');
  return s;
}

async function pasteInto(d, text) {
  await d.page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await d.click('nationalId');
  await d.page.keyboard.press('Control+V');
}

async function threePasses(d, server, label) {
  const first = randomIds(50, label.length * 7919);
  await d.click('nationalId');
  const t0 = Date.now();
  await scan(d, first);
  const typedMs = Date.now() - t0;
  let s = await checkRows(d, server, first, 0);
  // The view followed: the newest row and the field are on screen.
  const inView = await d.page.evaluate(() => {
    const r = document.querySelector('[data-bk="nationalId"]').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
  assert.ok(inView, 'the field under the newest row is in view');
  await d.screenshot(SHOTS, label + '-1-scanned');

  const repeated = repeatedDigitIds();
  await scan(d, repeated);
  s = await checkRows(d, server, repeated, first.length);

  const pasted = randomIds(20, 4242 + label.length);
  await pasteInto(d, pasted.join('\n'));
  s = await checkRows(d, server, pasted, first.length + repeated.length);
  await d.screenshot(SHOTS, label + '-2-pasted');
  // An invalid scan: its row is added at once (nothing to wait for), and the view follows it too.
  const before = first.length + repeated.length + pasted.length;
  await scan(d, ['1234567890']);
  s = await d.waitFor((x) => x.history.length === before + 1 && x.history[before].state === 'rejected', 'the rejected row');
  await d.settle(300);
  const shown = await d.page.evaluate(() => {
    const r = document.querySelector('[data-bk="inquire"]').getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight };
  });
  assert.ok(shown.top >= 0 && shown.bottom <= shown.height, 'the form under the rejected row is in view: ' + JSON.stringify(shown));
  return { s, typedMs, count: before + 1 };
}

test('clerk, open mode: 50 IDs at scanner speed, repeated digits, 20 pasted — every row exact, in order', async () => {
  const server = await startServer(['--open-inquiry']);
  const context = await launch();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
  try {
    const d = await newPage(context);
    await d.open(server.base + '/?test=1');
    const { s, count } = await threePasses(d, server, 'clerk-open');
    assert.equal(s.history.length, count);
    assert.equal(s.demo, false);
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('clerk, credit mode: the same, and the credit shown follows the answers', async () => {
  const server = await startServer(['--quota', '200']);
  const context = await launch();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
  try {
    const d = await newPage(context);
    await d.open(server.base + '/?test=1');
    await d.click('upgrade');
    await d.type('09121232580');
    await d.press('Enter');
    await d.waitFor((x) => x.screen === 'code_entry', 'code entry');
    await d.type(await server.code('09121232580'));
    await d.press('Enter');
    await d.waitFor((x) => x.screen === 'inquiry', 'inquiry');
    const { s, count } = await threePasses(d, server, 'clerk-credit');
    assert.equal(s.credit.remaining, 200 - (count - 1), 'the invalid scan spent nothing');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('clerk: an invalid ID in a paste costs nothing and says why in its own row; the view stays where the user scrolled', async () => {
  const server = await startServer(['--open-inquiry']);
  const context = await launch();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
  try {
    const d = await newPage(context);
    await d.open(server.base + '/?test=1');
    await pasteInto(d, [SAMPLES.son, '1234567890', SAMPLES.pensioner].join(', '));
    let s = await d.waitFor((x) => x.history.length === 3 && x.history.every((h) => h.state !== 'pending'), 'three rows');
    assert.deepEqual(s.history.map((h) => h.state), ['answered', 'rejected', 'answered']);
    assert.equal(s.history[1].error, 'national_id_checksum');
    for (let i = 0; i < 40 && server.sql('SELECT count(*) FROM receipts') !== '2'; i++) await d.settle(50); // receipts are written in batches
    assert.equal(server.sql('SELECT count(*) FROM receipts'), '2', 'the invalid ID was never sent');

    // Many rows arriving while the user reads further up: the view does not jump.
    await pasteInto(d, randomIds(20, 99).join('\n'));
    await d.page.mouse.wheel(0, -100000);
    await d.settle(300);
    const where = await d.page.evaluate(() => window.scrollY);
    s = await d.waitFor((x) => x.history.length === 23 && x.history.every((h) => h.state !== 'pending'), '23 rows', 30000);
    assert.equal(s.follow, false);
    const now = await d.page.evaluate(() => window.scrollY);
    assert.ok(Math.abs(now - where) < 5, `the view stays where the user scrolled (${where} → ${now})`);
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('clerk: a bad scan gets its own row and never runs into the next; keys on a button go to the field; copy says so; no credit keeps the ID', async () => {
  const server = await startServer(['--quota', '3']);
  const context = await launch();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
  try {
    const d = await newPage(context);
    await d.open(server.base + '/?test=1');
    await d.click('upgrade');
    await d.type('09121232580');
    await d.press('Enter');
    await d.waitFor((x) => x.screen === 'code_entry', 'code entry');
    await d.type(await server.code('09121232580'));
    await d.press('Enter');
    await d.waitFor((x) => x.screen === 'inquiry', 'inquiry');
    // A misread barcode (one digit wrong), then a good scan straight after it.
    const misread = SAMPLES.son.slice(0, 9) + ((Number(SAMPLES.son[9]) + 1) % 10);
    await scan(d, [misread, SAMPLES.son]);
    let s = await d.waitFor((x) => x.history.length === 2 && x.history[1].state === 'answered', 'the good scan answered');
    assert.deepEqual([s.history[0].state, s.history[0].nationalId, s.history[0].error], ['rejected', misread, 'national_id_checksum']);
    assert.equal(s.history[1].nationalId, SAMPLES.son);
    assert.equal(s.credit.remaining, 2, 'the bad scan cost nothing');

    // «کپی»: the tracking code on the clipboard, the button says «کپی شد» for a while.
    await d.click('row1_copy');
    assert.equal(await d.page.evaluate(() => navigator.clipboard.readText()), s.history[1].trackingCode);
    assert.match(await d.el('row1_copy').textContent(), /کپی شد$/);
    await d.page.waitForFunction(() => /^کپی کد پیگیری/.test(document.querySelector('[data-bk="row1_copy"]').textContent), null, { timeout: 5000 });
    // Focus is on that button: the next scan still lands in the field.
    assert.equal(await d.focused(), 'row1_copy');
    await scan(d, [SAMPLES.pensioner]);
    s = await d.waitFor((x) => x.history.length === 3 && x.history[2].state === 'answered', 'the scan after copy');
    assert.equal(s.history[2].nationalId, SAMPLES.pensioner);

    // The last credit, then one more: that ID waits in a row of its own, the field is clear.
    await scan(d, [SAMPLES.eligibleMain, SAMPLES.son]);
    s = await d.waitFor((x) => x.history.length === 5 && x.history.every((h) => h.state !== 'pending'), 'five rows');
    assert.deepEqual(s.history.slice(3).map((h) => [h.state, h.error]), [['answered', ''], ['undetermined', 'credit_exhausted']]);
    assert.equal(s.fields.nationalId.text, '');
    assert.equal(s.notice, 'credit_exhausted');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('keeping an answer: copy, print one and all, the receipt view; reload and Back keep the work', async () => {
  const server = await startServer();
  const context = await launch();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
  try {
    const d = await newPage(context);
    await d.open(server.base + '/?test=1');
    await d.click('upgrade');
    await d.type('09351234567');
    await d.press('Enter');
    await d.waitFor((x) => x.screen === 'code_entry', 'code entry');
    await d.type(await server.code('09351234567'));
    await d.press('Enter');
    await d.waitFor((x) => x.screen === 'inquiry', 'inquiry');
    await scan(d, [SAMPLES.eligibleMain, SAMPLES.revoked]);
    let s = await d.waitFor((x) => x.history.length === 2 && x.history.every((h) => h.state === 'answered'), 'answers');
    const [a, b] = s.history;

    // Copy: the tracking code lands on the clipboard.
    await d.click('row0_copy');
    assert.equal(await d.page.evaluate(() => navigator.clipboard.readText()), a.trackingCode);

    // Print one row: the PDF holds the whole receipt as text — the organisation, the national ID,
    // the outcome and its sentence, the check date (Jalali) and time, outpatient coverage, the
    // tracking code — and nothing of the other row.
    const persian = (x) => x.replace(/[0-9]/g, (c) => String.fromCharCode(0x06f0 + Number(c)));
    await d.click('row1_print');
    assert.equal(await d.page.evaluate(() => window.__printed), 1);
    let text = pdfText(await d.page.pdf());
    assert.match(text, /سازمان تامین اجتماعی/);
    assert.match(text, new RegExp(persian(SAMPLES.revoked)));
    assert.match(text, /فاقد برخورداری/);
    assert.match(text, /را دارا نمی باشید/);
    assert.match(text, /[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}/, 'the check date, Jalali');
    assert.match(text, /[۰-۹]{2}:[۰-۹]{2}/, 'the time of the check');
    assert.match(text, /خدمات غیر بستری/);
    assert.match(text, new RegExp(b.trackingCode));
    assert.doesNotMatch(text, new RegExp(a.trackingCode));
    assert.doesNotMatch(text, new RegExp(persian(SAMPLES.eligibleMain)));
    // Print the history: every answer; the covered one with its valid-until date.
    await d.click('print_history');
    assert.equal(await d.page.evaluate(() => window.__printed), 2);
    text = pdfText(await d.page.pdf());
    assert.match(text, new RegExp(a.trackingCode));
    assert.match(text, new RegExp(b.trackingCode));
    assert.match(text, /دارای برخورداری/);
    assert.match(text, /اعتبار تا تاریخ\s+.*|.*[۰-۹]{4}\/[۰-۹]{2}\/[۰-۹]{2}.*اعتبار تا تاریخ/);
    // The browser's own print (Ctrl+P) after a key: not a blank page (a canvas prints blank), not
    // the receipts printed before, but what the screen says — its rows, their codes, the credit.
    await d.page.keyboard.press('Shift');
    text = pdfText(await d.page.pdf());
    assert.match(text, /سوابق استع(ل|ال)م/); // pdftotext breaks the lam-alef ligature up
    assert.match(text, new RegExp(a.trackingCode));
    assert.match(text, new RegExp(b.trackingCode));
    assert.match(text, /میزان اعتبار/);
    assert.doesNotMatch(text, /حذف سابقه استعلامات/, 'no buttons');

    // Reload: the session and the history stay (this tab only), and the next inquiry needs no new code.
    await d.page.reload();
    await d.page.waitForFunction(() => window.__bkFirstFrameMs !== undefined && window.__bk);
    s = await d.waitFor((x) => x.screen === 'inquiry' && x.history.length === 2, 'the same screen and rows after a reload');
    assert.equal(s.history[1].trackingCode, b.trackingCode);
    assert.equal(s.credit.remaining, 18);
    await d.click('nationalId');
    await scan(d, [SAMPLES.pensioner]);
    s = await d.waitFor((x) => x.history.length === 3 && x.history[2].state === 'answered', 'an inquiry after the reload');
    assert.equal(s.credit.remaining, 17);
    assert.equal(await d.page.evaluate(() => localStorage.length), 0, 'nothing in localStorage: the computer is shared');

    // Back returns to the previous screen (the used code's screen was replaced), and again to
    // the first: the app is still there, the work too; Forward, Forward returns.
    const origin = new URL(server.base).origin;
    await d.page.goBack();
    s = await d.waitFor((x) => x.screen === 'credit_request', 'Back to the credit request');
    await d.page.goBack();
    s = await d.waitFor((x) => x.screen === 'landing', 'Back to the first screen');
    assert.equal(new URL(d.page.url()).origin, origin, 'still in the app');
    assert.equal(s.history.length, 3);
    await d.page.goForward();
    await d.waitFor((x) => x.screen === 'credit_request', 'Forward');
    await d.page.goForward();
    s = await d.waitFor((x) => x.screen === 'inquiry', 'Forward to the inquiry');
    assert.equal(s.history.length, 3);
    // Back to the mobile form while the code is in use: «ادامه استعلام» comes first and has focus,
    // so a scan made there types nothing into the mobile field, and its Enter goes back.
    await d.page.goBack();
    s = await d.waitFor((x) => x.screen === 'credit_request', 'Back to the credit request again');
    const mobileBefore = s.fields.mobile.text;
    await d.page.waitForFunction(() => document.activeElement && document.activeElement.dataset.bk === 'resume');
    await scan(d, [SAMPLES.son]);
    s = await d.waitFor((x) => x.screen === 'inquiry', 'the scan\'s Enter went back to the inquiries');
    assert.equal(s.fields.mobile.text, mobileBefore, 'nothing typed into the mobile field');
    assert.equal(s.history.length, 3, 'and nothing inquired by it');
    assert.equal(await d.focused(), 'nationalId');

    // «حذف سابقه استعلامات» (confirmed) clears the saved history too.
    await d.click('delete_history');
    await d.click('delete_confirm_yes');
    await d.waitFor((x) => x.history.length === 0, 'deleted');
    await d.page.reload();
    await d.page.waitForFunction(() => window.__bkFirstFrameMs !== undefined && window.__bk);
    s = await d.waitFor((x) => x.screen === 'inquiry', 'inquiry after reload');
    assert.equal(s.history.length, 0);

    // «دریافت مجدد کد اعتباری» clears the saved session: a reload comes back without it.
    await d.click('get_code_again');
    await d.waitFor((x) => x.screen === 'credit_request', 'start over');
    await d.page.reload();
    await d.page.waitForFunction(() => window.__bkFirstFrameMs !== undefined && window.__bk);
    s = await d.waitFor((x) => x.screen === 'credit_request', 'the credit screen after a reload');
    assert.equal(s.credit.code, '', 'no session kept');
    assert.equal(await d.page.evaluate(() => /"session":""/.test(Object.values(sessionStorage).join(''))), true);

    // The receipt view: anyone with the code — another browser, no session — sees the recorded
    // answer, and prints it.
    const elsewhere = await launch();
    try {
      const r = await newPage(elsewhere);
      await r.open(server.base + '/?test=1&receipt=' + a.trackingCode);
      s = await r.waitFor((x) => x.screen === 'receipt' && !x.receipt.loading, 'the receipt');
      assert.equal(s.receipt.found, true);
      assert.equal(s.receipt.outcome, 'eligible');
      await audit(r.page, 'receipt view');
      await r.screenshot(SHOTS, 'clerk-receipt');
      await r.click('receipt_print');
      text = pdfText(await r.page.pdf());
      assert.match(text, new RegExp(a.trackingCode));
      assert.match(text, /دارای برخورداری/);
      assert.match(text, new RegExp(persian(SAMPLES.eligibleMain)));
      // Back to the system: the address loses ?receipt=, so a reload does not show it again.
      await r.click('receipt_close');
      await r.waitFor((x) => x.screen === 'landing', 'back from the receipt');
      assert.doesNotMatch(r.page.url(), /receipt=/);
      assert.deepEqual(r.errors, []);
    } finally { await elsewhere.close(); }
    const missing = await newPage(context);
    await missing.open(server.base + '/?test=1&receipt=AAAA-AAAA-AAAA-AAAA');
    s = await missing.waitFor((x) => x.screen === 'receipt' && !x.receipt.loading, 'no such receipt');
    assert.equal(s.receipt.error, 'receipt_not_found');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('never a fake answer: a failing service shows an error and retries; only a missing API gives the demo', async () => {
  let calls = 0;
  const service = SETTINGS;
  const flaky = await serve(WEB, {
    api: (req, res, url) => {
      if (url.pathname === '/api/v1/service' && ++calls === 1) {
        res.writeHead(500, { 'content-type': 'application/json' });
        return res.end('{"error":{"code":"server_error","message":"","messageEn":""}}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(service));
    },
  });
  const bare = await serve(WEB);
  const context = await launch();
  try {
    const d = await newPage(context);
    await d.open(`http://127.0.0.1:${flaky.address().port}/?test=1`);
    // The page is up before GET /service answers (a slow network); the answer is a 500.
    let s = await d.waitFor((x) => !x.servicePending, 'GET /service answered');
    assert.equal(s.demo, false, 'a 500 is not a reason to show the demo');
    assert.equal(s.serviceFailed, true);
    assert.equal(s.notice, 'service_unreachable');
    assert.ok(await d.el('retry_service').isVisible());
    await audit(d.page, 'service error');
    await d.screenshot(SHOTS, 'clerk-service-error');
    s = await d.waitFor((x) => x.serviceLoaded, 'the retry after back-off', 10000);
    assert.equal(s.demo, false);
    assert.equal(s.openInquiry, true);
    assert.equal(calls >= 2, true);
    // The real site's page never downloads the demo's build (the service in the page).
    const loaded = await d.page.evaluate(() => performance.getEntriesByType('resource').map((r) => r.name));
    assert.ok(loaded.some((n) => /\/barkhordari\.[0-9a-f]{10}\.wasm$/.test(n)), loaded.join(' '));
    assert.deepEqual(loaded.filter((n) => /barkhordari-demo/.test(n)), []);
    // Each file once: the preloads match how the loader fetches (credentials mode), or the
    // browser would fetch the file a second time.
    const files = loaded.filter((n) => !/\/api\//.test(n));
    assert.deepEqual(files.filter((n, i) => files.indexOf(n) !== i), [], 'fetched twice');
    const cached = await d.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const keys = await Promise.all((await caches.keys()).map(async (k) => (await (await caches.open(k)).keys()).map((r) => r.url)));
      return keys.flat();
    });
    assert.ok(cached.some((u) => /\/barkhordari\.[0-9a-f]{10}\.wasm$/.test(u)), 'the service worker keeps the site\'s build');
    assert.deepEqual(cached.filter((u) => /barkhordari-demo/.test(u)), [], 'and never the demo\'s');

    const demo = await newPage(context);
    // The site's build is up before GET /service answers; the 404 then swaps in the demo build.
    await demo.page.goto(`http://127.0.0.1:${bare.address().port}/?test=1`);
    await demo.page.waitForURL(/\?test=1&demo=1$/);
    await demo.page.waitForFunction(() => window.__bkFirstFrameMs !== undefined && window.__bk);
    assert.equal((await demo.state()).demo, true, 'no API at all (404): the in-page demo');
  } finally {
    await context.close();
    flaky.close();
    bare.close();
  }
});

test('after one visit, the demo works with the network off (service worker)', async () => {
  const server = await serve(WEB);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const context = await launch();
  try {
    const d = await newPage(context);
    await d.open(base + '?demo=1&test=1');
    await d.page.evaluate(async () => { await navigator.serviceWorker.ready; });
    // The demo build is not precached: the demo page asked the worker to keep it.
    const manifest = JSON.parse(fs.readFileSync(path.join(WEB, 'asset-manifest.json'), 'utf8'));
    await until(d.page, async (files) => (await Promise.all(files.map((f) => caches.match(f)))).every(Boolean),
      'the demo build cached', [manifest['barkhordari-demo.js'], manifest['barkhordari-demo.wasm']]);
    await context.setOffline(true);
    const again = await newPage(context);
    await again.open(base + '?demo=1&test=1');
    assert.equal(await again.page.evaluate(() => !!navigator.serviceWorker.controller), true, 'served by the service worker');
    await again.click('upgrade');
    await again.type('09121232580');
    await again.press('Enter');
    const s = await again.waitFor((x) => x.screen === 'code_entry', 'code entry offline');
    await again.type(/#(\d{6})$/.exec(s.phone)[1]);
    await again.press('Enter');
    await again.waitFor((x) => x.screen === 'inquiry', 'inquiry offline');
    await scan(again, [s.samples.pensioner]);
    const done = await again.waitFor((x) => x.history.length === 1 && x.history[0].state === 'answered', 'an answer offline');
    assert.equal(done.history[0].outcome, 'eligible');
    await context.setOffline(false);
  } finally {
    await context.close();
    server.close();
  }
});

// Found in review: while a code request waited for the server, the wait's status (a 22 px box
// with its sentence) spilled off the left edge of a phone's screen, the page grew sideways and
// scrolled, and every control moved away from where it was drawn. Its text was also marked
// busy, so a screen reader held it back.
test('a wait on a phone: the page keeps its width, and the wait is said', async () => {
  const service = { ...SETTINGS, openInquiry: false };
  const held = [], settings = [];
  const slow = await serve(WEB, {
    api: (req, res, url) => {
      if (url.pathname === '/api/v1/credit-codes') { req.resume(); return held.push(res); }
      settings.push(res); // GET /service: answered later, by the test
    },
  });
  const context = await launch(PHONE);
  try {
    const d = await newPage(context);
    await d.open(`http://127.0.0.1:${slow.address().port}/?test=1`);
    // Usable before the service's settings come; the USSD way is offered once they say its code.
    await d.tap('upgrade');
    assert.equal((await d.state()).servicePending, true);
    assert.equal(await d.page.locator('[data-bk="ussd_code"]').count(), 0, 'no USSD code before the service says it');
    for (const res of settings.splice(0)) { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(service)); }
    await d.waitFor((x) => x.serviceLoaded, 'the settings');
    await d.page.waitForFunction(() => /\*4\*420\*99#/.test((document.querySelector('[data-bk="ussd_code"]') || {}).textContent || ''));
    await d.tap('mobile');
    await d.page.keyboard.insertText('09121232580');
    await d.tap('get_code');
    await d.waitFor((x) => x.busy, 'the code request waiting');
    await d.page.waitForFunction(() => (document.querySelector('[data-bk="busy"]') || {}).textContent);
    const page = await d.page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth, width: window.innerWidth, scrollX: window.scrollX,
      busy: document.querySelector('[data-bk="busy"]').getAttribute('aria-busy'),
      said: document.querySelector('[data-bk="busy"]').textContent,
    }));
    assert.equal(page.scrollWidth, page.width, 'no sideways growth');
    assert.equal(page.scrollX, 0);
    assert.notEqual(page.busy, 'true', 'a live region marked busy holds its words back');
    assert.equal(page.said, 'در حال ارسال درخواست…');
    for (const res of held.splice(0)) { res.writeHead(202, { 'content-type': 'application/json' }); res.end(JSON.stringify({ expiresIn: 180, resendIn: 60 })); }
    await d.waitFor((x) => x.screen === 'code_entry', 'code entry');
  } finally {
    await context.close();
    slow.close();
  }
});

test('leaving the page while an inquiry is pending asks first; with none pending it does not', async () => {
  const service = SETTINGS;
  const held = [];
  const slow = await serve(WEB, {
    api: (req, res, url) => {
      if (url.pathname === '/api/v1/inquiries') {
        req.resume();
        return held.push(res); // answered later, by the test
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(service));
    },
  });
  const context = await launch();
  try {
    const d = await newPage(context);
    await d.open(`http://127.0.0.1:${slow.address().port}/?test=1`);
    await d.click('nationalId');
    await scan(d, [SAMPLES.son]);
    await d.waitFor((x) => x.history.length === 1 && x.history[0].state === 'pending' && x.history[0].sent, 'a pending inquiry');
    const dialogs = [];
    d.page.on('dialog', (dlg) => { dialogs.push(dlg.type()); dlg.dismiss(); });
    await d.page.close({ runBeforeUnload: true });
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(dialogs, ['beforeunload'], 'the browser asked before leaving');
    assert.equal(d.page.isClosed(), false, 'staying was chosen: the page and its pending row are still there');
    // Answered: nothing pending, nothing to ask.
    const answer = { nationalId: SAMPLES.son, outcome: 'eligible', coverage: 'outpatient', checkedAt: '2026-12-01', checkedAtJalali: '1405/09/10',
      checkedAtTime: '12:00', validUntil: '2026-12-21', validUntilJalali: '1405/09/30', trackingCode: 'ABCD-EFGH-JKMN-PQRS', remaining: -1 };
    const drawn = await d.page.evaluate(() => window.__bk.frames().frames);
    for (const res of held.splice(0)) { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify(answer)); }
    await d.waitFor((x) => x.history[0].state === 'answered', 'the answer');
    // The question is lifted with the frame that shows the answer.
    await d.page.waitForFunction((n) => window.__bk.frames().frames > n, drawn);
    await d.page.close({ runBeforeUnload: true });
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(dialogs, ['beforeunload'], 'no second question');
    assert.equal(d.page.isClosed(), true);
  } finally {
    await context.close();
    slow.close();
  }
});

test('waits count down live and go when they end: the resend cool-down, a wrong code\'s tries left, the lock', async () => {
  const server = await startServer(['--resend-cooldown', '3', '--wrong-codes', '2', '--lock-seconds', '3']);
  const context = await launch();
  try {
    const d = await newPage(context);
    await d.open(server.base + '/?test=1');
    const textOf = (id) => d.el(id).textContent();
    await d.click('upgrade');
    await d.type('09121232580');
    await d.press('Enter');
    await d.waitFor((x) => x.screen === 'code_entry', 'code entry');
    // Back to the credit screen at once: the cool-down shows, counts down and goes.
    await d.click('start_over');
    await d.el('resend_in').waitFor();
    const first = await textOf('resend_in');
    await d.settle(1200);
    assert.notEqual(await textOf('resend_in'), first, 'the cool-down counts down');
    await d.el('resend_in').waitFor({ state: 'detached', timeout: 5000 });
    // A new code; a wrong one says how many tries are left, on screen and to a screen reader.
    await d.click('get_code');
    await d.waitFor((x) => x.screen === 'code_entry', 'code entry again');
    const code = await server.code('09121232580');
    const wrong = code === '000000' ? '111111' : '000000';
    await d.click('code');
    await d.type(wrong);
    await d.press('Enter');
    await d.el('attempts_left').waitFor();
    assert.match(await textOf('attempts_left'), /۱/);
    assert.ok((await d.liveText()).some((t) => /کد اعتباری: .*۱/.test(t)), 'the tries left are read out');
    // The last try: locked, with the time left shown live, and gone when it ends.
    await d.page.fill('[data-bk="code"]', '');
    await d.type(wrong);
    await d.press('Enter');
    let s = await d.waitFor((x) => x.notice === 'code_locked' && x.noticeSecondsLeft > 0, 'the lock');
    const lockedFor = s.noticeSecondsLeft;
    assert.match(await textOf('notice'), /\(زمان باقی مانده: [۰-۹]{2}:[۰-۹]{2}\)/, 'the wait is said as time left');
    await d.settle(1200);
    s = await d.state();
    assert.ok(s.notice === 'code_locked' && s.noticeSecondsLeft < lockedFor, 'the lock counts down: ' + lockedFor + ' → ' + s.noticeSecondsLeft);
    await d.waitFor((x) => x.notice === '', 'the lock notice goes when it ends', 6000);
    // Then the right code goes through.
    await d.page.fill('[data-bk="code"]', '');
    await d.type(code);
    await d.press('Enter');
    await d.waitFor((x) => x.screen === 'inquiry', 'inquiry after the lock');
    assert.deepEqual(d.errors, []);
  } finally {
    await context.close();
    await server.stop();
  }
});

// Polls an async condition in the page (waitForFunction would take the promise it returns for a
// true value) until it holds, for up to 20 s.
async function until(page, pred, what, arg) {
  const t0 = Date.now();
  while (!(await page.evaluate(pred, arg))) {
    if (Date.now() - t0 > 20000) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A new build (every file name changes with its content) replaces the old one whole: while a
// page of the old build is open both stand, each page gets its own build's files, offline too;
// the new one takes over once no old page is left, and the old cache goes.
test('the service worker: a new build replaces the old one whole, never mixing them', async () => {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-site-'));
  const copy = (from) => { fs.rmSync(site, { recursive: true, force: true }); fs.cpSync(from, site, { recursive: true }); };
  // Build B: the page assembled again from a web/ whose app.js differs by a comment.
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-websrc-'));
  fs.cpSync(path.join(ROOT, 'web'), src, { recursive: true });
  fs.appendFileSync(path.join(src, 'app.js'), '\n// build B\n');
  const b = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-web-b-'));
  execFileSync('cmake', ['-DWEB_SRC=' + src, '-DINDEX=' + path.join(path.dirname(WEB), 'generated', 'index.html'),
    '-DCLIENT_DIR=' + path.join(path.dirname(WEB), 'client'),
    '-DFONT=' + path.join(path.dirname(WEB), 'font', 'Vazirmatn-Regular.ttf'), '-DOUT=' + b, '-P', path.join(ROOT, 'cmake/web_page.cmake')]);
  const appOf = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'asset-manifest.json'), 'utf8'))['app.js'];
  const appA = appOf(WEB), appB = appOf(b);
  assert.notEqual(appA, appB);
  copy(WEB);
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const context = await launch();
  const scripts = (d) => d.page.evaluate(() => [...document.scripts].map((x) => x.getAttribute('src')).filter(Boolean));
  const cacheNames = (d) => d.page.evaluate(() => caches.keys());
  try {
    const oldPage = await newPage(context);
    await oldPage.open(base + '?demo=1&test=1');
    await oldPage.page.evaluate(async () => { await navigator.serviceWorker.ready; });
    assert.ok((await scripts(oldPage)).includes(appA));
    const cacheA = await cacheNames(oldPage);
    assert.equal(cacheA.length, 1);

    copy(b); // the new build is deployed
    const newPage_ = await newPage(context);
    await newPage_.open(base + '?demo=1&test=1');
    // Offline-first: while a page of the old build is open, a new visit runs the old build,
    // whole, from its cache …
    assert.ok((await scripts(newPage_)).includes(appA), 'a visit while the old build is open runs the old build');
    // … while the new worker installs its whole cache (installed: waiting for the old pages to
    // close); both caches stand.
    await until(newPage_.page, async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return !!reg && !!reg.waiting && (await caches.keys()).length === 2;
    }, 'the new worker installed');
    // Offline, the old page still gets its own files (as a lazy load would) …
    await context.setOffline(true);
    assert.equal(await oldPage.page.evaluate(async (f) => (await fetch(f)).status, appA), 200, 'the old build\'s file, from its cache');
    // … and a new visit comes up whole from one build, not a mix.
    const offline = await newPage(context);
    await offline.open(base + '?demo=1&test=1');
    const loaded = await scripts(offline);
    assert.ok(loaded.includes(appA) !== loaded.includes(appB), 'one build: ' + loaded.join(' '));
    await offline.page.close();
    await context.setOffline(false);

    // No old page left: the new build takes over and the old cache goes (seen from a page that
    // is not the app) …
    await oldPage.page.close();
    await newPage_.page.close();
    const watcher = await context.newPage();
    await watcher.goto(base + 'asset-manifest.json');
    await until(watcher, async (old) => { const k = await caches.keys(); return k.length === 1 && k[0] !== old; }, 'the old cache gone', cacheA[0]);
    await watcher.close();
    // … and the next visit runs the new build, from its cache.
    const later = await newPage(context);
    await later.open(base + '?demo=1&test=1');
    assert.equal((await cacheNames(later)).length, 1);
    assert.ok((await scripts(later)).includes(appB), 'after the old pages closed, a visit runs the new build');
    // The API is never cached (there is none here: the demo; /api answers 404 from the network).
    assert.equal(await later.page.evaluate(async () => (await caches.match('/api/v1/service')) === undefined), true);
  } finally {
    await context.close();
    server.close();
  }
});
