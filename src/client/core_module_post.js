// core_module_post.js — the JavaScript half of the core module's national-ID calls (linked with
// --post-js into build/wasm/barkhordari-core.js). Strings go into WebAssembly memory in one
// piece and the answers come back as typed arrays: no object is built per ID on the C++ side.
//   validateNationalIds(ids: string[] | string)  — a string holds one ID per line
//     → { count, reasons: Uint8Array (0 = valid; nationalIdReasons[r] is its code),
//         normalized: Uint8Array (10 ASCII digits per ID; zero bytes when it has not ten) }
//   validateNationalId(id) → { valid, normalized, reason, message, messageEn }
/* global Module */
(function () {
  const encoder = new TextEncoder();
  let buf = 0, bufSize = 0, out = 0, outCount = 0;

  function reserve(bytes, count) {
    if (bytes > bufSize) {
      if (buf) Module._free(buf);
      bufSize = Math.max(bytes, 2 * bufSize, 4096);
      buf = Module._malloc(bufSize);
    }
    if (count > outCount) {
      if (out) Module._free(out);
      outCount = Math.max(count, 2 * outCount, 256);
      out = Module._malloc(outCount * 11);
    }
  }

  function run(text, expected) {
    const max = text.length * 3 + 1; // UTF-8 is at most 3 bytes per UTF-16 unit
    reserve(max, expected);
    const heap = Module.HEAPU8;
    const { written } = encoder.encodeInto(text, heap.subarray(buf, buf + max));
    const count = Module._bk_validate_national_ids(buf, written, out, out + outCount, outCount);
    const h = Module.HEAPU8; // the same buffer (nothing grows memory in between), taken again to be safe
    return {
      count: count,
      reasons: h.slice(out, out + count),
      normalized: h.slice(out + outCount, out + outCount + 10 * count),
    };
  }

  // An array: each string copied into memory as it is (ASCII byte by byte, anything else through
  // the encoder), one per line — no joined string is built. A line break inside an element
  // becomes a space (as validateNationalId reads it), so answer i is always element i's.
  function runArray(ids) {
    let chars = 0;
    for (let i = 0; i < ids.length; i++) chars += String(ids[i]).length + 1;
    const max = chars * 3 + 1;
    reserve(max, ids.length);
    let h = Module.HEAPU8;
    let p = buf;
    for (let i = 0; i < ids.length; i++) {
      const s = typeof ids[i] === 'string' ? ids[i] : String(ids[i]);
      let k = 0;
      for (; k < s.length; k++) {
        const c = s.charCodeAt(k);
        if (c >= 128) break;
        h[p++] = c === 10 ? 32 : c;
      }
      if (k < s.length) p += encoder.encodeInto(s.slice(k).replace(/\n/g, ' '), h.subarray(p, buf + max)).written;
      h[p++] = 10;
    }
    const written = p - buf - 1; // no line break after the last
    const count = Module._bk_validate_national_ids(buf, written, out, out + outCount, outCount);
    h = Module.HEAPU8;
    return { count: count, reasons: h.slice(out, out + count), normalized: h.slice(out + outCount, out + outCount + 10 * count) };
  }

  const reasons = [];
  for (let r = 0; r < 8; r++) reasons.push(Module.UTF8ToString(Module._bk_national_id_reason(r)));
  const messages = reasons.map(function (code, r) {
    if (r === 0) return { fa: '', en: '' };
    const m = Module.message(code);
    return m ? m : { fa: '', en: '' };
  });
  Module.nationalIdReasons = reasons;

  Module.validateNationalIds = function (ids) {
    if (typeof ids === 'string') {
      let lines = 1;
      for (let i = ids.indexOf('\n'); i !== -1; i = ids.indexOf('\n', i + 1)) lines++;
      return run(ids, lines);
    }
    if (!Array.isArray(ids)) throw new TypeError('validateNationalIds: an array of strings or a string');
    if (ids.length === 0) return { count: 0, reasons: new Uint8Array(0), normalized: new Uint8Array(0) };
    return runArray(ids);
  };

  // One ID: the same call, read straight from memory (no typed-array copies).
  Module.validateNationalId = function (id) {
    let s = String(id);
    if (s.indexOf('\n') !== -1) s = s.replace(/\n/g, ' ');
    const max = s.length * 3 + 1;
    reserve(max, 1);
    const { written } = encoder.encodeInto(s, Module.HEAPU8.subarray(buf, buf + max));
    Module._bk_validate_national_ids(buf, written, out, out + outCount, outCount);
    const h = Module.HEAPU8;
    const reason = h[out];
    const n = out + outCount;
    let normalized;
    if (h[n] !== 0) normalized = String.fromCharCode(h[n], h[n + 1], h[n + 2], h[n + 3], h[n + 4], h[n + 5], h[n + 6], h[n + 7], h[n + 8], h[n + 9]);
    else {
      // Not ten digits: the digits seen, as the full check reports them (never truncated).
      normalized = Module.normalizeDigits(s);
      if (!/^[0-9]*$/.test(normalized)) normalized = '';
    }
    return { valid: reason === 0, normalized: normalized, reason: reasons[reason], message: messages[reason].fa, messageEn: messages[reason].en };
  };
})();
