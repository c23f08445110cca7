// flow.cpp — the front-end flow (flow.h has the diagram and the contract).
// Sections, in order:
//   - helpers
//   - the service
//   - fields
//   - credit codes
//   - inquiries
//   - navigation and receipts
//   - time
//   - state out
#include "core/flow.h"

#include <algorithm>

#include "core/digits.h"
#include "core/mobile.h"
#include "core/national_id.h"
#include "core/snapshot.h"

namespace bk {

const char* screen_name(Screen s) {
    switch (s) {
    case Screen::Landing: return "landing";
    case Screen::CreditRequest: return "credit_request";
    case Screen::CodeEntry: return "code_entry";
    case Screen::Inquiry: return "inquiry";
    case Screen::Receipt: return "receipt";
    }
    return "landing";
}

bool parse_screen(std::string_view name, Screen& out) {
    for (Screen s : {Screen::Landing, Screen::CreditRequest, Screen::CodeEntry, Screen::Inquiry, Screen::Receipt})
        if (name == screen_name(s)) { out = s; return true; }
    return false;
}

Flow::Flow(Transport& transport, const Clock& clock) : transport_(transport), clock_(clock) {}

// ---- helpers ------------------------------------------------------------------------------------

void Flow::set_notice(std::string code, bool error, int64_t until_ms) {
    s_.notice = Notice{std::move(code), error, until_ms, ++said_};
    last_notice_second_ = notice_seconds_left();
}

void Flow::refuse(FieldId field, std::string code) {
    Field& f = field_of(s_, field);
    f.error = std::move(code);
    f.said = ++said_;
    focus_on(field);
}

void Flow::focus_on(FieldId field, bool strong) {
    s_.focus = FocusRequest{field, s_.focus.serial + 1, strong};
}

void Flow::show_error(const api::ApiError& e) {
    if (e.status == 422 && (e.field == api::field::kMobile || e.field == api::field::kCode || e.field == api::field::kNationalId)) {
        refuse(e.field == api::field::kMobile ? FieldId::Mobile : e.field == api::field::kCode ? FieldId::Code : FieldId::NationalId, e.code);
        return;
    }
    const int64_t until = e.retryAfter > 0 ? now() + int64_t(e.retryAfter) * 1000 : 0;
    set_notice(e.code.empty() ? "request_failed" : e.code, true, until);
    if (e.status == 429 && e.retryAfter > 0 && e.code == api::error::kResendCooldown) wait_to_resend(e.retryAfter);
}

// The service's wait before another code, for the number just asked about (it waits per number).
void Flow::wait_to_resend(int seconds) {
    s_.resendTimer = Countdown(now(), int64_t(seconds) * 1000);
    s_.resendMobile = s_.mobileNormalized;
}

bool Flow::validate_mobile() {
    const MobileCheck m = check_mobile(s_.mobile.text);
    if (m.valid) {
        s_.mobile.error.clear();
        s_.mobileNormalized = m.normalized;
    } else {
        refuse(FieldId::Mobile, mobile_reason_code(m.reason));
    }
    return m.valid;
}

// ---- the service ----------------------------------------------------------------------------------

void Flow::start() {
    await_service();
    const uint64_t gen = generation_;
    transport_.get_service([this, gen](api::ApiResult<api::ServiceInfo> r) {
        if (gen != generation_) return;
        service_known(std::move(r));
    });
}

void Flow::await_service() {
    s_.servicePending = true;
    s_.serviceRetry.disarm();
    redraw();
}

void Flow::service_known(api::ApiResult<api::ServiceInfo> r) {
    s_.servicePending = false;
    if (!r) return service_failed();
    s_.service = *r;
    s_.serviceLoaded = true;
    s_.serviceFailed = false;
    service_attempts_ = 0;
    if (s_.notice.code == api::error::kServiceUnreachable) s_.notice = {};
    // Open mode: the landing page's national ID field is where the user starts (softly: not
    // away from a control the user already chose).
    if (s_.screen == Screen::Landing && s_.service.openInquiry) focus_on(FieldId::NationalId, false);
    changed();
    pump(); // open mode: rows restored after a reload may be retried now
}

// A clear error and a retry, sooner first (1, 2, 4 … 30 s): never the demo in its place.
void Flow::service_failed() {
    s_.serviceFailed = true;
    const int64_t wait_ms = std::min<int64_t>(30000, int64_t(1000) << std::min(service_attempts_, 5));
    ++service_attempts_;
    s_.serviceRetry = Countdown(now(), wait_ms);
    set_notice(api::error::kServiceUnreachable, true);
    changed();
}

void Flow::retry_service() {
    if (!can(Action::RetryService)) return;
    start();
}

// ---- fields -------------------------------------------------------------------------------------

void Flow::edit(FieldId field, std::string text) {
    switch (field) {
    case FieldId::NationalId: {
        s_.nationalId.text = std::move(text);
        just_submitted_ = false;
        // Show a problem as soon as it is certain: 10+ digits typed, or a character that is no
        // digit. Eight or nine digits are checked as an ID without its leading zeros only on
        // submit: while typing they are the start of a longer one.
        const NationalIdCheck c = check_national_id(s_.nationalId.text);
        const bool complete = normalize_digits(s_.nationalId.text).size() >= 10 || c.reason == NationalIdReason::NotDigits;
        s_.nationalId.error = (!c.valid && complete) ? national_id_reason_code(c.reason) : "";
        break;
    }
    case FieldId::Mobile: {
        s_.mobile.text = std::move(text);
        const MobileCheck m = check_mobile(s_.mobile.text);
        const std::string digits = normalize_digits(s_.mobile.text);
        const bool complete = digits.size() >= 11 || m.reason == MobileReason::NotDigits ||
                              (m.reason == MobileReason::UnknownPrefix);
        s_.mobile.error = (!m.valid && complete) ? mobile_reason_code(m.reason) : "";
        break;
    }
    case FieldId::Code: {
        s_.code.text = std::move(text);
        const std::string digits = normalize_digits(s_.code.text);
        const bool bad = !digits.empty() && (!all_ascii_digits(digits) || digits.size() > 6);
        s_.code.error = bad ? "code_format" : "";
        break;
    }
    }
    redraw();
}

// ---- credit codes ---------------------------------------------------------------------------------

void Flow::upgrade() {
    if (!can(Action::Upgrade)) return;
    s_.screen = Screen::CreditRequest;
    s_.notice = {};
    focus_on(FieldId::Mobile);
    changed();
}

void Flow::request_code() {
    if (!can(Action::RequestCode)) return;
    if (!validate_mobile()) { changed(); return; }
    if (resend_seconds_left() > 0) {
        set_notice(api::error::kResendCooldown, true, s_.resendTimer.deadline_ms());
        changed();
        return;
    }
    s_.busy = true;
    s_.notice = {};
    changed();
    const uint64_t gen = generation_;
    transport_.request_code({s_.mobileNormalized}, [this, gen](api::ApiResult<api::CreditCodeIssued> r) {
        if (gen != generation_) return;
        s_.busy = false;
        if (r) {
            s_.screen = Screen::CodeEntry;
            s_.codeBySms = true;
            s_.codeTimer = Countdown(now(), int64_t(r->expiresIn) * 1000);
            wait_to_resend(r->resendIn);
            s_.code = {};
            s_.codeAttemptsLeft = -1;
            set_notice("ui.code_sent", false);
            focus_on(FieldId::Code);
        } else {
            show_error(r.error());
        }
        changed();
    });
}

void Flow::have_code() {
    if (!can(Action::HaveCode)) return;
    if (!validate_mobile()) { changed(); return; }
    s_.screen = Screen::CodeEntry;
    s_.codeBySms = false;
    s_.codeTimer.disarm();
    s_.code = {};
    s_.codeAttemptsLeft = -1;
    s_.notice = {};
    focus_on(FieldId::Code);
    changed();
}

void Flow::submit_code() {
    if (!can(Action::SubmitCode)) return;
    const std::string digits = normalize_digits(s_.code.text);
    if (digits.empty()) { refuse(FieldId::Code, "code_required"); redraw(); return; }
    if (digits.size() != 6 || !all_ascii_digits(digits)) { refuse(FieldId::Code, "code_format"); redraw(); return; }
    s_.code.error.clear();
    s_.busy = true;
    s_.notice = {};
    redraw();
    const uint64_t gen = generation_;
    transport_.verify_code({s_.mobileNormalized, digits}, [this, gen, digits](api::ApiResult<api::VerifyResponse> r) {
        if (gen != generation_) return;
        s_.busy = false;
        if (r) {
            s_.session = r->sessionToken;
            s_.credit = r->credit;
            s_.creditCode = digits;
            s_.screen = Screen::Inquiry;
            s_.codeTimer.disarm();
            s_.code = {};
            s_.codeAttemptsLeft = -1;
            focus_on(FieldId::NationalId);
            pump(); // rows that waited for a session (after 401 or an exhausted credit) stay as they are
        } else if (r.error().code == api::error::kInvalidCode || r.error().code == api::error::kCodeExpired) {
            refuse(FieldId::Code, r.error().code);
            s_.codeAttemptsLeft = r.error().attemptsLeft;
        } else {
            show_error(r.error());
        }
        changed();
    });
}

// ---- inquiries ----------------------------------------------------------------------------------

void Flow::inquire() {
    if (!can(Action::Inquire)) return;
    const NationalIdCheck c = check_national_id(s_.nationalId.text);
    if (!c.valid) {
        if (c.reason == NationalIdReason::Empty && just_submitted_) {
            // «استعلام» once more on the field the last submit just cleared: nothing to say.
            focus_on(FieldId::NationalId);
            redraw();
            return;
        }
        if (c.reason == NationalIdReason::Empty) {
            s_.nationalId.error = national_id_reason_code(c.reason);
            redraw();
            return;
        }
        // Rejected here: nothing is sent and no credit is spent. A row of its own says why, with
        // the text as typed (and «اصلاح» puts it back); the field is clear for the next ID, so a
        // bad scan never runs into the next one.
        s_.inquiries.reject(normalize_digits(s_.nationalId.text), national_id_reason_code(c.reason), now());
        s_.nationalId = {};
        just_submitted_ = true;
        focus_on(FieldId::NationalId);
        changed();
        return;
    }
    const bool exhausted = s_.screen == Screen::Inquiry && !s_.credit.unlimited && s_.credit.remaining <= 0 && s_.inquiries.pending() == 0;
    const uint64_t id = s_.inquiries.add(c.normalized, now());
    s_.nationalId = {};
    just_submitted_ = true;
    if (exhausted) {
        // Nothing is sent: the row waits, unanswered, with a retry for after a new code.
        s_.inquiries.undetermined(id, api::error::kCreditExhausted);
        set_notice(api::error::kCreditExhausted, true);
        changed();
        return;
    }
    if (s_.notice.code == api::error::kCreditExhausted) s_.notice = {};
    changed();
    pump();
}

void Flow::correct(uint64_t entry_id) {
    const InquiryEntry* e = s_.inquiries.find(entry_id);
    if (!e || e->state != EntryState::Rejected) return;
    if (s_.nationalId.text.empty()) {
        std::string text = e->nationalId;
        s_.inquiries.remove(entry_id);
        edit(FieldId::NationalId, std::move(text));
        just_submitted_ = false;
    }
    focus_on(FieldId::NationalId);
    changed();
}

size_t Flow::inquire_all(std::string_view pasted) {
    if (!can(Action::Inquire)) return 0;
    size_t rows = 0;
    for (const std::string& piece : split_national_ids(pasted)) {
        const NationalIdCheck c = check_national_id(piece);
        if (c.valid) s_.inquiries.add(c.normalized, now());
        else s_.inquiries.reject(piece, national_id_reason_code(c.reason), now());
        ++rows;
    }
    if (rows == 0) return 0;
    // The paste went to the rows, not the field: what was typed there stays.
    changed();
    pump();
    return rows;
}

void Flow::pump() {
    // Whatever screen is shown (Back from the inquiry screen keeps the session): a session, or
    // the open mode, is all a queued row needs.
    const bool can_send = !s_.session.empty() || (s_.serviceLoaded && s_.service.openInquiry);
    while (can_send && in_flight_ < kMaxInFlight) {
        const InquiryEntry* next = s_.inquiries.next_queued();
        if (!next) break;
        const uint64_t id = next->id;
        const std::string national_id = next->nationalId;
        s_.inquiries.sent(id);
        ++in_flight_;
        send_inquiry(id, national_id);
    }
}

void Flow::send_inquiry(uint64_t entry_id, const std::string& national_id) {
    const uint64_t gen = generation_;
    transport_.inquire(s_.session, {national_id}, [this, gen, entry_id](api::ApiResult<api::InquiryAnswer> r) {
        if (gen != generation_) return;
        if (in_flight_ > 0) --in_flight_;
        const InquiryEntry* e = s_.inquiries.find(entry_id);
        if (!e || e->state != EntryState::Pending) { pump(); return; } // the history was deleted meanwhile
        if (r) {
            s_.inquiries.answer(entry_id, *r);
            // Replies may overtake each other: the credit left is the least any of them reports.
            if (r->remaining >= 0) s_.credit.remaining = std::min(s_.credit.remaining, r->remaining);
            focus_on(FieldId::NationalId, false);
        } else {
            const api::ApiError& err = r.error();
            if (err.status == 401) {
                // The session is gone: nothing of these rows was answered; they wait for a new code.
                s_.inquiries.undetermined(entry_id, err.code);
                abandon_pending(err.code.c_str());
                s_.session.clear();
                s_.screen = Screen::CreditRequest;
                set_notice(err.code, true);
                focus_on(FieldId::Mobile);
            } else if (err.status == 403) {
                // No credit left: this row and the ones waiting behind it are kept, unanswered.
                s_.inquiries.undetermined(entry_id, err.code);
                for (const InquiryEntry& q : s_.inquiries.entries())
                    if (q.state == EntryState::Pending && !q.sent) s_.inquiries.undetermined(q.id, err.code);
                s_.credit.remaining = 0;
                set_notice(err.code, true);
            } else if (err.status == 422) {
                s_.inquiries.rejected(entry_id, err.code); // the server found the ID invalid: nothing spent
            } else {
                // No answer (network, timeout, 5xx): «نامشخص», nothing spent, retry.
                s_.inquiries.undetermined(entry_id, err.code.empty() ? "server_error" : err.code);
            }
        }
        changed();
        pump();
    });
}

// Rows whose replies will never come (a start over, a lost session, a reload): undetermined,
// with a retry. They may have been answered (and spent) on the server; the retry asks again.
void Flow::abandon_pending(const char* error_code) {
    for (const InquiryEntry& e : s_.inquiries.entries())
        if (e.state == EntryState::Pending) s_.inquiries.undetermined(e.id, error_code);
}

void Flow::retry(uint64_t entry_id) {
    if (!can(Action::Retry)) return;
    const InquiryEntry* e = s_.inquiries.find(entry_id);
    if (!e || e->state != EntryState::Undetermined) return;
    s_.inquiries.pending(entry_id);
    if (s_.notice.code == api::error::kCreditExhausted) s_.notice = {};
    changed();
    pump();
}

void Flow::toggle_details(uint64_t entry_id) {
    if (s_.inquiries.toggle(entry_id)) changed();
}

void Flow::clear_inquiries() {
    if (!can(Action::ClearHistory)) return;
    s_.inquiries.clear();
    changed();
}

void Flow::start_over() {
    if (!s_.session.empty()) transport_.end_session(s_.session, [](api::ApiResult<Ok>) {});
    ++generation_;
    in_flight_ = 0;
    abandon_pending("answer_lost");
    s_.busy = false;
    s_.session.clear();
    s_.creditCode.clear();
    s_.credit = {};
    s_.code = {};
    s_.codeBySms = false;
    s_.codeTimer.disarm();
    s_.notice = {};
    s_.screen = Screen::CreditRequest;
    focus_on(FieldId::Mobile);
    changed();
    if (!s_.serviceLoaded) start(); // the service call was dropped with the old generation
}

void Flow::dismiss_notice() {
    if (s_.notice.code.empty()) return;
    s_.notice = {};
    redraw();
}

// ---- navigation and receipts ----------------------------------------------------------------------

bool Flow::navigate(Screen target) {
    if (target == s_.screen) return true;
    switch (target) {
    case Screen::Landing: break;
    case Screen::CreditRequest: break;
    case Screen::CodeEntry:
        if (s_.mobileNormalized.empty() || !s_.session.empty()) return false;
        if (s_.codeBySms && (!s_.codeTimer.armed() || s_.codeTimer.expired(now()))) return false;
        break;
    case Screen::Inquiry:
        if (s_.session.empty()) return false;
        break;
    case Screen::Receipt:
        if (s_.receipt.trackingCode.empty()) return false;
        break;
    }
    s_.screen = target;
    s_.notice = {};
    if (target == Screen::CreditRequest && s_.session.empty()) focus_on(FieldId::Mobile); // else the client's «ادامه استعلام»
    if (target == Screen::CodeEntry) focus_on(FieldId::Code);
    if (target == Screen::Inquiry) focus_on(FieldId::NationalId);
    changed();
    return true;
}

void Flow::open_receipt(const std::string& tracking_code) {
    s_.screen = Screen::Receipt;
    s_.receipt = ReceiptView{tracking_code, true, false, {}, {}};
    changed();
    const uint64_t gen = generation_;
    transport_.find_inquiry(tracking_code, [this, gen](api::ApiResult<api::InquiryAnswer> r) {
        if (gen != generation_) return;
        s_.receipt.loading = false;
        if (r) {
            s_.receipt.found = true;
            s_.receipt.answer = *r;
        } else {
            s_.receipt.errorCode = r.error().status == 404 ? "receipt_not_found" : r.error().code;
        }
        changed();
    });
}

void Flow::close_receipt() {
    if (s_.screen != Screen::Receipt) return;
    s_.screen = Screen::Landing;
    changed();
}

bool Flow::restore(std::string_view snapshot) {
    Snapshot snap;
    if (!decode_snapshot(snapshot, snap)) return false;
    s_.mobile.text = snap.mobileText;
    s_.mobileNormalized = snap.mobileNormalized;
    s_.session = snap.session;
    s_.creditCode = snap.creditCode;
    s_.credit = snap.credit;
    s_.codeBySms = snap.codeBySms;
    const int64_t t = now();
    if (snap.codeDeadlineMs > t) s_.codeTimer = Countdown(t, snap.codeDeadlineMs - t);
    if (snap.resendDeadlineMs > t) {
        s_.resendTimer = Countdown(t, snap.resendDeadlineMs - t);
        s_.resendMobile = snap.resendMobile;
    }
    s_.inquiries.restore(std::move(snap.inquiries));
    abandon_pending("answer_lost"); // their replies went with the page
    Screen screen = snap.screen;
    if (screen == Screen::Inquiry && s_.session.empty()) screen = Screen::CreditRequest;
    if (screen == Screen::CodeEntry && s_.codeBySms && !s_.codeTimer.armed()) screen = Screen::CreditRequest;
    if (screen == Screen::CodeEntry && s_.mobileNormalized.empty()) screen = Screen::CreditRequest;
    if (screen == Screen::Receipt) screen = Screen::Landing;
    s_.screen = screen;
    changed();
    return true;
}

// ---- time ---------------------------------------------------------------------------------------

bool Flow::tick() {
    bool visible = false;
    const int64_t t = now();
    if (s_.screen == Screen::CodeEntry && s_.codeTimer.expired(t)) {
        // The SMS code's 3 minutes are over: start over from the credit request.
        ++generation_;
        in_flight_ = 0;
        s_.busy = false;
        s_.codeTimer.disarm();
        s_.code = {};
        s_.screen = Screen::CreditRequest;
        set_notice("ui.code_timed_out", true);
        focus_on(FieldId::Mobile);
        changed();
        visible = true;
        if (!s_.serviceLoaded) start();
    }
    if (s_.notice.untilMs > 0 && t >= s_.notice.untilMs) {
        s_.notice = {}; // the wait is over
        redraw();
        visible = true;
    }
    if (s_.serviceFailed && !s_.servicePending && s_.serviceRetry.expired(t)) {
        start();
        visible = true;
    }
    // The seconds on screen: a change is worth a frame, nothing else is.
    const int code_s = s_.screen == Screen::CodeEntry ? code_seconds_left() : 0;
    const int resend_s = s_.screen == Screen::CreditRequest ? resend_seconds_left() : 0;
    const int notice_s = notice_seconds_left();
    const int service_s = s_.serviceFailed ? s_.serviceRetry.remaining_seconds(t) : 0;
    if (code_s != last_code_second_ || resend_s != last_resend_second_ || notice_s != last_notice_second_ ||
        service_s != last_service_second_) {
        last_code_second_ = code_s;
        last_resend_second_ = resend_s;
        last_notice_second_ = notice_s;
        last_service_second_ = service_s;
        redraw();
        visible = true;
    }
    return visible;
}

// ---- state out ----------------------------------------------------------------------------------

bool Flow::can(Action a) const {
    if (s_.busy && a != Action::StartOver && a != Action::Inquire && a != Action::Retry && a != Action::ClearHistory)
        return false;
    switch (a) {
    // The service's settings need not be in yet (a slow network): only a failure to get them stops.
    case Action::Upgrade: return s_.screen == Screen::Landing && !s_.serviceFailed;
    case Action::RequestCode:
    case Action::HaveCode: return s_.screen == Screen::CreditRequest && !s_.serviceFailed;
    case Action::SubmitCode: return s_.screen == Screen::CodeEntry && !s_.codeTimer.expired(now());
    case Action::Inquire:
        if (s_.screen == Screen::Inquiry) return !s_.session.empty();
        return s_.screen == Screen::Landing && s_.serviceLoaded && s_.service.openInquiry;
    case Action::ClearHistory: return !s_.inquiries.empty();
    case Action::StartOver: return s_.screen != Screen::Landing && s_.screen != Screen::Receipt;
    case Action::Retry:
        if (s_.screen == Screen::Inquiry) return !s_.session.empty();
        return s_.screen == Screen::Landing && s_.serviceLoaded && s_.service.openInquiry;
    case Action::RetryService: return s_.serviceFailed && !s_.servicePending;
    }
    return false;
}

int Flow::code_seconds_left() const { return s_.codeTimer.remaining_seconds(now()); }
// The wait for the number in the field: another number has none the page knows of.
int Flow::resend_seconds_left() const {
    const MobileCheck m = check_mobile(s_.mobile.text);
    if (!m.valid || m.normalized != s_.resendMobile) return 0;
    return s_.resendTimer.remaining_seconds(now());
}
int Flow::notice_seconds_left() const {
    if (s_.notice.untilMs <= 0) return 0;
    return static_cast<int>(std::max<int64_t>(0, (s_.notice.untilMs - now() + 999) / 1000));
}

} // namespace bk
