// The config file (`--config FILE`, BK_CONFIG): what the Debian package's
// /etc/barkhordari/barkhordari.conf is. `name = value` lines in the option names of --help;
// comments; quoted values; a flag wins over the environment, which wins over the file.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startServer, tempDir } = require('./harness.js');

const BIN = process.env.BK_SERVER_BIN || path.join(__dirname, '..', '..', 'build', 'native', 'barkhordari');

test('a config file sets options; # in a value is kept; the environment and flags win over it', async () => {
  const dir = tempDir();
  const conf = path.join(dir, 'barkhordari.conf');
  fs.writeFileSync(conf, [
    '# barkhordari.conf',
    '',
    'quota = 7            # inquiries per code',
    'ussd-code = *4*420*99#',
    'sms-host = "example.ir"',
    'resend-cooldown = 90',
    'open-inquiry = false',
  ].join('\n'));
  const s = await startServer(['--config', conf, '--resend-cooldown', '45'], { env: { BK_QUOTA: '9' } });
  try {
    const info = (await s.request('GET', '/api/v1/service')).json;
    assert.equal(info.ussdCode, '*4*420*99#');
    assert.equal(info.quotaPerCode, 9, 'the environment wins over the file');
    assert.equal(info.resendCooldownSeconds, 45, 'a flag wins over the file');
    assert.equal(info.openInquiry, false);
  } finally { await s.stop(); }
  const s2 = await startServer([], { env: { BK_CONFIG: conf } });
  try {
    const info = (await s2.request('GET', '/api/v1/service')).json;
    assert.equal(info.quotaPerCode, 7, 'BK_CONFIG names the file');
    assert.equal(info.resendCooldownSeconds, 90);
  } finally { await s2.stop(); }
});

test('a config file with a mistake is refused, naming the line', () => {
  const dir = tempDir();
  for (const [text, want] of [['quota = 7\nno-such-option = 1\n', /:2: unknown option no-such-option/],
    ['quota = lots\n', /:1: bad value for quota: lots/],
    ['just words\n', /:1: expected name = value/]]) {
    const conf = path.join(dir, 'bad.conf');
    fs.writeFileSync(conf, text);
    const r = spawnSync(BIN, ['--config', conf, '--dev', '--listen', '127.0.0.1:0', '--db', path.join(dir, 'x.db')], { encoding: 'utf8', timeout: 10000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, want);
  }
  const missing = spawnSync(BIN, ['--config', path.join(dir, 'nope.conf'), '--dev'], { encoding: 'utf8', timeout: 10000 });
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /cannot read the config file/);
});
