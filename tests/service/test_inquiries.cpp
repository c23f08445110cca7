#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <string>
#include <vector>
#ifndef __EMSCRIPTEN__
#include <thread>
#endif

#include "support/service_fixture.h"

using namespace bk;
using namespace bk::test;

TEST_CASE("inquiry: an eligible main insured, with tracking code and one credit spent") {
    ServiceFixture f;
    const std::string token = f.session();
    REQUIRE_FALSE(token.empty());
    auto a = f.service.inquire(token, {f.samples.eligibleMain}, "10.0.0.1");
    REQUIRE(a);
    CHECK(a->nationalId == f.samples.eligibleMain);
    CHECK(a->outcome == api::Outcome::Eligible);
    CHECK(a->coverage == "outpatient");
    CHECK(a->checkedAt == "2026-11-25");
    CHECK(a->checkedAtJalali == "1405/09/04");
    CHECK(a->validUntil == "2027-06-03"); // archetype: paid up 190 days ahead
    CHECK(a->validUntilJalali == "1406/03/13");
    CHECK(a->insuranceType == "employee");
    CHECK(a->relation == "main");
    CHECK(a->reasonCode.empty());
    CHECK(a->trackingCode.size() == 19);
    CHECK(a->remaining == 19);
    // the receipt can be fetched again by its tracking code
    auto again = f.service.find_inquiry(a->trackingCode);
    REQUIRE(again);
    CHECK(again->outcome == api::Outcome::Eligible);
    CHECK(again->trackingCode == a->trackingCode);
    CHECK(again->validUntil == a->validUntil);
    std::string lower = a->trackingCode;
    for (char& ch : lower) ch = char(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    CHECK(f.service.find_inquiry(lower));
    auto unknown = f.service.find_inquiry("0000-0000-0000-0000");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().status == 404);
}

TEST_CASE("inquiry: each archetype gets the right answer") {
    ServiceFixture f;
    const std::string token = f.session();
    struct Case { std::string id; api::Outcome outcome; std::string relation; std::string reason; };
    const DemoSamples& s = f.samples;
    const Case cases[] = {
        {s.spouse, api::Outcome::Eligible, "spouse", ""},
        {s.son, api::Outcome::Eligible, "son", ""},
        {s.daughter, api::Outcome::Eligible, "daughter", ""},
        {s.mother, api::Outcome::Eligible, "mother", ""},
        {s.pensioner, api::Outcome::Eligible, "main", ""},
        {s.lapsed, api::Outcome::NotEligible, "main", "reason.no_coverage"},
        {s.lapsedDependant, api::Outcome::NotEligible, "son", "reason.main_not_eligible"},
        {s.revoked, api::Outcome::NotEligible, "main", "reason.revoked"},
        {s.agedOutSon, api::Outcome::NotEligible, "son", "reason.son_age"},
        {s.youngFather, api::Outcome::NotEligible, "father", "reason.father_age"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.id);
        auto a = f.service.inquire(token, {c.id}, "10.0.0.1");
        REQUIRE(a);
        CHECK(a->outcome == c.outcome);
        CHECK(a->relation == c.relation);
        CHECK(a->reasonCode == c.reason);
        if (!c.reason.empty()) CHECK(a->reason == std::string(fa(c.reason)));
    }
    auto p = f.service.inquire(token, {s.pensioner}, "10.0.0.1");
    CHECK(p->insuranceType == "pensioner");
    CHECK(p->validUntil.empty());
}

TEST_CASE("inquiry: a valid ID not in the registry is simply not eligible") {
    ServiceFixture f;
    const std::string token = f.session();
    auto a = f.service.inquire(token, {"0499370899"}, "10.0.0.1");
    REQUIRE(a);
    CHECK(a->outcome == api::Outcome::NotEligible);
    CHECK(a->reasonCode == "reason.no_coverage");
    CHECK(a->relation.empty());
    CHECK(a->remaining == 19); // an answer, so it costs a credit
}

TEST_CASE("inquiry: an invalid ID costs no credit") {
    ServiceFixture f;
    const std::string token = f.session();
    for (const char* bad : {"1234567890", "0000000000", "12345", "12345678901", "abc"}) {
        CAPTURE(bad);
        auto a = f.service.inquire(token, {bad}, "10.0.0.1");
        REQUIRE_FALSE(a);
        CHECK(a.error().status == 422);
        CHECK(a.error().code == "invalid_national_id");
        CHECK(a.error().field == "nationalId");
    }
    CHECK(f.service.credit(token)->remaining == 20);
    CHECK(f.store.inquiry_count() == 0);
}

TEST_CASE("inquiry: the registry down → undetermined, nothing spent, retry works") {
    ServiceFixture f;
    const std::string token = f.session();
    f.store.set_available(false);
    auto a = f.service.inquire(token, {f.samples.eligibleMain}, "10.0.0.1");
    REQUIRE_FALSE(a);
    CHECK(a.error().status == 503);
    CHECK(a.error().outcome == "undetermined");
    f.store.set_available(true);
    CHECK(f.service.credit(token)->remaining == 20);
    auto retry = f.service.inquire(token, {f.samples.eligibleMain}, "10.0.0.1");
    REQUIRE(retry);
    CHECK(retry->remaining == 19);
    CHECK(f.service.counters().undetermined == 1);
    CHECK(f.service.counters().eligible == 1);
}

TEST_CASE("inquiry: credit reaches zero, then 403; quota never below zero") {
    ServiceConfig c = test_config();
    c.quotaPerCode = 3;
    ServiceFixture f(c);
    const std::string token = f.session();
    for (int left = 2; left >= 0; --left) {
        auto a = f.service.inquire(token, {f.samples.son}, "10.0.0.1");
        REQUIRE(a);
        CHECK(a->remaining == left);
    }
    auto over = f.service.inquire(token, {f.samples.son}, "10.0.0.1");
    REQUIRE_FALSE(over);
    CHECK(over.error().status == 403);
    CHECK(over.error().code == "credit_exhausted");
    CHECK(f.service.credit(token)->remaining == 0);
    CHECK(f.store.inquiry_count() == 3);
    // an exhausted code cannot start a new session either
}

TEST_CASE("inquiry: sessions are required, and expire") {
    ServiceFixture f;
    auto none = f.service.inquire("", {f.samples.son}, "10.0.0.1");
    REQUIRE_FALSE(none);
    CHECK(none.error().status == 401);
    CHECK(none.error().code == "session_required");
    auto bogus = f.service.inquire("deadbeef", {f.samples.son}, "10.0.0.1");
    CHECK(bogus.error().code == "session_expired");
    const std::string token = f.session();
    f.clock.advance_s(8 * 3600);
    auto late = f.service.inquire(token, {f.samples.son}, "10.0.0.1");
    REQUIRE_FALSE(late);
    CHECK(late.error().status == 401);
    CHECK(late.error().code == "session_expired");
    // ending a session
    const std::string t2 = f.session("09351234567");
    CHECK(f.service.end_session(t2));
    CHECK(f.service.credit(t2).error().code == "session_expired");
}

TEST_CASE("inquiry: open-inquiry mode needs no code and spends nothing") {
    ServiceConfig c = test_config();
    c.openInquiry = true;
    ServiceFixture f(c);
    auto a = f.service.inquire("", {f.samples.eligibleMain}, "10.0.0.1");
    REQUIRE(a);
    CHECK(a->outcome == api::Outcome::Eligible);
    CHECK(a->remaining == -1);
    CHECK(f.service.find_inquiry(a->trackingCode));
}

TEST_CASE("inquiry: 200 inquiries on one code with 20 credits → exactly 20 answered") {
    ServiceFixture f;
    const std::string token = f.session();
    std::atomic<int> answered{0}, refused{0}, other{0};
    auto one = [&] {
        auto a = f.service.inquire(token, {f.samples.spouse}, "10.0.0.1");
        if (a) ++answered;
        else if (a.error().code == "credit_exhausted") ++refused;
        else ++other;
    };
#ifndef __EMSCRIPTEN__
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&] { for (int i = 0; i < 25; ++i) one(); });
    for (auto& t : threads) t.join();
#else
    for (int i = 0; i < 200; ++i) one(); // no threads in this WASM build
#endif
    CHECK(answered == 20);
    CHECK(refused == 180);
    CHECK(other == 0);
    CHECK(f.service.credit(token)->remaining == 0);
    CHECK(f.store.inquiry_count() == 20);
}

TEST_CASE("inquiry: tracking codes are unique over 10,000 inquiries") {
    ServiceConfig c = test_config();
    c.openInquiry = true;
    ServiceFixture f(c, 50);
    std::set<std::string> codes;
    for (int i = 0; i < 10000; ++i) codes.insert(f.service.inquire("", {f.samples.son}, "10.0.0.1")->trackingCode);
    CHECK(codes.size() == 10000);
}
