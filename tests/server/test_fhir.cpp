#include <doctest/doctest.h>

#include "server/fhir.h"

using namespace bk;
using nlohmann::json;

namespace {

json request_with(json identifier) {
    return json{{"resourceType", "CoverageEligibilityRequest"}, {"status", "active"}, {"purpose", {"validation"}},
                {"patient", {{"identifier", identifier}}}, {"created", "2026-12-04"}, {"insurer", {{"display", "SSO"}}},
                {"id", "r7"}};
}

} // namespace

TEST_CASE("fhir: the national ID is an identifier typed NI, or one in our system") {
    const json ni = {{"type", {{"coding", {{{"system", fhir::kIdentifierTypeSystem}, {"code", "NI"}}}}}}, {"value", "1345829841"}};
    auto a = fhir::decode_submit(request_with(ni));
    REQUIRE(a);
    CHECK(a->nationalId == "1345829841");
    CHECK(a->request == json{{"reference", "CoverageEligibilityRequest/r7"}}); // no identifier: by id
    auto b = fhir::decode_submit(request_with({{"system", fhir::kNationalIdSystem}, {"value", "0499370899"}}));
    REQUIRE(b);
    CHECK(b->nationalId == "0499370899");
    auto c = fhir::decode_submit(request_with({{"system", "urn:oid:2.16.364"}, {"value", "0499370899"}}));
    REQUIRE_FALSE(c);
    CHECK(c.error().status == 400);
    CHECK(c.error().expression == "CoverageEligibilityRequest.patient.identifier");
    auto d = fhir::decode_submit(request_with({{"system", fhir::kNationalIdSystem}, {"value", 499370899}}));
    REQUIRE_FALSE(d);
    CHECK(d.error().issue == "structure");
}

TEST_CASE("fhir: /api/v1's errors keep their status (an invalid value becomes 400) and get an issue type") {
    struct Case { int status; const char* code; int fhir_status; const char* issue; };
    for (const Case k : {Case{422, "invalid_national_id", 400, "invalid"}, Case{401, "session_required", 401, "login"},
                         Case{403, "credit_exhausted", 403, "forbidden"}, Case{429, "rate_limited", 429, "throttled"},
                         Case{503, "registry_unavailable", 503, "transient"}, Case{503, "service_unavailable", 503, "transient"},
                         Case{500, "internal_error", 500, "exception"}, Case{400, "bad_json", 400, "structure"}}) {
        CAPTURE(k.code);
        api::ApiError e = api::make_api_error(k.status, k.code, k.status == 422 ? "nationalId" : "", k.status == 429 ? 30 : 0);
        const fhir::Problem p = fhir::problem_of(e);
        CHECK(p.status == k.fhir_status);
        CHECK(p.issue == k.issue);
        CHECK(p.code == k.code);
        if (k.status == 429) CHECK(p.retryAfter == 30);
        const json oo = fhir::operation_outcome(p, Locale::get("en"));
        CHECK(oo["issue"][0]["details"]["coding"][0]["code"] == k.code);
        CHECK(oo["issue"][0]["details"]["text"] == Locale::get("en").text(k.code));
    }
    api::ApiError reason = api::make_api_error(422, "invalid_national_id", "nationalId");
    reason.messageCode = "national_id_checksum";
    const fhir::Problem p = fhir::problem_of(reason);
    CHECK(p.code == "national_id_checksum");
    CHECK(p.expression == "CoverageEligibilityRequest.patient.identifier.value");
}

TEST_CASE("fhir: an answer says inforce, the valid-until of outpatient services, and nothing of the family") {
    api::InquiryAnswer a;
    a.nationalId = "1345829841";
    a.outcome = api::Outcome::Eligible;
    a.checkedAt = "2026-12-04";
    a.checkedAtJalali = "1405/09/13";
    a.checkedAtTime = "10:05";
    a.validUntil = "2026-12-21";
    a.relation = "son";
    a.insuranceType = "employee";
    a.trackingCode = "K7Q2-M9XD-4HPT-ZZ01";
    const json r = json::parse(fhir::eligibility_response(a, nullptr, Locale::get("en")));
    CHECK(r["insurance"][0]["inforce"] == true);
    CHECK(r["insurance"][0]["benefitPeriod"]["end"] == "2026-12-21");
    CHECK(r["created"] == "2026-12-04T10:05:00+03:30");
    CHECK(r["disposition"] == "On 4 December 2026 (13 Azar 1405) you are eligible for the Social Security Organization's medical support");
    CHECK(r["id"] == "K7Q2-M9XD-4HPT-ZZ01");
    CHECK(r.dump().find("son") == std::string::npos);
    CHECK(r.dump().find("employee") == std::string::npos);
    a.outcome = api::Outcome::NotEligible;
    const json no = json::parse(fhir::eligibility_response(a, nullptr, Locale::get("fa")));
    CHECK(no["insurance"][0]["inforce"] == false);
    CHECK_FALSE(no["insurance"][0].contains("benefitPeriod"));
}
