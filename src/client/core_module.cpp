// core_module.cpp — the node-loadable WASM module build/wasm/barkhordari-core.js: core's
// validators and calendar exposed to JavaScript (README, "The core module").
//   const core = await require('./build/wasm/barkhordari-core.js')();
//   core.validateNationalId('۰۴۹۹۳۷۰۸۹۹') → {valid: true, normalized: '0499370899', reason: 'ok', …}
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include "core/digits.h"
#include "core/jalali.h"
#include "core/messages.h"
#include "core/mobile.h"
#include "core/national_id.h"

using emscripten::val;

namespace {

void add_reason(val& out, const char* code, bool valid) {
    out.set("reason", std::string(code));
    out.set("message", valid ? std::string() : std::string(bk::fa(code)));
    out.set("messageEn", valid ? std::string() : std::string(bk::en(code)));
}

val validate_national_id(const std::string& s) {
    const bk::NationalIdCheck c = bk::check_national_id(s);
    val out = val::object();
    out.set("valid", c.valid);
    out.set("normalized", c.normalized);
    add_reason(out, bk::national_id_reason_code(c.reason), c.valid);
    return out;
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

val message(const std::string& code) {
    const bk::Message& m = bk::message(code);
    if (!m.known) return val::null();
    val out = val::object();
    out.set("fa", std::string(m.fa));
    out.set("en", std::string(m.en));
    return out;
}

} // namespace

EMSCRIPTEN_BINDINGS(barkhordari_core) {
    emscripten::function("validateNationalId", &validate_national_id);
    emscripten::function("normalizeMobile", &normalize_mobile);
    emscripten::function("toJalali", &to_jalali);
    emscripten::function("toGregorian", &to_gregorian);
    emscripten::function("formatJalali", &format_jalali);
    emscripten::function("isJalaliLeapYear", &is_jalali_leap_year);
    emscripten::function("normalizeDigits", &normalize_digits);
    emscripten::function("toPersianDigits", &to_persian_digits);
    emscripten::function("message", &message);
}
