#include <doctest/doctest.h>

#include "core/digits.h"

using namespace bk;

TEST_CASE("digits: Persian and Arabic-Indic digits become ASCII") {
    CHECK(normalize_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789");
    CHECK(normalize_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789");
    CHECK(normalize_digits("۰۹۱۲ 123-45٦٧") == "09121234567");
}

TEST_CASE("digits: spaces, dashes, ZWNJ and bidi marks are dropped; other characters kept") {
    CHECK(normalize_digits(" 12\u00A034\t5 ") == "12345");
    CHECK(normalize_digits("12\u2013 34\u2212 5") == "12345");
    CHECK(normalize_digits("\u200F12\u200C3\u200E4\u202B5\u202C\u2066\u2069\uFEFF") == "12345");
    CHECK(normalize_digits("12a3") == "12a3");
    CHECK(normalize_digits("+98") == "+98");
}

TEST_CASE("digits: ASCII to Persian for display") {
    CHECK(to_persian_digits("1403/01/01") == "۱۴۰۳/۰۱/۰۱");
    CHECK(to_persian_digits("02:59") == "۰۲:۵۹");
    CHECK(to_persian_digits("abc") == "abc");
}

TEST_CASE("digits: invalid UTF-8 never crashes and never becomes a digit") {
    CHECK(normalize_digits("\xFF\xFE""12") == "\uFFFD\uFFFD12");
    CHECK(normalize_digits("1\xDB") == "1\uFFFD"); // truncated two-byte sequence
    CHECK(normalize_digits("\xDB\xB1") == "1"); // U+06F1 (۱) as raw bytes
    CHECK(all_ascii_digits("0123"));
    CHECK_FALSE(all_ascii_digits(""));
    CHECK_FALSE(all_ascii_digits("12 3"));
}
