// Lighthouse 12.8.2 (npm) on Debian's Chromium, as the issue about phone networks measures it:
// the mobile preset (a Moto G Power's screen, a 4× slower CPU and a slow 4G network, simulated),
// Chrome headless with SwiftShader for WebGL2. Returns the report (lhr) as JSON.
'use strict';
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CLI = require.resolve('lighthouse/cli/index.js');

function lighthouse(url, { categories } = {}) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bk-lighthouse-'));
  const report = path.join(out, 'report.json');
  const args = [CLI, url, '--quiet', '--output=json', '--output-path=' + report,
    '--chrome-flags=--headless=new --no-sandbox --enable-unsafe-swiftshader --disable-dev-shm-usage --user-data-dir=' + path.join(out, 'profile')];
  if (categories) args.push('--only-categories=' + categories.join(','));
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, timeout: 180000 }, (err, stdout, stderr) => {
      try {
        // A run whose own trace failed (NO_NAVSTART, now and then) still writes its report, with
        // runtimeError set and the categories that need no trace scored; it exits non-zero.
        if (!fs.existsSync(report)) return reject(new Error('lighthouse failed: ' + (stderr || (err && err.message) || '').slice(-2000)));
        resolve(JSON.parse(fs.readFileSync(report, 'utf8')));
      } catch (e) {
        reject(e);
      } finally {
        fs.rmSync(out, { recursive: true, force: true, maxRetries: 5 });
      }
    });
  });
}

// The four scores (0–100) and the figures the issue names.
function summary(lhr) {
  const score = (id) => (lhr.categories[id] ? Math.round(lhr.categories[id].score * 100) : undefined);
  const ms = (id) => (lhr.audits[id] ? Math.round(lhr.audits[id].numericValue) : undefined);
  return {
    performance: score('performance'), accessibility: score('accessibility'),
    bestPractices: score('best-practices'), seo: score('seo'),
    tbt: ms('total-blocking-time'), lcp: ms('largest-contentful-paint'), fcp: ms('first-contentful-paint'),
    tti: ms('interactive'),
  };
}

module.exports = { lighthouse, summary };
