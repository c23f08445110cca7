#include <doctest/doctest.h>

#include <string>

#include "core/mobile.h"

using namespace bk;

namespace {
// Every accepted form of one number.
void check_all_forms(const std::string& local, Operator op) {
    const std::string rest = local.substr(1); // 9XXXXXXXXX
    const std::string forms[] = {local, rest, "+98" + rest, "98" + rest, "0098" + rest,
                                 "+98 " + rest.substr(0, 3) + " " + rest.substr(3, 3) + " " + rest.substr(6),
                                 local.substr(0, 4) + "-" + local.substr(4, 3) + "-" + local.substr(7)};
    for (const std::string& f : forms) {
        CAPTURE(f);
        const MobileCheck m = check_mobile(f);
        CHECK(m.valid);
        CHECK(m.normalized == local);
        CHECK(m.op == op);
    }
}
} // namespace

TEST_CASE("mobile: every operator in every accepted form") {
    check_all_forms("09121232580", Operator::MCI);
    check_all_forms("09101234567", Operator::MCI);
    check_all_forms("09191234567", Operator::MCI);
    check_all_forms("09901234567", Operator::MCI);
    check_all_forms("09961234567", Operator::MCI);
    check_all_forms("09001234567", Operator::Irancell);
    check_all_forms("09051234567", Operator::Irancell);
    check_all_forms("09301234567", Operator::Irancell);
    check_all_forms("09331234567", Operator::Irancell);
    check_all_forms("09351234567", Operator::Irancell);
    check_all_forms("09391234567", Operator::Irancell);
    check_all_forms("09411234567", Operator::Irancell);
    check_all_forms("09201234567", Operator::RighTel);
    check_all_forms("09231234567", Operator::RighTel);
    check_all_forms("09321234567", Operator::Taliya);
    check_all_forms("09981234567", Operator::Shatel);
    check_all_forms("09991234567", Operator::Aptel);
}

TEST_CASE("mobile: Persian and Arabic-Indic digits") {
    const MobileCheck p = check_mobile("۰۹۱۲۱۲۳۲۵۸۰");
    CHECK(p.valid);
    CHECK(p.normalized == "09121232580");
    const MobileCheck a = check_mobile("+٩٨٩١٢١٢٣٢٥٨٠");
    CHECK(a.valid);
    CHECK(a.normalized == "09121232580");
}

TEST_CASE("mobile: rejects with reasons") {
    CHECK(check_mobile("09802002580").reason == MobileReason::UnknownPrefix);
    CHECK(check_mobile("0912345678").reason == MobileReason::BadLength);
    CHECK(check_mobile("091212325801").reason == MobileReason::BadLength);
    CHECK(check_mobile("").reason == MobileReason::Empty);
    CHECK(check_mobile("0912abc2580").reason == MobileReason::NotDigits);
    CHECK(check_mobile("02188776655").reason == MobileReason::NotMobile); // Tehran landline
    CHECK(check_mobile("+14155550100").reason == MobileReason::NotMobile);
    CHECK(check_mobile("09311234567").reason == MobileReason::UnknownPrefix);
    CHECK(check_mobile("09401234567").reason == MobileReason::UnknownPrefix);
    for (const char* bad : {"09802002580", "0912345678"}) CHECK_FALSE(check_mobile(bad).valid);
}

TEST_CASE("mobile: operator names, reason codes and masking") {
    CHECK(std::string(operator_name(Operator::Irancell)) == "Irancell");
    CHECK(std::string(mobile_reason_code(MobileReason::UnknownPrefix)) == "mobile_unknown_prefix");
    CHECK(mask_mobile("09121232580") == "0912***2580");
}
