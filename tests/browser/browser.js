// Debian's Chromium through playwright-core (never a downloaded browser), headless with WebGL2
// through SwiftShader, and helpers that act like a person: real mouse clicks on widget
// rectangles reported by the page's read-only test hook, real key events (CDP for Persian).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
  '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'];

async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium', headless: true, args: ARGS, viewport: { width: 1000, height: 900 },
  });
  context.on('close', () => {
    try { fs.rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5 }); } catch (e) { /* chromium may still be writing; it is a temp dir */ }
  });
  return context;
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
  async rect(id) {
    const s = await this.waitFor((st) => st.rects[id], 'widget ' + id);
    return s.rects[id];
  }
  async click(id) {
    const [x, y, w, h] = await this.rect(id);
    await this.page.mouse.click(x + w / 2, y + h / 2);
    await this.settle();
  }
  // Types text as key events: ASCII through playwright, anything else through CDP's
  // Input.dispatchKeyEvent with `text` (playwright's keyboard.type sends no events for Persian).
  async type(text) {
    const cdp = await this.page.context().newCDPSession(this.page);
    for (const ch of text) {
      if (/^[\x20-\x7e]$/.test(ch)) {
        await this.page.keyboard.type(ch);
      } else {
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', text: ch, unmodifiedText: ch, key: ch });
        await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: ch });
      }
    }
    await cdp.detach();
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
  async screenshot(dir, name) {
    fs.mkdirSync(dir, { recursive: true });
    await this.page.screenshot({ path: path.join(dir, name + '.png') });
  }
}

module.exports = { launch, Driver };
