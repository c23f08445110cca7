#include "client/app.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "client/platform.h"
#include "client/sentences.h"
#include "core/countdown.h"
#include "core/messages.h"
#include "core/national_id.h"

namespace bk::client {

namespace {

// The three flow fields: their DOM twin's id, what they take, and their labels. One table, so
// drawing, typing, Enter and focus all agree.
struct FieldBinding {
    const char* id;
    FieldId field;
    InputKind input;
    const char* label;   // as drawn (with the required-field asterisk)
    const char* name;    // accessible name
};
constexpr FieldBinding kFields[] = {
    {"nationalId", FieldId::NationalId, InputKind::NationalId, "ui.national_id", "ui.national_id_plain"},
    {"mobile", FieldId::Mobile, InputKind::Mobile, "ui.mobile", "ui.mobile_plain"},
    {"code", FieldId::Code, InputKind::Code, "ui.code", "ui.code"},
};

const FieldBinding* binding(FieldId f) {
    for (const FieldBinding& b : kFields)
        if (b.field == f) return &b;
    return nullptr;
}
const FieldBinding* binding(const std::string& id) {
    for (const FieldBinding& b : kFields)
        if (id == b.id) return &b;
    return nullptr;
}

} // namespace

App::App(Transport& transport, const Clock& clock, Demo* demo, Theme& theme, const Locale& lang)
    : transport_(transport), flow_(transport, clock), clock_(clock), loc_(&lang), demo_(demo), theme_(theme),
      ui_(cache_, theme, sem_), session_(flow_, clock, demo != nullptr) {
    set_language(lang);
}

void App::set_language(const Locale& lang) {
    loc_ = &lang;
    transport_.set_language(lang);
    sem_.set_document_language(lang.tag(), lang.dir_name());
    row_parts_.clear(); // their nodes say their words in the language they were drawn in
    ++ui_changes_;
}

// ---- start and what outlives a frame ------------------------------------------------------------------------

void App::start(const std::string& saved_state, const std::string& receipt, Probe probe,
                const api::ApiResult<api::ServiceInfo>* answer) {
    if (!saved_state.empty()) flow_.restore(saved_state);
    switch (probe) {
    case Probe::Answered: flow_.service_known(*answer); break;
    case Probe::OnItsWay: flow_.await_service(); break;
    case Probe::NotAsked: flow_.start(); break;
    }
    if (!receipt.empty()) flow_.open_receipt(receipt);
    // Rows put back after a reload were read out before it: not again.
    for (const InquiryEntry& e : flow_.state().inquiries.entries()) announced_rows_[e.id] = e.state;
    session_.saved_as_is();
}

bool App::tick() {
    session_.save_when_due();
    bool changed = flow_.tick();
    if (copied_until_ms_ > 0 && clock_.now_ms() >= copied_until_ms_) { // «کپی شد» back to «کپی»
        copied_until_ms_ = 0;
        copied_entry_ = 0;
        changed = true;
    }
    return changed;
}

void App::after_frame() {
    session_.save_when_due();
    browser_history_.follow(flow_.state());
}

void App::on_navigate(const std::string& screen) {
    if (browser_history_.navigate(flow_, screen))
        focus_resume_ = flow_.state().screen == Screen::CreditRequest && !flow_.state().session.empty();
}

bool App::on_paste(const std::string& id, const std::string& text) {
    if (id != "nationalId" || split_national_ids(text).size() < 2) return false; // one ID: the <input> takes it
    follow_ = true;
    return flow_.inquire_all(text) > 0;
}

void App::on_scroll(float y, bool by_user) {
    scroll_css_ = y;
    if (!by_user) return;
    // Scrolled away from the form on purpose: stop following; back to it: follow again.
    const SemNode* form = sem_.find("inquire");
    if (!form) return;
    const float viewport = ImGui::GetIO().DisplaySize.y / theme_.scale;
    follow_ = form->rect.y + form->rect.h <= y + viewport + 1 && form->rect.y >= y - 1;
}

// ---- the frame ------------------------------------------------------------------------------------------

void App::frame(float scroll_css) {
    sem_.begin_frame();
    const ImGuiIO& io = ImGui::GetIO();
    // The page is one column, centred, at most 760 CSS px wide; the window is that column. The
    // page scrolls natively (the DOM mirror is as tall as the content): the window follows it.
    const float col_w = std::min(io.DisplaySize.x, theme_.px(760));
    ImGui::SetNextWindowPos(ImVec2((io.DisplaySize.x - col_w) * 0.5f, 0));
    ImGui::SetNextWindowSize(ImVec2(col_w, io.DisplaySize.y));
    ImGui::SetNextWindowScroll(ImVec2(0, theme_.px(scroll_css)));
    ImGui::GetBackgroundDrawList()->AddRectFilled(ImVec2(0, 0), io.DisplaySize, color::kPage);
    ImGui::Begin("barkhordari", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoNav);
    ui_.begin_frame(ImGui::GetScrollY(), *loc_);
    ImGui::PushFont(theme_.body);

    // The language switch sits at the top but comes last in reading (and Tab) order: the first
    // Tab reaches the task; its row is kept free here and it is drawn after the rest.
    const float switch_y = ImGui::GetCursorPosY();
    ImGui::Dummy(ImVec2(0, ui_.button_height()));
    header();
    if (demo_) ui_.notice(tr("ui.demo_banner"), color::kWarnBg, color::kWarnText, "demo_banner");
    notice();

    switch (flow_.state().screen) {
    case Screen::Landing: screen_landing(); break;
    case Screen::CreditRequest: screen_credit_request(); break;
    case Screen::CodeEntry: screen_code_entry(); break;
    case Screen::Inquiry: screen_inquiry(); break;
    case Screen::Receipt: screen_receipt(); break;
    }
    if (demo_) demo_panel();
    if (animating()) spinner();
    busy_status();

    sem_.set_content_height((ImGui::GetCursorPosY() + ImGui::GetStyle().WindowPadding.y) / theme_.scale);
    const float end_y = ImGui::GetCursorPosY();
    ImGui::SetCursorPosY(switch_y);
    language_switch();
    ImGui::SetCursorPosY(end_y);
    ImGui::PopFont();
    ImGui::End();
    follow_flow();
}

void App::follow_flow() {
    const FlowState& s = flow_.state();
    // Focus: the field the user needs next, once per request.
    // A request made while another screen was drawn waits for the frame that draws the field.
    if (s.focus.serial != focus_serial_) {
        const FieldBinding* b = binding(s.focus.field);
        if (b && sem_.find(b->id)) {
            sem_.focus(b->id, s.focus.strong);
            focus_serial_ = s.focus.serial;
        }
    }
    // The live region holds what was said on this screen only.
    if (static_cast<int>(s.screen) != announced_screen_) {
        if (announced_screen_ >= 0) sem_.new_screen();
        announced_screen_ = static_cast<int>(s.screen);
    }
    // Each new notice — the same one set again too (a second press in a cool-down) — and each
    // answer as it arrives.
    // Every notice the flow sets has a serial of its own (none has 0).
    if (s.notice.serial != announced_notice_) {
        announced_notice_ = s.notice.serial;
        if (!s.notice.code.empty()) sem_.announce(tr(s.notice.code));
    }
    // A field's error as it appears (after Enter, or as soon as it is certain while typing),
    // with the tries left after a wrong code: a screen reader hears what sighted users see.
    std::string errors;
    for (const FieldBinding& b : kFields) {
        const Field& f = field_of(s, b.field);
        if (f.error.empty() || !sem_.find(b.id)) continue;
        const bool wrong_code = b.field == FieldId::Code && f.error == api::error::kInvalidCode;
        const std::string say = say_field_error(*loc_, b.name, f.error, wrong_code ? s.codeAttemptsLeft : -1);
        const std::string key = say + '#' + std::to_string(f.said) + '\n'; // said again on a new submit
        if (announced_errors_.find(key) == std::string::npos) sem_.announce(say);
        errors += key;
    }
    announced_errors_ = std::move(errors);
    // Thirty seconds before an SMS code runs out, once per code.
    if (s.screen == Screen::CodeEntry && s.codeBySms && flow_.code_seconds_left() == 30 &&
        expiry_warned_for_ != s.codeTimer.deadline_ms()) {
        expiry_warned_for_ = s.codeTimer.deadline_ms();
        sem_.announce(tr("ui.code_expiring"));
    }
    std::map<uint64_t, EntryState> rows;
    for (const InquiryEntry& e : s.inquiries.entries()) {
        rows[e.id] = e.state;
        auto it = announced_rows_.find(e.id);
        if (e.state == EntryState::Pending || (it != announced_rows_.end() && it->second == e.state)) continue;
        sem_.announce(say_row(*loc_, e));
    }
    announced_rows_ = std::move(rows);
    // A receipt shown again (/?receipt=CODE): its answer, or why there is none, once it is known.
    if (s.screen == Screen::Receipt && !s.receipt.loading) {
        std::string say = say_receipt(*loc_, s.receipt);
        if (say != announced_receipt_) sem_.announce(say);
        announced_receipt_ = std::move(say);
    } else {
        announced_receipt_.clear();
    }

    // The newest row in view: after a row is added or answered, scroll (down only) so that the
    // rows above the form and the form itself show, unless the user scrolled away on purpose.
    size_t settled = 0;
    for (const InquiryEntry& e : s.inquiries.entries()) settled += e.state != EntryState::Pending;
    const bool news = s.inquiries.size() != rows_seen_ || settled != settled_seen_;
    rows_seen_ = s.inquiries.size();
    settled_seen_ = settled;
    // A row added while this frame was drawn (an invalid ID, refused at once) is not in this
    // frame's layout yet: look again on the next frame too.
    if (news) follow_frames_ = 2;
    const SemNode* form = sem_.find("inquire");
    if (follow_frames_ > 0 && follow_ && form) {
        const float viewport = ImGui::GetIO().DisplaySize.y / theme_.scale;
        const float want = form->rect.y + form->rect.h + 12 - viewport;
        if (want > scroll_css_ + 1) {
            sem_.scroll_to(want);
            scroll_css_ = want;
        }
    }
    if (follow_frames_ > 0) --follow_frames_;
}

// «English» on a Persian page, «فارسی» on an English one: each language named in itself (and
// marked as such for screen readers), at the top end of every screen. (With more languages, one
// button per other language.)
void App::language_switch() {
    std::vector<ButtonSpec> others;
    for (const Locale& l : Locale::all())
        if (&l != loc_) others.push_back({std::string("lang_") + l.tag(), l.name(), color::kBlue, true, {}, &l});
    const int chosen = ui_.button_row(others, true);
    // Focus goes to the way back, where the pressed switch was, once the frame draws it.
    if (!switch_focus_.empty() && sem_.find(switch_focus_)) {
        sem_.focus(switch_focus_);
        switch_focus_.clear();
    }
    if (chosen < 0) return;
    switch_focus_ = std::string("lang_") + loc_->tag();
    set_language(*others[chosen].lang);
    remember_language(loc_->tag());
    sem_.new_screen(); // what the live region said was in the other language: a reader would find it there
}

void App::header() {
    ImGui::Dummy(ImVec2(0, theme_.px(4)));
    ui_.text_centered(tr("ui.org_name"), color::kHeader, theme_.title);
    ui_.heading(tr("ui.app_title"), 1, color::kText, theme_.body, true);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float x0 = ImGui::GetWindowPos().x + ui_.left();
    ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(x0, p.y), ImVec2(x0 + ui_.width(), p.y + theme_.px(3)), color::kHeader);
    ImGui::Dummy(ImVec2(0, theme_.px(6)));
}

void App::notice() {
    const FlowState& s = flow_.state();
    const Notice& n = s.notice;
    if (n.code.empty()) return;
    std::string text = tr(n.code);
    // The wait, live (not the time it was set), said as time left: "(24:40)" alone reads as a clock.
    if (n.untilMs > 0) text += " (" + loc_->format("ui.wait_left", {{"time", mm_ss(flow_.notice_seconds_left())}}) + ")";
    if (s.serviceFailed && n.code == api::error::kServiceUnreachable && s.serviceRetry.armed())
        text += " " + loc_->format("ui.retrying_in", {{"time", mm_ss(s.serviceRetry.remaining_seconds(clock_.now_ms()))}});
    ui_.notice(text, n.error ? color::kErrorBg : color::kInfoBg, n.error ? color::kError : color::kInfoText, "notice");
    if (s.serviceFailed && ui_.button_row({{"retry_service", tr("ui.retry"), color::kBlue, flow_.can(Action::RetryService)}}) == 0)
        flow_.retry_service();
}

std::string App::mm_ss(int seconds) const { return loc_->digits(format_mm_ss(seconds, false)); }

void App::spinner() {
    // A small rotating arc at the top-left corner while a request is in flight.
    const float t = static_cast<float>(ImGui::GetTime());
    const ImVec2 c(ImGui::GetWindowPos().x + theme_.px(22), ImGui::GetWindowPos().y + theme_.px(22));
    ImDrawList* dl = ImGui::GetForegroundDrawList();
    dl->PathArcTo(c, theme_.px(9), t * 6.0f, t * 6.0f + 4.2f, 24);
    dl->PathStroke(color::kBlue, 0, theme_.px(3));
}

void App::busy_status() {
    // Always in the page, empty while nothing is in flight: a status region that appears with
    // its text already in it is not read out by every screen reader; a change of text is. Never
    // aria-busy: a live region marked busy holds its words back until it is not.
    const bool busy = animating();
    sem_.add(SemNode{.id = "busy", .role = Role::Status, .name = busy ? tr("ui.busy") : std::string(),
                     .rect = Rect{11, ImGui::GetScrollY() / theme_.scale + 11, 22, 22}});
}

// ---- fields ------------------------------------------------------------------------------------------

bool App::bound_field(FieldId field) {
    const FieldBinding& b = *binding(field);
    const Field& f = field_of(flow_.state(), field);
    return ui_.field(FieldSpec{b.id, tr(b.label), tr(b.name), f.text, f.error, b.input, true});
}

void App::on_input(const std::string& id, const std::string& value) {
    if (const FieldBinding* b = binding(id)) flow_.edit(b->field, value);
}

std::string App::field_text(const std::string& id) const {
    const FieldBinding* b = binding(id);
    return b ? field_of(flow_.state(), b->field).text : std::string();
}

// ---- test hook ------------------------------------------------------------------------------------------

std::string App::test_state_json(bool semantics) const {
    using nlohmann::json;
    const FlowState& s = flow_.state();
    json j;
    j["screen"] = screen_name(s.screen);
    j["busy"] = s.busy;
    j["demo"] = demo_ != nullptr;
    j["lang"] = loc_->tag();
    j["serviceLoaded"] = s.serviceLoaded;
    j["servicePending"] = s.servicePending;
    j["openInquiry"] = s.service.openInquiry;
    j["fields"] = {{"nationalId", {{"text", s.nationalId.text}, {"error", s.nationalId.error}}},
                   {"mobile", {{"text", s.mobile.text}, {"error", s.mobile.error}}},
                   {"code", {{"text", s.code.text}, {"error", s.code.error}}}};
    j["notice"] = s.notice.code;
    j["noticeSecondsLeft"] = flow_.notice_seconds_left();
    j["serviceFailed"] = s.serviceFailed;
    j["codeAttemptsLeft"] = s.codeAttemptsLeft;
    j["follow"] = follow_;
    j["receipt"] = {{"code", s.receipt.trackingCode}, {"loading", s.receipt.loading}, {"found", s.receipt.found},
                    {"error", s.receipt.errorCode}, {"outcome", s.receipt.found ? api::outcome_code(s.receipt.answer.outcome) : ""}};
    j["codeSecondsLeft"] = flow_.code_seconds_left();
    j["codeBySms"] = s.codeBySms;
    j["credit"] = {{"mobile", s.credit.mobile}, {"remaining", s.credit.remaining}, {"total", s.credit.total},
                   {"code", s.creditCode}};
    json h = json::array();
    for (const InquiryEntry& e : s.inquiries.entries()) {
        h.push_back({{"id", e.id}, {"nationalId", e.nationalId}, {"state", entry_state_name(e.state)}, {"sent", e.sent},
                     {"outcome", e.state == EntryState::Answered ? api::outcome_code(e.answer.outcome) : "undetermined"},
                     {"trackingCode", e.answer.trackingCode}, {"expanded", e.expanded}, {"error", e.errorCode}});
    }
    j["history"] = h;
    // The semantic description, as the page's mirror receives it.
    if (semantics) {
    json nodes = json::array();
    json rects = json::object();
    for (const SemNode& n : sem_.nodes()) {
        json o{{"id", n.id}, {"role", role_name(n.role)}, {"name", n.name}, {"rect", {n.rect.x, n.rect.y, n.rect.w, n.rect.h}}};
        if (!n.parent.empty()) o["parent"] = n.parent;
        if (!n.value.empty()) o["value"] = n.value;
        if (!n.error.empty()) o["error"] = n.error;
        if (n.disabled) o["disabled"] = true;
        if (n.expanded >= 0) o["expanded"] = n.expanded == 1;
        if (n.required) o["required"] = true;
        if (n.level > 0) o["level"] = n.level;
        if (n.input != InputKind::None) o["kind"] = input_kind_name(n.input);
        if (n.em > 0) o["em"] = n.em;
        nodes.push_back(std::move(o));
        rects[n.id] = {n.rect.x, n.rect.y, n.rect.w, n.rect.h};
    }
    j["nodes"] = nodes;
    j["rects"] = rects;
    }
    j["contentHeight"] = sem_.content_height();
    if (demo_) {
        const DemoSampleIds& d = demo_->samples();
        j["phone"] = demo_->latest_sms(s.mobileNormalized).value_or("");
        j["ussd"] = ussd_text_;
        j["samples"] = {{"eligibleMain", d.eligibleMain}, {"son", d.son}, {"pensioner", d.pensioner},
                        {"lapsed", d.lapsed}, {"revoked", d.revoked}};
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace bk::client
