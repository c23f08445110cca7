// Screen 4 — inquiry: the green credit bar, the national ID form and the history in request
// order, each row expandable to «درباره کد ملی».
#include "client/app.h"
#include "core/countdown.h"
#include "core/digits.h"
#include "core/jalali.h"
#include "core/messages.h"

namespace bk::client {

namespace {

// "1405/09/04" (wire) → "۱۴۰۵/۰۹/۰۴"
std::string jalali_for_display(const std::string& wire) { return to_persian_digits(wire); }

ImU32 outcome_color(const HistoryEntry& e) {
    if (e.state != EntryState::Answered) return color::kMuted;
    return e.answer.outcome == api::Outcome::Eligible ? color::kGreen
         : e.answer.outcome == api::Outcome::NotEligible ? color::kError : color::kMuted;
}

std::string outcome_text(const HistoryEntry& e) {
    if (e.state == EntryState::Pending) return fa("ui.pending");
    if (e.state == EntryState::Undetermined) return fa("outcome.undetermined");
    return fa(std::string("outcome.") + api::outcome_code(e.answer.outcome));
}

} // namespace

void App::screen_inquiry() {
    const FlowState& s = flow_.state();
    // The green bar: mobile, code, remaining credit, and «دریافت مجدد کد اعتباری».
    ImGui::PushStyleColor(ImGuiCol_ChildBg, color::kGreenBg);
    const float bar_h = ImGui::GetTextLineHeightWithSpacing() * 3 + std::max(ImGui::GetFrameHeight(), theme_.min_target()) +
                        ImGui::GetStyle().ItemSpacing.y + theme_.px(20);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(theme_.px(16), theme_.px(8)));
    ImGui::BeginChild("credit_bar", ImVec2(0, bar_h), ImGuiChildFlags_AlwaysUseWindowPadding,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    ui_.begin_group("credit_bar", fa("ui.credit_left"));
    ui_.label_value(fa("ui.mobile_plain"), to_persian_digits(s.credit.mobile), 0, "credit_mobile");
    ui_.label_value(fa("ui.code"), to_persian_digits(s.creditCode), 0, "credit_code");
    const std::string credit = s.credit.unlimited ? fa("ui.unlimited")
                             : to_persian_digits(std::to_string(s.credit.remaining)) + " / " + to_persian_digits(std::to_string(s.credit.total));
    ui_.label_value(fa("ui.credit_left"), credit, s.credit.remaining > 0 ? color::kGreen : color::kError, "credit_left");
    if (ui_.button_row({{"get_code_again", fa("ui.get_code_again"), color::kGreen, flow_.can(Action::StartOver)}}) == 0)
        flow_.start_over();
    ui_.end();
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
    ImGui::Spacing();

    inquiry_form(false);
    history();
}

void App::inquiry_form(bool landing) {
    const bool enter = bound_field(FieldId::NationalId);
    const char* clear_code = landing ? "ui.delete_records" : "ui.delete_history";
    const int clicked = ui_.button_row({{"inquire", fa("ui.inquire"), color::kGreen, flow_.can(Action::Inquire)},
                                        {"delete_history", fa(clear_code), color::kBlack, flow_.can(Action::ClearHistory)}});
    if (clicked == 0 || enter) flow_.inquire();
    if (clicked == 1) flow_.clear_history();
}

void App::history() {
    const auto& entries = flow_.state().history.entries();
    if (entries.empty()) return;
    ui_.begin_list("history", fa("ui.history"));
    for (size_t i = 0; i < entries.size(); ++i) history_row(entries[i], i);
    ui_.end();
}

void App::history_row(const HistoryEntry& e, size_t index) {
    ImGui::PushID(static_cast<int>(e.id));
    const std::string row_id = "row" + std::to_string(index);
    ImGui::Separator();
    const std::string number = to_persian_digits(std::to_string(index + 1)) + ". ";
    ui_.begin_item(row_id, number + fa("ui.national_id_plain") + " " + to_persian_digits(e.nationalId) + ": " + outcome_text(e));
    // «۱. کد ملی: ۰۴۹۹۳۷۰۸۹۹»
    ui_.label_value(number + fa("ui.national_id_plain"), to_persian_digits(e.nationalId), 0, (row_id + "_id").c_str());
    ui_.label_value(fa("ui.outcome"), outcome_text(e), outcome_color(e), (row_id + "_outcome").c_str());

    if (e.state == EntryState::Answered) {
        const api::InquiryAnswer& a = e.answer;
        ui_.label_value(fa("ui.tracking_code"), a.trackingCode, 0, (row_id + "_tracking").c_str(), true);
        if (ui_.disclosure(row_id + "_about", fa("ui.about_id"), e.expanded)) flow_.toggle_details(e.id);
        if (e.expanded) {
            const std::string date = jalali_for_display(a.checkedAtJalali);
            const char* sentence = a.outcome == api::Outcome::Eligible ? "ui.entitled_sentence" : "ui.not_entitled_sentence";
            ui_.text(substitute(fa(sentence), "date", date), outcome_color(e));
            ui_.label_value(fa("ui.checked_at"), date);
            if (!a.validUntilJalali.empty()) ui_.label_value(fa("ui.valid_until"), jalali_for_display(a.validUntilJalali));
            ui_.text(std::string(fa("ui.coverage")) + ": " + fa("ui.coverage_outpatient"));
            if (!a.insuranceType.empty()) ui_.text(std::string(fa("ui.insurance_type")) + ": " + fa("insurance." + a.insuranceType));
            if (!a.relation.empty()) ui_.text(std::string(fa("ui.relation")) + ": " + fa("relation." + a.relation));
            if (!a.reasonCode.empty()) ui_.text(std::string(fa("ui.reason")) + ": " + fa(a.reasonCode), color::kError);
        }
    } else if (e.state == EntryState::Undetermined) {
        ui_.text(fa(e.errorCode), color::kMuted);
        if (ui_.button_row({{row_id + "_retry", fa("ui.retry"), color::kBlue, flow_.can(Action::Retry)}}) == 0) flow_.retry(e.id);
    }
    ui_.end();
    ImGui::PopID();
}

} // namespace bk::client
