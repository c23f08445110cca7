#include "core/national_id.h"

#include "core/digits.h"

namespace bk {

int national_id_check_digit(std::string_view first_nine) {
    int s = 0;
    for (int i = 0; i < 9; ++i) s += (first_nine[i] - '0') * (10 - i);
    const int r = s % 11;
    return r < 2 ? r : 11 - r;
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

    if (digits.find_first_not_of(digits[0]) == std::string::npos) { out.reason = NationalIdReason::Repeated; return out; }
    if (digits.compare(3, 6, "000000") == 0) { out.reason = NationalIdReason::ZeroMiddle; return out; }
    if (national_id_check_digit(digits) != digits[9] - '0') { out.reason = NationalIdReason::Checksum; return out; }

    out.valid = true;
    out.reason = NationalIdReason::Ok;
    return out;
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

std::string mask_national_id(std::string_view id) {
    if (id.size() != 10) return std::string(id.size(), '*');
    std::string out(id);
    for (int i = 3; i < 8; ++i) out[i] = '*';
    return out;
}

} // namespace bk
