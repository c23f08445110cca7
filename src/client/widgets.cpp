#include "client/widgets.h"

#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>

#include "core/digits.h"

namespace bk::client {

namespace {

// A colour hovered or pressed (palette::shade: white text on it keeps its contrast).
ImU32 shaded(ImU32 c, float f) {
    const palette::Rgb rgb{static_cast<uint8_t>(c & 0xFF), static_cast<uint8_t>((c >> 8) & 0xFF), static_cast<uint8_t>((c >> 16) & 0xFF)};
    return color::rgb(palette::shade(rgb, f));
}

float measure_current_font(std::string_view visual) {
    return ImGui::CalcTextSize(visual.data(), visual.data() + visual.size()).x;
}

// A stable id for a text without one: its content (and the parent, through Semantics' suffix
// for repeats). FNV-1a is enough to tell texts apart.
std::string content_id(const std::string& text) {
    uint32_t h = 2166136261u;
    for (unsigned char c : text) h = (h ^ c) * 16777619u;
    char buf[16];
    std::snprintf(buf, sizeof buf, "t%08x", h);
    return buf;
}

// The byte offset of code point `n` in a UTF-8 string (its end when shorter).
size_t byte_of_code_point(const std::string& s, int n) {
    size_t i = 0;
    for (int k = 0; k < n && i < s.size(); ++k) next_code_point(s, i);
    return i;
}

} // namespace

float Widgets::left() const { return ImGui::GetWindowContentRegionMin().x + inset_; }
float Widgets::right() const { return ImGui::GetWindowContentRegionMax().x - inset_; }
float Widgets::width() const { return right() - left(); }
float Widgets::at_start(float w, float offset) const { return rtl() ? right() - offset - w : left() + offset; }
float Widgets::at_end(float w, float offset) const { return rtl() ? left() + offset : right() - offset - w; }

void Widgets::begin_frame(float root_scroll_px, const Locale& loc) {
    scroll_px_ = root_scroll_px;
    loc_ = &loc;
}

// A panel is drawn, not a child window: ImGui skips the items of a child window scrolled wholly
// out of view, and their semantic rectangles would go stale. Its background goes on a channel
// behind the content, once the content's height is known.
void Widgets::begin_panel(const std::string& id, const std::string& name, ImU32 background, float pad_x, float pad_y) {
    Panel p;
    p.background = background;
    p.inset = pad_x;
    p.pad_y = pad_y;
    p.top = ImGui::GetCursorScreenPos().y;
    p.id = id;
    ImGui::GetWindowDrawList()->ChannelsSplit(2);
    ImGui::GetWindowDrawList()->ChannelsSetCurrent(1);
    inset_ += pad_x;
    panels_.push_back(p);
    ImGui::Dummy(ImVec2(0, pad_y - ImGui::GetStyle().ItemSpacing.y));
    sem_.begin_group(SemNode{.id = id, .role = Role::Group, .name = name});
}

void Widgets::end_panel() {
    if (panels_.empty()) return;
    sem_.end_group();
    const Panel p = panels_.back();
    panels_.pop_back();
    ImGui::Dummy(ImVec2(0, p.pad_y - ImGui::GetStyle().ItemSpacing.y));
    inset_ -= p.inset;
    const float x0 = ImGui::GetWindowPos().x + left(), x1 = ImGui::GetWindowPos().x + right();
    const float bottom = ImGui::GetCursorScreenPos().y - ImGui::GetStyle().ItemSpacing.y;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->ChannelsSetCurrent(0);
    dl->AddRectFilled(ImVec2(x0, p.top), ImVec2(x1, bottom), p.background, theme_.px(8));
    dl->ChannelsMerge();
    sem_.set_rect(p.id, css_rect(ImVec2(x0, p.top), ImVec2(x1, bottom))); // the panel as drawn
}

Rect Widgets::css_rect(ImVec2 a, ImVec2 b) const {
    const float s = theme_.scale;
    return Rect{a.x / s, (a.y + scroll_px_) / s, (b.x - a.x) / s, (b.y - a.y) / s};
}

SemNode Widgets::text_node(const char* id, const std::string& logical, Rect r, ImFont* font, bool centered) const {
    SemNode n;
    n.id = id ? std::string(id) : content_id(logical);
    n.role = Role::Text;
    n.name = logical;
    n.rect = r;
    ImFont* f = font ? font : ImGui::GetFont();
    n.em = f == theme_.title ? kTitleEm : f == theme_.large ? kLargeEm : kBodyEm;
    n.line = (f->FontSize + ImGui::GetStyle().ItemSpacing.y) / theme_.scale;
    n.centered = centered;
    return n;
}

// ---- text -----------------------------------------------------------------------------------------

Rect Widgets::paragraph(const std::string& logical, ImU32 color, ImFont* font, bool centered) {
    if (font) ImGui::PushFont(font);
    const auto& lines = cache_.wrapped(logical, base(), width(), measure_current_font,
                                       font == theme_.title ? 1 : font == theme_.large ? 2 : 0);
    if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
    const float left = this->left();
    const ImVec2 win = ImGui::GetWindowPos();
    const float top = ImGui::GetCursorScreenPos().y;
    float bottom = top;
    for (const std::string& line : lines) {
        const float w = ImGui::CalcTextSize(line.c_str()).x;
        ImGui::SetCursorPosX(centered ? left + std::max(0.0f, (width() - w) * 0.5f) : std::clamp(at_start(w), left, std::max(left, right() - w)));
        ImGui::TextUnformatted(line.c_str());
        bottom = ImGui::GetItemRectMax().y;
    }
    if (color) ImGui::PopStyleColor();
    if (font) ImGui::PopFont();
    // The whole column's width, so the page wraps its copy of the text at the same width; and
    // whole line boxes (half the line spacing above and below), so its lines lie on these.
    const float half = ImGui::GetStyle().ItemSpacing.y * 0.5f;
    return css_rect(ImVec2(win.x + left, top - half), ImVec2(win.x + right(), bottom + half));
}

void Widgets::heading(const std::string& logical, int level, ImU32 color, ImFont* font, bool centered) {
    const Rect r = paragraph(logical, color, font, centered);
    SemNode n = text_node(nullptr, logical, r, font, centered);
    n.id = "h" + n.id.substr(1);
    n.role = Role::Heading;
    n.level = level;
    sem_.add(std::move(n));
}

void Widgets::text(const std::string& logical, ImU32 color, ImFont* font, const char* id) {
    const Rect r = paragraph(logical, color, font, false);
    sem_.add(text_node(id, logical, r, font, false));
}

void Widgets::text_centered(const std::string& logical, ImU32 color, ImFont* font, bool describe) {
    const Rect r = paragraph(logical, color, font, true);
    if (describe) sem_.add(text_node(nullptr, logical, r, font, true));
}

void Widgets::label_value(const std::string& label, const std::string& value, ImU32 value_color, const char* id,
                          bool select_all, ImFont* value_font) {
    // The cache's references stay valid for the whole frame (it is trimmed only between frames).
    const std::string& l = vis(label + ":");
    const std::string& v = cache_.visual(value, text::BaseDir::LTR); // values (dates, codes, digits) read left to right
    const float lw = ImGui::CalcTextSize(l.c_str()).x;
    if (value_font) ImGui::PushFont(value_font);
    const float vw = ImGui::CalcTextSize(v.c_str()).x;
    const float vh = ImGui::GetTextLineHeight();
    if (value_font) ImGui::PopFont();
    const float lh = ImGui::GetTextLineHeight();
    const float row_h = std::max(lh, vh);
    const float gap = theme_.px(8);
    const ImVec2 win = ImGui::GetWindowPos();
    const float top = ImGui::GetCursorScreenPos().y;

    // The label at the start, the value after it (clamped inside the column).
    ImGui::SetCursorPosX(at_start(lw));
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, top + (row_h - lh) * 0.5f));
    ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
    ImGui::TextUnformatted(l.c_str());
    ImGui::PopStyleColor();
    ImGui::SameLine(std::clamp(at_start(vw, lw + gap), left(), std::max(left(), right() - vw)));
    ImGui::SetCursorScreenPos(ImVec2(ImGui::GetCursorScreenPos().x, top + (row_h - vh) * 0.5f));
    if (value_font) ImGui::PushFont(value_font);
    if (value_color) ImGui::PushStyleColor(ImGuiCol_Text, value_color);
    ImGui::TextUnformatted(v.c_str());
    if (value_color) ImGui::PopStyleColor();
    if (value_font) ImGui::PopFont();
    ImGui::SetCursorScreenPos(ImVec2(win.x + left(), top + row_h));
    ImGui::Dummy(ImVec2(0, 0)); // ends the row

    const float half = ImGui::GetStyle().ItemSpacing.y * 0.5f;
    SemNode n = text_node(id, label + ": " + value, css_rect(ImVec2(win.x + left(), top - half),
                                                             ImVec2(win.x + right(), top + row_h + half)),
                          nullptr, false);
    n.name = label;
    n.value = value;
    n.selectAll = select_all;
    n.line = n.rect.h;
    if (value_font) n.em = value_font == theme_.large ? kLargeEm : kTitleEm;
    sem_.add(std::move(n));
}

void Widgets::notice(const std::string& logical, ImU32 bg, ImU32 fg, const char* id) {
    const float pad = theme_.px(10);
    const float inner = width() - 2 * pad;
    const auto& lines = cache_.wrapped(logical, base(), inner, measure_current_font, 0);
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float h = lines.size() * line_h - ImGui::GetStyle().ItemSpacing.y + 2 * pad;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    const ImVec2 p0x(ImGui::GetWindowPos().x + left(), p0.y);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p0x, ImVec2(p0x.x + width(), p0x.y + h), bg, theme_.px(6));
    float y = p0.y + pad;
    for (const std::string& line : lines) {
        const float w = ImGui::CalcTextSize(line.c_str()).x;
        dl->AddText(ImVec2(ImGui::GetWindowPos().x + at_start(w, pad), y), fg, line.c_str());
        y += line_h;
    }
    ImGui::SetCursorScreenPos(p0x);
    ImGui::Dummy(ImVec2(width(), h));
    const float half = ImGui::GetStyle().ItemSpacing.y * 0.5f;
    SemNode n = text_node(id, logical, css_rect(ImVec2(p0x.x + pad, p0x.y + pad - half), ImVec2(p0x.x + width() - pad, p0x.y + h - pad + half)),
                          nullptr, false);
    sem_.add(std::move(n));
}

void Widgets::bullet(const std::string& logical) {
    const Rect r = paragraph("• " + logical, 0, nullptr, false);
    SemNode item = text_node(nullptr, logical, r, nullptr, false);
    item.id = "li" + item.id.substr(1);
    item.role = Role::ListItem;
    sem_.begin_group(std::move(item));
    sem_.add(text_node(nullptr, logical, r, nullptr, false));
    sem_.end_group();
}

// ---- structure --------------------------------------------------------------------------------------

void Widgets::begin_list(const std::string& id, const std::string& name) {
    sem_.begin_group(SemNode{.id = id, .role = Role::List, .name = name});
}

void Widgets::begin_item(const std::string& id, const std::string& name) {
    sem_.begin_group(SemNode{.id = id, .role = Role::ListItem, .name = name});
}

void Widgets::begin_group(const std::string& id, const std::string& name) {
    sem_.begin_group(SemNode{.id = id, .role = Role::Group, .name = name});
}

void Widgets::describe_last(const std::string& id, Role role, const std::string& name) {
    sem_.add(SemNode{.id = id, .role = role, .name = name, .rect = last_item()});
}

// ---- controls ---------------------------------------------------------------------------------------

int Widgets::button_row(const std::vector<ButtonSpec>& buttons, bool at_end) {
    int activated = -1;
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float h = target_h(ImGui::GetFrameHeight());
    const bool leftward = rtl() != at_end; // the row runs from the right edge
    float used = 0;                        // how far along the line the row has come
    bool first = true;
    for (size_t i = 0; i < buttons.size(); ++i) {
        const ButtonSpec& b = buttons[i];
        const std::string& label = cache_.visual(b.label, base_of(b.lang ? *b.lang : *loc_));
        const float w = std::max(ImGui::CalcTextSize(label.c_str()).x + 2 * ImGui::GetStyle().FramePadding.x, theme_.min_target());
        if (!first && used + w > width()) { used = 0; first = true; } // no room: a new line
        const float x = std::max(left(), leftward ? right() - used - w : left() + used);
        if (!first) ImGui::SameLine(x);
        else ImGui::SetCursorPosX(x);
        used += w + spacing;
        first = false;

        ImGui::PushID(b.id.c_str());
        ImGui::PushStyleColor(ImGuiCol_Button, b.color);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, shaded(b.color, palette::kHoverShade));
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, shaded(b.color, palette::kPressShade));
        ImGui::PushStyleColor(ImGuiCol_Text, color::kWhite);
        ImGui::PushStyleColor(ImGuiCol_Border, b.color);
        ImGui::BeginDisabled(!b.enabled);
        ImGui::Button(label.c_str(), ImVec2(w, h)); // drawn here; activated by the page
        ImGui::EndDisabled();
        ImGui::PopStyleColor(5);
        ImGui::PopID();
        SemNode n{.id = b.id, .role = Role::Button, .name = b.name.empty() ? b.label : b.name, .rect = last_item(), .disabled = !b.enabled};
        if (b.lang && b.lang != loc_) {
            n.lang = b.lang->tag();
            n.dir = b.lang->dir_name();
        }
        sem_.add(std::move(n));
        if (sem_.take_activation(b.id) && b.enabled) activated = static_cast<int>(i);
    }
    return activated;
}

bool Widgets::field(const FieldSpec& f) {
    const std::string l = vis(f.label);
    const float label_w = ImGui::CalcTextSize(l.c_str()).x;
    const float lw = std::max(label_w, theme_.px(96));
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    const float left = this->left();
    const float field_w = std::max(theme_.px(120), width() - lw - gap);
    const float h = target_h(ImGui::GetFrameHeight() + theme_.px(6));
    const ImVec2 win = ImGui::GetWindowPos();
    const ImVec2 top(win.x + left, ImGui::GetCursorScreenPos().y);
    const float text_h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();

    // The label at the start of the field and centred on it; its twin in the page focuses the field.
    const ImVec2 label_at(win.x + at_start(label_w), top.y + (h - text_h) * 0.5f);
    dl->AddText(label_at, color::kText, l.c_str());
    sem_.add(SemNode{.id = std::string(f.id) + "_label", .role = Role::Label, .name = f.label, .value = f.id,
                     .rect = css_rect(ImVec2(label_at.x, top.y), ImVec2(label_at.x + label_w, top.y + h)), .em = kBodyEm,
                     .line = h / theme_.scale});

    // The field at the end.
    const float field_x = win.x + at_end(field_w);
    const ImRect bb(ImVec2(field_x, top.y), ImVec2(field_x + field_w, top.y + h));
    ImGui::ItemSize(ImVec2(width(), h));
    ImGui::ItemAdd(bb, ImGui::GetID(f.id));
    const bool focused = sem_.focused() == f.id;
    const bool invalid = !f.error.empty();
    const float rounding = ImGui::GetStyle().FrameRounding;
    dl->AddRectFilled(bb.Min, bb.Max, color::kCard, rounding);
    const ImU32 border = invalid ? color::kError : focused ? color::kBlue : ImGui::IsItemHovered() ? color::kMuted : color::kBorder;
    dl->AddRect(bb.Min, bb.Max, border, rounding, 0, (invalid || focused) ? theme_.px(2) : theme_.px(1));

    // The text as the user sees it: the language's digits, left to right; the caret and the
    // selection where the page's <input> has them (digits map one to one, so indices carry over).
    const std::string shown = loc_->digits(f.text);
    const float pad = ImGui::GetStyle().FramePadding.x;
    const ImVec2 text_at(bb.Min.x + pad, top.y + (h - text_h) * 0.5f);
    dl->PushClipRect(bb.Min, bb.Max, true);
    if (focused) {
        const Semantics::Selection sel = sem_.selection(f.id);
        auto x_of = [&](int cp) {
            const size_t b = byte_of_code_point(shown, cp);
            return text_at.x + ImGui::CalcTextSize(shown.c_str(), shown.c_str() + b).x;
        };
        const float x0 = x_of(std::min(sel.start, sel.end)), x1 = x_of(std::max(sel.start, sel.end));
        if (x1 > x0) dl->AddRectFilled(ImVec2(x0, text_at.y), ImVec2(x1, text_at.y + text_h), IM_COL32(0x1F, 0x6F, 0xB8, 0x40));
        else dl->AddRectFilled(ImVec2(x0, text_at.y), ImVec2(x0 + theme_.px(1.5f), text_at.y + text_h), color::kText);
    }
    dl->AddText(text_at, color::kText, shown.c_str());
    dl->PopClipRect();

    const std::string error = invalid ? loc_->text(f.error) : std::string();
    sem_.add(SemNode{.id = f.id, .role = Role::Textbox, .name = f.name, .value = f.text, .error = error,
                     .rect = css_rect(bb.Min, bb.Max), .input = f.input, .em = kBodyEm, .required = f.required});
    if (invalid) text(error, color::kError, nullptr, (std::string(f.id) + "_error").c_str());
    return sem_.take_activation(f.id);
}

bool Widgets::disclosure(const std::string& id, const std::string& logical, bool expanded, const std::string& name) {
    const std::string l = vis(logical);
    const float tw = ImGui::CalcTextSize(l.c_str()).x;
    const float marker = theme_.px(12);
    const float gap = theme_.px(8);
    const float h = target_h(ImGui::GetFrameHeight());
    const float w = std::max(tw + marker + gap + theme_.px(8), theme_.min_target());
    const ImVec2 win = ImGui::GetWindowPos();
    const ImVec2 top(win.x + at_start(w), ImGui::GetCursorScreenPos().y);
    const ImRect bb(top, ImVec2(top.x + w, top.y + h));
    ImGui::SetCursorScreenPos(ImVec2(win.x + left(), top.y));
    ImGui::ItemSize(ImVec2(width(), h));
    ImGui::ItemAdd(bb, ImGui::GetID(id.c_str()));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const bool hovered = ImGui::IsItemHovered();
    if (hovered) dl->AddRectFilled(bb.Min, bb.Max, IM_COL32(palette::kBlue.r, palette::kBlue.g, palette::kBlue.b, palette::kHoverTintAlpha), theme_.px(4));
    const ImU32 ink = hovered ? color::rgb(palette::kDisclosureHover) : color::kBlue;
    // The marker at the start of the label: a triangle pointing down (open) or towards the end
    // (closed: left in Persian, right in English).
    const float cy = top.y + h * 0.5f, r = marker * 0.35f;
    const float cx = rtl() ? bb.Max.x - marker * 0.5f - theme_.px(2) : bb.Min.x + marker * 0.5f + theme_.px(2);
    const float s = rtl() ? 1.0f : -1.0f; // +1: the closed marker points left
    if (expanded) dl->AddTriangleFilled(ImVec2(cx - r, cy - r * 0.6f), ImVec2(cx + r, cy - r * 0.6f), ImVec2(cx, cy + r * 0.8f), ink);
    else dl->AddTriangleFilled(ImVec2(cx + s * r * 0.6f, cy - r), ImVec2(cx + s * r * 0.6f, cy + r), ImVec2(cx - s * r * 0.8f, cy), ink);
    const float text_x = rtl() ? bb.Max.x - marker - gap - tw : bb.Min.x + marker + gap;
    dl->AddText(ImVec2(text_x, top.y + (h - ImGui::GetTextLineHeight()) * 0.5f), ink, l.c_str());
    sem_.add(SemNode{.id = id, .role = Role::Button, .name = name.empty() ? logical : name, .rect = css_rect(bb.Min, bb.Max),
                     .expanded = static_cast<int8_t>(expanded ? 1 : 0)});
    return sem_.take_activation(id);
}

} // namespace bk::client
