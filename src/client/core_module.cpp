// core_module.cpp — the node-loadable WASM module build/wasm/barkhordari-core.js: core's
// validators and calendar exposed to JavaScript (src/client/CLIENT.md, "The core module").
//   const core = await require('./build/wasm/barkhordari-core.js')();
//   core.validateNationalId('۰۴۹۹۳۷۰۸۹۹') → {valid: true, normalized: '0499370899', reason: 'ok', …}
//   core.validateNationalIds(['0499370899', …]) → {count, reasons: Uint8Array, normalized: Uint8Array}
// The national-ID calls go through bk_validate_national_ids() below: many IDs in one call, no
// object built per ID in C++ (core_module_post.js builds the JavaScript side).
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstring>
#include <string_view>
#include <emscripten/val.h>

#include "core/digits.h"
#include "core/jalali.h"
#include "core/locale.h"
#include "core/mobile.h"
#include "core/national_id.h"

using emscripten::val;

// Validates the IDs in `text` (UTF-8, one per line, `len` bytes): for ID i, reasons[i] gets its
// NationalIdReason and normalized[10 i … 10 i + 9] its ten normalised ASCII digits (zero bytes
// when it has not ten). Returns how many IDs there were; at most `capacity` are written.
extern "C" EMSCRIPTEN_KEEPALIVE int bk_validate_national_ids(const char* text, int len, uint8_t* reasons, char* normalized,
                                                             int capacity) {
    int count = 0;
    const char* p = text;
    const char* end = text + len;
    while (count < capacity) {
        const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        const char* stop = nl ? nl : end;
        reasons[count] = static_cast<uint8_t>(bk::check_national_id_fast(std::string_view(p, static_cast<size_t>(stop - p)), normalized + 10 * count));
        ++count;
        if (!nl) break;
        p = nl + 1;
    }
    return count;
}

// The reason codes in NationalIdReason order (index = the small integer the bulk call gives).
extern "C" EMSCRIPTEN_KEEPALIVE const char* bk_national_id_reason(int r) {
    return bk::national_id_reason_code(static_cast<bk::NationalIdReason>(r));
}

namespace {

void add_reason(val& out, const char* code, bool valid) {
    out.set("reason", std::string(code));
    out.set("message", valid ? std::string() : std::string(bk::Locale::fallback().text(code)));
    out.set("messageEn", valid ? std::string() : std::string(bk::Locale::get("en").text(code)));
}

val normalize_mobile(const std::string& s) {
    const bk::MobileCheck m = bk::check_mobile(s);
    val out = val::object();
    out.set("valid", m.valid);
    out.set("normalized", m.normalized);
    out.set("operator", m.valid ? val(std::string(bk::operator_name(m.op))) : val::null());
    out.set("masked", m.valid ? bk::mask_mobile(m.normalized) : std::string());
    add_reason(out, bk::mobile_reason_code(m.reason), m.valid);
    return out;
}

// null for an impossible date or a year outside the algorithm's range.
val to_jalali(int gy, int gm, int gd) {
    if (!bk::is_valid_gregorian(gy, gm, gd)) return val::null();
    const bk::JalaliDate j = bk::to_jalali({gy, gm, gd});
    if (!bk::jalali_year_in_range(j.year)) return val::null();
    val out = val::object();
    out.set("jy", j.year);
    out.set("jm", j.month);
    out.set("jd", j.day);
    return out;
}

val to_gregorian(int jy, int jm, int jd) {
    if (!bk::is_valid_jalali(jy, jm, jd)) return val::null();
    const bk::GregorianDate g = bk::to_gregorian({jy, jm, jd});
    val out = val::object();
    out.set("gy", g.year);
    out.set("gm", g.month);
    out.set("gd", g.day);
    return out;
}

val format_jalali(int jy, int jm, int jd) {
    if (!bk::is_valid_jalali(jy, jm, jd)) return val::null();
    return val(bk::format_jalali({jy, jm, jd}, true));
}

std::string normalize_digits(const std::string& s) { return bk::normalize_digits(s); }
std::string to_persian_digits(const std::string& s) { return bk::to_persian_digits(s); }
bool is_jalali_leap_year(int jy) { return bk::is_jalali_leap_year(jy); }

// {fa: …, en: …}: the text in every compiled-in language; null for a code the catalogs lack.
val message(const std::string& code) {
    if (!bk::Locale::fallback().has(code)) return val::null();
    val out = val::object();
    for (const bk::Locale& l : bk::Locale::all()) out.set(l.tag(), std::string(l.text(code)));
    return out;
}

} // namespace

EMSCRIPTEN_BINDINGS(barkhordari_core) {
    emscripten::function("normalizeMobile", &normalize_mobile);
    emscripten::function("toJalali", &to_jalali);
    emscripten::function("toGregorian", &to_gregorian);
    emscripten::function("formatJalali", &format_jalali);
    emscripten::function("isJalaliLeapYear", &is_jalali_leap_year);
    emscripten::function("normalizeDigits", &normalize_digits);
    emscripten::function("toPersianDigits", &to_persian_digits);
    emscripten::function("message", &message);
}
