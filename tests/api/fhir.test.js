// The FHIR R4 interface against the real server: every resource it answers is checked by an
// independent R4 validator (npm `fhir`, errorOnUnexpected), and it spends, limits and keeps
// exactly what /api/v1 does.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { Fhir } = require('fhir');
const { startServer, SAMPLES } = require('./harness.js');

const fhir = new Fhir();
const NI = 'http://terminology.hl7.org/CodeSystem/v2-0203';
const OUR_ID = 'https://fhir.barkhordari.ir/sid/national-id';
const SUBMIT = '/fhir/CoverageEligibilityRequest/$submit';
const JSON_FHIR = 'application/fhir+json';

// A valid national ID (its check digit computed) that the demo registry does not hold.
function validId(nine) {
  const d = [...nine].map(Number);
  const r = d.reduce((s, x, i) => s + x * (10 - i), 0) % 11;
  return nine + (r < 2 ? r : 11 - r);
}
const UNKNOWN = validId('777000123');

function valid(resource, what) {
  const r = fhir.validate(resource, { errorOnUnexpected: true });
  const errors = r.messages.filter((m) => m.severity === 'error');
  assert.deepEqual(errors, [], what + ' is not valid FHIR R4: ' + JSON.stringify(errors));
  return resource;
}

function request(id, { system = null, purpose = ['validation'], extra = {} } = {}) {
  const identifier = system ? { system, value: id } : { type: { coding: [{ system: NI, code: 'NI' }] }, value: id };
  return {
    resourceType: 'CoverageEligibilityRequest', identifier: [{ system: 'urn:clinic:requests', value: 'req-' + id }],
    status: 'active', purpose, patient: { identifier }, created: '2026-12-04', insurer: { display: 'SSO' }, ...extra,
  };
}

async function post(s, path, body, { token, lang, type = JSON_FHIR, raw = false } = {}) {
  const headers = { 'content-type': type };
  if (lang) headers['accept-language'] = lang;
  const r = await s.request('POST', path, { body, token, headers, raw });
  assert.match(r.headers['content-type'], /^application\/fhir\+json/, path + ' answers FHIR JSON');
  valid(r.json, path + ' ' + r.status);
  return r;
}
const credit = async (s, token) => (await s.request('GET', '/api/v1/credit', { token })).json.remaining;

// The one issue of an OperationOutcome.
function issueOf(r, status, code) {
  assert.equal(r.status, status, JSON.stringify(r.json));
  assert.match(r.headers['content-type'], /^application\/fhir\+json/);
  valid(r.json, 'the OperationOutcome');
  assert.equal(r.json.resourceType, 'OperationOutcome');
  assert.equal(r.json.issue.length, 1);
  assert.equal(r.json.issue[0].severity, 'error');
  assert.equal(r.json.issue[0].code, code);
  return r.json.issue[0];
}

// ---- credit mode (quota 5) ------------------------------------------------------------------------
let s;
test.before(async () => { s = await startServer(['--quota', '5']); });
test.after(async () => { await s.stop(); });

test('metadata: an R4 CapabilityStatement listing $submit, read and batch', async () => {
  const r = await s.request('GET', '/fhir/metadata');
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/fhir\+json/);
  const c = valid(r.json, 'CapabilityStatement');
  assert.equal(c.resourceType, 'CapabilityStatement');
  assert.equal(c.fhirVersion, '4.0.1');
  assert.ok(c.format.includes('application/fhir+json'));
  const rest = c.rest[0];
  const byType = Object.fromEntries(rest.resource.map((x) => [x.type, x]));
  assert.equal(byType.CoverageEligibilityRequest.operation[0].name, 'submit');
  assert.deepEqual(byType.CoverageEligibilityResponse.interaction.map((i) => i.code), ['read']);
  assert.deepEqual(rest.interaction.map((i) => i.code), ['batch']);
});

test('$submit in credit mode: covered, lapsed and unknown, one credit each, the same answer for lapsed and unknown', async () => {
  const token = await s.session('09121232580');
  assert.equal(await credit(s, token), 5);
  const covered = await post(s, SUBMIT, request(SAMPLES.eligibleMain), { token, lang: 'en' });
  assert.equal(covered.status, 200);
  const a = covered.json;
  assert.equal(a.resourceType, 'CoverageEligibilityResponse');
  assert.equal(a.outcome, 'complete');
  assert.equal(a.insurance[0].inforce, true);
  assert.deepEqual(a.request, { identifier: { system: 'urn:clinic:requests', value: 'req-' + SAMPLES.eligibleMain } });
  assert.ok(a.insurer.display && a.created.startsWith('20'));
  assert.match(a.disposition, /^On \d{1,2} [A-Z][a-z]+ \d{4} \(\d{1,2} [A-Z][a-z]+ \d{4}\) you are eligible/);
  assert.equal(a.identifier[0].value, a.id);
  // The tracking code is /api/v1's receipt, and benefitPeriod.end its valid-until (outpatient only).
  const receipt = (await s.request('GET', '/api/v1/inquiries/' + a.id)).json;
  assert.equal(receipt.nationalId, SAMPLES.eligibleMain);
  assert.equal(a.insurance[0].benefitPeriod.end, receipt.validUntil);
  assert.equal(a.insurance[0].item[0].category.coding[0].code, 'outpatient');
  assert.equal(await credit(s, token), 4);

  // Our own system URI is a national ID too; Persian by default.
  const lapsed = await post(s, SUBMIT, request(SAMPLES.lapsed, { system: OUR_ID }), { token });
  const unknown = await post(s, SUBMIT, request(UNKNOWN, { system: OUR_ID }), { token });
  assert.equal(lapsed.status, 200);
  assert.equal(unknown.status, 200);
  assert.equal(lapsed.json.insurance[0].inforce, false);
  assert.equal(lapsed.json.insurance[0].benefitPeriod, undefined);
  assert.match(lapsed.json.disposition, /را دارا نمی باشید$/);
  // Privacy: apart from ids, times and the person's own identifier, the two answers are one.
  const strip = (x) => { const y = structuredClone(x); for (const k of ['id', 'identifier', 'created', 'request', 'patient']) delete y[k]; return y; };
  assert.deepEqual(strip(lapsed.json), strip(unknown.json));
  for (const body of [covered.body, lapsed.body, unknown.body]) assert.doesNotMatch(body, /relation|birthDate|"name"|gender|address/);
  assert.equal(await credit(s, token), 2);

  // The receipt, as FHIR: the same answer, read again.
  const read = await s.request('GET', '/fhir/CoverageEligibilityResponse/' + a.id, { headers: { 'accept-language': 'en' } });
  assert.equal(read.status, 200);
  valid(read.json, 'the receipt');
  assert.deepEqual(strip(read.json), strip(a));
  assert.equal(read.json.id, a.id);
  issueOf(await s.request('GET', '/fhir/CoverageEligibilityResponse/AAAA-BBBB-CCCC-DDDD'), 404, 'not-found');

  // The last credits, then none left: 403, as /api/v1, with nothing answered.
  assert.equal((await post(s, SUBMIT, request(SAMPLES.son), { token })).status, 200);
  assert.equal((await post(s, SUBMIT, request(SAMPLES.pensioner), { token })).status, 200);
  const spent = await post(s, SUBMIT, request(SAMPLES.son), { token, lang: 'en' });
  const issue = issueOf(spent, 403, 'forbidden');
  assert.equal(issue.details.coding[0].code, 'credit_exhausted');
  assert.equal(issue.details.text, 'Your credit is used up. Get a new credit code.');
});

test('bad input: an OperationOutcome every time, and no credit spent', async () => {
  const token = await s.session('09351234567');
  const invalid = await post(s, SUBMIT, request('0499370898'), { token, lang: 'en' });
  const i = issueOf(invalid, 400, 'invalid');
  assert.deepEqual(i.expression, ['CoverageEligibilityRequest.patient.identifier.value']);
  assert.equal(i.details.coding[0].code, 'national_id_checksum');
  assert.equal(i.details.text, 'Invalid national ID: the check digit is wrong.');
  issueOf(await post(s, SUBMIT, request('12345'), { token }), 400, 'invalid');

  issueOf(await post(s, SUBMIT, '{"resourceType": "CoverageEligibilityRequest",', { token, raw: true }), 400, 'structure');
  issueOf(await post(s, SUBMIT, '[1, 2]', { token, raw: true }), 400, 'structure');
  const wrong = issueOf(await post(s, SUBMIT, { ...request(SAMPLES.son), resourceType: 'Patient' }, { token }), 400, 'invalid');
  assert.deepEqual(wrong.expression, ['resourceType']);
  for (const element of ['patient', 'purpose', 'status', 'created', 'insurer']) {
    const body = request(SAMPLES.son);
    delete body[element];
    const missing = issueOf(await post(s, SUBMIT, body, { token }), 400, 'required');
    assert.deepEqual(missing.expression, ['CoverageEligibilityRequest.' + element]);
  }
  const noValue = request(SAMPLES.son);
  delete noValue.patient.identifier.value;
  issueOf(await post(s, SUBMIT, noValue, { token }), 400, 'required');
  const otherSystem = issueOf(await post(s, SUBMIT, request(SAMPLES.son, { system: 'urn:oid:1.2.3' }), { token }), 400, 'invalid');
  assert.deepEqual(otherSystem.expression, ['CoverageEligibilityRequest.patient.identifier']);
  issueOf(await post(s, SUBMIT, request(SAMPLES.son, { purpose: ['benefits'] }), { token }), 400, 'not-supported');
  issueOf(await post(s, SUBMIT, request(SAMPLES.son, { purpose: ['discovery', 'nonsense'] }), { token }), 400, 'invalid');
  issueOf(await post(s, SUBMIT, JSON.stringify(request(SAMPLES.son)), { token, type: 'text/plain', raw: true }), 415, 'not-supported');
  issueOf(await post(s, SUBMIT, request(SAMPLES.son)), 401, 'login');
  issueOf(await post(s, SUBMIT, request(SAMPLES.son), { token: 'not-a-session' }), 401, 'login');
  assert.equal(await credit(s, token), 5, 'nothing was spent');
  // discovery is a purpose we answer, and plain JSON a media type we take.
  const discovery = await post(s, SUBMIT, request(SAMPLES.son, { purpose: ['discovery'] }), { token, type: 'application/json' });
  assert.equal(discovery.status, 200);
  assert.deepEqual(discovery.json.purpose, ['discovery']);
  // Paths and methods FHIR does not have here: OperationOutcomes too.
  issueOf(await s.request('GET', '/fhir/Patient/1'), 404, 'not-found');
  issueOf(await s.request('GET', SUBMIT), 405, 'not-supported');
});

test('batch: entries answered in order, each with its status; one credit per answered entry; at most 100', async () => {
  const token = await s.session('09191112233');
  const entry = (resource, url = 'CoverageEligibilityRequest/$submit', method = 'POST') => ({ request: { method, url }, resource });
  const bundle = { resourceType: 'Bundle', type: 'batch', entry: [
    entry(request(SAMPLES.eligibleMain)), entry(request('0499370898')), entry(request(SAMPLES.lapsed)),
    entry(request(SAMPLES.son), 'Patient', 'GET'),
  ] };
  const r = await post(s, '/fhir', bundle, { token, lang: 'en' });
  assert.equal(r.status, 200);
  assert.equal(r.json.type, 'batch-response');
  assert.deepEqual(r.json.entry.map((e) => e.response.status), ['200 OK', '400 Bad Request', '200 OK', '400 Bad Request']);
  assert.deepEqual(r.json.entry.map((e) => e.resource.resourceType),
    ['CoverageEligibilityResponse', 'OperationOutcome', 'CoverageEligibilityResponse', 'OperationOutcome']);
  assert.equal(r.json.entry[0].resource.patient.identifier.value, SAMPLES.eligibleMain);
  assert.equal(r.json.entry[2].resource.patient.identifier.value, SAMPLES.lapsed);
  assert.equal(await credit(s, token), 3, 'two answered, two credits');

  const big = { resourceType: 'Bundle', type: 'batch', entry: Array.from({ length: 101 }, () => entry(request(SAMPLES.son))) };
  issueOf(await post(s, '/fhir', big, { token }), 413, 'too-costly');
  issueOf(await post(s, '/fhir', { ...bundle, type: 'transaction' }, { token }), 400, 'not-supported');
  issueOf(await post(s, '/fhir', request(SAMPLES.son), { token }), 400, 'invalid');
  assert.equal(await credit(s, token), 3, 'refused bundles cost nothing');
  // Credit runs out inside a batch: the entries after it say so.
  const four = { resourceType: 'Bundle', type: 'batch', entry: [SAMPLES.son, SAMPLES.pensioner, SAMPLES.revoked, SAMPLES.son].map((id) => entry(request(id))) };
  const out = await post(s, '/fhir', four, { token });
  assert.deepEqual(out.json.entry.map((e) => e.response.status), ['200 OK', '200 OK', '200 OK', '403 Forbidden']);
});

// ---- open mode, with a per-client limit ----------------------------------------------------------
test('open mode: no session needed; the per-client limit counts batch entries, not bundles', async () => {
  const open = await startServer(['--open-inquiry', '--inquiries-per-client-minute', '5']);
  try {
    const one = await post(open, SUBMIT, request(SAMPLES.eligibleMain));
    assert.equal(one.status, 200);
    assert.equal(one.json.insurance[0].inforce, true);
    const entries = Array.from({ length: 6 }, () => ({ request: { method: 'POST', url: '/CoverageEligibilityRequest/$submit' }, resource: request(SAMPLES.son) }));
    const r = await post(open, '/fhir', { resourceType: 'Bundle', type: 'batch', entry: entries });
    const statuses = r.json.entry.map((e) => e.response.status);
    assert.deepEqual(statuses.slice(0, 4), Array(4).fill('200 OK'), statuses.join(', '));
    assert.ok(statuses.slice(4).every((x) => x === '429 Too Many Requests'), statuses.join(', '));
    const limited = await post(open, SUBMIT, request(SAMPLES.son));
    issueOf(limited, 429, 'throttled');
    assert.ok(Number(limited.headers['retry-after']) > 0);
  } finally {
    await open.stop();
  }
});

test('the NamingSystems src/server/API.md documents are valid FHIR, and name the systems the server uses', async () => {
  const readme = require('node:fs').readFileSync(require('node:path').join(__dirname, '..', '..', 'src', 'server', 'API.md'), 'utf8');
  const systems = [...readme.matchAll(/\{"resourceType": "NamingSystem"[\s\S]*?"preferred": true\}\]\}/g)].map((m) => valid(JSON.parse(m[0]), 'a NamingSystem'));
  const uris = systems.map((n) => n.uniqueId[0].value);
  assert.deepEqual(uris, [OUR_ID, 'https://fhir.barkhordari.ir/sid/tracking-code']);
  const r = await post(s, SUBMIT, request(SAMPLES.revoked, { system: uris[0] }), { token: await s.session('09131234567') });
  assert.equal(r.json.patient.identifier.system, uris[0]);
  assert.equal(r.json.identifier[0].system, uris[1]);
});
