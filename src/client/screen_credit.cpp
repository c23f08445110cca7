// Screens 2 and 3 — getting a credit code (SMS or USSD) and entering it within 3 minutes.
#include "client/app.h"
#include "core/countdown.h"
#include "core/messages.h"

namespace bk::client {

void App::screen_credit_request() {
    const FlowState& s = flow_.state();
    // Reached with Back while a code is in use: the way back to the inquiries comes first and
    // has focus, so a scan made here is not typed into the mobile field.
    if (!s.session.empty()) {
        ui_.notice(tr("ui.session_live"), color::kGreenBg, color::kGreen, "session_live");
        if (ui_.button_row({{"resume", tr("ui.resume"), color::kGreen, true}}) == 0) flow_.navigate(Screen::Inquiry);
        if (focus_resume_) {
            sem_.focus("resume");
            focus_resume_ = false;
        }
        ImGui::Spacing();
    }
    ui_.notice(tr("ui.need_code"), color::kInfoBg, color::kInfoText, "need_code");

    const bool enter = bound_field(FieldId::Mobile);
    const int resend = flow_.resend_seconds_left();
    if (resend > 0) ui_.label_value(tr("ui.resend_in"), mm_ss(resend), color::kMuted, "resend_in");
    const int clicked = ui_.button_row({{"get_code", tr("ui.get_code"), color::kGreen, flow_.can(Action::RequestCode)},
                                        {"have_code", tr("ui.have_code"), color::kBlack, flow_.can(Action::HaveCode)}});
    if (clicked == 0 || enter) flow_.request_code();
    if (clicked == 1) flow_.have_code();

    // The two ways to a code, after the form.
    ImGui::Spacing();
    ui_.begin_list("methods", tr("ui.need_code"));
    // The USSD way only once the service has said its code (its settings may still be on their
    // way, or may not have come at all).
    const bool ussd = !s.service.ussdCode.empty();
    ui_.bullet(tr("ui.method_sms"));
    if (ussd) ui_.bullet(loc_->format("ui.method_ussd", {{"ussd", ltr_isolate(s.service.ussdCode)}}));
    ui_.bullet(tr("ui.still_valid"));
    ui_.end();
    // The USSD code on its own, to copy or to read out: a click selects the whole of it.
    if (ussd) ui_.label_value(tr("ui.ussd_code"), s.service.ussdCode, color::kText, "ussd_code", true);
    ui_.text(tr("ui.no_sms_restart"), color::kMuted);
}

void App::screen_code_entry() {
    const FlowState& s = flow_.state();
    ui_.label_value(tr("ui.mobile_plain"), loc_->digits(s.mobileNormalized), 0, "code_mobile");
    if (s.codeBySms) {
        // The ring (shaders/countdown_ring.*) with the time left written in its middle.
        const float size = theme_.px(112);
        const float left = ui_.left();
        ImGui::SetCursorPosX(left + (ui_.width() - size) * 0.5f);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ring_.draw(size, s.codeTimer.fraction_left(clock_.now_ms()), color::kGreen, color::kTrack);
        const std::string mmss = mm_ss(flow_.code_seconds_left());
        ui_.describe_last("countdown", Role::Text, loc_->format("ui.time_left_of", {{"time", mmss}}));
        ImGui::PushFont(theme_.title);
        const ImVec2 ts = ImGui::CalcTextSize(mmss.c_str());
        ImGui::GetWindowDrawList()->AddText(ImVec2(at.x + (size - ts.x) * 0.5f, at.y + (size - ts.y) * 0.5f), color::kText, mmss.c_str());
        ImGui::PopFont();
        ui_.text_centered(tr("ui.time_left"), color::kMuted, theme_.body, false); // the ring says it, with the time
        ui_.text(tr("ui.sms_validity"), color::kMuted);
    }
    const bool enter = bound_field(FieldId::Code);
    if (s.code.error == api::error::kInvalidCode && s.codeAttemptsLeft >= 0)
        ui_.text(loc_->format("ui.attempts_left", {{"n", loc_->number(s.codeAttemptsLeft)}}), color::kError,
                 nullptr, "attempts_left");
    const int clicked = ui_.button_row({{"validate", tr("ui.validate"), color::kGreen, flow_.can(Action::SubmitCode)},
                                        {"start_over", tr("ui.start_over"), color::kBlack, flow_.can(Action::StartOver)}});
    if (clicked == 0 || enter) flow_.submit_code();
    if (clicked == 1) flow_.start_over();
    if (s.codeBySms) ui_.text(tr("ui.no_sms_restart"), color::kMuted);
}

} // namespace bk::client
