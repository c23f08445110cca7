// The WASM core module, used exactly as src/client/CLIENT.md ("The core module") documents it:
//   const core = await require('./build/wasm/barkhordari-core.js')();
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const modulePath = process.env.BK_CORE_MODULE || path.join(__dirname, '..', '..', 'build', 'wasm', 'barkhordari-core.js');
let core;
test.before(async () => {
  core = await require(modulePath)();
});

test('validateNationalId: known-good IDs', () => {
  for (const id of ['0499370899', '0790419904', '1583250689', '0684159414', '4400276201', '2540201288', '7400076205']) {
    const r = core.validateNationalId(id);
    assert.equal(r.valid, true, id);
    assert.equal(r.normalized, id);
    assert.equal(r.reason, 'ok');
  }
});

test('validateNationalId: rejections carry a reason and a Persian message', () => {
  const cases = {
    '0000000000': 'national_id_repeated',
    '9999999999': 'national_id_repeated',
    '1234567890': 'national_id_checksum',
    '0684159415': 'national_id_checksum',
    '0010000000': 'national_id_zero_middle',
    '12345': 'national_id_too_short',
    '12345678901': 'national_id_too_long',
  };
  for (const [id, reason] of Object.entries(cases)) {
    const r = core.validateNationalId(id);
    assert.equal(r.valid, false, id);
    assert.equal(r.reason, reason, id);
    assert.ok(r.message.length > 0);
  }
  assert.equal(core.validateNationalId('12345678901').normalized, '12345678901'); // never truncated
});

test('validateNationalId: Persian digits and padding', () => {
  assert.deepEqual(
    { ...core.validateNationalId('۰۴۹۹-۳۷۰۸۹۹'), message: '', messageEn: '' },
    { valid: true, normalized: '0499370899', reason: 'ok', message: '', messageEn: '' });
  assert.equal(core.validateNationalId('499370899').normalized, '0499370899');
});

test('normalizeMobile: forms, operators, rejects', () => {
  const forms = ['09121232580', '9121232580', '+989121232580', '989121232580', '00989121232580', '۰۹۱۲ ۱۲۳ ۲۵۸۰', '٠٩١٢-١٢٣-٢٥٨٠'];
  for (const f of forms) {
    const r = core.normalizeMobile(f);
    assert.equal(r.valid, true, f);
    assert.equal(r.normalized, '09121232580');
    assert.equal(r.operator, 'MCI');
    assert.equal(r.masked, '0912***2580');
  }
  assert.equal(core.normalizeMobile('09351234567').operator, 'Irancell');
  assert.equal(core.normalizeMobile('09211234567').operator, 'RighTel');
  assert.equal(core.normalizeMobile('09321234567').operator, 'Taliya');
  assert.equal(core.normalizeMobile('09981234567').operator, 'Shatel');
  assert.equal(core.normalizeMobile('09991234567').operator, 'Aptel');
  const bad = core.normalizeMobile('09802002580');
  assert.equal(bad.valid, false);
  assert.equal(bad.reason, 'mobile_unknown_prefix');
  assert.equal(bad.operator, null);
  assert.equal(core.normalizeMobile('0912345678').reason, 'mobile_bad_length');
});

test('toJalali / toGregorian: known dates', () => {
  assert.deepEqual(core.toJalali(2021, 3, 21), { jy: 1400, jm: 1, jd: 1 });
  assert.deepEqual(core.toJalali(2024, 3, 20), { jy: 1403, jm: 1, jd: 1 });
  assert.deepEqual(core.toJalali(2025, 3, 20), { jy: 1403, jm: 12, jd: 30 });
  assert.deepEqual(core.toJalali(2025, 3, 21), { jy: 1404, jm: 1, jd: 1 });
  assert.deepEqual(core.toJalali(1925, 3, 22), { jy: 1304, jm: 1, jd: 2 });
  assert.deepEqual(core.toGregorian(1403, 12, 30), { gy: 2025, gm: 3, gd: 20 });
  assert.deepEqual(core.toGregorian(1404, 1, 1), { gy: 2025, gm: 3, gd: 21 });
  assert.equal(core.toGregorian(1404, 12, 30), null); // 1404 is not leap
  assert.equal(core.toJalali(2023, 2, 29), null);
  assert.equal(core.isJalaliLeapYear(1403), true);
  assert.equal(core.isJalaliLeapYear(1404), false);
  assert.equal(core.formatJalali(1403, 1, 1), '۱۴۰۳/۰۱/۰۱');
});

test('toJalali agrees with the platform calendar (Intl, persian) for a year of days', () => {
  const fmt = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', { timeZone: 'UTC', year: 'numeric', month: 'numeric', day: 'numeric' });
  for (let d = Date.UTC(2024, 0, 1); d < Date.UTC(2025, 0, 1); d += 86400000) {
    const g = new Date(d);
    const parts = Object.fromEntries(fmt.formatToParts(g).map((p) => [p.type, p.value]));
    const j = core.toJalali(g.getUTCFullYear(), g.getUTCMonth() + 1, g.getUTCDate());
    assert.deepEqual([j.jy, j.jm, j.jd], [parseInt(parts.year, 10), parseInt(parts.month, 10), parseInt(parts.day, 10)]);
  }
});

test('digits and messages', () => {
  assert.equal(core.normalizeDigits('۰۱۲۳۴۵۶۷۸۹'), '0123456789');
  assert.equal(core.toPersianDigits('02:59'), '۰۲:۵۹');
  assert.equal(core.message('ui.get_code').fa, 'دریافت کد اعتباری');
  assert.equal(core.message('nope'), null);
});

test('validateNationalIds: many IDs in one call, compact answers that match validateNationalId', () => {
  const ids = ['0499370899', '1234567890', '12345', '۰۴۹۹۳۷۰۸۹۹', '049-937-0899', '0000000000', '0010000000', '12345678901', '', 'abc', '49937089', '7400076205'];
  const r = core.validateNationalIds(ids);
  assert.equal(r.count, ids.length);
  assert.ok(r.reasons instanceof Uint8Array && r.normalized instanceof Uint8Array);
  assert.equal(r.normalized.length, 10 * ids.length);
  assert.deepEqual(core.nationalIdReasons, ['ok', 'national_id_required', 'national_id_not_digits', 'national_id_too_short',
    'national_id_too_long', 'national_id_repeated', 'national_id_zero_middle', 'national_id_checksum']);
  ids.forEach((id, i) => {
    const one = core.validateNationalId(id);
    assert.equal(core.nationalIdReasons[r.reasons[i]], one.reason, id);
    const ten = Buffer.from(r.normalized.subarray(10 * i, 10 * i + 10)).toString('latin1');
    if (one.normalized.length === 10) assert.equal(ten, one.normalized, id);
    else assert.equal(ten, '\0'.repeat(10), id);
  });
  // One ID per line in a string gives the same; so does an array whose element holds a line break.
  const text = core.validateNationalIds(ids.join('\n'));
  assert.deepEqual([...text.reasons], [...r.reasons]);
  const odd = core.validateNationalIds(['0499370899', '0499\n370899', '1345829841']);
  assert.equal(odd.count, 3);
  assert.deepEqual([...odd.reasons], [0, 0, 0]); // the line break counts as a separator inside one ID
  assert.equal(core.validateNationalIds([]).count, 0);
});

// A bug found in review: the first call past 256 IDs sized the answer buffer to the array, so an
// element holding a line break shifted every later answer by one and lost the last.
test('validateNationalIds: a line break inside one of 1,000 elements leaves every answer in its place', () => {
  const fresh = [];
  for (let i = 0; i < 1000; i++) fresh.push(i % 2 ? '0499370899' : '1234567890'); // valid, checksum
  fresh[10] = '0499\n370899';
  fresh[11] = '۰۴۹۹\n۳۷۰۸۹۹'; // the same in Persian digits (the encoder's path)
  const r = core.validateNationalIds(fresh);
  assert.equal(r.count, 1000);
  fresh.forEach((id, i) => assert.equal(core.nationalIdReasons[r.reasons[i]], core.validateNationalId(id).reason, i + ': ' + id));
  assert.equal(r.reasons[999], 0);
});

test('validateNationalIds: 100,000 IDs agree with the one-at-a-time call', () => {
  const ids = [];
  let x = 7;
  for (let i = 0; i < 100000; i++) {
    x = (x * 48271) % 2147483647;
    ids.push(String(x % 10000000000).padStart(10, '0'));
  }
  const r = core.validateNationalIds(ids);
  assert.equal(r.count, ids.length);
  for (let i = 0; i < ids.length; i += 97) assert.equal(core.nationalIdReasons[r.reasons[i]], core.validateNationalId(ids[i]).reason, ids[i]);
});
