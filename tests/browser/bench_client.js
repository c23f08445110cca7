// Client benchmark (prints numbers, never fails): payload sizes, time to first frame in headless
// Chromium (median of 10), frames drawn while idle on the inquiry screen, CPU per frame while
// typing, and what the DOM mirror costs per frame (the semantics diff plus the page update).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { serve } = require('./static_server.js');
const { launch, Driver } = require('./browser.js');

const WEB = process.env.BK_WEB_ROOT || path.join(__dirname, '..', '..', 'build', 'wasm', 'web');
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
const PAYLOAD = ['index.html', 'style.css', 'dom_mirror.js', 'app.js', 'barkhordari.js', 'barkhordari.wasm', 'Vazirmatn-Regular.ttf'];

async function framesSince(d, before) {
  const stats = await d.page.evaluate(() => window.__bk.frames());
  const n = Math.min(stats.frames - before, stats.cpuMs.length);
  return { n, cpu: stats.cpuMs.slice(-n), sync: stats.syncMs.slice(-n), frames: stats.frames };
}

async function main() {
  // ---- payload ----
  let rawTotal = 0, gzTotal = 0;
  console.log('payload (raw / gzip -9):');
  for (const f of PAYLOAD) {
    const buf = fs.readFileSync(path.join(WEB, f));
    const gz = zlib.gzipSync(buf, { level: 9 }).length;
    rawTotal += buf.length;
    gzTotal += gz;
    console.log(`  ${f.padEnd(22)} ${kb(buf.length).padStart(10)} / ${kb(gz).padStart(9)}`);
  }
  console.log(`  ${'total'.padEnd(22)} ${kb(rawTotal).padStart(10)} / ${kb(gzTotal).padStart(9)}   (budget ≤ 420 KB gzip)`);

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
    console.log(`first frame after navigation: median ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})   (budget ≤ 400 ms)`);

    // ---- to the inquiry screen, through the DOM mirror as a person would ----
    const d = new Driver(await context.newPage());
    await d.open(base + '?demo=1&test=1');
    const first = await framesSince(d, 0);
    await d.click('upgrade');
    await d.type('09121232580');
    await d.press('Enter');
    const s = await d.waitFor((st) => st.screen === 'code_entry', 'code entry');
    await d.type(/#(\d{6})$/.exec(s.phone)[1]);
    await d.press('Enter');
    await d.waitFor((st) => st.screen === 'inquiry', 'inquiry');
    const flow = await framesSince(d, 0);
    console.log(`DOM mirror through the flow: ${flow.n} frames, sync per frame median ${median(flow.sync).toFixed(3)} ms, max ${Math.max(...flow.sync).toFixed(2)} ms; first frame's full build ${first.sync[0].toFixed(2)} ms   (budget: median ≤ 1 ms)`);

    // ---- idle ----
    await d.page.mouse.move(5, 5);
    await d.settle(500);
    const f0 = (await d.page.evaluate(() => window.__bk.frames())).frames;
    await d.page.waitForTimeout(5000);
    const f1 = (await d.page.evaluate(() => window.__bk.frames())).frames;
    console.log(`idle on the inquiry screen: ${f1 - f0} frames in 5 s = ${((f1 - f0) / 5).toFixed(1)} frames/s   (budget: 0)`);

    // ---- typing ----
    await d.click('national_id');
    const before = (await d.page.evaluate(() => window.__bk.frames())).frames;
    for (const ch of '04993708990499370899') await d.page.keyboard.type(ch, { delay: 40 });
    await d.settle(300);
    const typing = await framesSince(d, before);
    console.log(`typing 20 digits: ${typing.n} frames, CPU per frame median ${median(typing.cpu).toFixed(2)} ms, max ${Math.max(...typing.cpu).toFixed(2)} ms   (budget: none over 8 ms); DOM sync median ${median(typing.sync).toFixed(3)} ms`);
  } finally {
    await context.close();
    server.close();
  }
}

main().catch((e) => { console.error('benchmark failed:', e.message); process.exitCode = 0; });
