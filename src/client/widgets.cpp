#include "client/widgets.h"

#include <algorithm>
#include <cstring>

#include "core/messages.h"

namespace bk::client {

namespace {

// Numeric fields: every digit (ASCII, Persian, Arabic-Indic) is stored and shown as a Persian
// digit; spaces and dashes pass (the validators drop them); '+' only in mobile numbers.
int digit_filter(ImGuiInputTextCallbackData* d) {
    const ImWchar c = d->EventChar;
    const FieldKind kind = *static_cast<const FieldKind*>(d->UserData);
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    else if (c >= 0x06F0 && c <= 0x06F9) digit = c - 0x06F0;
    else if (c >= 0x0660 && c <= 0x0669) digit = c - 0x0660;
    if (digit >= 0) {
        d->EventChar = static_cast<ImWchar>(0x06F0 + digit);
        return 0;
    }
    if (c == ' ' || c == '-') return 0;
    if (kind == FieldKind::Mobile && c == '+') return 0;
    return 1;
}

ImU32 lighter(ImU32 c, float k) {
    ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
    v.x += (1 - v.x) * k;
    v.y += (1 - v.y) * k;
    v.z += (1 - v.z) * k;
    return ImGui::ColorConvertFloat4ToU32(v);
}

float measure_current_font(std::string_view visual) {
    return ImGui::CalcTextSize(visual.data(), visual.data() + visual.size()).x;
}

} // namespace

float Widgets::right() const { return ImGui::GetWindowContentRegionMax().x; }
float Widgets::width() const { return ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x; }

// ---- text -----------------------------------------------------------------------------------------

void Widgets::paragraph(const std::string& logical, ImU32 color, ImFont* font, bool centered) {
    if (font) ImGui::PushFont(font);
    const auto& lines = cache_.wrapped(logical, text::BaseDir::RTL, width(), measure_current_font,
                                       font == theme_.title ? 1 : 0);
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
    const float left = ImGui::GetWindowContentRegionMin().x;
    for (const std::string& line : lines) {
        const float w = ImGui::CalcTextSize(line.c_str()).x;
        ImGui::SetCursorPosX(centered ? left + std::max(0.0f, (width() - w) * 0.5f) : std::max(left, right() - w));
        ImGui::TextUnformatted(line.c_str());
    }
    if (color) ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
}

void Widgets::text(const std::string& logical, ImU32 color, ImFont* font) { paragraph(logical, color, font, false); }

void Widgets::text_centered(const std::string& logical, ImU32 color, ImFont* font) { paragraph(logical, color, font, true); }

void Widgets::label_value(const std::string& label, const std::string& value, ImU32 value_color) {
    const std::string& l = vis(label + ":");
    const std::string v = cache_.visual(value, text::BaseDir::LTR); // values (dates, codes, digits) read left to right
    const float lw = ImGui::CalcTextSize(l.c_str()).x;
    const float vw = ImGui::CalcTextSize(v.c_str()).x;
    const float gap = theme_.px(8);
    ImGui::SetCursorPosX(right() - lw);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
    ImGui::TextUnformatted(l.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine(std::max(ImGui::GetWindowContentRegionMin().x, right() - lw - gap - vw));
    if (value_color) ImGui::PushStyleColor(ImGuiCol_Text, value_color);
    ImGui::TextUnformatted(v.c_str());
    if (value_color) ImGui::PopStyleColor();
}

void Widgets::notice(const std::string& logical, ImU32 bg, ImU32 fg) {
    const float pad = theme_.px(10);
    const float inner = width() - 2 * pad;
    const auto& lines = cache_.wrapped(logical, text::BaseDir::RTL, inner, measure_current_font, 0);
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float h = lines.size() * line_h - ImGui::GetStyle().ItemSpacing.y + 2 * pad;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p0x(ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMin().x, p0.y);
    ImGui::GetWindowDrawList()->AddRectFilled(p0x, ImVec2(p0x.x + width(), p0x.y + h), bg, theme_.px(6));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    float y = p0.y + pad;
    const float right_screen = ImGui::GetWindowPos().x + right() - pad;
    for (const std::string& line : lines) {
        const float w = ImGui::CalcTextSize(line.c_str()).x;
        dl->AddText(ImVec2(right_screen - w, y), fg, line.c_str());
        y += line_h;
    }
    ImGui::Dummy(ImVec2(width(), h));
}

void Widgets::bullet(const std::string& logical) { text("• " + logical); }

// ---- controls ---------------------------------------------------------------------------------------

int Widgets::button_row(const std::vector<ButtonSpec>& buttons) {
    int clicked = -1;
    const float left = ImGui::GetWindowContentRegionMin().x;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    float x = right();
    bool first = true;
    for (size_t i = 0; i < buttons.size(); ++i) {
        const ButtonSpec& b = buttons[i];
        const std::string& label = vis(b.label);
        const float w = ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x;
        if (!first && x - w < left) { x = right(); first = true; } // no room: a new line, again from the right
        x -= w;
        if (!first) ImGui::SameLine(x);
        else ImGui::SetCursorPosX(std::max(left, x));
        x -= spacing;
        first = false;

        ImGui::PushID(b.id);
        ImGui::PushStyleColor(ImGuiCol_Button, b.color);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, lighter(b.color, 0.15f));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, lighter(b.color, 0.3f));
        ImGui::PushStyleColor(ImGuiCol_Text, color::kWhite);
        ImGui::PushStyleColor(ImGuiCol_Border, b.color);
        ImGui::BeginDisabled(!b.enabled);
        if (ImGui::Button(label.c_str(), ImVec2(w, 0))) clicked = static_cast<int>(i);
        ImGui::EndDisabled();
        ImGui::PopStyleColor(5);
        ImGui::PopID();
        record(b.id);
    }
    return clicked;
}

bool Widgets::field(const char* id, const std::string& label, std::string& buffer, const std::string& error_code,
                    FieldKind kind, bool& changed, bool refocus) {
    const std::string& l = vis(label);
    const float lw = std::max(ImGui::CalcTextSize(l.c_str()).x, theme_.px(96));
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float left = ImGui::GetWindowContentRegionMin().x;
    const float field_w = std::max(theme_.px(120), width() - lw - gap);

    ImGui::AlignTextToFramePadding();
    ImGui::SetCursorPosX(right() - ImGui::CalcTextSize(l.c_str()).x);
    ImGui::TextUnformatted(l.c_str());
    ImGui::SameLine(left);
    ImGui::SetNextItemWidth(field_w);

    char buf[64];
    std::strncpy(buf, buffer.c_str(), sizeof buf - 1);
    buf[sizeof buf - 1] = '\0';
    if (refocus) ImGui::SetKeyboardFocusHere();
    FieldKind k = kind;
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackCharFilter | ImGuiInputTextFlags_EnterReturnsTrue;
    ImGui::PushID(id);
    if (!error_code.empty()) ImGui::PushStyleColor(ImGuiCol_Border, color::kError);
    const bool enter = ImGui::InputText("##f", buf, 41, flags, digit_filter, &k);
    if (!error_code.empty()) ImGui::PopStyleColor();
    ImGui::PopID();
    record(id);
    changed = buffer != buf;
    if (changed) buffer = buf;
    if (!error_code.empty()) text(fa(error_code), color::kError);
    return enter;
}

bool Widgets::link(const char* id, const std::string& logical) {
    const std::string& l = vis(logical);
    const float w = ImGui::CalcTextSize(l.c_str()).x;
    ImGui::SetCursorPosX(right() - w);
    ImGui::PushStyleColor(ImGuiCol_Text, color::kBlue);
    ImGui::PushID(id);
    const bool clicked = ImGui::Selectable(l.c_str(), false, 0, ImVec2(w, 0));
    ImGui::PopID();
    ImGui::PopStyleColor();
    record(id);
    return clicked;
}

// ---- test hook ----------------------------------------------------------------------------------------

void Widgets::record(const char* id) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    const float s = theme_.scale;
    rects_[id] = ImVec4(a.x / s, a.y / s, (b.x - a.x) / s, (b.y - a.y) / s);
}

} // namespace bk::client
