#include <doctest/doctest.h>

#include <atomic>
#include <map>
#include <set>
#include <string>
#include <vector>
#ifndef __EMSCRIPTEN__
#include <thread>
#endif

#include <nlohmann/json.hpp>

#include "service/eligibility.h"
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
    CHECK(a->checkedAtTime == "08:00");
    // paid up 190 days ahead, but an answer holds until the end of the Jalali month at most
    CHECK(a->validUntil == "2026-12-21");
    CHECK(a->validUntilJalali == "1405/09/30");
    CHECK(a->insuranceType.empty()); // data minimisation: not what the counter needs
    CHECK(a->relation.empty());
    CHECK(a->reasonCode.empty());
    CHECK(a->trackingCode.size() == 19);
    CHECK(a->remaining == 19);
    // the receipt can be fetched again by its tracking code
    auto again = f.service.find_inquiry(a->trackingCode, "10.0.0.1");
    REQUIRE(again);
    CHECK(again->outcome == api::Outcome::Eligible);
    CHECK(again->trackingCode == a->trackingCode);
    CHECK(again->validUntil == a->validUntil);
    std::string lower = a->trackingCode;
    for (char& ch : lower) ch = char(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    CHECK(f.service.find_inquiry(lower, "10.0.0.1"));
    auto unknown = f.service.find_inquiry("0000-0000-0000-0000", "10.0.0.1");
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().status == 404);
}

TEST_CASE("inquiry: each archetype gets the right outcome, and every not-covered answer says the same") {
    ServiceFixture f;
    const std::string token = f.session();
    struct Case { std::string id; api::Outcome outcome; };
    const DemoSamples& s = f.samples;
    const Case cases[] = {
        {s.spouse, api::Outcome::Eligible},
        {s.son, api::Outcome::Eligible},
        {s.daughter, api::Outcome::Eligible},
        {s.mother, api::Outcome::Eligible},
        {s.pensioner, api::Outcome::Eligible},
        {s.lapsed, api::Outcome::NotEligible},
        {s.lapsedDependant, api::Outcome::NotEligible},
        {s.revoked, api::Outcome::NotEligible},
        {s.agedOutSon, api::Outcome::NotEligible},
        {s.youngFather, api::Outcome::NotEligible},
        {"0499370899", api::Outcome::NotEligible}, // not in the registry
    };
    for (const Case& c : cases) {
        CAPTURE(c.id);
        auto a = f.service.inquire(token, {c.id}, "10.0.0.1");
        REQUIRE(a);
        CHECK(a->outcome == c.outcome);
        CHECK(a->relation.empty());
        CHECK(a->insuranceType.empty());
        if (c.outcome == api::Outcome::NotEligible) {
            CHECK(a->reasonCode == "reason.not_covered");
            CHECK(a->reason == "پوشش بیمه ای فعال نیست.");
            CHECK(a->validUntil.empty());
        } else {
            CHECK(a->reasonCode.empty());
            CHECK_FALSE(a->validUntil.empty());
        }
    }
    // a pensioner has no paid-up date: the answer holds to the end of the month
    CHECK(f.service.inquire(token, {s.pensioner}, "10.0.0.1")->validUntilJalali == "1405/09/30");
}

// The data-minimisation rule, over a whole registry: every not-covered answer has exactly the
// same fields and reason, whatever the cause (not registered, lapsed, revoked, a dependant's
// age, marriage, job), and no valid-until date ever comes from a birthday.
TEST_CASE("inquiry: over a whole seeded registry, answers tell nothing beyond coverage") {
    ServiceConfig c = test_config();
    c.openInquiry = true;
    c.inquiriesPerClientMinute = 0;
    ServiceFixture f(c, 3000);
    std::vector<PersonRecord> people;
    RegistryGenOptions o;
    o.seed = kSeed;
    o.persons = 3000;
    o.today = kToday;
    generate_registry(o, [&](const PersonRecord& p) { people.push_back(p); });
    std::map<std::string, const PersonRecord*> by_id;
    for (const PersonRecord& p : people) by_id[p.nationalId] = &p;

    auto keys = [](const api::InquiryAnswer& a) {
        std::set<std::string> out;
        const nlohmann::json j = nlohmann::json::parse(api::encode(a));
        for (const auto& [k, v] : j.items()) out.insert(k);
        return out;
    };
    std::set<std::set<std::string>> not_covered_shapes;
    std::set<std::string> reasons;
    size_t not_covered = 0, covered = 0, dependants_covered = 0;
    const std::string month_end = "2026-12-21", today = "2026-11-25";
    for (const PersonRecord& p : people) {
        auto a = f.service.inquire("", {p.nationalId}, "10.0.0.1");
        REQUIRE(a);
        CHECK(a->relation.empty());
        CHECK(a->insuranceType.empty());
        if (a->outcome == api::Outcome::NotEligible) {
            ++not_covered;
            not_covered_shapes.insert(keys(*a));
            reasons.insert(a->reasonCode + "|" + a->reason);
            continue;
        }
        ++covered;
        // until: the main insured's paid-up day, the month's end, or the day of the check
        const PersonRecord& main = p.relation == Relation::Main ? p : *by_id.at(p.mainId);
        if (p.relation != Relation::Main) ++dependants_covered;
        const bool allowed = a->validUntil == month_end || a->validUntil == today ||
                             (main.insuranceType != InsuranceType::Pensioner && a->validUntil == format_iso_date(main.coveredUntil));
        CAPTURE(p.nationalId);
        CHECK(allowed);
        for (int years : {19, 25}) CHECK((a->validUntil != format_iso_date(date_from_epoch_days(days_from_epoch(birthday_at(p.birthDate, years)) - 1)) ||
                                         a->validUntil == today || a->validUntil == month_end));
    }
    // IDs that are not in the registry at all, answered the same way
    NationalIdSequence other(99);
    for (int i = 0; i < 200; ++i) {
        const std::string id = other.next();
        if (by_id.count(id)) continue;
        auto a = f.service.inquire("", {id}, "10.0.0.1");
        REQUIRE(a);
        CHECK(a->outcome == api::Outcome::NotEligible);
        not_covered_shapes.insert(keys(*a));
        reasons.insert(a->reasonCode + "|" + a->reason);
    }
    CHECK(covered > 1000);
    CHECK(dependants_covered > 300);
    CHECK(not_covered > 100);
    CHECK(not_covered_shapes.size() == 1);
    CHECK(reasons.size() == 1);
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
    CHECK(f.store.receipt_count() == 0);
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
    CHECK(f.store.receipt_count() == 3);
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
    CHECK(f.service.find_inquiry(a->trackingCode, "10.0.0.1"));
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
    CHECK(f.store.receipt_count() == 20);
}

TEST_CASE("inquiry: tracking codes are unique over 10,000 inquiries") {
    ServiceConfig c = test_config();
    c.openInquiry = true;
    c.inquiriesPerClientMinute = 0; // one client, as fast as it can: no limit here
    ServiceFixture f(c, 50);
    std::set<std::string> codes;
    for (int i = 0; i < 10000; ++i) codes.insert(f.service.inquire("", {f.samples.son}, "10.0.0.1")->trackingCode);
    CHECK(codes.size() == 10000);
}

TEST_CASE("inquiry: open mode and receipt lookups are limited per client, not for everyone") {
    ServiceConfig c = test_config();
    c.openInquiry = true;
    c.inquiriesPerClientMinute = 60;
    c.receiptsPerClientMinute = 10;
    ServiceFixture f(c, 50);
    std::string code;
    for (int i = 0; i < 60; ++i) {
        auto a = f.service.inquire("", {f.samples.son}, "client-a");
        REQUIRE(a);
        code = a->trackingCode;
    }
    auto over = f.service.inquire("", {f.samples.son}, "client-a");
    REQUIRE_FALSE(over);
    CHECK(over.error().status == 429);
    CHECK(over.error().code == "rate_limited");
    CHECK(over.error().retryAfter == 1);                          // one token a second comes back
    CHECK(f.service.inquire("", {f.samples.son}, "client-b"));   // another client is not held up
    f.clock.advance_s(1);
    CHECK(f.service.inquire("", {f.samples.son}, "client-a"));
    for (int i = 0; i < 10; ++i) CHECK(f.service.find_inquiry(code, "client-a"));
    auto lookups = f.service.find_inquiry(code, "client-a");
    REQUIRE_FALSE(lookups);
    CHECK(lookups.error().code == "rate_limited");
    CHECK(lookups.error().retryAfter == 6);
}
