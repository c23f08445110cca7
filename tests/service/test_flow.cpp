// The front-end flow (core/flow) driven through the service domain in-process (DirectTransport),
// with a fake clock: the same path the WASM demo takes.
#include <doctest/doctest.h>

#include <string>

#include "core/flow.h"
#include "core/snapshot.h"
#include "service/direct_transport.h"
#include "support/service_fixture.h"

using namespace bk;
using namespace bk::test;

namespace {

struct FlowFixture : ServiceFixture {
    explicit FlowFixture(ServiceConfig c = test_config()) : ServiceFixture(std::move(c)), transport(service), flow(transport, clock) {
        flow.start();
    }
    std::string last_code(const std::string& mobile) {
        auto m = outbox.latest(mobile);
        return m ? code_from_sms_text(m->text).value_or("") : "";
    }
    // Landing → CreditRequest → CodeEntry (SMS) → Inquiry.
    void reach_inquiry(const std::string& mobile = "09121232580") {
        flow.upgrade();
        flow.edit(FieldId::Mobile, mobile);
        flow.request_code();
        flow.edit(FieldId::Code, last_code(check_mobile(mobile).normalized));
        flow.submit_code();
    }
    DirectTransport transport;
    Flow flow;
};

} // namespace

TEST_CASE("flow: the SMS path from landing to an answered inquiry") {
    FlowFixture f;
    const FlowState& s = f.flow.state();
    CHECK(s.screen == Screen::Landing);
    CHECK(s.serviceLoaded);
    CHECK_FALSE(s.service.openInquiry);
    CHECK_FALSE(f.flow.can(Action::Inquire)); // no direct inquiry when open mode is off
    CHECK(f.flow.can(Action::Upgrade));

    f.flow.upgrade();
    CHECK(s.screen == Screen::CreditRequest);
    f.flow.edit(FieldId::Mobile, "۰۹۱۲۱۲۳۲۵۸۰");
    CHECK(s.mobile.error.empty());
    f.flow.request_code();
    CHECK(s.screen == Screen::CodeEntry);
    CHECK(s.codeBySms);
    CHECK(f.flow.code_seconds_left() == 180);
    CHECK(format_mm_ss(f.flow.code_seconds_left()) == "۰۳:۰۰");

    f.clock.advance_s(30);
    CHECK(f.flow.tick());
    CHECK(f.flow.code_seconds_left() == 150);
    const std::string code = f.last_code("09121232580");
    f.flow.edit(FieldId::Code, to_persian_digits(code));
    f.flow.submit_code();
    CHECK(s.screen == Screen::Inquiry);
    CHECK(s.credit.mobile == "0912***2580");
    CHECK(s.credit.remaining == 20);
    CHECK(s.creditCode == code);

    f.flow.edit(FieldId::NationalId, to_persian_digits(f.samples.eligibleMain));
    CHECK(s.nationalId.error.empty());
    f.flow.inquire();
    REQUIRE(s.inquiries.size() == 1);
    const InquiryEntry& e = s.inquiries.entries()[0];
    CHECK(e.state == EntryState::Answered);
    CHECK(e.nationalId == f.samples.eligibleMain);
    CHECK(e.answer.outcome == api::Outcome::Eligible);
    CHECK(e.answer.trackingCode.size() == 19);
    CHECK(s.credit.remaining == 19);
    CHECK(s.nationalId.text.empty()); // ready for the next ID
    CHECK_FALSE(s.busy);
}

TEST_CASE("flow: the USSD / 'I already have a code' path") {
    FlowFixture f;
    auto text = f.service.ussd_request("989351234567");
    REQUIRE(text);
    const std::string code = text->substr(text->find(": ") + 2, 6);
    f.flow.upgrade();
    f.flow.edit(FieldId::Mobile, "0935 123 4567");
    f.flow.have_code();
    const FlowState& s = f.flow.state();
    CHECK(s.screen == Screen::CodeEntry);
    CHECK_FALSE(s.codeBySms);
    CHECK_FALSE(s.codeTimer.armed()); // no SMS, so no 3-minute timer on screen
    f.flow.edit(FieldId::Code, code);
    f.flow.submit_code();
    CHECK(s.screen == Screen::Inquiry);
    CHECK(s.credit.mobile == "0935***4567");
}

TEST_CASE("flow: 'I already have a code' needs a valid mobile") {
    FlowFixture f;
    f.flow.upgrade();
    f.flow.have_code();
    CHECK(f.flow.state().screen == Screen::CreditRequest);
    CHECK(f.flow.state().mobile.error == "mobile_required");
    f.flow.edit(FieldId::Mobile, "09802002580");
    CHECK(f.flow.state().mobile.error == "mobile_unknown_prefix"); // shown as you type
    f.flow.request_code();
    CHECK(f.flow.state().screen == Screen::CreditRequest);
    CHECK(f.outbox.size() == 0); // nothing was sent
}

TEST_CASE("flow: a refused submit puts focus on the field and says its error again, each time") {
    FlowFixture f;
    f.flow.upgrade();
    const FlowState& s = f.flow.state();
    f.flow.edit(FieldId::Mobile, "0912");
    CHECK(s.mobile.error.empty()); // still typing
    const uint64_t focus0 = s.focus.serial;
    f.flow.request_code();
    CHECK(s.mobile.error == "mobile_bad_length");
    CHECK(s.focus.field == FieldId::Mobile);
    CHECK(s.focus.serial == focus0 + 1);
    const uint64_t said = s.mobile.said;
    f.flow.request_code(); // the same error: said again, focus asked again
    CHECK(s.mobile.error == "mobile_bad_length");
    CHECK(s.mobile.said > said);
    CHECK(s.focus.serial == focus0 + 2);
    // A wrong code: the code field, with its error; a second press in the cool-down is a new notice.
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    REQUIRE(s.screen == Screen::CodeEntry);
    f.flow.edit(FieldId::Code, "12");
    f.flow.submit_code();
    CHECK(s.code.error == "code_format");
    CHECK(s.focus.field == FieldId::Code);
    f.flow.start_over();
    f.flow.request_code();
    REQUIRE(s.notice.code == "resend_cooldown");
    const uint64_t notice = s.notice.serial;
    f.flow.request_code();
    CHECK(s.notice.code == "resend_cooldown");
    CHECK(s.notice.serial > notice);
}

TEST_CASE("flow: the code timer expires at exactly 180 s and the flow starts over") {
    FlowFixture f;
    f.flow.upgrade();
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    const FlowState& s = f.flow.state();
    REQUIRE(s.screen == Screen::CodeEntry);
    f.clock.advance_ms(179999);
    f.flow.tick();
    CHECK(s.screen == Screen::CodeEntry);
    CHECK(f.flow.code_seconds_left() == 1);
    CHECK(f.flow.can(Action::SubmitCode));
    f.clock.advance_ms(1);
    CHECK(f.flow.tick());
    CHECK(s.screen == Screen::CreditRequest);
    CHECK(s.notice.code == "ui.code_timed_out");
    CHECK(s.mobile.text == "09121232580"); // kept for the restart
    // restart: the resend cool-down (60 s) is long over, a new code arrives
    f.flow.request_code();
    CHECK(s.screen == Screen::CodeEntry);
    CHECK(f.outbox.for_mobile("09121232580").size() == 2);
}

TEST_CASE("flow: the resend cool-down is shown and enforced locally") {
    FlowFixture f;
    f.flow.upgrade();
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    f.flow.start_over();
    const FlowState& s = f.flow.state();
    CHECK(s.screen == Screen::CreditRequest);
    f.clock.advance_s(20);
    f.flow.request_code();
    CHECK(s.screen == Screen::CreditRequest);
    CHECK(s.notice.code == "resend_cooldown");
    CHECK(f.flow.resend_seconds_left() == 40);
    CHECK(f.outbox.size() == 1);
}

// Found by a reviewer finishing the flow: a mistyped number, "start over", the right number,
// and the page refused for a minute although the service's cool-down is per number.
TEST_CASE("flow: the resend cool-down holds for the number it was for, not for a corrected one") {
    FlowFixture f;
    f.flow.upgrade();
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    const FlowState& s = f.flow.state();
    REQUIRE(s.screen == Screen::CodeEntry);
    f.flow.start_over();
    f.clock.advance_s(5);
    CHECK(f.flow.resend_seconds_left() == 55); // the number in the field is the one that waits
    f.flow.edit(FieldId::Mobile, "09121232581");
    CHECK(f.flow.resend_seconds_left() == 0); // another number: no wait shown
    f.flow.request_code();
    CHECK(s.screen == Screen::CodeEntry);
    CHECK(f.outbox.for_mobile("09121232581").size() == 1);
    // Back to the first number within its minute: the service still says wait, and the page
    // counts down what it said, for that number.
    f.flow.start_over();
    f.clock.advance_s(5);
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    CHECK(s.screen == Screen::CreditRequest);
    CHECK(s.notice.code == "resend_cooldown");
    CHECK(f.flow.resend_seconds_left() == 50);
    CHECK(f.outbox.for_mobile("09121232580").size() == 1);
    // (The page remembers the newest number's wait; another number's is the service's to say.)
    f.flow.edit(FieldId::Mobile, "09121232581");
    CHECK(f.flow.resend_seconds_left() == 0);
    f.flow.request_code();
    CHECK(s.notice.code == "resend_cooldown");
    CHECK(f.flow.resend_seconds_left() == 55); // its code went 5 s after the first number's
    CHECK(f.outbox.for_mobile("09121232581").size() == 1);
    // A reload keeps the wait and its number; a snapshot written before the number was kept
    // gives the wait to the number it kept.
    const std::string snap = encode_snapshot(s);
    Flow back(f.transport, f.clock);
    REQUIRE(back.restore(snap));
    CHECK(back.resend_seconds_left() == 55);
    back.edit(FieldId::Mobile, "09121232580");
    CHECK(back.resend_seconds_left() == 0);
    std::string old = snap;
    const size_t at = old.find(",\"resendMobile\":\"09121232581\"");
    REQUIRE(at != std::string::npos);
    old.erase(at, std::string(",\"resendMobile\":\"09121232581\"").size());
    Flow older(f.transport, f.clock);
    REQUIRE(older.restore(old));
    CHECK(older.resend_seconds_left() == 55);
}

TEST_CASE("flow: a wrong code shows its error next to the field") {
    FlowFixture f;
    f.flow.upgrade();
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    const std::string code = f.last_code("09121232580");
    f.flow.edit(FieldId::Code, code == "123456" ? "654321" : "123456");
    f.flow.submit_code();
    CHECK(f.flow.state().screen == Screen::CodeEntry);
    CHECK(f.flow.state().code.error == "invalid_code");
    f.flow.edit(FieldId::Code, "12");
    f.flow.submit_code();
    CHECK(f.flow.state().code.error == "code_format");
}

TEST_CASE("flow: an invalid national ID is rejected locally, nothing sent, no credit spent") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    REQUIRE(s.screen == Screen::Inquiry);
    f.flow.edit(FieldId::NationalId, "۱۲۳۴۵۶۷۸۹۰");
    CHECK(s.nationalId.error == "national_id_checksum"); // as you type
    // Eight or nine digits may be an ID written without its leading zeros, but while typing they
    // are most often the first digits of a valid one: no error until the tenth (a screen reader
    // would read out "check digit wrong" before every correctly typed ID).
    for (const char* prefix : {"62136738", "846526407", "۸۴۶۵۲۶۴۰۷"}) {
        f.flow.edit(FieldId::NationalId, prefix);
        CHECK_MESSAGE(s.nationalId.error.empty(), prefix);
    }
    f.flow.edit(FieldId::NationalId, "8465264074");
    CHECK(s.nationalId.error.empty());
    f.flow.edit(FieldId::NationalId, "12345");
    CHECK(s.nationalId.error.empty()); // not complete yet: no error while typing
    // Enter on it: a row of its own says why (as typed), and the field is clear for the next
    // scan, so a bad scan never runs into the next one. Focus goes back to the field, as after a
    // sent ID (found in review: a tap on «استعلام» left it on the button, and a phone's
    // keyboard closed).
    const uint64_t focus0 = s.focus.serial;
    f.flow.inquire();
    CHECK(s.focus.field == FieldId::NationalId);
    CHECK(s.focus.serial == focus0 + 1);
    REQUIRE(s.inquiries.size() == 1);
    CHECK(s.inquiries.entries()[0].state == EntryState::Rejected);
    CHECK(s.inquiries.entries()[0].nationalId == "12345");
    CHECK(s.inquiries.entries()[0].errorCode == "national_id_too_short");
    CHECK(s.nationalId.text.empty());
    CHECK(s.nationalId.error.empty());
    f.flow.edit(FieldId::NationalId, "۱۲۳۴۵۶۷۸۹۰");
    f.flow.inquire();
    REQUIRE(s.inquiries.size() == 2);
    CHECK(s.inquiries.entries()[1].nationalId == "1234567890");
    CHECK(s.inquiries.entries()[1].errorCode == "national_id_checksum");
    CHECK(s.credit.remaining == 20);
    CHECK(f.store.receipt_count() == 0);
    // «اصلاح»: the text goes back into the (empty) field to be corrected, and its row goes.
    f.flow.correct(s.inquiries.entries()[0].id);
    CHECK(s.nationalId.text == "12345");
    CHECK(s.inquiries.size() == 1);
    CHECK(s.focus.field == FieldId::NationalId);
    // Not over something the user is typing: the field keeps what it has.
    f.flow.edit(FieldId::NationalId, "0499");
    f.flow.correct(s.inquiries.entries()[0].id);
    CHECK(s.nationalId.text == "0499");
    CHECK(s.inquiries.size() == 1);
}

TEST_CASE("flow: credit reaching zero") {
    ServiceConfig c = test_config();
    c.quotaPerCode = 2;
    FlowFixture f(c);
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    for (int i = 0; i < 2; ++i) {
        f.flow.edit(FieldId::NationalId, f.samples.son);
        f.flow.inquire();
    }
    CHECK(s.credit.remaining == 0);
    CHECK(s.inquiries.size() == 2);
    f.flow.edit(FieldId::NationalId, f.samples.pensioner);
    f.flow.inquire();
    CHECK(s.notice.code == "credit_exhausted");
    // The ID is kept in a row of its own, unanswered, and the field is clear for the next one.
    REQUIRE(s.inquiries.size() == 3);
    CHECK(s.inquiries.entries()[2].nationalId == f.samples.pensioner);
    CHECK(s.inquiries.entries()[2].state == EntryState::Undetermined);
    CHECK(s.inquiries.entries()[2].errorCode == "credit_exhausted");
    CHECK(s.nationalId.text.empty());
    CHECK(f.store.receipt_count() == 2);
    // «دریافت مجدد کد اعتباری» → a new code → more credit; the history stays
    f.clock.advance_s(61);
    f.flow.start_over();
    CHECK(s.screen == Screen::CreditRequest);
    CHECK(s.inquiries.size() == 3);
    f.flow.request_code();
    f.flow.edit(FieldId::Code, f.last_code("09121232580"));
    f.flow.submit_code();
    CHECK(s.screen == Screen::Inquiry);
    CHECK(s.credit.remaining == 2);
    f.flow.retry(s.inquiries.entries()[2].id);
    CHECK(s.inquiries.entries()[2].state == EntryState::Answered);
    CHECK(s.credit.remaining == 1);
}

TEST_CASE("flow: history in request order; delete history clears it") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    for (const std::string& id : {f.samples.son, f.samples.revoked, f.samples.pensioner}) {
        f.flow.edit(FieldId::NationalId, id);
        f.flow.inquire();
    }
    REQUIRE(s.inquiries.size() == 3);
    CHECK(s.inquiries.entries()[0].nationalId == f.samples.son);
    CHECK(s.inquiries.entries()[1].nationalId == f.samples.revoked);
    CHECK(s.inquiries.entries()[1].answer.outcome == api::Outcome::NotEligible);
    CHECK(s.inquiries.entries()[1].answer.reasonCode == "reason.not_covered");
    CHECK(s.inquiries.entries()[2].nationalId == f.samples.pensioner);
    f.flow.toggle_details(s.inquiries.entries()[1].id);
    CHECK(s.inquiries.entries()[1].expanded);
    f.flow.clear_inquiries();
    CHECK(s.inquiries.empty());
    CHECK_FALSE(f.flow.can(Action::ClearHistory));
    CHECK(s.credit.remaining == 17);
}

TEST_CASE("flow: start over forgets the session") {
    FlowFixture f;
    f.reach_inquiry();
    const std::string token = f.flow.state().session;
    REQUIRE_FALSE(token.empty());
    f.flow.start_over();
    CHECK(f.flow.state().session.empty());
    CHECK(f.flow.state().screen == Screen::CreditRequest);
    CHECK(f.service.credit(token).error().code == "session_expired");
}

TEST_CASE("flow: network failure → undetermined row with retry, then answered") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.transport.set_offline(true);
    f.flow.edit(FieldId::NationalId, f.samples.daughter);
    f.flow.inquire();
    REQUIRE(s.inquiries.size() == 1);
    const uint64_t id = s.inquiries.entries()[0].id;
    CHECK(s.inquiries.entries()[0].state == EntryState::Undetermined);
    CHECK(s.inquiries.entries()[0].errorCode == "network_error");
    CHECK_FALSE(s.busy);
    CHECK(s.credit.remaining == 20);
    f.transport.set_offline(false);
    f.flow.retry(id);
    CHECK(s.inquiries.entries()[0].state == EntryState::Answered);
    CHECK(s.inquiries.entries()[0].answer.outcome == api::Outcome::Eligible);
    CHECK(s.credit.remaining == 19);
}

TEST_CASE("flow: registry down (503) → undetermined, no credit spent") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.store.set_available(false);
    f.flow.edit(FieldId::NationalId, f.samples.daughter);
    f.flow.inquire();
    f.store.set_available(true);
    REQUIRE(s.inquiries.size() == 1);
    CHECK(s.inquiries.entries()[0].state == EntryState::Undetermined);
    CHECK(s.inquiries.entries()[0].errorCode == "registry_unavailable");
    CHECK(f.service.credit(s.session)->remaining == 20);
    f.flow.retry(s.inquiries.entries()[0].id);
    CHECK(s.inquiries.entries()[0].state == EntryState::Answered);
}

TEST_CASE("flow: inquiries are pipelined — the field clears at once, at most 3 in flight, rows in request order") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.transport.set_queued(true);
    const std::string ids[] = {f.samples.son, f.samples.revoked, f.samples.pensioner, f.samples.eligibleMain, f.samples.lapsed};
    for (const std::string& id : ids) {
        f.flow.edit(FieldId::NationalId, id);
        CHECK(f.flow.can(Action::Inquire)); // never blocked by the ones still pending
        f.flow.inquire();
        CHECK(s.nationalId.text.empty());   // ready for the next ID before any answer
    }
    REQUIRE(s.inquiries.size() == 5);
    CHECK(s.inquiries.in_flight() == 3);
    CHECK(f.transport.pending() == 3);
    CHECK(s.inquiries.entries()[3].state == EntryState::Pending);
    CHECK_FALSE(s.inquiries.entries()[3].sent); // waiting in the page
    CHECK_FALSE(s.busy);
    f.transport.deliver(); // each answer lets the next one go
    for (size_t i = 0; i < 5; ++i) {
        CHECK(s.inquiries.entries()[i].nationalId == ids[i]);
        CHECK(s.inquiries.entries()[i].state == EntryState::Answered);
    }
    CHECK(s.credit.remaining == 15);
    CHECK(f.store.receipt_count() == 5);
}

TEST_CASE("flow: the credit shown follows the answers even when they overtake each other") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.transport.set_queued(true);
    for (const std::string& id : {f.samples.son, f.samples.pensioner}) {
        f.flow.edit(FieldId::NationalId, id);
        f.flow.inquire();
    }
    f.transport.deliver_last(); // the second reply first: 18 left
    CHECK(s.credit.remaining == 18);
    f.transport.deliver();      // then the first, which says 19: the credit does not go back up
    CHECK(s.credit.remaining == 18);
}

TEST_CASE("flow: pasted IDs are queued in order; an invalid one gets its own row and costs nothing") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    const std::string pasted = f.samples.son + "\n1234567890, " + to_persian_digits(f.samples.pensioner) + "\n\nabc\t" + f.samples.revoked;
    CHECK(f.flow.inquire_all(pasted) == 5);
    REQUIRE(s.inquiries.size() == 5);
    CHECK(s.inquiries.entries()[0].state == EntryState::Answered);
    CHECK(s.inquiries.entries()[1].state == EntryState::Rejected);
    CHECK(s.inquiries.entries()[1].nationalId == "1234567890");
    CHECK(s.inquiries.entries()[1].errorCode == "national_id_checksum");
    CHECK(s.inquiries.entries()[2].nationalId == f.samples.pensioner);
    CHECK(s.inquiries.entries()[3].errorCode == "national_id_not_digits");
    CHECK(s.inquiries.entries()[4].answer.outcome == api::Outcome::NotEligible);
    CHECK(s.credit.remaining == 17); // three valid IDs, three credits
    CHECK(f.store.receipt_count() == 3);
}

TEST_CASE("flow: credit running out mid-queue keeps every row, unanswered, for after a new code") {
    ServiceConfig c = test_config();
    c.quotaPerCode = 2;
    FlowFixture f(c);
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.transport.set_queued(true);
    for (const std::string& id : {f.samples.son, f.samples.pensioner, f.samples.revoked, f.samples.mother}) {
        f.flow.edit(FieldId::NationalId, id);
        f.flow.inquire();
    }
    f.transport.deliver();
    REQUIRE(s.inquiries.size() == 4);
    CHECK(s.inquiries.entries()[1].state == EntryState::Answered);
    CHECK(s.inquiries.entries()[2].state == EntryState::Undetermined);
    CHECK(s.inquiries.entries()[2].errorCode == "credit_exhausted");
    CHECK(s.inquiries.entries()[3].errorCode == "credit_exhausted");
    CHECK(s.notice.code == "credit_exhausted");
    CHECK(s.credit.remaining == 0);
    CHECK(f.store.receipt_count() == 2);
    // a new code, then the waiting rows are retried
    f.transport.set_queued(false);
    f.clock.advance_s(61);
    f.flow.start_over();
    f.flow.request_code();
    f.flow.edit(FieldId::Code, f.last_code("09121232580"));
    f.flow.submit_code();
    REQUIRE(s.screen == Screen::Inquiry);
    f.flow.retry(s.inquiries.entries()[2].id);
    f.flow.retry(s.inquiries.entries()[3].id);
    CHECK(s.inquiries.entries()[2].state == EntryState::Answered);
    CHECK(s.inquiries.entries()[3].state == EntryState::Answered);
    CHECK(s.credit.remaining == 0);
}

TEST_CASE("flow: replies after a start over are dropped; their rows say so and can be retried") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.transport.set_queued(true);
    f.flow.edit(FieldId::NationalId, f.samples.son);
    f.flow.inquire();
    f.flow.start_over();
    f.transport.deliver(); // the inquiry reply (and the end-session reply) arrive late
    CHECK(s.screen == Screen::CreditRequest);
    REQUIRE(s.inquiries.size() == 1);
    CHECK(s.inquiries.entries()[0].state == EntryState::Undetermined);
    CHECK(s.inquiries.entries()[0].errorCode == "answer_lost");
    CHECK_FALSE(s.busy);
}

TEST_CASE("flow: an expired session sends the user back to get a code; the row waits") {
    FlowFixture f;
    f.reach_inquiry();
    f.clock.advance_s(8 * 3600 + 1);
    f.flow.edit(FieldId::NationalId, f.samples.son);
    f.flow.inquire();
    const FlowState& s = f.flow.state();
    CHECK(s.screen == Screen::CreditRequest);
    CHECK(s.notice.code == "session_expired");
    REQUIRE(s.inquiries.size() == 1);
    CHECK(s.inquiries.entries()[0].state == EntryState::Undetermined);
    CHECK(s.inquiries.entries()[0].errorCode == "session_expired");
}

TEST_CASE("flow: «استعلام» again on the field an answer just cleared says nothing") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.flow.edit(FieldId::NationalId, f.samples.son);
    f.flow.inquire();
    const uint64_t focus = s.focus.serial;
    f.flow.inquire();
    CHECK(s.nationalId.error.empty());
    CHECK(s.focus.serial > focus); // back to the field
    CHECK(s.inquiries.size() == 1);
    f.flow.edit(FieldId::NationalId, "1");
    f.flow.edit(FieldId::NationalId, "");
    f.flow.inquire(); // typed and erased: now an empty field is worth a word
    CHECK(s.nationalId.error == "national_id_required");
}

TEST_CASE("flow: open-inquiry mode allows a direct inquiry on the landing screen") {
    ServiceConfig c = test_config();
    c.openInquiry = true;
    FlowFixture f(c);
    CHECK(f.flow.can(Action::Inquire));
    // The field to start in gets focus, softly (not away from a control the user chose).
    CHECK(f.flow.state().focus.field == FieldId::NationalId);
    CHECK(f.flow.state().focus.serial > 0);
    CHECK_FALSE(f.flow.state().focus.strong);
    f.flow.edit(FieldId::NationalId, f.samples.mother);
    f.flow.inquire();
    const FlowState& s = f.flow.state();
    REQUIRE(s.inquiries.size() == 1);
    CHECK(s.inquiries.entries()[0].answer.outcome == api::Outcome::Eligible);
    CHECK(s.screen == Screen::Landing);
}

TEST_CASE("flow: the version changes exactly when something visible changes") {
    FlowFixture f;
    const uint64_t v0 = f.flow.version();
    CHECK_FALSE(f.flow.tick()); // landing, nothing ticking
    CHECK(f.flow.version() == v0);
    f.flow.upgrade();
    CHECK(f.flow.version() > v0);
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    const uint64_t v1 = f.flow.version();
    f.flow.tick(); // the first tick records the second shown
    const uint64_t v2 = f.flow.version();
    f.clock.advance_ms(400);
    CHECK_FALSE(f.flow.tick()); // same second on screen
    CHECK(f.flow.version() == v2);
    f.clock.advance_ms(700);
    CHECK(f.flow.tick());
    CHECK(f.flow.version() > v1);
}

TEST_CASE("flow: each step asks for focus on the field the user needs next") {
    FlowFixture f;
    const FlowState& s = f.flow.state();
    uint64_t serial = s.focus.serial;
    auto asked = [&](FieldId field, bool strong) {
        const bool fresh = s.focus.serial > serial && s.focus.field == field && s.focus.strong == strong;
        serial = s.focus.serial;
        return fresh;
    };
    f.flow.upgrade();
    CHECK(asked(FieldId::Mobile, true));
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    CHECK(asked(FieldId::Code, true));
    f.flow.edit(FieldId::Code, f.last_code("09121232580"));
    f.flow.submit_code();
    CHECK(asked(FieldId::NationalId, true));
    f.flow.edit(FieldId::NationalId, f.samples.eligibleMain);
    f.flow.inquire();
    CHECK(asked(FieldId::NationalId, false)); // an answer: soft, it must not take focus from another control
    f.flow.start_over();
    CHECK(asked(FieldId::Mobile, true));
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.have_code();
    CHECK(asked(FieldId::Code, true));
}

TEST_CASE("flow: a failed service call shows an error and retries with back-off, never anything fake") {
    ServiceFixture svc;
    DirectTransport t(svc.service);
    t.set_offline(true);
    Flow flow(t, svc.clock);
    flow.start();
    const FlowState& s = flow.state();
    CHECK(s.serviceFailed);
    CHECK_FALSE(s.serviceLoaded);
    CHECK(s.notice.code == "service_unreachable");
    CHECK_FALSE(flow.can(Action::Upgrade)); // nothing to do until the service answers
    CHECK(flow.can(Action::RetryService));
    // back-off: 1 s, then 2 s, then 4 s …
    svc.clock.advance_ms(999);
    flow.tick();
    CHECK(s.serviceFailed);
    svc.clock.advance_ms(1);
    flow.tick(); // tried again, failed again
    CHECK(s.serviceRetry.remaining_seconds(svc.clock.now_ms()) == 2);
    flow.retry_service(); // «تلاش مجدد» now
    CHECK(s.serviceRetry.remaining_seconds(svc.clock.now_ms()) == 4);
    t.set_offline(false);
    svc.clock.advance_s(4);
    flow.tick();
    CHECK(s.serviceLoaded);
    CHECK_FALSE(s.serviceFailed);
    CHECK(s.notice.code.empty());
    CHECK(flow.can(Action::Upgrade));
}

// On a slow network the service's settings (GET /service) are a round trip away: the landing
// must not wait for them to be usable (a repeat visit on Fast 3G draws in a fraction of that).
TEST_CASE("flow: the landing and the code request are usable while the service's settings are on their way") {
    ServiceFixture svc;
    DirectTransport t(svc.service);
    t.set_queued(true);
    Flow flow(t, svc.clock);
    flow.start();
    const FlowState& s = flow.state();
    CHECK(s.servicePending);
    CHECK_FALSE(s.serviceLoaded);
    CHECK_FALSE(s.busy); // no spinner over a usable page
    CHECK(flow.can(Action::Upgrade));
    flow.upgrade();
    flow.edit(FieldId::Mobile, "09121232580");
    CHECK(flow.can(Action::RequestCode));
    flow.request_code();
    CHECK(s.busy); // the code request is what the page waits for now
    t.deliver(); // the settings, then the code
    CHECK(s.serviceLoaded);
    CHECK_FALSE(s.servicePending);
    CHECK(s.screen == Screen::CodeEntry);
    CHECK(s.service.ussdCode == "*4*420*99#");
    CHECK(svc.outbox.for_mobile("09121232580").size() == 1);
}

// The page's own early GET /service (sent before the app exists) answers the flow.
TEST_CASE("flow: settings asked for by someone else arrive through service_known") {
    ServiceFixture svc;
    DirectTransport t(svc.service);
    Flow flow(t, svc.clock);
    flow.await_service();
    const FlowState& s = flow.state();
    CHECK(s.servicePending);
    CHECK(flow.can(Action::Upgrade));
    CHECK_FALSE(flow.can(Action::RetryService));
    api::ApiError down;
    down.status = 503;
    down.code = "service_unreachable";
    flow.service_known(down);
    CHECK(s.serviceFailed);
    CHECK_FALSE(s.servicePending);
    CHECK_FALSE(flow.can(Action::Upgrade)); // failed: nothing to do until it answers
    CHECK(flow.can(Action::RetryService));
    svc.clock.advance_s(1);
    flow.tick(); // the back-off's retry, this time through the flow's own transport
    CHECK(s.serviceLoaded);
    CHECK(flow.can(Action::Upgrade));
}

TEST_CASE("flow: a wait shown in a notice counts down live and goes when it ends") {
    FlowFixture f;
    f.flow.upgrade();
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    f.flow.start_over();
    f.clock.advance_s(20);
    f.flow.request_code(); // the cool-down holds for 40 s more
    const FlowState& s = f.flow.state();
    CHECK(s.notice.code == "resend_cooldown");
    CHECK(f.flow.notice_seconds_left() == 40);
    f.clock.advance_s(15);
    CHECK(f.flow.tick());
    CHECK(f.flow.notice_seconds_left() == 25); // not frozen at 40
    f.clock.advance_s(25);
    CHECK(f.flow.tick());
    CHECK(s.notice.code.empty()); // and gone when the cool-down ends
    f.flow.request_code();
    CHECK(s.screen == Screen::CodeEntry);
}

TEST_CASE("flow: a wrong code says how many tries are left") {
    FlowFixture f;
    f.flow.upgrade();
    f.flow.edit(FieldId::Mobile, "09121232580");
    f.flow.request_code();
    const std::string code = f.last_code("09121232580");
    f.flow.edit(FieldId::Code, code == "123456" ? "654321" : "123456");
    f.flow.submit_code();
    CHECK(f.flow.state().code.error == "invalid_code");
    CHECK(f.flow.state().codeAttemptsLeft == 4);
}

TEST_CASE("flow: a snapshot restores the screen, the session and the history after a reload") {
    FlowFixture f;
    f.reach_inquiry();
    f.transport.set_queued(true);
    for (const std::string& id : {f.samples.son, f.samples.revoked}) {
        f.flow.edit(FieldId::NationalId, id);
        f.flow.inquire();
    }
    f.transport.deliver();
    f.flow.edit(FieldId::NationalId, f.samples.pensioner);
    f.flow.inquire(); // still pending when the page goes away
    f.flow.toggle_details(f.flow.state().inquiries.entries()[1].id);
    const std::string saved = encode_snapshot(f.flow.state());

    DirectTransport t2(f.service);
    Flow again(t2, f.clock);
    REQUIRE(again.restore(saved));
    again.start();
    const FlowState& s = again.state();
    CHECK(s.screen == Screen::Inquiry);
    CHECK(s.session == f.flow.state().session);
    CHECK(s.credit.remaining == 18);
    CHECK(s.creditCode == f.flow.state().creditCode);
    REQUIRE(s.inquiries.size() == 3);
    CHECK(s.inquiries.entries()[0].answer.trackingCode == f.flow.state().inquiries.entries()[0].answer.trackingCode);
    CHECK(s.inquiries.entries()[1].expanded);
    CHECK(s.inquiries.entries()[2].state == EntryState::Undetermined); // its reply went with the page
    CHECK(s.inquiries.entries()[2].errorCode == "answer_lost");
    again.retry(s.inquiries.entries()[2].id);
    CHECK(s.inquiries.entries()[2].state == EntryState::Answered);
    // new rows continue the ids
    again.edit(FieldId::NationalId, f.samples.mother);
    again.inquire();
    CHECK(s.inquiries.entries()[3].id > s.inquiries.entries()[2].id);

    // what is not a snapshot changes nothing
    Flow other(t2, f.clock);
    CHECK_FALSE(other.restore("{\"v\":1}"));
    CHECK_FALSE(other.restore("not json"));
    CHECK_FALSE(other.restore(saved.substr(0, saved.size() / 2)));
    CHECK(other.state().inquiries.empty());
}

TEST_CASE("flow: Back and Forward go only where the state allows") {
    FlowFixture f;
    const FlowState& s = f.flow.state();
    CHECK_FALSE(f.flow.navigate(Screen::Inquiry)); // no session yet
    f.reach_inquiry();
    CHECK(f.flow.navigate(Screen::CreditRequest));
    CHECK(s.screen == Screen::CreditRequest);
    CHECK_FALSE(s.session.empty()); // Back does not end the session
    CHECK(f.flow.navigate(Screen::Landing));
    CHECK(f.flow.navigate(Screen::Inquiry)); // Forward
    CHECK(s.screen == Screen::Inquiry);
    CHECK_FALSE(f.flow.navigate(Screen::CodeEntry)); // the code was used: nothing to enter
    CHECK(s.screen == Screen::Inquiry);
}

TEST_CASE("flow: a receipt shows the recorded answer for its tracking code") {
    FlowFixture f;
    f.reach_inquiry();
    f.flow.edit(FieldId::NationalId, f.samples.son);
    f.flow.inquire();
    const std::string code = f.flow.state().inquiries.entries()[0].answer.trackingCode;
    DirectTransport t2(f.service);
    Flow visitor(t2, f.clock);
    visitor.start();
    visitor.open_receipt(code);
    const FlowState& s = visitor.state();
    CHECK(s.screen == Screen::Receipt);
    CHECK(s.receipt.found);
    CHECK(s.receipt.answer.nationalId == f.samples.son);
    CHECK(s.receipt.answer.outcome == api::Outcome::Eligible);
    visitor.open_receipt("ZZZZ-ZZZZ-ZZZZ-ZZZZ");
    CHECK_FALSE(s.receipt.found);
    CHECK(s.receipt.errorCode == "receipt_not_found");
    visitor.close_receipt();
    CHECK(s.screen == Screen::Landing);
}

// Found in review: after Back from the inquiry screen (the session still live), queued rows
// waited until the user went Forward again, with the leave warning on meanwhile.
TEST_CASE("flow: queued inquiries keep going while the user looks at another screen") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.transport.set_queued(true);
    for (const std::string& id : {f.samples.son, f.samples.revoked, f.samples.pensioner, f.samples.eligibleMain, f.samples.lapsed}) {
        f.flow.edit(FieldId::NationalId, id);
        f.flow.inquire();
    }
    REQUIRE(f.flow.navigate(Screen::CreditRequest)); // Back
    f.transport.deliver();
    CHECK(s.inquiries.pending() == 0);
    for (const InquiryEntry& e : s.inquiries.entries()) CHECK(e.state == EntryState::Answered);
    CHECK(s.credit.remaining == 15);
}

// Found in review: a paste of several IDs threw away the digits already typed in the field.
TEST_CASE("flow: a paste of several IDs keeps what was already typed in the field") {
    FlowFixture f;
    f.reach_inquiry();
    const FlowState& s = f.flow.state();
    f.flow.edit(FieldId::NationalId, "09");
    CHECK(f.flow.inquire_all(f.samples.son + "\n" + f.samples.pensioner) == 2);
    CHECK(s.inquiries.size() == 2);
    CHECK(s.nationalId.text == "09");
}

// Found in review: a history past what a snapshot may hold was written whole, refused on the
// reload, and the session went with it.
TEST_CASE("flow: a snapshot of a very long history keeps the newest rows it may hold, and the session") {
    FlowFixture f;
    f.reach_inquiry();
    f.transport.set_queued(true);
    for (size_t i = 0; i < kMaxSnapshotRows + 20; ++i) {
        f.flow.edit(FieldId::NationalId, "1234567890"); // rejected here (checksum): a row that costs nothing
        f.flow.inquire();
    }
    f.flow.edit(FieldId::NationalId, f.samples.son);
    f.flow.inquire();
    const std::string snap = encode_snapshot(f.flow.state());
    CHECK(snap.size() <= kMaxSnapshotBytes);
    Flow back(f.transport, f.clock);
    REQUIRE(back.restore(snap));
    CHECK(back.state().session == f.flow.state().session);
    CHECK(back.state().inquiries.size() == kMaxSnapshotRows);
    CHECK(back.state().inquiries.entries().back().nationalId == f.samples.son); // the newest kept
}
