// mobile.h — Iranian mobile numbers: accepted forms, normalisation, operator, masking.
#pragma once
#include <string>
#include <string_view>

namespace bk {

enum class Operator { Unknown, MCI, Irancell, RighTel, Taliya, Shatel, Aptel };

enum class MobileReason {
    Ok,
    Empty,
    NotDigits,      // letters or symbols other than a leading +
    BadLength,      // not 10 significant digits after the country/trunk prefix
    NotMobile,      // does not start with 9 after the prefix
    UnknownPrefix,  // 09XX prefix of no Iranian mobile operator
};

struct MobileCheck {
    bool valid = false;
    std::string normalized; // 09XXXXXXXXX when valid
    Operator op = Operator::Unknown;
    MobileReason reason = MobileReason::Empty;
};

// Accepts 09XXXXXXXXX, 9XXXXXXXXX, +989…, 989…, 00989… with Persian/Arabic digits, spaces, dashes.
MobileCheck check_mobile(std::string_view input);

// Operator for a normalised 09XXXXXXXXX number (Unknown for other prefixes).
Operator mobile_operator(std::string_view normalized);

const char* operator_name(Operator op);            // "MCI", "Irancell", …
const char* mobile_reason_code(MobileReason r);    // "mobile_unknown_prefix", …

// 09121232580 → 0912***2580
std::string mask_mobile(std::string_view normalized);

} // namespace bk
