// The flow exactly as the page's demo runs it: DemoBackend (service + in-memory registry +
// outbox) behind the Demo transport, with a fake clock.
#include <doctest/doctest.h>

#include "core/flow.h"
#include "core/mobile.h"
#include "service/demo_backend.h"

using namespace bk;

TEST_CASE("demo flow: SMS code, expiry at exactly 180 s, restart, inquiry of every sample") {
    ManualClock clock(1795581000000);
    DemoOptions o;
    o.today = {2026, 11, 25};
    DemoBackend demo(clock, o);
    Flow flow(demo.transport(), clock);
    flow.start();
    flow.upgrade();
    flow.edit(FieldId::Mobile, "۰۹۱۲۱۲۳۲۵۸۰");
    flow.request_code();
    REQUIRE(flow.state().screen == Screen::CodeEntry);
    clock.advance_ms(180000);
    flow.tick();
    CHECK(flow.state().screen == Screen::CreditRequest);
    CHECK(flow.state().notice.code == "ui.code_timed_out");

    flow.request_code(); // the resend cool-down (60 s) has passed
    REQUIRE(flow.state().screen == Screen::CodeEntry);
    const auto sms = demo.outbox().latest("09121232580");
    REQUIRE(sms);
    flow.edit(FieldId::Code, *code_from_sms_text(sms->text));
    flow.submit_code();
    REQUIRE(flow.state().screen == Screen::Inquiry);

    const DemoSamples& s = demo.samples();
    for (const std::string& id : {s.eligibleMain, s.son, s.pensioner, s.lapsed, s.revoked}) {
        flow.edit(FieldId::NationalId, id);
        flow.inquire();
    }
    const auto& h = flow.state().inquiries.entries();
    REQUIRE(h.size() == 5);
    CHECK(h[0].answer.outcome == api::Outcome::Eligible);
    CHECK(h[1].answer.outcome == api::Outcome::Eligible);
    CHECK(h[2].answer.outcome == api::Outcome::Eligible);
    CHECK(h[3].answer.outcome == api::Outcome::NotEligible);
    CHECK(h[4].answer.outcome == api::Outcome::NotEligible);
    CHECK(flow.state().credit.remaining == 15);
}

TEST_CASE("demo flow: the USSD path through the demo phone") {
    ManualClock clock(1795581000000);
    DemoBackend demo(clock);
    Flow flow(demo.transport(), clock);
    flow.start();
    flow.upgrade();
    auto text = demo.service().ussd_request("09351234567");
    REQUIRE(text);
    flow.edit(FieldId::Mobile, "09351234567");
    flow.have_code();
    flow.edit(FieldId::Code, text->substr(text->find(": ") + 2, 6));
    flow.submit_code();
    CHECK(flow.state().screen == Screen::Inquiry);
}
