#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "core/api.h"

using namespace bk;
using namespace bk::api;

TEST_CASE("api: requests decode strictly") {
    auto ok = decode_inquiry_request(R"({"nationalId":"0499370899"})");
    REQUIRE(ok);
    CHECK(ok->nationalId == "0499370899");

    auto unknown = decode_inquiry_request(R"({"nationalId":"0499370899","admin":true})");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().status == 400);
    CHECK(unknown.error().code == "unknown_field");
    CHECK(unknown.error().field == "admin");

    auto missing = decode_verify_request(R"({"mobile":"09121232580"})");
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == "missing_field");
    CHECK(missing.error().field == "code");

    auto wrong = decode_credit_code_request(R"({"mobile":9121232580})");
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code == "wrong_type");
    CHECK(wrong.error().field == "mobile");

    auto null_field = decode_credit_code_request(R"({"mobile":null})");
    REQUIRE_FALSE(null_field);
    CHECK(null_field.error().code == "missing_field");
}

TEST_CASE("api: hostile JSON gives error values, never a crash") {
    const char* bad[] = {"", "{", "[]", "\"x\"", "42", "null", "{\"mobile\":}", "{'mobile':'x'}",
                         "{\"mobile\":\"\xFF\xFE\"}", "{\"mobile\":\"a\"}{}", "\x00\x01", "{\"a\":[1,2,}"};
    for (const char* b : bad) {
        CAPTURE(b);
        auto r = decode_credit_code_request(b);
        CHECK_FALSE(r);
        CHECK(r.error().status == 400);
    }
    // deep nesting is refused before parsing
    std::string deep(1000, '[');
    auto d = decode_inquiry_request(deep);
    REQUIRE_FALSE(d);
    CHECK(d.error().code == "bad_json");
    std::string deep_obj = "{\"nationalId\":";
    for (int i = 0; i < 20; ++i) deep_obj += "{\"a\":";
    auto d2 = decode_inquiry_request(deep_obj);
    CHECK_FALSE(d2);
    // brackets inside strings do not count as nesting
    auto s = decode_inquiry_request(R"({"nationalId":"[[[[[[[[[[[[[[[[[[[["})");
    REQUIRE(s);
    CHECK(s->nationalId == "[[[[[[[[[[[[[[[[[[[[");
    // oversize
    std::string big = "{\"nationalId\":\"" + std::string(20000, '1') + "\"}";
    auto o = decode_inquiry_request(big);
    REQUIRE_FALSE(o);
    CHECK(o.error().status == 413);
    // a long but allowed body with a too-long field
    auto l = decode_inquiry_request("{\"nationalId\":\"" + std::string(100, '1') + "\"}");
    REQUIRE_FALSE(l);
    CHECK(l.error().code == "field_too_long");
}

TEST_CASE("api: huge and fractional numbers are type errors") {
    for (const char* b : {R"({"expiresIn":1e300,"resendIn":60})", R"({"expiresIn":99999999999999999999999,"resendIn":60})",
                          R"({"expiresIn":1.5,"resendIn":60})", R"({"expiresIn":-9223372036854775808,"resendIn":60})",
                          R"({"expiresIn":"180","resendIn":60})", R"({"expiresIn":true,"resendIn":60})"}) {
        CAPTURE(b);
        auto r = decode_credit_code_issued(b);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == "wrong_type");
        CHECK(r.error().field == "expiresIn");
    }
    auto ok = decode_credit_code_issued(R"({"expiresIn":180,"resendIn":60,"extra":1})"); // responses are lenient
    REQUIRE(ok);
    CHECK(ok->expiresIn == 180);
}

TEST_CASE("api: every DTO round-trips") {
    ServiceInfo si{true, 20, 180, 60, "*4*420*99#", "توجه"};
    auto si2 = decode_service_info(encode(si));
    REQUIRE(si2);
    CHECK(si2->openInquiry);
    CHECK(si2->quotaPerCode == 20);
    CHECK(si2->ussdCode == "*4*420*99#");
    CHECK(si2->notice == "توجه");

    VerifyResponse vr{"tok", {"0912***2580", 19, 20, false}};
    auto vr2 = decode_verify_response(encode(vr));
    REQUIRE(vr2);
    CHECK(vr2->sessionToken == "tok");
    CHECK(vr2->credit.mobile == "0912***2580");
    CHECK(vr2->credit.remaining == 19);
    CHECK(vr2->credit.total == 20);

    InquiryAnswer a;
    a.nationalId = "0499370899";
    a.outcome = Outcome::NotEligible;
    a.checkedAt = "2026-11-25";
    a.checkedAtJalali = "1405/09/04";
    a.validUntil = "2026-10-01";
    a.validUntilJalali = "1405/07/09";
    a.insuranceType = "employee";
    a.relation = "son";
    a.reasonCode = "reason.son_age";
    a.reason = "فرزند";
    a.trackingCode = "7K3M-9QXR-A2F0-HZ5T";
    a.remaining = 3;
    auto a2 = decode_inquiry_answer(encode(a));
    REQUIRE(a2);
    CHECK(a2->outcome == Outcome::NotEligible);
    CHECK(a2->validUntilJalali == "1405/07/09");
    CHECK(a2->relation == "son");
    CHECK(a2->reason == "فرزند");
    CHECK(a2->trackingCode == "7K3M-9QXR-A2F0-HZ5T");
    CHECK(a2->remaining == 3);

    auto bad_outcome = decode_inquiry_answer(R"({"nationalId":"1","outcome":"maybe","checkedAt":"x","trackingCode":"t"})");
    CHECK_FALSE(bad_outcome);
}

TEST_CASE("api: the one error shape") {
    ApiError e = make_api_error(429, "resend_cooldown", "mobile", 42);
    const std::string body = encode(e);
    CHECK(body.find(R"("code":"resend_cooldown")") != std::string::npos);
    CHECK(body.find(R"("field":"mobile")") != std::string::npos);
    CHECK(body.find(R"("retryAfter":42)") != std::string::npos);
    CHECK(body.find(R"("messageEn":"Wait a little before asking for another code.")") != std::string::npos);
    ApiError back = decode_error(429, body);
    CHECK(back.status == 429);
    CHECK(back.code == "resend_cooldown");
    CHECK(back.field == "mobile");
    CHECK(back.retryAfter == 42);
    CHECK(back.message == "برای دریافت کد جدید کمی صبر کنید."); // the server's words, in the default language

    CHECK(decode_error(502, "<html>Bad gateway</html>").code == "server_error");
    CHECK(decode_error(0, "").code == "network_error");
    CHECK(decode_error(400, R"({"error":{"code":5}})").code == "bad_request");
}

TEST_CASE("api: what the page's first GET /service means") {
    const char* service = R"({"openInquiry":false,"quotaPerCode":20,"codeTtlSeconds":180,"resendCooldownSeconds":60,"ussdCode":"*4*420*99#","notice":""})";
    CHECK(api::classify_service_probe(200, service) == api::ServiceProbe::Service);
    // no backend at all: a 404, or a static host's HTML fallback
    CHECK(api::classify_service_probe(404, "not found") == api::ServiceProbe::NoApi);
    CHECK(api::classify_service_probe(200, "\n  <!doctype html><html></html>") == api::ServiceProbe::NoApi);
    // a backend that failed: never the demo
    CHECK(api::classify_service_probe(0, "") == api::ServiceProbe::Failed);
    CHECK(api::classify_service_probe(500, service) == api::ServiceProbe::Failed);
    CHECK(api::classify_service_probe(503, "") == api::ServiceProbe::Failed);
    CHECK(api::classify_service_probe(502, "<html>bad gateway</html>") == api::ServiceProbe::Failed);
    CHECK(api::classify_service_probe(200, "{\"openInquiry\":\"yes\"}") == api::ServiceProbe::Failed);
    CHECK(api::classify_service_probe(200, "") == api::ServiceProbe::Failed);
}

// encode(InquiryAnswer) is written by hand for speed: it must give the very bytes a json object
// dump gives (keys sorted, absent fields left out, nlohmann's escaping and its replacement of
// invalid UTF-8), for every kind of answer.
TEST_CASE("api: an answer encodes to exactly what nlohmann's dump of the same object gives") {
    using nlohmann::json;
    auto reference = [](const InquiryAnswer& v) {
        json j{{"nationalId", v.nationalId}, {"outcome", outcome_code(v.outcome)}, {"coverage", v.coverage}, {"checkedAt", v.checkedAt},
               {"checkedAtJalali", v.checkedAtJalali}, {"trackingCode", v.trackingCode}, {"remaining", v.remaining}};
        if (!v.checkedAtTime.empty()) j["checkedAtTime"] = v.checkedAtTime;
        if (!v.validUntil.empty()) { j["validUntil"] = v.validUntil; j["validUntilJalali"] = v.validUntilJalali; }
        if (!v.insuranceType.empty()) j["insuranceType"] = v.insuranceType;
        if (!v.relation.empty()) j["relation"] = v.relation;
        if (!v.reasonCode.empty()) { j["reasonCode"] = v.reasonCode; j["reason"] = v.reason; }
        return j.dump(-1, ' ', false, json::error_handler_t::replace);
    };
    InquiryAnswer covered{};
    covered.nationalId = "0499370899";
    covered.outcome = Outcome::Eligible;
    covered.checkedAt = "2026-12-01";
    covered.checkedAtJalali = "1405/09/10";
    covered.checkedAtTime = "09:41";
    covered.validUntil = "2026-12-21";
    covered.validUntilJalali = "1405/09/30";
    covered.trackingCode = "7K3M-9QXR-A2F0-HZ5T";
    covered.remaining = 19;
    InquiryAnswer lapsed = covered;
    lapsed.outcome = Outcome::NotEligible;
    lapsed.validUntil.clear();
    lapsed.validUntilJalali.clear();
    lapsed.reasonCode = "reason.not_covered";
    lapsed.reason = "پوشش بیمه ای فعال نیست.";
    lapsed.remaining = -1;
    InquiryAnswer odd = lapsed; // what no answer holds, but the encoder must still get right
    odd.checkedAtTime.clear();
    odd.insuranceType = "self\"employed\\";
    odd.relation = std::string("so\n\tn\x01\x1f", 7);
    odd.reason = "bad \xC0\xAF utf-8 \xE2\x82 and \xFF";
    odd.nationalId = "";
    for (const InquiryAnswer& a : {covered, lapsed, odd}) CHECK(encode(a) == reference(a));
    auto back = decode_inquiry_answer(encode(lapsed));
    REQUIRE(back);
    CHECK(back->reason == lapsed.reason);
}
