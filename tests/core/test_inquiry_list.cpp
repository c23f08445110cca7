#include <doctest/doctest.h>

#include "core/inquiry_list.h"

using namespace bk;

TEST_CASE("history: request order, answers in place, cleared only on request") {
    InquiryList h;
    const uint64_t a = h.add("0499370899", 10);
    const uint64_t b = h.add("0790419904", 20);
    const uint64_t c = h.add("0499370899", 30); // the same ID twice: two rows
    REQUIRE(h.size() == 3);
    CHECK(h.entries()[0].nationalId == "0499370899");
    CHECK(h.entries()[1].nationalId == "0790419904");
    CHECK(h.entries()[2].requestedAtMs == 30);

    api::InquiryAnswer ans;
    ans.outcome = api::Outcome::Eligible;
    ans.trackingCode = "ABCD-EFGH-JKMN-PQRS";
    CHECK(h.answer(b, ans));
    CHECK(h.entries()[1].state == EntryState::Answered);
    CHECK(h.entries()[1].answer.trackingCode == "ABCD-EFGH-JKMN-PQRS");
    CHECK(h.undetermined(c, "network_error"));
    CHECK(h.entries()[2].state == EntryState::Undetermined);
    CHECK(h.entries()[2].errorCode == "network_error");
    CHECK(h.pending(c));
    CHECK(h.entries()[2].state == EntryState::Pending);
    CHECK(h.toggle(a));
    CHECK(h.entries()[0].expanded);

    h.clear();
    CHECK(h.empty());
    // a late answer for a cleared row is dropped
    CHECK_FALSE(h.answer(a, ans));
    const uint64_t d = h.add("1583250689", 40);
    CHECK(d > c); // ids are never reused
}
