// Screen 4 — inquiry: the green credit bar, the history in request order, and the national ID
// form right under the newest row (the view follows it), so a clerk sees each answer next to
// the field the next ID goes into. Each row: the ID in large digits, the outcome in its colour
// and the organisation's sentence, the tracking code (copy, print) and «درباره کد ملی».
#include "client/app.h"

#include <nlohmann/json.hpp>

#include "client/platform.h"
#include "core/countdown.h"
#include "core/digits.h"
#include "core/jalali.h"
#include "core/messages.h"

namespace bk::client {

namespace {

// "1405/09/04" (wire) → "۱۴۰۵/۰۹/۰۴"
std::string jalali_for_display(const std::string& wire) { return to_persian_digits(wire); }

ImU32 outcome_color(const HistoryEntry& e) {
    if (e.state == EntryState::Rejected) return color::kError;
    if (e.state != EntryState::Answered) return color::kMuted;
    return e.answer.outcome == api::Outcome::Eligible ? color::kGreen : color::kError;
}

std::string outcome_text(const HistoryEntry& e) {
    switch (e.state) {
    case EntryState::Pending: return fa("ui.pending");
    case EntryState::Undetermined: return fa("outcome.undetermined");
    case EntryState::Rejected: return fa("ui.rejected");
    case EntryState::Answered: break;
    }
    return fa(std::string("outcome.") + api::outcome_code(e.answer.outcome));
}

std::string sentence(const api::InquiryAnswer& a) {
    const char* code = a.outcome == api::Outcome::Eligible ? "ui.entitled_sentence" : "ui.not_entitled_sentence";
    return substitute(fa(code), "date", jalali_for_display(a.checkedAtJalali));
}

} // namespace

void App::screen_inquiry() {
    const FlowState& s = flow_.state();
    // The green bar: mobile, code, remaining credit, and «دریافت مجدد کد اعتباری»; its text keeps
    // 16 px from the bar's edges.
    ui_.begin_panel("credit_bar", fa("ui.credit_left"), color::kGreenBg, theme_.px(16), theme_.px(12));
    ui_.label_value(fa("ui.mobile_plain"), to_persian_digits(s.credit.mobile), 0, "credit_mobile");
    ui_.label_value(fa("ui.code"), to_persian_digits(s.creditCode), 0, "credit_code");
    const std::string credit = s.credit.unlimited ? fa("ui.unlimited")
                             : to_persian_digits(std::to_string(s.credit.remaining)) + " / " + to_persian_digits(std::to_string(s.credit.total));
    ui_.label_value(fa("ui.credit_left"), credit, s.credit.remaining > 0 ? color::kGreen : color::kError, "credit_left");
    if (ui_.button_row({{"get_code_again", fa("ui.get_code_again"), color::kGreen, flow_.can(Action::StartOver)}}) == 0)
        flow_.start_over();
    ui_.end_panel();
    ImGui::Spacing();

    history();
    inquiry_form();
}

void App::inquiry_form() {
    const bool enter = bound_field(FieldId::NationalId);
    const bool rows = !flow_.state().history.empty();
    if (!rows) confirm_clear_ = false;
    const int clicked = ui_.button_row({{"inquire", fa("ui.inquire"), color::kGreen, flow_.can(Action::Inquire)},
                                        {"delete_history", fa("ui.delete_history"), color::kBlack, flow_.can(Action::ClearHistory)},
                                        {"print_history", fa("ui.print_history"), color::kBlue, rows}});
    if (clicked == 0 || enter) {
        follow_ = true; // a new ID: its answer is what the user wants to see
        flow_.inquire();
    }
    if (clicked == 1) {
        confirm_clear_ = true;
        sem_.focus("delete_cancel");
    }
    if (confirm_clear_) confirm_clear();
    if (clicked == 2) {
        std::vector<const api::InquiryAnswer*> answers;
        for (const HistoryEntry& e : flow_.state().history.entries())
            if (e.state == EntryState::Answered) answers.push_back(&e.answer);
        print(answers);
    }
}

// «حذف سابقه استعلامات» deletes every row (and what the page saved of them): asked once more,
// with «انصراف» focused, so a stray Enter or tap deletes nothing.
void App::confirm_clear() {
    ui_.begin_group("delete_confirm", fa("ui.confirm_delete"));
    ui_.text(fa("ui.confirm_delete"), color::kError, nullptr, "delete_question");
    const int answer = ui_.button_row({{"delete_confirm_yes", fa("ui.confirm_delete_yes"), color::kError, true},
                                       {"delete_cancel", fa("ui.cancel"), color::kBlack, true}});
    ui_.end();
    if (answer < 0) return;
    confirm_clear_ = false;
    if (answer == 0) {
        flow_.clear_history();
        announced_rows_.clear();
        sem_.clear_live(); // what it read out named the IDs just deleted
        sem_.announce(fa("ui.history_deleted"));
    }
    sem_.focus("national_id");
}

std::string App::row_key(const HistoryEntry& e, size_t index) const {
    const bool copied = e.id == copied_entry_ && copied_until_ms_ > clock_.now_ms();
    return std::to_string(index) + '|' + entry_state_name(e.state) + '|' + (e.expanded ? '1' : '0') + (copied ? "c" : "") + '|' + e.errorCode + '|' +
           (flow_.can(Action::Retry) ? '1' : '0') + '|' + std::to_string(static_cast<int>(ui_.width())) + '|' +
           std::to_string(theme_.scale) + '|' + e.answer.trackingCode;
}

// Rows far from the view are laid out from what they were (height and nodes), not drawn: a
// frame costs the rows on screen, not the whole history. The page still gets every row.
void App::history() {
    const auto& entries = flow_.state().history.entries();
    if (entries.empty()) return;
    const float s = theme_.scale;
    const float viewport = ImGui::GetIO().DisplaySize.y / s;
    const float near_top = scroll_css_ - viewport * 0.25f, near_bottom = scroll_css_ + viewport * 1.25f;
    ui_.heading(fa("ui.history"), 2, color::kText, theme_.body);
    ui_.begin_list("history", fa("ui.history"));
    for (size_t i = 0; i < entries.size(); ++i) {
        const HistoryEntry& e = entries[i];
        const std::string prefix = "row" + std::to_string(i);
        const float top = (ImGui::GetCursorScreenPos().y + ImGui::GetScrollY()) / s;
        const std::string key = row_key(e, i);
        auto it = row_parts_.find(e.id);
        const bool known = it != row_parts_.end() && it->second.key == key;
        const bool away = known && (top + it->second.height / s < near_top || top > near_bottom);
        if (away && !sem_.activation_pending(prefix + "_")) {
            sem_.add_part(it->second.nodes, top);
            ImGui::Dummy(ImVec2(0, it->second.height - ImGui::GetStyle().ItemSpacing.y));
            continue;
        }
        const size_t mark = sem_.mark();
        const float y0 = ImGui::GetCursorPosY();
        history_row(e, i);
        row_parts_[e.id] = RowPart{key, ImGui::GetCursorPosY() - y0, sem_.part_since(mark, top)};
    }
    ui_.end();
    ImGui::Spacing();
    if (row_parts_.size() > entries.size()) { // rows deleted: forget their parts
        std::map<uint64_t, RowPart> kept;
        for (const HistoryEntry& e : entries)
            if (auto it = row_parts_.find(e.id); it != row_parts_.end()) kept.insert(std::move(*it));
        row_parts_ = std::move(kept);
    }
}

void App::history_row(const HistoryEntry& e, size_t index) {
    ImGui::PushID(static_cast<int>(e.id));
    const std::string row_id = "row" + std::to_string(index);
    const std::string number = to_persian_digits(std::to_string(index + 1)) + ". ";
    const std::string shown_id = to_persian_digits(e.nationalId);
    ui_.begin_item(row_id, number + fa("ui.national_id_plain") + " " + shown_id + ": " + outcome_text(e));
    const float top = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y * 0.5f;
    const ImU32 tone = outcome_color(e);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2); // the row's tint goes under what is drawn on it
    dl->ChannelsSetCurrent(1);

    // «۱. کد ملی: ۰۴۹۹۳۷۰۸۹۹» in large digits, then the outcome in its colour.
    ui_.label_value(number + fa("ui.national_id_plain"), shown_id, 0, (row_id + "_id").c_str(), false,
                    e.state == EntryState::Rejected ? nullptr : theme_.large);
    ui_.label_value(fa("ui.outcome"), outcome_text(e), tone, (row_id + "_outcome").c_str());

    auto of = [&shown_id](const char* code) { return substitute(fa(code), "id", shown_id); };
    if (e.state == EntryState::Answered) {
        const api::InquiryAnswer& a = e.answer;
        ui_.text(sentence(a), tone, nullptr, (row_id + "_sentence").c_str());
        ui_.label_value(fa("ui.tracking_code"), a.trackingCode, 0, (row_id + "_tracking").c_str(), true);
        const bool copied = e.id == copied_entry_ && copied_until_ms_ > clock_.now_ms();
        const int b = ui_.button_row({{row_id + "_copy", fa(copied ? "ui.copied_short" : "ui.copy"), color::kBlue, true, of(copied ? "ui.copied_of" : "ui.copy_of")},
                                      {row_id + "_print", fa("ui.print"), color::kBlue, true, of("ui.print_of")}});
        if (b == 0) {
            copy_to_clipboard(a.trackingCode);
            sem_.announce(fa("ui.copied"));
            copied_entry_ = e.id;
            copied_until_ms_ = clock_.now_ms() + 2000;
            ++ui_changes_; // this frame drew «کپی»: one more, with «کپی شد»
        }
        if (b == 1) print({&a});
        if (ui_.disclosure(row_id + "_about", fa("ui.about_id"), e.expanded, of("ui.about_of"))) flow_.toggle_details(e.id);
        if (e.expanded) answer_details(a, tone);
    } else if (e.state == EntryState::Undetermined) {
        ui_.text(fa(e.errorCode), color::kMuted, nullptr, (row_id + "_why").c_str());
        if (ui_.button_row({{row_id + "_retry", fa("ui.retry"), color::kBlue, flow_.can(Action::Retry), of("ui.retry_of")}}) == 0)
            flow_.retry(e.id);
    } else if (e.state == EntryState::Rejected) {
        ui_.text(fa(e.errorCode), color::kError, nullptr, (row_id + "_why").c_str());
        if (ui_.button_row({{row_id + "_correct", fa("ui.correct"), color::kBlue, true, of("ui.correct_of")}}) == 0) flow_.correct(e.id);
    }
    // The outcome's colour: a tint under the row and a bar down its right edge.
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y * 0.5f;
    const float x0 = ImGui::GetWindowPos().x + ui_.left() - theme_.px(6);
    const float x1 = ImGui::GetWindowPos().x + ui_.right() + theme_.px(6);
    dl->ChannelsSetCurrent(0);
    if (e.state == EntryState::Answered)
        dl->AddRectFilled(ImVec2(x0, top), ImVec2(x1, bottom),
                          e.answer.outcome == api::Outcome::Eligible ? color::kEntitledBg : color::kNotEntitledBg, theme_.px(4));
    dl->AddRectFilled(ImVec2(x1 - theme_.px(4), top), ImVec2(x1, bottom), tone, theme_.px(2));
    dl->ChannelsMerge();
    ui_.end();
    ImGui::PopID();
}

void App::answer_details(const api::InquiryAnswer& a, ImU32 tone) {
    const std::string date = jalali_for_display(a.checkedAtJalali);
    ui_.label_value(fa("ui.checked_at"), date);
    if (!a.checkedAtTime.empty()) ui_.label_value(fa("ui.checked_time"), to_persian_digits(a.checkedAtTime));
    if (!a.validUntilJalali.empty()) ui_.label_value(fa("ui.valid_until"), jalali_for_display(a.validUntilJalali));
    ui_.text(std::string(fa("ui.coverage")) + ": " + fa("ui.coverage_outpatient"));
    if (!a.insuranceType.empty()) ui_.text(std::string(fa("ui.insurance_type")) + ": " + fa("insurance." + a.insuranceType));
    if (!a.relation.empty()) ui_.text(std::string(fa("ui.relation")) + ": " + fa("relation." + a.relation));
    if (!a.reasonCode.empty()) ui_.text(std::string(fa("ui.reason")) + ": " + fa(a.reasonCode), tone);
}

// A receipt per answer, laid out by the page's print stylesheet (web/page.js): what a person
// keeps on paper when the canvas is gone.
void App::print(const std::vector<const api::InquiryAnswer*>& answers) {
    using nlohmann::json;
    json receipts = json::array();
    for (const api::InquiryAnswer* a : answers) {
        json rows = json::array();
        auto row = [&rows](const char* label, const std::string& value) { rows.push_back({fa(label), value}); };
        row("ui.national_id_plain", to_persian_digits(a->nationalId));
        row("ui.outcome", fa(std::string("outcome.") + api::outcome_code(a->outcome)));
        row("ui.checked_at", jalali_for_display(a->checkedAtJalali));
        if (!a->checkedAtTime.empty()) row("ui.checked_time", to_persian_digits(a->checkedAtTime));
        if (!a->validUntilJalali.empty()) row("ui.valid_until", jalali_for_display(a->validUntilJalali));
        row("ui.coverage", fa("ui.coverage_outpatient"));
        if (!a->reasonCode.empty()) row("ui.reason", fa(a->reasonCode));
        row("ui.tracking_code", a->trackingCode);
        receipts.push_back({{"org", fa("ui.org_name")}, {"title", fa("ui.receipt_title")}, {"sentence", sentence(*a)},
                            {"outcome", api::outcome_code(a->outcome)}, {"rows", std::move(rows)}});
    }
    if (receipts.empty()) return;
    print_receipts(json{{"receipts", std::move(receipts)}}.dump(-1, ' ', false, json::error_handler_t::replace));
}

} // namespace bk::client
