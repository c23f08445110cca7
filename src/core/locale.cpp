#include "core/locale.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <vector>

#include "core/digits.h"
#include "core/jalali.h"
#include "core/messages.h"

namespace bk {

namespace {

bool same_tag(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "q=0.8" → 0.8; anything malformed → -1 (the range is left out).
double parse_q(std::string_view param) {
    param = trim(param);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') return -1;
    param.remove_prefix(2);
    if (param.empty() || param.size() > 5) return -1;
    double q = 0, scale = 0;
    for (char c : param) {
        if (c == '.' && scale == 0) { scale = 1; continue; }
        if (c < '0' || c > '9') return -1;
        if (scale == 0) q = q * 10 + (c - '0');
        else q += (c - '0') * (scale /= 10);
    }
    return q <= 1 ? q : -1;
}

} // namespace

Locale::Locale(const catalog::Table& table) : table_(&table) {
    rtl_ = std::string_view(text("locale.dir")) == "rtl";
    gregorian_ = std::string_view(text("locale.dates")) == "gregorian+jalali";
    // locale.digits: ten code points, 0 to 9; ASCII for a catalog without them.
    const std::string_view d = has("locale.digits") ? text("locale.digits") : "0123456789";
    size_t i = 0;
    for (int k = 0; k < 10; ++k) {
        std::string one;
        if (i < d.size()) append_utf8(one, next_code_point(d, i));
        digits_[k] = one.empty() ? std::string(1, static_cast<char>('0' + k)) : one;
    }
}

std::span<const Locale> Locale::all() {
    static const std::vector<Locale> locales = [] {
        std::vector<Locale> v;
        for (size_t i = 0; i < catalog::kTableCount; ++i) v.emplace_back(catalog::kTables[i]);
        return v;
    }();
    return locales;
}

const Locale* Locale::find(std::string_view tag) {
    const std::string_view primary = tag.substr(0, tag.find_first_of("-_"));
    for (const Locale& l : all())
        if (same_tag(primary, l.tag())) return &l;
    return nullptr;
}

const Locale& Locale::get(std::string_view tag) {
    const Locale* l = find(tag);
    return l ? *l : fallback();
}

const Locale& Locale::negotiate(std::string_view header) {
    const Locale* best = nullptr;
    double best_q = 0;
    while (!header.empty()) {
        const size_t comma = header.find(',');
        std::string_view range = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        const size_t semi = range.find(';');
        const double q = semi == std::string_view::npos ? 1.0 : parse_q(range.substr(semi + 1));
        range = trim(range.substr(0, semi));
        const Locale* l = range.empty() ? nullptr : find(range);
        if (l && q > best_q) { best = l; best_q = q; } // ties: the first listed
    }
    return best ? *best : fallback();
}

const char* Locale::lookup(std::string_view code) const {
    const catalog::Entry* begin = table_->entries;
    const catalog::Entry* end = begin + table_->size;
    const catalog::Entry* it = std::lower_bound(begin, end, code, [](const catalog::Entry& e, std::string_view c) {
        return std::string_view(e.code) < c;
    });
    return it != end && std::string_view(it->code) == code && *it->text ? it->text : nullptr;
}

const char* Locale::text(std::string_view code) const {
    if (const char* t = lookup(code)) return t;
    if (const char* t = lookup("request_failed")) return t;
    return "?";
}

std::string Locale::format(std::string_view code, std::initializer_list<Arg> args) const {
    std::string out = text(code);
    for (const auto& [key, value] : args) out = substitute(std::move(out), key, value);
    return out;
}

std::string Locale::digits(std::string_view ascii) const {
    std::string out;
    out.reserve(ascii.size() * 2);
    for (char c : ascii) {
        if (c >= '0' && c <= '9') out += digits_[c - '0'];
        else out += c;
    }
    return out;
}

std::string Locale::date(std::string_view wire) const {
    // "YYYY/MM/DD", a real Jalali date; anything else is shown as it came.
    auto num = [&](size_t at, size_t n) {
        int v = 0;
        for (size_t i = at; i < at + n; ++i) {
            if (wire[i] < '0' || wire[i] > '9') return -1;
            v = v * 10 + (wire[i] - '0');
        }
        return v;
    };
    const bool shaped = wire.size() == 10 && wire[4] == '/' && wire[7] == '/';
    const JalaliDate j = shaped ? JalaliDate{num(0, 4), num(5, 2), num(8, 2)} : JalaliDate{};
    if (!shaped || !is_valid_jalali(j.year, j.month, j.day) || !gregorian_) return digits(wire);
    const GregorianDate g = to_gregorian(j);
    const std::string jalali = number(j.day) + " " + text("month.jalali." + std::to_string(j.month)) + " " + number(j.year);
    const std::string gregorian = number(g.day) + " " + text("month.gregorian." + std::to_string(g.month)) + " " + number(g.year);
    return format("ui.dated", {{"gregorian", gregorian}, {"jalali", jalali}});
}

std::string placeholders_of(std::string_view text) {
    std::set<std::string> names;
    for (size_t open = text.find('{'); open != std::string_view::npos; open = text.find('{', open + 1)) {
        const size_t close = text.find('}', open);
        if (close == std::string_view::npos) break;
        names.insert(std::string(text.substr(open + 1, close - open - 1)));
    }
    std::string out;
    for (const std::string& n : names) out += "{" + n + "}";
    return out;
}

} // namespace bk
