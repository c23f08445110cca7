// The storage contract (service/store.h), checked the same way on every engine.
#include "store/store_conformance.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <set>
#include <string>
#include <vector>
#include <mutex>
#ifndef __EMSCRIPTEN__
#include <thread>
#endif

namespace bk::test {

namespace {

constexpr int64_t kNow = 1'795'000'000'000; // 2026-11-19, ms

PersonRecord person(const std::string& id, const std::string& main = "") {
    PersonRecord p;
    p.nationalId = id;
    p.mainId = main;
    p.relation = main.empty() ? Relation::Main : Relation::Son;
    p.insuranceType = InsuranceType::Employee;
    p.coveredUntil = GregorianDate{2026, 12, 31};
    p.birthDate = GregorianDate{1980, 5, 1};
    return p;
}

CodeRecord code(const std::string& hash, int credit, int64_t activated_at = 0) {
    CodeRecord c;
    c.hash = hash;
    c.mobile = "09121232580";
    c.channel = "sms";
    c.issuedAtMs = kNow;
    c.activateByMs = kNow + 180000;
    c.activatedAtMs = activated_at;
    c.total = credit;
    c.remaining = credit;
    return c;
}

ReceiptRecord receipt(const std::string& tracking, int64_t at = kNow) {
    return ReceiptRecord{tracking, "0499370899", true, 20819 /* 2027-01-01 */, at};
}

// 16 characters, distinct for distinct i: T000000000000042.
std::string tracking(int i) {
    const std::string n = std::to_string(i);
    return "T" + std::string(15 - n.size(), '0') + n;
}

void activate(EngineUnderTest& e, const std::string& hash, int credit) {
    REQUIRE(e.credit->insert_code(code(hash, credit)));
    auto a = e.credit->activate_code(hash, kNow + 1000);
    REQUIRE(a);
    REQUIRE(*a);
}

} // namespace

void check_store_conformance(const std::function<EngineUnderTest()>& make) {
    EngineUnderTest e = make();

    SUBCASE("registry: put, find, replace; an unknown ID is nothing") {
        REQUIRE(e.registry->put_person(person("1345829841")));
        REQUIRE(e.registry->put_person(person("9094239620", "1345829841")));
        auto p = e.registry->find_person("9094239620");
        REQUIRE(p);
        REQUIRE(p->has_value());
        CHECK((*p)->mainId == "1345829841");
        CHECK((*p)->relation == Relation::Son);
        CHECK((*p)->coveredUntil.year == 2026);
        PersonRecord changed = person("1345829841");
        changed.revoked = true;
        REQUIRE(e.registry->put_person(changed)); // idempotent replace
        auto again = e.registry->find_person("1345829841");
        REQUIRE(again);
        REQUIRE(again->has_value());
        CHECK((*again)->revoked);
        auto none = e.registry->find_person("0499370899");
        REQUIRE(none);
        CHECK_FALSE(none->has_value());
    }

    SUBCASE("codes: a new hash is inserted once; a second insert is Duplicate") {
        REQUIRE(e.credit->insert_code(code("h1", 20)));
        auto dup = e.credit->insert_code(code("h1", 5));
        REQUIRE_FALSE(dup);
        CHECK(dup.error().kind == StoreErrorKind::Duplicate);
        auto c = e.credit->find_code("h1");
        REQUIRE(c);
        REQUIRE(c->has_value());
        CHECK((*c)->remaining == 20); // the first one stays
        CHECK((*c)->mobile == "09121232580");
        auto none = e.credit->find_code("nope");
        REQUIRE(none);
        CHECK_FALSE(none->has_value());
    }

    SUBCASE("codes: activation before the deadline, idempotent; never after it or for an unknown hash") {
        REQUIRE(e.credit->insert_code(code("h1", 20)));
        REQUIRE(e.credit->insert_code(code("late", 20)));
        auto a = e.credit->activate_code("h1", kNow + 179999);
        REQUIRE(a);
        CHECK(*a);
        auto twice = e.credit->activate_code("h1", kNow + 500000); // already active: still true
        REQUIRE(twice);
        CHECK(*twice);
        auto late = e.credit->activate_code("late", kNow + 180000);
        REQUIRE(late);
        CHECK_FALSE(*late);
        auto unknown = e.credit->activate_code("nope", kNow);
        REQUIRE(unknown);
        CHECK_FALSE(*unknown);
        auto c = e.credit->find_code("h1");
        REQUIRE(c);
        CHECK((*c)->activatedAtMs == kNow + 179999);
    }

    SUBCASE("spend: counts down to 0, then Exhausted; the receipt is recorded with each spend") {
        activate(e, "h1", 3);
        for (int left = 2; left >= 0; --left) {
            auto r = e.credit->spend_and_record("h1", receipt(tracking(left)));
            REQUIRE(r);
            CHECK(*r == left);
        }
        auto out = e.credit->spend_and_record("h1", receipt(tracking(9)));
        REQUIRE_FALSE(out);
        CHECK(out.error().kind == StoreErrorKind::Exhausted);
        auto none = e.credit->find_receipt(tracking(9));
        REQUIRE(none);
        CHECK_FALSE(none->has_value()); // nothing recorded without a spend
        auto kept = e.credit->find_receipt(tracking(1));
        REQUIRE(kept);
        REQUIRE(kept->has_value());
        CHECK((*kept)->nationalId == "0499370899"); // a leading zero survives the numeric column
        CHECK((*kept)->eligible);
        CHECK((*kept)->validUntilDays == 20819);
        CHECK((*kept)->atMs == kNow);
    }

    SUBCASE("spend: NotFound for an unknown or a pending code; nothing recorded") {
        REQUIRE(e.credit->insert_code(code("pending", 20)));
        for (const char* hash : {"pending", "nope"}) {
            auto r = e.credit->spend_and_record(hash, receipt(tracking(1)));
            REQUIRE_FALSE(r);
            CHECK(r.error().kind == StoreErrorKind::NotFound);
        }
        auto none = e.credit->find_receipt(tracking(1));
        REQUIRE(none);
        CHECK_FALSE(none->has_value());
    }

    SUBCASE("spend: a tracking code that exists is Duplicate and spends nothing") {
        activate(e, "h1", 5);
        REQUIRE(e.credit->spend_and_record("h1", receipt(tracking(1))));
        auto dup = e.credit->spend_and_record("h1", receipt(tracking(1)));
        REQUIRE_FALSE(dup);
        CHECK(dup.error().kind == StoreErrorKind::Duplicate);
        auto c = e.credit->find_code("h1");
        REQUIRE(c);
        CHECK((*c)->remaining == 4);
    }

    SUBCASE("spend answered later: 30 at once from 20 credits and another code, with a repeated tracking code: each answered once, exactly") {
        // Submitted without waiting, so an engine that batches gets them in few transactions:
        // every spend must still be answered as if alone.
        activate(e, "h1", 20);
        activate(e, "h2", 1);
        REQUIRE(e.credit->insert_code(code("pending", 5)));
        struct Answers {
            std::mutex mu;
            std::vector<std::pair<int, StoreResult<int>>> got; // (which spend, its answer)
        } answers;
        auto answered = [&answers](int i) {
            return [&answers, i](StoreResult<int> r) {
                std::lock_guard lock(answers.mu);
                answers.got.emplace_back(i, std::move(r));
            };
        };
        for (int i = 0; i < 30; ++i) e.credit->spend_and_record_async("h1", receipt(tracking(100 + i)), answered(i));
        e.credit->spend_and_record_async("h2", receipt(tracking(100)), answered(30));  // the tracking code of spend 0
        e.credit->spend_and_record_async("h2", receipt(tracking(200)), answered(31));
        e.credit->spend_and_record_async("pending", receipt(tracking(201)), answered(32));
        if (e.flush) e.flush();
        std::lock_guard lock(answers.mu);
        REQUIRE(answers.got.size() == 33);
        std::sort(answers.got.begin(), answers.got.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<int> lefts;
        int exhausted = 0;
        for (int i = 0; i < 30; ++i) {
            const auto& r = answers.got[i].second;
            if (r) lefts.push_back(*r);
            else if (r.error().kind == StoreErrorKind::Exhausted) ++exhausted;
        }
        std::sort(lefts.begin(), lefts.end());
        std::vector<int> want(20);
        for (int i = 0; i < 20; ++i) want[i] = i;
        CHECK(lefts == want);
        CHECK(exhausted == 10);
        // A tracking code that exists spends nothing; the code's credit is still there.
        const auto& dup = answers.got[30].second;
        REQUIRE_FALSE(dup);
        CHECK(dup.error().kind == StoreErrorKind::Duplicate);
        const auto& h2 = answers.got[31].second;
        REQUIRE(h2);
        CHECK(*h2 == 0);
        const auto& pending = answers.got[32].second;
        REQUIRE_FALSE(pending);
        CHECK(pending.error().kind == StoreErrorKind::NotFound);
        auto code_h1 = e.credit->find_code("h1");
        REQUIRE(code_h1);
        CHECK((*code_h1)->remaining == 0);
        auto kept = e.credit->find_receipt(tracking(100));
        REQUIRE(kept);
        REQUIRE(kept->has_value());
        auto none = e.credit->find_receipt(tracking(201));
        REQUIRE(none);
        CHECK_FALSE(none->has_value());
    }

    SUBCASE("record (open mode): readable at once; a tracking code that exists is Duplicate, never dropped silently") {
        REQUIRE(e.credit->record(receipt(tracking(1))));
        auto now = e.credit->find_receipt(tracking(1));
        REQUIRE(now);
        CHECK(now->has_value());
        auto dup = e.credit->record(receipt(tracking(1), kNow + 5));
        REQUIRE_FALSE(dup);
        CHECK(dup.error().kind == StoreErrorKind::Duplicate);
        e.flush();
        auto kept = e.credit->find_receipt(tracking(1));
        REQUIRE(kept);
        REQUIRE(kept->has_value());
        CHECK((*kept)->atMs == kNow); // the first one
        // A spend's receipt and an open-mode receipt share one space of tracking codes.
        activate(e, "h1", 5);
        auto clash = e.credit->spend_and_record("h1", receipt(tracking(1)));
        REQUIRE_FALSE(clash);
        CHECK(clash.error().kind == StoreErrorKind::Duplicate);
        // A not-covered receipt, before and after it reaches the database.
        ReceiptRecord no = receipt(tracking(2));
        no.nationalId = "0010350829";
        no.eligible = false;
        no.validUntilDays = 0;
        REQUIRE(e.credit->record(no));
        for (int pass = 0; pass < 2; ++pass) {
            auto got = e.credit->find_receipt(tracking(2));
            REQUIRE(got);
            REQUIRE(got->has_value());
            CHECK((*got)->nationalId == "0010350829");
            CHECK_FALSE((*got)->eligible);
            CHECK((*got)->validUntilDays == 0);
            e.flush();
        }
    }

    SUBCASE("read_for_inquiry: the session, its code, the person and the main insured, as the single reads give them") {
        REQUIRE(e.registry->put_person(person("1345829841")));
        PersonRecord son = person("9094239620", "1345829841");
        son.studying = true;
        son.birthDate = GregorianDate{2010, 2, 3};
        REQUIRE(e.registry->put_person(son));
        activate(e, "h1", 7);
        REQUIRE(e.sessions->create_session(SessionRecord{"tok", "h1", "09121232580", kNow, kNow + 3600000}));
        auto r = e.reads->read_for_inquiry("tok", "9094239620");
        REQUIRE(r);
        REQUIRE(r->session);
        CHECK(r->session->codeHash == "h1");
        CHECK(r->session->expiresAtMs == kNow + 3600000);
        REQUIRE(r->code);
        CHECK(r->code->remaining == 7);
        CHECK(r->code->activatedAtMs == kNow + 1000);
        REQUIRE(r->person);
        CHECK(r->person->nationalId == "9094239620");
        CHECK(r->person->mainId == "1345829841");
        CHECK(r->person->relation == Relation::Son);
        CHECK(r->person->studying);
        CHECK(r->person->birthDate.year == 2010);
        REQUIRE(r->main);
        CHECK(r->main->nationalId == "1345829841");
        CHECK(r->main->coveredUntil.day == 31);
        // A main insured has no main; an unknown ID and token give nothing; no token asks none.
        auto m = e.reads->read_for_inquiry("", "1345829841");
        REQUIRE(m);
        CHECK_FALSE(m->session);
        CHECK(m->person);
        CHECK_FALSE(m->main);
        auto none = e.reads->read_for_inquiry("other", "0499370899");
        REQUIRE(none);
        CHECK_FALSE(none->session);
        CHECK_FALSE(none->code);
        CHECK_FALSE(none->person);
        // An ID that starts with 0 keeps its zero.
        REQUIRE(e.registry->put_person(person("0499370899")));
        auto zero = e.reads->read_for_inquiry("", "0499370899");
        REQUIRE(zero);
        REQUIRE(zero->person);
        CHECK(zero->person->nationalId == "0499370899");
    }

    SUBCASE("sessions: create, find, replace; delete is idempotent") {
        SessionRecord s{"tok", "h1", "09121232580", kNow, kNow + 3600000};
        REQUIRE(e.sessions->create_session(s));
        auto f = e.sessions->find_session("tok");
        REQUIRE(f);
        REQUIRE(f->has_value());
        CHECK((*f)->expiresAtMs == kNow + 3600000);
        s.expiresAtMs = kNow + 60000;
        REQUIRE(e.sessions->create_session(s));
        f = e.sessions->find_session("tok");
        REQUIRE(f);
        CHECK((*f)->expiresAtMs == kNow + 60000);
        REQUIRE(e.sessions->delete_session("tok"));
        REQUIRE(e.sessions->delete_session("tok"));
        f = e.sessions->find_session("tok");
        REQUIRE(f);
        CHECK_FALSE(f->has_value());
    }

    SUBCASE("rates: hits count per (key, window); claims hold until their deadline; forget clears") {
        for (int64_t i = 1; i <= 3; ++i) {
            auto h = e.rates->hit("k", 1000);
            REQUIRE(h);
            CHECK(*h == i);
        }
        auto other = e.rates->hit("k", 2000);
        REQUIRE(other);
        CHECK(*other == 1);
        auto c1 = e.rates->claim("lock", kNow, kNow + 60000);
        REQUIRE(c1);
        CHECK(*c1 == 0);
        auto c2 = e.rates->claim("lock", kNow + 1000, kNow + 90000);
        REQUIRE(c2);
        CHECK(*c2 == kNow + 60000);
        auto d = e.rates->deadline("lock");
        REQUIRE(d);
        CHECK(*d == kNow + 60000);
        auto c3 = e.rates->claim("lock", kNow + 60000, kNow + 120000); // passed (≤ now): claimed again
        REQUIRE(c3);
        CHECK(*c3 == 0);
        auto none = e.rates->deadline("free");
        REQUIRE(none);
        CHECK(*none == 0);
        REQUIRE(e.rates->forget("k"));
        REQUIRE(e.rates->forget("lock"));
        REQUIRE(e.rates->forget("never-seen"));
        auto fresh = e.rates->hit("k", 1000);
        REQUIRE(fresh);
        CHECK(*fresh == 1);
        auto cleared = e.rates->deadline("lock");
        REQUIRE(cleared);
        CHECK(*cleared == 0);
    }

    SUBCASE("purge: what expired and old receipts go, in batches; the rest stays") {
        const int64_t day = 86400000;
        for (int i = 0; i < 5; ++i)
            REQUIRE(e.sessions->create_session(SessionRecord{"old" + std::to_string(i), "h", "09121232580", kNow - day, kNow - 1}));
        REQUIRE(e.sessions->create_session(SessionRecord{"live", "h", "09121232580", kNow, kNow + day}));
        CodeRecord stale = code("stale", 20);
        stale.issuedAtMs = kNow - 3 * day;
        stale.activateByMs = stale.issuedAtMs + 180000;
        REQUIRE(e.credit->insert_code(stale));
        CodeRecord ancient = code("ancient", 20, kNow - 100 * day);
        ancient.issuedAtMs = kNow - 100 * day;
        REQUIRE(e.credit->insert_code(ancient));
        // As old, but a session still lives on it ("I already have a code" resumed it lately):
        // kept until that session ends.
        CodeRecord resumed = ancient;
        resumed.hash = "resumed";
        REQUIRE(e.credit->insert_code(resumed));
        REQUIRE(e.sessions->create_session(SessionRecord{"on-resumed", "resumed", "09121232580", kNow - 60000, kNow + day}));
        REQUIRE(e.credit->insert_code(code("fresh", 20)));
        for (int i = 0; i < 5; ++i) REQUIRE(e.credit->record(receipt(tracking(i), kNow - 100 * day)));
        REQUIRE(e.credit->record(receipt(tracking(7), kNow)));
        REQUIRE(e.rates->hit("old", (kNow - 5 * day) / 1000));
        REQUIRE(e.rates->hit("new", kNow / 1000));
        REQUIRE(e.rates->claim("gone", kNow - day, kNow - 1));
        REQUIRE(e.rates->claim("holds", kNow, kNow + day));
        e.flush();

        RetentionPolicy p;
        p.nowMs = kNow;
        p.receiptsBeforeMs = kNow - 90 * day;
        p.codesIssuedBeforeMs = kNow - 90 * day;
        p.countersBeforeS = (kNow - 2 * day) / 1000;
        p.batch = 2;
        PurgeCounts total;
        for (int round = 0; round < 20; ++round) {
            auto n = e.maintenance->purge_batch(p);
            REQUIRE(n);
            CHECK(n->sessions <= 2);
            CHECK(n->receipts <= 2);
            total.sessions += n->sessions; total.codes += n->codes; total.counters += n->counters;
            total.deadlines += n->deadlines; total.receipts += n->receipts;
            if (n->total() == 0) break;
        }
        CHECK(total.sessions == 5);
        CHECK(total.codes == 2);
        CHECK(total.counters == 1);
        CHECK(total.deadlines == 1);
        CHECK(total.receipts == 5);
        auto live = e.sessions->find_session("live");
        REQUIRE(live);
        CHECK(live->has_value());
        auto fresh = e.credit->find_code("fresh");
        REQUIRE(fresh);
        CHECK(fresh->has_value());
        auto still = e.credit->find_code("resumed");
        REQUIRE(still);
        CHECK(still->has_value());
        auto kept = e.credit->find_receipt(tracking(7));
        REQUIRE(kept);
        CHECK(kept->has_value());
        auto holds = e.rates->deadline("holds");
        REQUIRE(holds);
        CHECK(*holds == kNow + day);
        auto counted = e.rates->hit("new", kNow / 1000);
        REQUIRE(counted);
        CHECK(*counted == 2);
    }

#ifndef __EMSCRIPTEN__
    SUBCASE("concurrency: 8 threads spend 160 times from 50 credits: exactly 50 spent, each count once") {
        if (!e.threads) return;
        activate(e, "shared", 50);
        std::atomic<int> spent{0}, exhausted{0}, other{0};
        std::mutex mu;
        std::vector<int> lefts;
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 20; ++i) {
                    auto r = e.credit->spend_and_record("shared", receipt(tracking(t * 100 + i)));
                    if (r) {
                        ++spent;
                        std::lock_guard lock(mu);
                        lefts.push_back(*r);
                    } else if (r.error().kind == StoreErrorKind::Exhausted) {
                        ++exhausted;
                    } else {
                        ++other;
                    }
                }
            });
        for (auto& th : threads) th.join();
        CHECK(spent == 50);
        CHECK(exhausted == 110);
        CHECK(other == 0);
        std::sort(lefts.begin(), lefts.end());
        std::vector<int> want(50);
        for (int i = 0; i < 50; ++i) want[i] = i;
        CHECK(lefts == want);
    }

    SUBCASE("concurrency: 8 threads hit one counter 25 times each: 1…200, each once; one claim of many wins") {
        if (!e.threads) return;
        std::mutex mu;
        std::vector<int64_t> seen;
        constexpr int kRaces = 20; // each a new key: the first claims race on its insert
        std::vector<std::atomic<int>> won(kRaces);
        std::atomic<int> failed{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 25; ++i) {
                    auto h = e.rates->hit("hot", 1000);
                    if (!h) { ++failed; continue; }
                    std::lock_guard lock(mu);
                    seen.push_back(*h);
                }
                for (int k = 0; k < kRaces; ++k) {
                    auto c = e.rates->claim("race" + std::to_string(k), kNow, kNow + 60000);
                    if (!c) ++failed;
                    else if (*c == 0) ++won[k];
                    else CHECK(*c == kNow + 60000); // a loser is told the deadline that holds
                }
            });
        for (auto& th : threads) th.join();
        CHECK(failed == 0);
        for (int k = 0; k < kRaces; ++k) CHECK_MESSAGE(won[k] == 1, "race " << k << ": " << won[k].load() << " claims won");
        // Verifications at once (a double click, two tabs): every one finds the code active.
        for (int k = 0; k < kRaces; ++k) REQUIRE(e.credit->insert_code(code("pending" + std::to_string(k), 20, 0)));
        std::atomic<int> inactive{0};
        std::vector<std::thread> verifiers;
        for (int t = 0; t < 8; ++t)
            verifiers.emplace_back([&] {
                for (int k = 0; k < kRaces; ++k) {
                    auto a = e.credit->activate_code("pending" + std::to_string(k), kNow);
                    if (!a) ++failed;
                    else if (!*a) ++inactive;
                }
            });
        for (auto& th : verifiers) th.join();
        CHECK(failed == 0);
        CHECK(inactive == 0);
        std::sort(seen.begin(), seen.end());
        std::vector<int64_t> want(200);
        for (int i = 0; i < 200; ++i) want[i] = i + 1;
        CHECK(seen == want);
    }
#endif
}

} // namespace bk::test
