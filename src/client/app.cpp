#include "client/app.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/countdown.h"
#include "core/digits.h"
#include "core/messages.h"

namespace bk::client {

App::App(Transport& transport, const Clock& clock, DemoBackend* demo, Theme& theme)
    : flow_(transport, clock), clock_(clock), demo_(demo), theme_(theme), ui_(cache_, theme) {}

// ---- the frame ------------------------------------------------------------------------------------------

void App::frame() {
    ui_.begin_frame();
    const ImGuiIO& io = ImGui::GetIO();
    // The page is one column, centred, at most 760 CSS px wide; the window is that column.
    const float col_w = std::min(io.DisplaySize.x, theme_.px(760));
    ImGui::SetNextWindowPos(ImVec2((io.DisplaySize.x - col_w) * 0.5f, 0));
    ImGui::SetNextWindowSize(ImVec2(col_w, io.DisplaySize.y));
    ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), io.DisplaySize, color::kPage);
    ImGui::Begin("barkhordari", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PushFont(theme_.body);

    header();
    if (demo_) ui_.notice(fa("ui.demo_banner"), color::kWarnBg, color::kWarnText);
    notice();

    switch (flow_.state().screen) {
    case Screen::Landing: screen_landing(); break;
    case Screen::CreditRequest: screen_credit_request(); break;
    case Screen::CodeEntry: screen_code_entry(); break;
    case Screen::Inquiry: screen_inquiry(); break;
    }
    if (demo_) demo_panel();
    if (flow_.state().busy) spinner();

    ImGui::PopFont();
    ImGui::End();
}

void App::header() {
    const float h = theme_.px(6);
    ImGui::Dummy(ImVec2(0, h));
    ui_.text_centered(fa("ui.org_name"), color::kHeader, theme_.title);
    ui_.text_centered(fa("ui.app_title"), color::kText, theme_.body);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float x0 = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMin().x;
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x0, p.y), ImVec2(x0 + ui_.width(), p.y + theme_.px(3)), color::kHeader);
    ImGui::Dummy(ImVec2(0, theme_.px(6)));
}

void App::notice() {
    const Notice& n = flow_.state().notice;
    if (n.code.empty()) return;
    std::string text = fa(n.code);
    if (n.retryAfter > 0)
        text += " (" + format_mm_ss(n.retryAfter) + ")";
    ui_.notice(text, n.error ? color::kErrorBg : color::kInfoBg, n.error ? color::kError : color::kInfoText);
}

void App::spinner() {
    // A small rotating arc at the top-left corner while a request is in flight.
    const float t = static_cast<float>(ImGui::GetTime());
    const ImVec2 c(ImGui::GetWindowPos().x + theme_.px(22), ImGui::GetWindowPos().y + theme_.px(22));
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->PathArcTo(c, theme_.px(9), t * 6.0f, t * 6.0f + 4.2f, 24);
    dl->PathStroke(color::kBlue, 0, theme_.px(3));
}

// ---- fields ------------------------------------------------------------------------------------------

bool App::bound_field(const char* id, const char* label_code, FieldId field, FieldKind kind) {
    const FlowState& s = flow_.state();
    const Field& f = field == FieldId::NationalId ? s.nationalId : field == FieldId::Mobile ? s.mobile : s.code;
    std::string& buf = field == FieldId::NationalId ? buf_national_id_ : field == FieldId::Mobile ? buf_mobile_ : buf_code_;
    // The flow changed the text (cleared after a submit, kept on restart): show its version.
    if (normalize_digits(buf) != normalize_digits(f.text)) buf = to_persian_digits(f.text);
    bool changed = false;
    const bool refocus = refocus_ == id;
    if (refocus) refocus_.clear();
    const bool enter = ui_.field(id, fa(label_code), buf, f.error, kind, changed, refocus);
    if (changed) flow_.edit(field, buf);
    if (enter) refocus_ = id; // keep typing in the same field after Enter
    return enter;
}

// ---- test hook ------------------------------------------------------------------------------------------

std::string App::test_state_json() const {
    using nlohmann::json;
    const FlowState& s = flow_.state();
    json j;
    j["screen"] = screen_name(s.screen);
    j["busy"] = s.busy;
    j["demo"] = demo_ != nullptr;
    j["serviceLoaded"] = s.serviceLoaded;
    j["openInquiry"] = s.service.openInquiry;
    j["fields"] = {{"nationalId", {{"text", s.nationalId.text}, {"error", s.nationalId.error}}},
                   {"mobile", {{"text", s.mobile.text}, {"error", s.mobile.error}}},
                   {"code", {{"text", s.code.text}, {"error", s.code.error}}}};
    j["notice"] = s.notice.code;
    j["codeSecondsLeft"] = flow_.code_seconds_left();
    j["codeBySms"] = s.codeBySms;
    j["credit"] = {{"mobile", s.credit.mobile}, {"remaining", s.credit.remaining}, {"total", s.credit.total},
                   {"code", s.creditCode}};
    json h = json::array();
    for (const HistoryEntry& e : s.history.entries()) {
        const char* state = e.state == EntryState::Pending ? "pending" : e.state == EntryState::Answered ? "answered" : "undetermined";
        h.push_back({{"id", e.id}, {"nationalId", e.nationalId}, {"state", state},
                     {"outcome", e.state == EntryState::Answered ? api::outcome_code(e.answer.outcome) : "undetermined"},
                     {"trackingCode", e.answer.trackingCode}, {"expanded", e.expanded}, {"error", e.errorCode}});
    }
    j["history"] = h;
    json rects = json::object();
    for (const auto& [id, r] : ui_.rects()) rects[id] = {r.x, r.y, r.z, r.w};
    j["rects"] = rects;
    if (demo_) {
        const DemoSamples& d = demo_->samples();
        const auto sms = demo_->outbox().latest(s.mobileNormalized);
        j["phone"] = sms ? sms->text : "";
        j["ussd"] = ussd_text_;
        j["samples"] = {{"eligibleMain", d.eligibleMain}, {"son", d.son}, {"pensioner", d.pensioner},
                        {"lapsed", d.lapsed}, {"revoked", d.revoked}};
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace bk::client
