#include <doctest/doctest.h>

#include <set>
#include <string>

#include "core/messages.h"
#include "core/mobile.h"
#include "core/national_id.h"

using namespace bk;

TEST_CASE("messages: every entry has a unique code and both languages") {
    std::set<std::string> codes;
    for (size_t i = 0; i < message_count(); ++i) {
        const Message& m = message_at(i);
        CAPTURE(m.code);
        CHECK(codes.insert(m.code).second);
        CHECK(std::string(m.fa).size() > 0);
        CHECK(std::string(m.en).size() > 0);
        CHECK(m.known);
    }
    CHECK_FALSE(message("no_such_code").known);
}

TEST_CASE("messages: the guide's strings are verbatim") {
    CHECK(std::string(fa("ui.upgrade_service")) == "ارتقای سرویس");
    CHECK(std::string(fa("ui.get_code")) == "دریافت کد اعتباری");
    CHECK(std::string(fa("ui.have_code")) == "دارای کد اعتباری می باشم");
    CHECK(std::string(fa("ui.validate")) == "اعتبار سنجی و تایید");
    CHECK(std::string(fa("ui.get_code_again")) == "دریافت مجدد کد اعتباری");
    CHECK(std::string(fa("ui.delete_history")) == "حذف سابقه استعلامات");
    CHECK(std::string(fa("ui.sms_validity")) == "توجه داشته باشید زمان اعتبار پیامک دریافتی، ۳ دقیقه میباشد.");
}

TEST_CASE("messages: every validation reason code has a message") {
    for (auto r : {NationalIdReason::Empty, NationalIdReason::NotDigits, NationalIdReason::TooShort, NationalIdReason::TooLong,
                   NationalIdReason::Repeated, NationalIdReason::ZeroMiddle, NationalIdReason::Checksum})
        CHECK(message(national_id_reason_code(r)).known);
    for (auto r : {MobileReason::Empty, MobileReason::NotDigits, MobileReason::BadLength, MobileReason::NotMobile,
                   MobileReason::UnknownPrefix})
        CHECK(message(mobile_reason_code(r)).known);
}

TEST_CASE("messages: placeholders") {
    CHECK(substitute("dial {ussd} now {ussd}", "ussd", "*4*420*99#") == "dial *4*420*99# now *4*420*99#");
    CHECK(substitute("{date}", "date", "{date}") == "{date}");
}
