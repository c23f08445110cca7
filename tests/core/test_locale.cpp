#include <doctest/doctest.h>

#include <string>

#include "core/api.h"
#include "core/locale.h"
#include "core/messages.h"
#include "core/mobile.h"
#include "core/national_id.h"

using namespace bk;

namespace {
const Locale& fa() { return Locale::get("fa"); }
const Locale& en() { return Locale::get("en"); }
} // namespace

// The catalogs' completeness: what a translator may not leave out or change.
TEST_CASE("catalogs: every language has every text, with the same placeholders") {
    REQUIRE(Locale::all().size() >= 2);
    const catalog::Table& first = catalog::kTables[0];
    for (const Locale& l : Locale::all()) {
        CAPTURE(l.tag());
        const catalog::Table& t = catalog::kTables[&l - Locale::all().data()];
        CHECK(t.size == first.size); // no text only one language has
        for (size_t i = 0; i < first.size; ++i) {
            const char* code = first.entries[i].code;
            CAPTURE(code);
            CHECK(l.has(code));                  // present, and not an empty msgstr
            CHECK(placeholders_of(l.text(code)) == placeholders_of(first.entries[i].text));
        }
    }
}

TEST_CASE("catalogs: codes are sorted and unique (the lookup is a binary search)") {
    for (size_t k = 0; k < catalog::kTableCount; ++k)
        for (size_t i = 1; i < catalog::kTables[k].size; ++i)
            CHECK(std::string(catalog::kTables[k].entries[i - 1].code) < catalog::kTables[k].entries[i].code);
}

TEST_CASE("catalogs: each language describes itself") {
    CHECK(std::string(fa().tag()) == "fa");
    CHECK(std::string(fa().name()) == "فارسی");
    CHECK(fa().rtl());
    CHECK(std::string(en().name()) == "English");
    CHECK_FALSE(en().rtl());
    CHECK(std::string(en().dir_name()) == "ltr");
    CHECK(&Locale::fallback() == &fa()); // Persian when nothing else is asked for
}

TEST_CASE("catalogs: the guide's strings are verbatim in Persian, the guide's terms in English") {
    CHECK(std::string(fa().text("ui.upgrade_service")) == "ارتقای سرویس");
    CHECK(std::string(fa().text("ui.get_code")) == "دریافت کد اعتباری");
    CHECK(std::string(fa().text("ui.have_code")) == "دارای کد اعتباری می باشم");
    CHECK(std::string(fa().text("ui.validate")) == "اعتبار سنجی و تایید");
    CHECK(std::string(fa().text("ui.get_code_again")) == "دریافت مجدد کد اعتباری");
    CHECK(std::string(fa().text("ui.delete_history")) == "حذف سابقه استعلامات");
    CHECK(std::string(fa().text("ui.sms_validity")) == "توجه داشته باشید زمان اعتبار پیامک دریافتی، ۳ دقیقه میباشد.");
    const std::pair<const char*, const char*> terms[] = {
        {"ui.upgrade_service", "Upgrade service"}, {"ui.mobile_plain", "Mobile number"}, {"ui.get_code", "Get credit code"},
        {"ui.have_code", "I already have a credit code"}, {"ui.code", "Credit code"}, {"ui.validate", "Verify and confirm"},
        {"ui.national_id_plain", "National ID"}, {"ui.inquire", "Inquire"}, {"ui.delete_history", "Delete inquiry history"},
        {"ui.tracking_code", "Tracking code"}, {"outcome.eligible", "Eligible"}, {"outcome.not_eligible", "Not eligible"},
        {"ui.coverage_outpatient", "Outpatient services"}, {"ui.valid_until", "Valid until"},
        {"ui.credit_left", "Remaining credit"}, {"ui.get_code_again", "Get a new credit code"}, {"ui.copy", "Copy"},
        {"ui.print", "Print"}, {"ui.about_id", "About this national ID"}};
    for (const auto& term : terms) {
        CAPTURE(term.first);
        CHECK(std::string(en().text(term.first)) == term.second);
    }
}

TEST_CASE("catalogs: every validation reason code has a text") {
    for (auto r : {NationalIdReason::Empty, NationalIdReason::NotDigits, NationalIdReason::TooShort, NationalIdReason::TooLong,
                   NationalIdReason::Repeated, NationalIdReason::ZeroMiddle, NationalIdReason::Checksum})
        CHECK(fa().has(national_id_reason_code(r)));
    for (auto r : {MobileReason::Empty, MobileReason::NotDigits, MobileReason::BadLength, MobileReason::NotMobile,
                   MobileReason::UnknownPrefix})
        CHECK(fa().has(mobile_reason_code(r)));
}

TEST_CASE("locale: an unknown code reads as a failed request, never blank") {
    CHECK_FALSE(fa().has("no_such_code"));
    CHECK(std::string(fa().text("no_such_code")) == "درخواست انجام نشد.");
    CHECK(std::string(en().text("no_such_code")) == "The request failed.");
}

TEST_CASE("locale: format fills named placeholders, in the order each language needs") {
    CHECK(fa().format("ui.copy_of", {{"id", "۰۴۹۹۳۷۰۸۹۹"}}) == "کپی کد پیگیری کد ملی ۰۴۹۹۳۷۰۸۹۹");
    CHECK(en().format("ui.copy_of", {{"id", "0499370899"}}) == "Copy the tracking code for national ID 0499370899");
    CHECK(substitute("dial {ussd} now {ussd}", "ussd", "*4*420*99#") == "dial *4*420*99# now *4*420*99#");
    CHECK(substitute("{date}", "date", "{date}") == "{date}");
    CHECK(placeholders_of("{b} and {a} and {b}") == "{a}{b}");
}

TEST_CASE("locale: digits and numbers") {
    CHECK(fa().digits("09121232580") == "۰۹۱۲۱۲۳۲۵۸۰");
    CHECK(en().digits("09121232580") == "09121232580");
    CHECK(fa().number(20) == "۲۰");
    CHECK(en().number(-3) == "-3");
    CHECK(fa().digits("*4*420*99#") == "*۴*۴۲۰*۹۹#");
}

TEST_CASE("locale: dates — Jalali in Persian; in English the Gregorian date with the Jalali beside it") {
    // 13 Azar 1405 is 4 December 2026; 1 Farvardin 1403 is 20 March 2024 (Nowruz).
    CHECK(fa().date("1405/09/13") == "۱۴۰۵/۰۹/۱۳");
    CHECK(en().date("1405/09/13") == "4 December 2026 (13 Azar 1405)");
    CHECK(en().date("1403/01/01") == "20 March 2024 (1 Farvardin 1403)");
    CHECK(en().date("1403/12/30") == "20 March 2025 (30 Esfand 1403)"); // a leap year's last day
    // Not a date: shown as it came, digits localised.
    CHECK(en().date("1404/12/30") == "1404/12/30");
    CHECK(fa().date("tomorrow") == "tomorrow");
    CHECK(en().date("") == "");
}

TEST_CASE("locale: Accept-Language chooses among the compiled-in languages by q") {
    CHECK(Locale::negotiate("").tag() == std::string("fa"));
    CHECK(Locale::negotiate("en").tag() == std::string("en"));
    CHECK(Locale::negotiate("en-US,en;q=0.9").tag() == std::string("en"));
    CHECK(Locale::negotiate("de-DE,de;q=0.9,en;q=0.5,fa;q=0.8").tag() == std::string("fa"));
    CHECK(Locale::negotiate("fa;q=0.2, EN-gb;q=0.7").tag() == std::string("en"));
    CHECK(Locale::negotiate("de, fr").tag() == std::string("fa"));       // neither: Persian
    CHECK(Locale::negotiate("en;q=0").tag() == std::string("fa"));       // "not English"
    CHECK(Locale::negotiate("en;q=abc, ;;, ,").tag() == std::string("fa")); // malformed: left out
    CHECK(Locale::negotiate("*").tag() == std::string("fa"));
    CHECK(Locale::find("EN") == &Locale::get("en"));
    CHECK(Locale::find("xx") == nullptr);
}

TEST_CASE("api errors: message by language, code unchanged") {
    api::ApiError e = api::make_api_error(429, "resend_cooldown", "", 30);
    const std::string in_fa = api::encode(e, fa()), in_en = api::encode(e, en());
    CHECK(in_fa.find(R"("code":"resend_cooldown")") != std::string::npos);
    CHECK(in_en.find(R"("code":"resend_cooldown")") != std::string::npos);
    CHECK(in_fa.find(R"("message":"برای دریافت کد جدید کمی صبر کنید.")") != std::string::npos);
    CHECK(in_en.find(R"("message":"Wait a little before asking for another code.")") != std::string::npos);
    // A more specific text than the code's own.
    e = api::make_api_error(422, "invalid_mobile", "mobile");
    e.messageCode = "mobile_unknown_prefix";
    CHECK(api::encode(e, en()).find(R"("message":"The mobile prefix belongs to no operator.")") != std::string::npos);
}
