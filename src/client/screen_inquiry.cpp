// Screen 4 — inquiry: the green credit bar, the history in request order, and the national ID
// form right under the newest row (the view follows it), so a clerk sees each answer next to
// the field the next ID goes into. Each row: the ID in large digits, the outcome in its colour
// and the organisation's sentence, the tracking code (copy, print) and «درباره کد ملی».
#include "client/app.h"

#include <nlohmann/json.hpp>

#include "client/platform.h"
#include "core/countdown.h"
#include "client/sentences.h"

namespace bk::client {

namespace {

ImU32 outcome_color(const InquiryEntry& e) {
    if (e.state == EntryState::Rejected) return color::kError;
    if (e.state != EntryState::Answered) return color::kMuted;
    return e.answer.outcome == api::Outcome::Eligible ? color::kGreen : color::kError;
}

} // namespace

void App::screen_inquiry() {
    const FlowState& s = flow_.state();
    // The green bar: mobile, code, remaining credit, and «دریافت مجدد کد اعتباری»; its text keeps
    // 16 px from the bar's edges.
    ui_.begin_panel("credit_bar", tr("ui.credit_left"), color::kGreenBg, theme_.px(16), theme_.px(12));
    ui_.label_value(tr("ui.mobile_plain"), loc_->digits(s.credit.mobile), 0, "credit_mobile");
    ui_.label_value(tr("ui.code"), loc_->digits(s.creditCode), 0, "credit_code");
    const std::string credit = s.credit.unlimited ? tr("ui.unlimited")
                             : loc_->format("ui.credit_of", {{"remaining", loc_->number(s.credit.remaining)}, {"total", loc_->number(s.credit.total)}});
    ui_.label_value(tr("ui.credit_left"), credit, s.credit.remaining > 0 ? color::kGreen : color::kError, "credit_left");
    if (ui_.button_row({{"get_code_again", tr("ui.get_code_again"), color::kGreen, flow_.can(Action::StartOver)}}) == 0)
        flow_.start_over();
    ui_.end_panel();
    ImGui::Spacing();

    inquiry_list();
    inquiry_form();
}

void App::inquiry_form() {
    const bool enter = bound_field(FieldId::NationalId);
    const bool rows = !flow_.state().inquiries.empty();
    if (!rows) confirm_clear_ = false;
    const int clicked = ui_.button_row({{"inquire", tr("ui.inquire"), color::kGreen, flow_.can(Action::Inquire)},
                                        {"delete_history", tr("ui.delete_history"), color::kBlack, flow_.can(Action::ClearHistory)},
                                        {"print_history", tr("ui.print_history"), color::kBlue, rows}});
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
        for (const InquiryEntry& e : flow_.state().inquiries.entries())
            if (e.state == EntryState::Answered) answers.push_back(&e.answer);
        print(answers);
    }
}

// «حذف سابقه استعلامات» deletes every row (and what the page saved of them): asked once more,
// with «انصراف» focused, so a stray Enter or tap deletes nothing.
void App::confirm_clear() {
    ui_.begin_group("delete_confirm", tr("ui.confirm_delete"));
    ui_.text(tr("ui.confirm_delete"), color::kError, nullptr, "delete_question");
    const int answer = ui_.button_row({{"delete_confirm_yes", tr("ui.confirm_delete_yes"), color::kError, true},
                                       {"delete_cancel", tr("ui.cancel"), color::kBlack, true}});
    ui_.end();
    if (answer < 0) return;
    confirm_clear_ = false;
    if (answer == 0) {
        flow_.clear_inquiries();
        announced_rows_.clear();
        sem_.clear_live(); // what it read out named the IDs just deleted
        sem_.announce(tr("ui.history_deleted"));
    }
    sem_.focus("nationalId");
}

std::string App::row_key(const InquiryEntry& e, size_t index) const {
    const bool copied = e.id == copied_entry_ && copied_until_ms_ > clock_.now_ms();
    return std::to_string(index) + '|' + entry_state_name(e.state) + '|' + (e.expanded ? '1' : '0') + (copied ? "c" : "") + '|' + e.errorCode + '|' +
           (flow_.can(Action::Retry) ? '1' : '0') + '|' + std::to_string(static_cast<int>(ui_.width())) + '|' +
           std::to_string(theme_.scale) + '|' + e.answer.trackingCode;
}

// Rows far from the view are laid out from what they were (height and nodes), not drawn: a
// frame costs the rows on screen, not the whole history. The page still gets every row.
void App::inquiry_list() {
    const auto& entries = flow_.state().inquiries.entries();
    if (entries.empty()) return;
    const float s = theme_.scale;
    const float viewport = ImGui::GetIO().DisplaySize.y / s;
    const float near_top = scroll_css_ - viewport * 0.25f, near_bottom = scroll_css_ + viewport * 1.25f;
    ui_.heading(tr("ui.history"), 2, color::kText, theme_.body);
    ui_.begin_list("history", tr("ui.history"));
    for (size_t i = 0; i < entries.size(); ++i) {
        const InquiryEntry& e = entries[i];
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
        inquiry_row(e, i);
        row_parts_[e.id] = RowPart{key, ImGui::GetCursorPosY() - y0, sem_.part_since(mark, top)};
    }
    ui_.end();
    ImGui::Spacing();
    if (row_parts_.size() > entries.size()) { // rows deleted: forget their parts
        std::map<uint64_t, RowPart> kept;
        for (const InquiryEntry& e : entries)
            if (auto it = row_parts_.find(e.id); it != row_parts_.end()) kept.insert(std::move(*it));
        row_parts_ = std::move(kept);
    }
}

void App::inquiry_row(const InquiryEntry& e, size_t index) {
    ImGui::PushID(static_cast<int>(e.id));
    const std::string row_id = "row" + std::to_string(index);
    const std::string number = loc_->number(static_cast<long long>(index) + 1);
    const std::string shown_id = loc_->digits(e.nationalId);
    const std::string outcome = outcome_text(*loc_, e);
    ui_.begin_item(row_id, loc_->format("ui.row_name", {{"n", number}, {"id", shown_id}, {"outcome", outcome}}));
    const float top = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y * 0.5f;
    const ImU32 tone = outcome_color(e);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSplit(2); // the row's tint goes under what is drawn on it
    dl->ChannelsSetCurrent(1);

    // «۱. کد ملی: ۰۴۹۹۳۷۰۸۹۹» in large digits, then the outcome in its colour.
    ui_.label_value(loc_->format("ui.row_label", {{"n", number}}), shown_id, 0, (row_id + "_id").c_str(), false,
                    e.state == EntryState::Rejected ? nullptr : theme_.large);
    ui_.label_value(tr("ui.outcome"), outcome, tone, (row_id + "_outcome").c_str());

    auto of = [&](const char* code) { return loc_->format(code, {{"id", shown_id}}); };
    if (e.state == EntryState::Answered) {
        const api::InquiryAnswer& a = e.answer;
        ui_.text(answer_sentence(*loc_, a), tone, nullptr, (row_id + "_sentence").c_str());
        ui_.label_value(tr("ui.tracking_code"), a.trackingCode, 0, (row_id + "_tracking").c_str(), true);
        const bool copied = e.id == copied_entry_ && copied_until_ms_ > clock_.now_ms();
        const int b = ui_.button_row({{row_id + "_copy", tr(copied ? "ui.copied_short" : "ui.copy"), color::kBlue, true, of(copied ? "ui.copied_of" : "ui.copy_of")},
                                      {row_id + "_print", tr("ui.print"), color::kBlue, true, of("ui.print_of")}});
        if (b == 0) {
            copy_to_clipboard(a.trackingCode);
            sem_.announce(tr("ui.copied"));
            copied_entry_ = e.id;
            copied_until_ms_ = clock_.now_ms() + 2000;
            ++ui_changes_; // this frame drew «کپی»: one more, with «کپی شد»
        }
        if (b == 1) print({&a});
        if (ui_.disclosure(row_id + "_about", tr("ui.about_id"), e.expanded, of("ui.about_of"))) flow_.toggle_details(e.id);
        if (e.expanded) answer_details(a, tone);
    } else if (e.state == EntryState::Undetermined) {
        ui_.text(tr(e.errorCode), color::kMuted, nullptr, (row_id + "_why").c_str());
        if (ui_.button_row({{row_id + "_retry", tr("ui.retry"), color::kBlue, flow_.can(Action::Retry), of("ui.retry_of")}}) == 0)
            flow_.retry(e.id);
    } else if (e.state == EntryState::Rejected) {
        ui_.text(tr(e.errorCode), color::kError, nullptr, (row_id + "_why").c_str());
        if (ui_.button_row({{row_id + "_correct", tr("ui.correct"), color::kBlue, true, of("ui.correct_of")}}) == 0) flow_.correct(e.id);
    }
    // The outcome's colour: a tint under the row and a bar down its start edge.
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y * 0.5f;
    const float x0 = ImGui::GetWindowPos().x + ui_.left() - theme_.px(6);
    const float x1 = ImGui::GetWindowPos().x + ui_.right() + theme_.px(6);
    dl->ChannelsSetCurrent(0);
    if (e.state == EntryState::Answered)
        dl->AddRectFilled(ImVec2(x0, top), ImVec2(x1, bottom),
                          e.answer.outcome == api::Outcome::Eligible ? color::kEntitledBg : color::kNotEntitledBg, theme_.px(4));
    const float bar = ui_.rtl() ? x1 - theme_.px(4) : x0; // down the start edge
    dl->AddRectFilled(ImVec2(bar, top), ImVec2(bar + theme_.px(4), bottom), tone, theme_.px(2));
    dl->ChannelsMerge();
    ui_.end();
    ImGui::PopID();
}

void App::answer_details(const api::InquiryAnswer& a, ImU32 tone) {
    ui_.label_value(tr("ui.checked_at"), loc_->date(a.checkedAtJalali));
    if (!a.checkedAtTime.empty()) ui_.label_value(tr("ui.checked_time"), loc_->digits(a.checkedAtTime));
    if (!a.validUntilJalali.empty()) ui_.label_value(tr("ui.valid_until"), loc_->date(a.validUntilJalali));
    auto line = [&](const char* label, const std::string& code) {
        return loc_->format("ui.label_value", {{"label", tr(label)}, {"value", tr(code)}});
    };
    ui_.text(line("ui.coverage", "ui.coverage_outpatient"));
    if (!a.insuranceType.empty()) ui_.text(line("ui.insurance_type", "insurance." + a.insuranceType));
    if (!a.relation.empty()) ui_.text(line("ui.relation", "relation." + a.relation));
    if (!a.reasonCode.empty()) ui_.text(line("ui.reason", a.reasonCode), tone);
}

// A receipt per answer, laid out by the page's print stylesheet (web/page.js): what a person
// keeps on paper when the canvas is gone.
void App::print(const std::vector<const api::InquiryAnswer*>& answers) {
    using nlohmann::json;
    json receipts = json::array();
    for (const api::InquiryAnswer* a : answers) {
        json rows = json::array();
        auto row = [&](const char* label, const std::string& value) { rows.push_back({tr(label), value}); };
        row("ui.national_id_plain", loc_->digits(a->nationalId));
        row("ui.outcome", outcome_text(*loc_, a->outcome));
        row("ui.checked_at", loc_->date(a->checkedAtJalali));
        if (!a->checkedAtTime.empty()) row("ui.checked_time", loc_->digits(a->checkedAtTime));
        if (!a->validUntilJalali.empty()) row("ui.valid_until", loc_->date(a->validUntilJalali));
        row("ui.coverage", tr("ui.coverage_outpatient"));
        if (!a->reasonCode.empty()) row("ui.reason", tr(a->reasonCode));
        row("ui.tracking_code", a->trackingCode);
        receipts.push_back({{"org", tr("ui.org_name")}, {"title", tr("ui.receipt_title")}, {"sentence", answer_sentence(*loc_, *a)},
                            {"outcome", api::outcome_code(a->outcome)}, {"rows", std::move(rows)}});
    }
    if (receipts.empty()) return;
    print_receipts(json{{"lang", loc_->tag()}, {"dir", loc_->dir_name()}, {"receipts", std::move(receipts)}}
                       .dump(-1, ' ', false, json::error_handler_t::replace));
}

} // namespace bk::client
