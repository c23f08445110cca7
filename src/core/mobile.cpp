#include "core/mobile.h"

#include "core/digits.h"

namespace bk {

Operator mobile_operator(std::string_view n) {
    if (n.size() != 11 || n[0] != '0' || n[1] != '9') return Operator::Unknown;
    const int p = (n[1] - '0') * 100 + (n[2] - '0') * 10 + (n[3] - '0'); // 9XY
    if ((p >= 910 && p <= 919) || (p >= 990 && p <= 996)) return Operator::MCI;
    if ((p >= 900 && p <= 905) || p == 930 || p == 933 || (p >= 935 && p <= 939) || p == 941) return Operator::Irancell;
    if (p >= 920 && p <= 923) return Operator::RighTel;
    if (p == 932) return Operator::Taliya;
    if (p == 998) return Operator::Shatel;
    if (p == 999) return Operator::Aptel;
    return Operator::Unknown;
}

MobileCheck check_mobile(std::string_view input) {
    MobileCheck out;
    std::string s = normalize_digits(input);
    if (s.empty()) { out.reason = MobileReason::Empty; return out; }
    bool plus = false;
    if (s[0] == '+') { plus = true; s.erase(0, 1); }
    if (!all_ascii_digits(s)) { out.reason = MobileReason::NotDigits; return out; }

    // Strip the international or trunk prefix down to the 10 significant digits.
    std::string rest;
    if (plus) {
        if (s.rfind("98", 0) != 0) { out.reason = MobileReason::NotMobile; return out; }
        rest = s.substr(2);
    } else if (s.rfind("0098", 0) == 0) {
        rest = s.substr(4);
    } else if (s.rfind("98", 0) == 0 && s.size() == 12) {
        rest = s.substr(2);
    } else if (s[0] == '0') {
        rest = s.substr(1);
    } else {
        rest = s;
    }
    if (rest.size() != 10) { out.reason = MobileReason::BadLength; return out; }
    if (rest[0] != '9') { out.reason = MobileReason::NotMobile; return out; }

    out.normalized = "0" + rest;
    out.op = mobile_operator(out.normalized);
    if (out.op == Operator::Unknown) { out.reason = MobileReason::UnknownPrefix; return out; }
    out.valid = true;
    out.reason = MobileReason::Ok;
    return out;
}

const char* operator_name(Operator op) {
    switch (op) {
    case Operator::MCI: return "MCI";
    case Operator::Irancell: return "Irancell";
    case Operator::RighTel: return "RighTel";
    case Operator::Taliya: return "Taliya";
    case Operator::Shatel: return "Shatel";
    case Operator::Aptel: return "Aptel";
    case Operator::Unknown: break;
    }
    return "Unknown";
}

const char* mobile_reason_code(MobileReason r) {
    switch (r) {
    case MobileReason::Ok: return "ok";
    case MobileReason::Empty: return "mobile_required";
    case MobileReason::NotDigits: return "mobile_not_digits";
    case MobileReason::BadLength: return "mobile_bad_length";
    case MobileReason::NotMobile: return "mobile_not_mobile";
    case MobileReason::UnknownPrefix: return "mobile_unknown_prefix";
    }
    return "invalid_mobile";
}

std::string mask_mobile(std::string_view n) {
    if (n.size() != 11) return std::string(n.size(), '*');
    return std::string(n.substr(0, 4)) + "***" + std::string(n.substr(7));
}

} // namespace bk
