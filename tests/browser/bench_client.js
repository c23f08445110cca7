// Client benchmark (prints numbers, never fails): payload sizes, time to first frame in headless
// Chromium (median of 10), frames drawn while idle on the inquiry screen, CPU per frame while typing.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { serve } = require('./static_server.js');
const { launch, Driver } = require('./browser.js');

const WEB = process.env.BK_WEB_ROOT || path.join(__dirname, '..', '..', 'build', 'wasm', 'web');
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const kb = (n) => (n / 1024).toFixed(1) + ' KB';

async function main() {
  // ---- payload ----
  let rawTotal = 0, gzTotal = 0;
  console.log('payload (raw / gzip -9):');
  for (const f of ['index.html', 'style.css', 'app.js', 'barkhordari.js', 'barkhordari.wasm', 'barkhordari.data']) {
    const buf = fs.readFileSync(path.join(WEB, f));
    const gz = zlib.gzipSync(buf, { level: 9 }).length;
    rawTotal += buf.length;
    gzTotal += gz;
    console.log(`  ${f.padEnd(18)} ${kb(buf.length).padStart(10)} / ${kb(gz).padStart(9)}`);
  }
  console.log(`  ${'total'.padEnd(18)} ${kb(rawTotal).padStart(10)} / ${kb(gzTotal).padStart(9)}   (target ≤ 450 KB gzip)`);

  const server = await serve(WEB);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const context = await launch();
  try {
    // ---- time to first frame ----
    const times = [];
    for (let i = 0; i < 10; i++) {
      const page = await context.newPage();
      await page.goto(base + '?demo=1&test=1');
      await page.waitForFunction(() => window.__bkFirstFrameMs !== undefined, null, { timeout: 30000 });
      times.push(await page.evaluate(() => window.__bkFirstFrameMs));
      await page.close();
    }
    console.log(`first frame after navigation: median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})   (target ≤ 400 ms)`);

    // ---- idle frames on the inquiry screen ----
    const d = new Driver(await context.newPage());
    await d.open(base + '?demo=1&test=1');
    await d.click('upgrade');
    await d.clickAndType('mobile', '09121232580');
    await d.click('get_code');
    const s = await d.waitFor((st) => st.screen === 'code_entry', 'code entry');
    await d.clickAndType('code', /#(\d{6})$/.exec(s.phone)[1]);
    await d.press('Enter');
    await d.waitFor((st) => st.screen === 'inquiry', 'inquiry');
    await d.page.mouse.move(5, 5);
    await d.settle(500);
    const f0 = (await d.page.evaluate(() => window.__bk.frames())).frames;
    await d.page.waitForTimeout(5000);
    const f1 = (await d.page.evaluate(() => window.__bk.frames())).frames;
    console.log(`idle on the inquiry screen: ${f1 - f0} frames in 5 s = ${((f1 - f0) / 5).toFixed(1)} frames/s   (target ≤ 2/s)`);

    // ---- CPU per frame while typing ----
    await d.click('national_id');
    const before = (await d.page.evaluate(() => window.__bk.frames())).frames;
    for (const ch of '04993708990499370899') await d.page.keyboard.type(ch, { delay: 40 });
    await d.settle(300);
    const stats = await d.page.evaluate(() => window.__bk.frames());
    const n = Math.min(stats.frames - before, stats.cpuMs.length);
    const typing = stats.cpuMs.slice(-n);
    console.log(`typing 20 digits: ${n} frames, CPU per frame median ${median(typing).toFixed(2)} ms, max ${Math.max(...typing).toFixed(2)} ms   (target: none over 8 ms)`);
  } finally {
    await context.close();
    server.close();
  }
}

main().catch((e) => { console.error('benchmark failed:', e.message); process.exitCode = 0; });
