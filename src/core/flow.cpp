#include "core/flow.h"

#include "core/digits.h"
#include "core/mobile.h"
#include "core/national_id.h"

namespace bk {

const char* screen_name(Screen s) {
    switch (s) {
    case Screen::Landing: return "landing";
    case Screen::CreditRequest: return "credit_request";
    case Screen::CodeEntry: return "code_entry";
    case Screen::Inquiry: return "inquiry";
    }
    return "landing";
}

Flow::Flow(Transport& transport, const Clock& clock) : transport_(transport), clock_(clock) {}

// ---- helpers ------------------------------------------------------------------------------------

void Flow::set_notice(std::string code, bool error, int retry_after) {
    s_.notice = Notice{std::move(code), error, retry_after};
}

void Flow::show_error(const api::ApiError& e) {
    Field* f = nullptr;
    if (e.field == "mobile") f = &s_.mobile;
    else if (e.field == "code") f = &s_.code;
    else if (e.field == "nationalId") f = &s_.nationalId;
    if (f && e.status == 422) { f->error = e.code; return; }
    set_notice(e.code.empty() ? "request_failed" : e.code, true, e.retryAfter);
    if (e.status == 429 && e.retryAfter > 0 && e.code == "resend_cooldown")
        s_.resendTimer = Countdown(now(), int64_t(e.retryAfter) * 1000);
}

void Flow::focus_on(FieldId field, bool strong) {
    s_.focus = FocusRequest{field, s_.focus.serial + 1, strong};
}

bool Flow::validate_mobile() {
    const MobileCheck m = check_mobile(s_.mobile.text);
    s_.mobile.error = m.valid ? "" : mobile_reason_code(m.reason);
    if (m.valid) s_.mobileNormalized = m.normalized;
    return m.valid;
}

// ---- events -------------------------------------------------------------------------------------

void Flow::start() {
    s_.busy = true;
    changed();
    const uint64_t gen = generation_;
    transport_.get_service([this, gen](api::ApiResult<api::ServiceInfo> r) {
        if (gen != generation_) return;
        s_.busy = false;
        if (r) {
            s_.service = *r;
            s_.serviceLoaded = true;
        } else {
            show_error(r.error());
        }
        changed();
    });
}

void Flow::edit(FieldId field, std::string text) {
    switch (field) {
    case FieldId::NationalId: {
        s_.nationalId.text = std::move(text);
        // Show a problem as soon as it is certain: 10+ digits, or a character that is no digit.
        const NationalIdCheck c = check_national_id(s_.nationalId.text);
        const bool complete = c.normalized.size() >= 10 || c.reason == NationalIdReason::NotDigits;
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
    changed();
}

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
    if (s_.resendTimer.armed() && !s_.resendTimer.expired(now())) {
        set_notice("resend_cooldown", true, resend_seconds_left());
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
            s_.resendTimer = Countdown(now(), int64_t(r->resendIn) * 1000);
            s_.code = {};
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
    s_.notice = {};
    focus_on(FieldId::Code);
    changed();
}

void Flow::submit_code() {
    if (!can(Action::SubmitCode)) return;
    const std::string digits = normalize_digits(s_.code.text);
    if (digits.empty()) { s_.code.error = "code_required"; changed(); return; }
    if (digits.size() != 6 || !all_ascii_digits(digits)) { s_.code.error = "code_format"; changed(); return; }
    s_.code.error.clear();
    s_.busy = true;
    s_.notice = {};
    changed();
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
            focus_on(FieldId::NationalId);
        } else if (r.error().code == "invalid_code" || r.error().code == "code_expired") {
            s_.code.error = r.error().code;
        } else {
            show_error(r.error());
        }
        changed();
    });
}

void Flow::inquire() {
    if (!can(Action::Inquire)) return;
    const NationalIdCheck c = check_national_id(s_.nationalId.text);
    if (!c.valid) {
        // Rejected here: nothing is sent and no credit is spent.
        s_.nationalId.error = national_id_reason_code(c.reason);
        changed();
        return;
    }
    if (s_.screen == Screen::Inquiry && !s_.credit.unlimited && s_.credit.remaining <= 0) {
        set_notice("credit_exhausted", true);
        changed();
        return;
    }
    s_.nationalId = {};
    s_.notice = {};
    const uint64_t id = s_.history.add(c.normalized, now());
    send_inquiry(id, c.normalized);
}

void Flow::retry(uint64_t entry_id) {
    if (!can(Action::Retry)) return;
    const HistoryEntry* e = s_.history.find(entry_id);
    if (!e || e->state != EntryState::Undetermined) return;
    const std::string national_id = e->nationalId;
    s_.history.pending(entry_id);
    s_.notice = {};
    send_inquiry(entry_id, national_id);
}

void Flow::send_inquiry(uint64_t entry_id, const std::string& national_id) {
    s_.busy = true;
    changed();
    const uint64_t gen = generation_;
    transport_.inquire(s_.session, {national_id}, [this, gen, entry_id](api::ApiResult<api::InquiryAnswer> r) {
        if (gen != generation_) return;
        s_.busy = false;
        if (r) {
            s_.history.answer(entry_id, *r);
            if (r->remaining >= 0) s_.credit.remaining = r->remaining;
            focus_on(FieldId::NationalId, false);
            changed();
            return;
        }
        const api::ApiError& e = r.error();
        if (e.status == 0 || e.status >= 500) {
            // No answer: the row stays, marked «نامشخص», with a retry; nothing was spent.
            s_.history.undetermined(entry_id, e.code.empty() ? "server_error" : e.code);
        } else if (e.status == 401) {
            s_.history.remove(entry_id);
            s_.session.clear();
            s_.screen = Screen::CreditRequest;
            set_notice(e.code, true);
            focus_on(FieldId::Mobile);
        } else if (e.status == 403) {
            s_.history.remove(entry_id);
            s_.credit.remaining = 0;
            set_notice(e.code, true);
        } else {
            s_.history.remove(entry_id);
            show_error(e);
        }
        changed();
    });
}

void Flow::toggle_details(uint64_t entry_id) {
    if (s_.history.toggle(entry_id)) changed();
}

void Flow::clear_history() {
    if (!can(Action::ClearHistory)) return;
    s_.history.clear();
    changed();
}

void Flow::start_over() {
    if (!s_.session.empty()) transport_.end_session(s_.session, [](api::ApiResult<Ok>) {});
    ++generation_;
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
}

void Flow::dismiss_notice() {
    if (s_.notice.code.empty()) return;
    s_.notice = {};
    changed();
}

bool Flow::tick() {
    bool visible = false;
    const int64_t t = now();
    if (s_.screen == Screen::CodeEntry && s_.codeTimer.expired(t)) {
        // The SMS code's 3 minutes are over: start over from the credit request.
        ++generation_;
        s_.busy = false;
        s_.codeTimer.disarm();
        s_.code = {};
        s_.screen = Screen::CreditRequest;
        set_notice("ui.code_timed_out", true);
        focus_on(FieldId::Mobile);
        visible = true;
    }
    const int code_s = code_seconds_left();
    const int resend_s = resend_seconds_left();
    if (code_s != last_code_second_ || resend_s != last_resend_second_) {
        last_code_second_ = code_s;
        last_resend_second_ = resend_s;
        visible = visible || s_.screen == Screen::CodeEntry || s_.screen == Screen::CreditRequest;
    }
    if (visible) changed();
    return visible;
}

// ---- state out ----------------------------------------------------------------------------------

bool Flow::can(Action a) const {
    if (s_.busy && a != Action::StartOver) return false;
    switch (a) {
    case Action::Upgrade: return s_.screen == Screen::Landing;
    case Action::RequestCode:
    case Action::HaveCode: return s_.screen == Screen::CreditRequest;
    case Action::SubmitCode: return s_.screen == Screen::CodeEntry && !s_.codeTimer.expired(now());
    case Action::Inquire:
        if (s_.screen == Screen::Inquiry) return !s_.session.empty();
        return s_.screen == Screen::Landing && s_.serviceLoaded && s_.service.openInquiry;
    case Action::ClearHistory: return !s_.history.empty();
    case Action::StartOver: return s_.screen != Screen::Landing;
    case Action::Retry: return s_.screen == Screen::Inquiry || s_.screen == Screen::Landing;
    }
    return false;
}

int Flow::code_seconds_left() const { return s_.codeTimer.remaining_seconds(now()); }
int Flow::resend_seconds_left() const { return s_.resendTimer.remaining_seconds(now()); }

} // namespace bk
