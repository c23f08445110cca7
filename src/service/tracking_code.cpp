#include "service/tracking_code.h"

#include "core/digits.h"

namespace bk {

static const char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32

std::string new_tracking_code(Crypto& crypto) {
    uint8_t bytes[10]; // 80 bits
    crypto.random_bytes(bytes, sizeof bytes);
    std::string out;
    out.reserve(kTrackingCodeChars);
    uint32_t acc = 0;
    int bits = 0;
    for (uint8_t b : bytes) {
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 5) {
            out += kAlphabet[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    return out;
}

std::string format_tracking_code(std::string_view c) {
    std::string out;
    for (size_t i = 0; i < c.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += '-';
        out += c[i];
    }
    return out;
}

std::optional<std::string> parse_tracking_code(std::string_view typed) {
    const std::string s = normalize_digits(typed);
    std::string out;
    for (char ch : s) {
        char c = (ch >= 'a' && ch <= 'z') ? char(ch - 'a' + 'A') : ch;
        if (c == 'I' || c == 'L') c = '1';
        if (c == 'O') c = '0';
        bool ok = false;
        for (const char* a = kAlphabet; *a; ++a) ok = ok || *a == c;
        if (!ok) return std::nullopt;
        out += c;
    }
    if (out.size() != kTrackingCodeChars) return std::nullopt;
    return out;
}

} // namespace bk
