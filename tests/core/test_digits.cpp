#include <doctest/doctest.h>

#include <vector>

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
    // Overlong forms are not the character they spell (found by the text fuzz target: C0 A0
    // decoded as a space): "0" as C0 B0, E0 80 B0 or F0 80 80 B0 is not a digit.
    CHECK(normalize_digits("1\xC0\xB0") == "1\uFFFD\uFFFD");
    CHECK(normalize_digits("\xE0\x80\xB0") == "\uFFFD\uFFFD\uFFFD");
    CHECK(normalize_digits("\xF0\x80\x80\xB0") == "\uFFFD\uFFFD\uFFFD\uFFFD");
    CHECK_FALSE(all_ascii_digits(normalize_digits("\xC0\xB0\xC0\xB1")));
    CHECK(all_ascii_digits("0123"));
    CHECK_FALSE(all_ascii_digits(""));
    CHECK_FALSE(all_ascii_digits("12 3"));
}

TEST_CASE("utf-8: one code point at a time; overlongs, surrogates and beyond U+10FFFF are U+FFFD, one byte each") {
    auto decode = [](std::string_view s) {
        std::vector<char32_t> out;
        for (size_t i = 0; i < s.size();) out.push_back(next_code_point(s, i));
        return out;
    };
    CHECK(decode("a\xD8\xA8\xE2\x80\x8C\xF0\x9F\x98\x80") == std::vector<char32_t>{'a', 0x0628, 0x200C, 0x1F600});
    CHECK(decode("\xC0\xA0") == std::vector<char32_t>{0xFFFD, 0xFFFD});            // overlong space
    CHECK(decode("\xC1\xBF") == std::vector<char32_t>{0xFFFD, 0xFFFD});            // overlong DEL
    CHECK(decode("\xE0\x9F\xBF") == std::vector<char32_t>{0xFFFD, 0xFFFD, 0xFFFD}); // overlong U+07FF
    CHECK(decode("\xED\xA0\x80") == std::vector<char32_t>{0xFFFD, 0xFFFD, 0xFFFD}); // surrogate D800
    CHECK(decode("\xF4\x90\x80\x80") == std::vector<char32_t>{0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}); // U+110000
    CHECK(decode("\xDF\xBF\xE0\xA0\x80\xF0\x90\x80\x80\xF4\x8F\xBF\xBF") ==
          std::vector<char32_t>{0x07FF, 0x0800, 0x10000, 0x10FFFF}); // the edges that are valid
    CHECK(decode("\xDB \xD9") == std::vector<char32_t>{0xFFFD, ' ', 0xFFFD}); // a bad lead never eats the next byte
}
