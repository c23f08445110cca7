// The OpenAPI 3.1 document of /api/v1 (src/server/openapi.json) as the tests' contract: every
// exchange the harness makes with /api/v1 goes through check(), so the document cannot drift
// from the code. A response must be one the document describes (its status, or "default"),
// with a body its schema accepts; a request the server accepted (2xx) must be one the document
// allows. (Requests the server refuses are the tests of refusals: malformed on purpose.)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Ajv2020 = require('ajv/dist/2020');

const DOC_PATH = path.join(__dirname, '..', '..', 'src', 'server', 'openapi.json');
const DOC = JSON.parse(fs.readFileSync(DOC_PATH, 'utf8'));
const BASE = DOC.servers[0].url; // "/api/v1"

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(DOC, 'openapi.json');
const validators = new Map();
function validator(ref) { // "#/components/schemas/InquiryAnswer", or an inline schema's pointer
  if (!validators.has(ref)) validators.set(ref, ajv.getSchema('openapi.json' + ref));
  return validators.get(ref);
}

// "/inquiries/{trackingCode}" → /^\/inquiries\/[^/]+$/
const OPERATIONS = Object.entries(DOC.paths).map(([template, item]) => ({
  template, item, re: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+').replace(/\//g, '\\/') + '$'),
}));

function pointer(...parts) { return '#/' + parts.map((p) => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/'); }

function schemaRef(template, method, where) { // where: ['requestBody'] or ['responses', status]
  const op = DOC.paths[template][method];
  let node = op;
  let ptr = ['paths', template, method];
  for (const w of where) { node = node && node[w]; ptr.push(w); }
  if (node && node.$ref) { ptr = node.$ref.slice(2).split('/'); node = ptr.reduce((n, k) => n[k], DOC); }
  const media = node && node.content && node.content['application/json'];
  if (!media) return null;
  return pointer(...ptr, 'content', 'application/json', 'schema');
}

function fail(what, errors) {
  throw new Error('OpenAPI contract (src/server/openapi.json): ' + what + (errors ? ': ' + ajv.errorsText(errors) : ''));
}

// method: "GET", …; urlPath with its query; requestBody: the object sent (or undefined);
// res: { status, json, body }.
function check(method, urlPath, requestBody, res) {
  const p = urlPath.split('?')[0];
  if (!p.startsWith(BASE + '/')) return; // not /api/v1
  const sub = p.slice(BASE.length);
  const m = method.toLowerCase();
  const found = OPERATIONS.find((o) => o.re.test(sub));
  if (!found) {
    if (res.status === 404) return; // a path that is not there, said so
    fail(method + ' ' + sub + ' is not in the document');
  }
  const op = found.item[m];
  if (!op) {
    if (res.status === 405) return;
    fail(method + ' ' + found.template + ' is not in the document');
  }
  const status = String(res.status);
  const responses = op.responses || {};
  const key = status in responses ? status : 'default' in responses ? 'default' : null;
  if (!key) fail(method + ' ' + found.template + ' answered ' + status + ', which the document does not list');
  const ref = schemaRef(found.template, m, ['responses', key]);
  if (ref && m !== 'head' && res.body !== '') {
    if (res.json === undefined) fail(method + ' ' + found.template + ' ' + status + ' is not JSON');
    const v = validator(ref);
    if (!v(res.json)) fail(method + ' ' + found.template + ' ' + status + ' response', v.errors);
  }
  if (res.status >= 200 && res.status < 300 && requestBody !== undefined) {
    const reqRef = schemaRef(found.template, m, ['requestBody']);
    if (!reqRef) fail(method + ' ' + found.template + ' took a body the document does not describe');
    const v = validator(reqRef);
    if (!v(requestBody)) fail(method + ' ' + found.template + ' request accepted', v.errors);
  }
}

module.exports = { check, DOC, DOC_PATH };
