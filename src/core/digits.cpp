#include "core/digits.h"

namespace bk {

char32_t next_code_point(std::string_view s, size_t& i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    char32_t cp = 0;
    if (c < 0x80) { i += 1; return c; }
    if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07; }
    else { i += 1; return 0xFFFD; }
    if (i + extra >= s.size()) { i += 1; return 0xFFFD; } // truncated sequence
    for (int k = 1; k <= extra; ++k) {
        const unsigned char cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80) { i += 1; return 0xFFFD; }
        cp = (cp << 6) | (cc & 0x3F);
    }
    // An overlong form (C0 B0 for "0", C0 A0 for a space) is not the character it spells; nor
    // is a surrogate or anything past U+10FFFF a character at all.
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) { i += 1; return 0xFFFD; }
    i += extra + 1;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

static bool is_ignorable(char32_t cp) {
    switch (cp) {
    case U' ': case U'\t': case U'\n': case U'\r': case 0x00A0: // spaces, NBSP
    case U'-': case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2212: // dashes, minus
    case 0xFEFF: // BOM
        return true;
    default:
        break;
    }
    if (cp >= 0x200B && cp <= 0x200F) return true; // ZWSP, ZWNJ, ZWJ, LRM, RLM
    if (cp >= 0x202A && cp <= 0x202E) return true; // embeddings and overrides
    if (cp >= 0x2066 && cp <= 0x2069) return true; // isolates
    return false;
}

std::string normalize_digits(std::string_view input) {
    std::string out;
    out.reserve(input.size());
    size_t i = 0;
    while (i < input.size()) {
        const char32_t cp = next_code_point(input, i);
        if (is_ignorable(cp)) continue;
        if (cp >= 0x06F0 && cp <= 0x06F9) { out += static_cast<char>('0' + (cp - 0x06F0)); continue; }
        if (cp >= 0x0660 && cp <= 0x0669) { out += static_cast<char>('0' + (cp - 0x0660)); continue; }
        append_utf8(out, cp);
    }
    return out;
}

std::string to_persian_digits(std::string_view ascii) {
    std::string out;
    out.reserve(ascii.size() * 2);
    for (char c : ascii) {
        if (c >= '0' && c <= '9') append_utf8(out, static_cast<char32_t>(0x06F0 + (c - '0')));
        else out += c;
    }
    return out;
}

bool all_ascii_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

} // namespace bk
