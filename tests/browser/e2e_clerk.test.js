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
const { launch, Driver } = require('./browser.js');

const ROOT = path.join(__dirname, '..', '..');
const WEB = process.env.BK_WEB_ROOT || path.join(ROOT, 'build', 'wasm', 'web');
const SHOTS = path.join(ROOT, 'artifacts', 'screens');
const TRACKING = /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/;
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

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

function pdfText(buffer) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bk-pdf-')), 'page.pdf');
  fs.writeFileSync(file, buffer);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(BIDI, '');
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
  await d.click('national_id');
  await d.page.keyboard.press('Control+V');
}

async function threePasses(d, server, label) {
  const first = randomIds(50, label.length * 7919);
  await d.click('national_id');
  const t0 = Date.now();
  await scan(d, first);
  const typedMs = Date.now() - t0;
  let s = await checkRows(d, server, first, 0);
  // The view followed: the newest row and the field are on screen.
  const inView = await d.page.evaluate(() => {
    const r = document.querySelector('[data-bk="national_id"]').getBoundingClientRect();
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
  return { s, typedMs, count: first.length + repeated.length + pasted.length };
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
    assert.equal(s.credit.remaining, 200 - count);
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

    // Print one row: the PDF holds its tracking code and its outcome as text.
    await d.click('row1_print');
    assert.equal(await d.page.evaluate(() => window.__printed), 1);
    let text = pdfText(await d.page.pdf());
    assert.match(text, new RegExp(b.trackingCode));
    assert.match(text, /فاقد برخورداری/);
    assert.match(text, /خدمات غیر بستری/);
    assert.doesNotMatch(text, new RegExp(a.trackingCode));
    // Print the history: every answer.
    await d.click('print_history');
    text = pdfText(await d.page.pdf());
    assert.match(text, new RegExp(a.trackingCode));
    assert.match(text, new RegExp(b.trackingCode));
    assert.match(text, /دارای برخورداری/);

    // Reload: the session and the history stay (this tab only), and the next inquiry needs no new code.
    await d.page.reload();
    await d.page.waitForFunction(() => window.__bkFirstFrameMs !== undefined && window.__bk);
    s = await d.waitFor((x) => x.screen === 'inquiry' && x.history.length === 2, 'the same screen and rows after a reload');
    assert.equal(s.history[1].trackingCode, b.trackingCode);
    assert.equal(s.credit.remaining, 18);
    await d.click('national_id');
    await scan(d, [SAMPLES.pensioner]);
    s = await d.waitFor((x) => x.history.length === 3 && x.history[2].state === 'answered', 'an inquiry after the reload');
    assert.equal(s.credit.remaining, 17);
    assert.equal(await d.page.evaluate(() => localStorage.length), 0, 'nothing in localStorage: the computer is shared');

    // Back returns to the previous screen (the used code's screen was replaced); Forward returns.
    await d.page.goBack();
    s = await d.waitFor((x) => x.screen === 'credit_request', 'Back to the credit request');
    await d.page.goForward();
    s = await d.waitFor((x) => x.screen === 'inquiry', 'Forward to the inquiry');
    assert.equal(s.history.length, 3);

    // «حذف سابقه استعلامات» (confirmed) clears the saved history too.
    await d.click('delete_history');
    await d.click('delete_confirm_yes');
    await d.waitFor((x) => x.history.length === 0, 'deleted');
    await d.page.reload();
    await d.page.waitForFunction(() => window.__bkFirstFrameMs !== undefined && window.__bk);
    s = await d.waitFor((x) => x.screen === 'inquiry', 'inquiry after reload');
    assert.equal(s.history.length, 0);

    // The receipt view: anyone with the code sees the recorded answer, and prints it.
    const r = await newPage(context);
    await r.open(server.base + '/?test=1&receipt=' + a.trackingCode);
    s = await r.waitFor((x) => x.screen === 'receipt' && !x.receipt.loading, 'the receipt');
    assert.equal(s.receipt.found, true);
    assert.equal(s.receipt.outcome, 'eligible');
    await r.screenshot(SHOTS, 'clerk-receipt');
    await r.click('receipt_print');
    text = pdfText(await r.page.pdf());
    assert.match(text, new RegExp(a.trackingCode));
    assert.match(text, /دارای برخورداری/);
    const missing = await newPage(context);
    await missing.open(server.base + '/?test=1&receipt=AAAA-AAAA-AAAA-AAAA');
    s = await missing.waitFor((x) => x.screen === 'receipt' && !x.receipt.loading, 'no such receipt');
    assert.equal(s.receipt.error, 'receipt_not_found');
    assert.deepEqual([...d.errors, ...r.errors], []);
  } finally {
    await context.close();
    await server.stop();
  }
});

test('never a fake answer: a failing service shows an error and retries; only a missing API gives the demo', async () => {
  let calls = 0;
  const service = { openInquiry: true, quotaPerCode: 20, codeTtlSeconds: 180, resendCooldownSeconds: 60, ussdCode: '*4*420*99#', notice: 'اطلاعیه' };
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
    let s = await d.state();
    assert.equal(s.demo, false, 'a 500 is not a reason to show the demo');
    assert.equal(s.serviceFailed, true);
    assert.equal(s.notice, 'service_unreachable');
    assert.ok(await d.el('retry_service').isVisible());
    await d.screenshot(SHOTS, 'clerk-service-error');
    s = await d.waitFor((x) => x.serviceLoaded, 'the retry after back-off', 10000);
    assert.equal(s.demo, false);
    assert.equal(s.openInquiry, true);
    assert.equal(calls >= 2, true);

    const demo = await newPage(context);
    await demo.open(`http://127.0.0.1:${bare.address().port}/?test=1`);
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
