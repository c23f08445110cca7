// widgets.h — building blocks on top of Dear ImGui that lay out by start and end, not left and
// right: the Locale given each frame (set_locale) says which is which. Text is shaped and
// reordered through the text cache in the language's direction and aligned to the start; labels
// sit at the start of their fields; button rows run from the start (right to left in Persian,
// left to right in English).
//
// ImGui only draws. Each widget also describes itself to `Semantics` (semantics.h), and the
// page's DOM mirror carries the interaction: a widget is activated when the page reports a
// click, tap, Enter or Space on its DOM twin, and a field's text is what the page's <input>
// holds. To add a widget: draw it with ImGui, then add() one SemNode with a stable id, its role,
// its name and its rectangle (css_rect of the item), and take its activation by id.
#pragma once
#include <string>
#include <vector>

#include <imgui.h>

#include "client/semantics.h"
#include "client/theme.h"
#include "core/locale.h"
#include "text/text_cache.h"

namespace bk::client {

struct ButtonSpec {
    std::string id;        // stable: the DOM twin and the test hook use it
    std::string label;     // logical text (also the accessible name)
    ImU32 color;
    bool enabled = true;
    std::string name = {};  // accessible name when the label alone is ambiguous («درج» of which ID)
    const Locale* lang = nullptr; // the label's language when not the page's (the language switch)
};

struct FieldSpec {
    const char* id;
    std::string label;          // as drawn (with the required-field asterisk)
    std::string name;           // accessible name (without it)
    const std::string& text;    // the flow's text (the page's <input> holds the same)
    const std::string& error;   // message code, empty when fine
    InputKind input;
    bool required = true;
};

class Widgets {
public:
    Widgets(text::TextCache& cache, const Theme& theme, Semantics& sem) : cache_(cache), theme_(theme), sem_(sem) {}

    // The root window's scroll (framebuffer px), so rectangles land in document coordinates;
    // and the language every widget of this frame lays out and speaks in.
    void begin_frame(float root_scroll_px, const Locale& loc);
    bool rtl() const { return loc_->rtl(); }

    // ---- text ----
    void heading(const std::string& logical, int level, ImU32 color, ImFont* font, bool centered = false);
    void text(const std::string& logical, ImU32 color = 0, ImFont* font = nullptr, const char* id = nullptr);
    // describe = false: drawn only (a caption a node nearby already says, like the countdown's).
    void text_centered(const std::string& logical, ImU32 color, ImFont* font, bool describe = true);
    // «label: value» on one line, the label at the start; the value reads left to right (dates,
    // codes, digits) in every language.
    void label_value(const std::string& label, const std::string& value, ImU32 value_color = 0, const char* id = nullptr,
                     bool select_all = false, ImFont* value_font = nullptr);
    void notice(const std::string& logical, ImU32 bg, ImU32 fg, const char* id);   // a coloured box
    void bullet(const std::string& logical);                                        // a list item

    // ---- structure (the DOM mirror nests them) ----
    void begin_list(const std::string& id, const std::string& name);
    void begin_item(const std::string& id, const std::string& name);
    void begin_group(const std::string& id, const std::string& name);
    void end() { sem_.end_group(); }

    // ---- controls ----
    float button_height() const { return target_h(ImGui::GetFrameHeight()); }
    // A row of buttons from the start (at_end: from the end); returns the index activated, or -1.
    int button_row(const std::vector<ButtonSpec>& buttons, bool at_end = false);
    // A field with its label at the start and its error (a message code) under it; returns
    // true when Enter was pressed in it.
    bool field(const FieldSpec& f);
    // A disclosure at the start («درباره کد ملی»): a marker and a label; true when activated.
    // `name`: the accessible name when the label alone does not say which row it opens.
    bool disclosure(const std::string& id, const std::string& logical, bool expanded, const std::string& name = {});

    // A non-interactive node (the countdown ring, the spinner) over the last ImGui item.
    void describe_last(const std::string& id, Role role, const std::string& name);

    float left() const;   // the content's left edge (window-local x), inside any panel
    float right() const;  // the content's right edge (window-local x), inside any panel
    float width() const;  // content width
    // Where an item `w` wide begins (window-local x) when it sits `offset` from the start edge.
    float at_start(float w, float offset = 0) const;
    // … from the end edge.
    float at_end(float w, float offset = 0) const;

    // A panel (the green credit bar): a group of widgets inset by pad_x / pad_y on a background
    // drawn behind them; its semantic rectangle is the panel as drawn.
    void begin_panel(const std::string& id, const std::string& name, ImU32 background, float pad_x, float pad_y);
    void end_panel();

private:
    // A wrapped paragraph, each line aligned to the start or centred; returns its rectangle.
    Rect paragraph(const std::string& logical, ImU32 color, ImFont* font, bool centered);
    Rect css_rect(ImVec2 min, ImVec2 max) const;
    Rect last_item() const { return css_rect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }
    SemNode text_node(const char* id, const std::string& logical, Rect r, ImFont* font, bool centered) const;
    static text::BaseDir base_of(const Locale& l) { return l.rtl() ? text::BaseDir::RTL : text::BaseDir::LTR; }
    text::BaseDir base() const { return base_of(*loc_); }
    const std::string& vis(const std::string& logical) { return cache_.visual(logical, base()); }
    float target_h(float h) const { return std::max(h, theme_.min_target()); }

    struct Panel {
        std::string id;
        ImU32 background = 0;
        float inset = 0, pad_y = 0, top = 0;
    };
    std::vector<Panel> panels_;
    float inset_ = 0; // the open panels' horizontal padding

    text::TextCache& cache_;
    const Theme& theme_;
    Semantics& sem_;
    const Locale* loc_ = &Locale::fallback();
    float scroll_px_ = 0;
};

} // namespace bk::client
