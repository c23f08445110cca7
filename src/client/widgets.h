// widgets.h — right-to-left building blocks on top of Dear ImGui: text is shaped and reordered
// through the text cache and right-aligned; labels sit to the right of their fields; button rows
// run from right to left. Interactive widgets record their rectangles for the test hook.
#pragma once
#include <map>
#include <string>
#include <vector>

#include <imgui.h>

#include "client/theme.h"
#include "text/text_cache.h"

namespace bk::client {

enum class FieldKind { Digits, Mobile };

struct ButtonSpec {
    const char* id;        // stable ImGui id and test-hook name
    std::string label;     // logical Persian text
    ImU32 color;
    bool enabled = true;
};

class Widgets {
public:
    Widgets(text::TextCache& cache, const Theme& theme) : cache_(cache), theme_(theme) {}

    // ---- text ----
    void text(const std::string& logical, ImU32 color = 0, ImFont* font = nullptr);        // wrapped, right-aligned
    void text_centered(const std::string& logical, ImU32 color, ImFont* font);
    void label_value(const std::string& label, const std::string& value, ImU32 value_color = 0); // «label: value»
    void notice(const std::string& logical, ImU32 bg, ImU32 fg);                           // a coloured box
    void bullet(const std::string& logical);

    // ---- controls ----
    // A row of buttons from right to left; returns the index clicked, or -1.
    int button_row(const std::vector<ButtonSpec>& buttons);
    // A field with its label on the right and its Persian error under it. Returns true when
    // Enter was pressed in it; `changed` tells whether the text changed this frame.
    bool field(const char* id, const std::string& label, std::string& buffer, const std::string& error_code, FieldKind kind,
               bool& changed, bool refocus);
    // A right-aligned text button (link style).
    bool link(const char* id, const std::string& logical);

    // ---- test hook ----
    void record(const char* id);                          // the last item's rectangle
    const std::map<std::string, ImVec4>& rects() const { return rects_; }
    void begin_frame() { rects_.clear(); }

    float right() const;  // the content's right edge (window-local x)
    float width() const;  // content width

private:
    // A wrapped paragraph, each line right-aligned or centred.
    void paragraph(const std::string& logical, ImU32 color, ImFont* font, bool centered);
    const std::string& vis(const std::string& logical) { return cache_.visual(logical, text::BaseDir::RTL); }

    text::TextCache& cache_;
    const Theme& theme_;
    std::map<std::string, ImVec4> rects_;
};

} // namespace bk::client
