// Debian's Chromium through playwright-core (never a downloaded browser), headless with WebGL2
// through SwiftShader, and helpers that act like a person: real clicks and taps on the DOM
// mirror's elements (laid over the canvas), real key events into its <input>s. The page's
// read-only test hook (window.__bk.state()) only reports the flow state.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { chromium } = require('playwright-core');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

// A phone as the issue describes it: 360×740 CSS px at DPR 3, touch, an on-screen keyboard.
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

async function launch(options = {}) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    // A Persian browser unless a test says otherwise: the page's language follows the browser's.
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1000, height: 900 }, locale: 'fa-IR', ...options,
  });
  context.on('close', () => {
    try { fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 }); } catch (e) { /* chromium may still be writing; it is a temp dir */ }
  });
  return context;
}

const sel = (id) => `[data-bk="${id}"]`;

// axe-core on the page as it is: fails with the serious and critical violations, and where.
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
async function audit(page, screen) {
  const found = await page.evaluate(async (src) => {
    if (!window.axe) (0, eval)(src);
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
  }, AXE);
  if (found.length) throw new Error('axe on the ' + screen + ' screen:\n' + found.join('\n'));
}

// The code points the client rasterises (kGlyphRanges in src/client/glyph_ranges.h, read from
// there) and the invisible controls it drops after shaping: any other character on screen would
// be drawn as "?".
const GLYPHS = (() => {
  const src = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'client', 'glyph_ranges.h'), 'utf8');
  const block = /kGlyphRanges\[\] = \{([^}]*)\}/.exec(src)[1];
  return [...block.matchAll(/0x([0-9A-Fa-f]+), 0x([0-9A-Fa-f]+),/g)].map((m) => [parseInt(m[1], 16), parseInt(m[2], 16)]);
})();
const DROPPED = [[0x200b, 0x200f], [0x202a, 0x202e], [0x2066, 0x2069], [0xfeff, 0xfeff]];
function undrawable(text) {
  const inside = (c, ranges) => ranges.some(([a, b]) => c >= a && c <= b);
  return [...(text || '')].filter((ch) => { const c = ch.codePointAt(0); return c !== 10 && !inside(c, GLYPHS) && !inside(c, DROPPED); });
}

// ---- what a screen reader hears, and what a printed page says ----
// The live region, as a screen reader hears it (its <p>s, newest last).
const heard = (page) => page.locator('[aria-live="polite"]').evaluate((live) => [...live.children].map((p) => p.textContent));
// Waits until the live region says something matching `re`; returns that line.
async function hear(page, re, what, timeout = 10000) {
  const t0 = Date.now();
  for (;;) {
    const line = (await heard(page)).find((t) => re.test(t));
    if (line) return line;
    if (Date.now() - t0 > timeout) throw new Error('never heard ' + what + ': ' + (await heard(page)).join(' | '));
    await page.waitForTimeout(50);
  }
}
// What a screen reader says of the focused control: its accessible name.
const focusedName = (page) => page.evaluate(() => {
  const e = document.activeElement;
  return e ? (e.getAttribute('aria-label') || e.textContent || '').trim() : '';
});
// The text of a printed page (page.pdf() renders the print stylesheet, as the dialog would),
// without the bidi controls pdftotext keeps.
const BIDI = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
function pdfText(buffer) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bk-pdf-')), 'page.pdf');
  fs.writeFileSync(file, buffer);
  return execFileSync('pdftotext', ['-layout', file, '-']).toString().replace(BIDI, '');
}

class Driver {
  constructor(page) {
    this.page = page;
  }
  async open(url) {
    await this.page.goto(url);
    await this.page.waitForFunction(() => window.__bkFirstFrameMs !== undefined && window.__bk, null, { timeout: 30000 });
    await this.settle();
  }
  state() { return this.page.evaluate(() => window.__bk.state()); }
  async settle(ms = 150) { await this.page.waitForTimeout(ms); }
  async waitFor(pred, what, timeout = 10000) {
    const t0 = Date.now();
    for (;;) {
      const s = await this.state();
      if (pred(s)) return s;
      if (Date.now() - t0 > timeout) throw new Error('timed out waiting for ' + what + ': ' + JSON.stringify({ screen: s.screen, notice: s.notice, fields: s.fields }));
      await this.page.waitForTimeout(50);
    }
  }
  el(id) { return this.page.locator(sel(id)); }
  // The widget's rectangle as the client laid it out (CSS px, document coordinates).
  async rect(id) {
    await this.el(id).waitFor();
    return (await this.page.evaluate(() => window.__bk.semantics())).rects[id];
  }
  // A mouse click on the widget's DOM twin (scrolled into view first, as a person would).
  async click(id) {
    await this.el(id).click();
    await this.settle();
  }
  // A finger tap on it.
  async tap(id) {
    await this.el(id).tap();
    await this.settle();
  }
  // A finger drag from (x, fromY) to (x, toY), as touch events: the page scrolls natively.
  async swipe(x, fromY, toY, steps = 30) {
    const cdp = await this.page.context().newCDPSession(this.page);
    const at = (y) => [{ x, y }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(fromY) });
    for (let i = 1; i <= steps; i++) {
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(fromY + ((toY - fromY) * i) / steps) });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await cdp.detach();
    await this.settle(500);
  }
  // Key events into whatever has focus (Persian digits included).
  async type(text) {
    await this.page.keyboard.type(text);
    await this.settle();
  }
  async press(key) {
    await this.page.keyboard.press(key);
    await this.settle();
  }
  async clickAndType(id, text) {
    await this.click(id);
    await this.type(text);
  }
  focused() { return this.page.evaluate(() => (document.activeElement && document.activeElement.dataset.bk) || ''); }
  // Every text the client draws on this screen (names and values) has its glyphs in the font.
  async assertDrawable(screen) {
    const nodes = (await this.page.evaluate(() => window.__bk.semantics())).nodes;
    const bad = nodes.map((n) => ({ id: n.id, chars: undrawable(n.name).concat(undrawable(n.value)) })).filter((n) => n.chars.length);
    if (bad.length) throw new Error('characters the font does not have, on the ' + screen + ' screen: ' +
      bad.map((b) => b.id + ' ' + b.chars.map((c) => 'U+' + c.codePointAt(0).toString(16).toUpperCase()).join(',')).join('; '));
  }
  // Frames drawn so far (the client draws only after an event, a reply or a countdown second).
  async frameCount() { return (await this.page.evaluate(() => window.__bk.frames())).frames; }
  liveText() { return this.page.evaluate(() => [...document.querySelectorAll('#live p')].map((p) => p.textContent)); }
  async screenshot(dir, name) {
    fs.mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, name + '.png') });
  }
}

module.exports = { launch, Driver, PHONE, ARGS, sel, audit, undrawable, heard, hear, focusedName, pdfText };
