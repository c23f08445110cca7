#include "core/national_id.h"

#include "core/digits.h"

namespace bk {

int national_id_check_digit(std::string_view first_nine) {
    int s = 0;
    for (int i = 0; i < 9; ++i) s += (first_nine[i] - '0') * (10 - i);
    const int r = s % 11;
    return r < 2 ? r : 11 - r;
}

// The three rules on ten normalised digits; the only place they are written.
static NationalIdReason national_id_rules(const char* ten) {
    bool same = true;
    for (int i = 1; i < 10 && same; ++i) same = ten[i] == ten[0];
    if (same) return NationalIdReason::Repeated;
    bool zero_middle = true;
    for (int i = 3; i < 9 && zero_middle; ++i) zero_middle = ten[i] == '0';
    if (zero_middle) return NationalIdReason::ZeroMiddle;
    if (national_id_check_digit(std::string_view(ten, 9)) != ten[9] - '0') return NationalIdReason::Checksum;
    return NationalIdReason::Ok;
}

NationalIdCheck check_national_id(std::string_view input) {
    NationalIdCheck out;
    std::string digits = normalize_digits(input);
    if (digits.empty()) { out.reason = NationalIdReason::Empty; return out; }
    if (!all_ascii_digits(digits)) { out.reason = NationalIdReason::NotDigits; return out; }
    out.normalized = digits;
    if (digits.size() > 10) { out.reason = NationalIdReason::TooLong; return out; }
    if (digits.size() < 8) { out.reason = NationalIdReason::TooShort; return out; }
    digits.insert(0, 10 - digits.size(), '0');
    out.normalized = digits;
    out.reason = national_id_rules(digits.data());
    out.valid = out.reason == NationalIdReason::Ok;
    return out;
}

NationalIdReason check_national_id_fast(std::string_view input, char* out10) {
    // The common case: 8–10 ASCII digits and nothing else. Decided here, without allocating.
    const size_t n = input.size();
    bool plain = n >= 8 && n <= 10;
    for (size_t i = 0; i < n && plain; ++i) plain = input[i] >= '0' && input[i] <= '9';
    if (plain) {
        for (size_t i = 0; i < 10 - n; ++i) out10[i] = '0';
        for (size_t i = 0; i < n; ++i) out10[10 - n + i] = input[i];
        return national_id_rules(out10);
    }
    // Anything else (Persian digits, separators, too short or long, letters): the full path.
    const NationalIdCheck c = check_national_id(input);
    if (c.normalized.size() == 10) c.normalized.copy(out10, 10);
    else for (int i = 0; i < 10; ++i) out10[i] = 0;
    return c.reason;
}

const char* national_id_reason_code(NationalIdReason r) {
    switch (r) {
    case NationalIdReason::Ok: return "ok";
    case NationalIdReason::Empty: return "national_id_required";
    case NationalIdReason::NotDigits: return "national_id_not_digits";
    case NationalIdReason::TooShort: return "national_id_too_short";
    case NationalIdReason::TooLong: return "national_id_too_long";
    case NationalIdReason::Repeated: return "national_id_repeated";
    case NationalIdReason::ZeroMiddle: return "national_id_zero_middle";
    case NationalIdReason::Checksum: return "national_id_checksum";
    }
    return "invalid_national_id";
}

namespace {

bool is_space(char32_t c) { return c == ' ' || c == 0xA0 || c == 0x200C || c == 0x202F; }

std::string trim_spaces(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e) {
        size_t i = b;
        if (!is_space(next_code_point(s, i))) break;
        b = i;
    }
    while (e > b) {
        size_t start = e - 1;
        while (start > b && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        size_t i = start;
        if (!is_space(next_code_point(s, i))) break;
        e = start;
    }
    return std::string(s.substr(b, e - b));
}

} // namespace

std::vector<std::string> split_national_ids(std::string_view text) {
    std::vector<std::string> out;
    auto piece = [&out](std::string_view p) {
        const std::string t = trim_spaces(p);
        if (t.empty()) return;
        if (normalize_digits(t).size() <= 10) { out.push_back(t); return; } // one ID, perhaps grouped with spaces
        size_t start = 0, i = 0;
        while (i < t.size()) {
            const size_t at = i;
            if (is_space(next_code_point(t, i))) {
                if (at > start) out.push_back(t.substr(start, at - start));
                start = i;
            }
        }
        if (start < t.size()) out.push_back(t.substr(start));
    };
    size_t start = 0, i = 0;
    while (i < text.size()) {
        const size_t at = i;
        const char32_t c = next_code_point(text, i);
        if (c == '\n' || c == '\r' || c == '\t' || c == ',' || c == ';' || c == 0x060C || c == 0x061B) {
            piece(text.substr(start, at - start));
            start = i;
        }
    }
    piece(text.substr(start));
    return out;
}

std::string mask_national_id(std::string_view id) {
    if (id.size() != 10) return std::string(id.size(), '*');
    std::string out(id);
    for (int i = 3; i < 8; ++i) out[i] = '*';
    return out;
}

} // namespace bk
