// locale.h — a language, as every part of the program uses it: its text catalog, its digits, its
// direction, how it shows a date and a number. Like ImGui's ImGuiStyle for looks, one Locale
// carries every choice language makes, and code that shows text takes one and asks it:
//
//     loc.text("ui.inquire")                         → "استعلام" / "Inquire"
//     loc.format("ui.copy_of", {{"id", shown_id}})   → "کپی کد پیگیری کد ملی ۰۴۹۹۳۷۰۸۹۹"
//     loc.digits("0499370899")                       → "۰۴۹۹۳۷۰۸۹۹" / "0499370899"
//     loc.date("1405/09/13")                         → "۱۴۰۵/۰۹/۱۳" / "4 December 2026 (13 Azar 1405)"
//
// The catalogs are src/core/catalog/<tag>.po (gettext), compiled in at build time
// (cmake/catalog.py); the language itself is described by their "locale.*" entries:
//   locale.name    the language's name in itself ("فارسی", "English"): the switch shows it
//   locale.dir     "rtl" or "ltr"
//   locale.digits  its ten digits, 0 to 9
//   locale.dates   "jalali" (the Jalali date, numeric) or "gregorian+jalali" (the Gregorian date
//                  in words, the Jalali one beside it)
//
// Locales are immutable and live for the whole program: any thread may read them, and a
// reference to one stays valid. No method throws.
#pragma once
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/catalog_data.h"

namespace bk {

enum class TextDirection { Ltr, Rtl };

class Locale {
public:
    // Every compiled-in language, the default first.
    static std::span<const Locale> all();
    static const Locale& fallback() { return all().front(); }
    // The language with this tag ("en", "EN", "en-GB" → en); null when it is not compiled in.
    static const Locale* find(std::string_view tag);
    // find(), or the default language.
    static const Locale& get(std::string_view tag);
    // The best language for an Accept-Language header ("en-US,en;q=0.9,fa;q=0.8"): the one with
    // the highest q among those compiled in; the default when none is (or the header is empty
    // or malformed).
    static const Locale& negotiate(std::string_view accept_language);

    const char* tag() const { return table_->tag; }
    const char* name() const { return text("locale.name"); }
    TextDirection direction() const { return rtl_ ? TextDirection::Rtl : TextDirection::Ltr; }
    bool rtl() const { return rtl_; }
    const char* dir_name() const { return rtl_ ? "rtl" : "ltr"; }

    // The text for `code`; a code this catalog lacks gives its "request_failed" text (a message
    // every catalog has), and never an empty or null string for a known code.
    const char* text(std::string_view code) const;
    bool has(std::string_view code) const { return lookup(code) != nullptr; }
    // text(code) with every "{name}" replaced by its value.
    using Arg = std::pair<std::string_view, std::string_view>;
    std::string format(std::string_view code, std::initializer_list<Arg> args) const;

    // ASCII digits in the language's own; everything else unchanged.
    std::string digits(std::string_view ascii) const;
    std::string number(long long n) const { return digits(std::to_string(n)); }
    // A Jalali date as the API sends it ("1405/09/13"), shown as the language shows dates. Text
    // that is not such a date comes back with its digits localised.
    std::string date(std::string_view jalali_wire) const;

    explicit Locale(const catalog::Table& table);

private:
    const char* lookup(std::string_view code) const;

    const catalog::Table* table_;
    bool rtl_ = false;
    bool gregorian_ = false;                 // dates: Gregorian in words with the Jalali beside it
    std::string digits_[10];
};

// All "{name}" placeholder names in a text, sorted, each once: tests compare them across
// languages.
std::string placeholders_of(std::string_view text);

} // namespace bk
