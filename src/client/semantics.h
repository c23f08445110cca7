// semantics.h — every widget the client draws describes itself here, once per frame: a stable
// id, a role, an accessible name, its value and state, and its rectangle in CSS pixels. That one
// description feeds three readers:
//   - the DOM mirror in the page (web/dom_mirror.js): real buttons, inputs, headings, text and
//     lists laid over the canvas, for screen readers, touch, Tab, selection and copying;
//   - the real <input>s, which the browser edits (IME, paste, autofill, undo) and ImGui draws;
//   - the test hook (window.__bk.state()).
//
//   frame:  begin_frame() → add()/begin_group()…end_group() in reading order → end_frame()
//                                                                               │
//   page:   patch (JSON, only what changed) ◀──────────────────────────────────┘
//           {"n":[changed or new nodes], "d":[removed ids], "o":{parent:[child ids]},
//            "h":content height, "f":focus request, "lc":clear the live region first,
//            "a":[announcements], "s":scroll request, "L":{"l":lang,"d":dir} of the document}
//
// The diff is against the previous frame, so an idle or hover-only frame sends nothing.
// Pure C++: no ImGui, no Emscripten (tests/client runs it natively and in wasm).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bk::client {

// Label: a field's visible label (value = the textbox's id); a click on it focuses the field.
enum class Role : uint8_t { Heading, Text, Textbox, Button, Link, Status, List, ListItem, Group, Label };
const char* role_name(Role r); // "heading", "text", …

// A rectangle in CSS pixels, in document (content) coordinates: scrolling does not change it.
struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool operator==(const Rect&) const = default;
};

// What kind of value a textbox takes: it decides inputmode, type and autocomplete in the page.
enum class InputKind : uint8_t { None, NationalId, Mobile, Code };
const char* input_kind_name(InputKind k); // "", "nationalId", "mobile", "code"

struct SemNode {
    std::string id;              // stable across frames; unique in a frame
    Role role = Role::Text;
    std::string name;            // accessible name, in the page's language, without the required-field asterisk
    std::string value;           // a textbox's text; a text node's value part (read left to right)
    std::string error;           // not empty: invalid, and this is the message
    std::string lang;            // its language when not the document's (the «English» switch on a Persian page)
    std::string dir;             // "ltr"/"rtl" when not the document's (a national ID inside Persian)
    std::string parent;          // the enclosing list, listitem or group; "" for the page
    Rect rect;
    InputKind input = InputKind::None;
    int level = 0;               // headings: 1, 2, …
    float em = 0;                // text: font size (CSS px), so the page's selectable text
    float line = 0;              //       overlays the drawn text line for line
    bool centered = false;       //       (otherwise aligned to the start: right in Persian)
    int8_t expanded = -1;        // disclosures: 0 closed, 1 open; -1 not a disclosure
    bool required = false;
    bool disabled = false;
    bool selectAll = false;      // one click selects the whole value (tracking codes)
    bool operator==(const SemNode&) const = default;
};

class Semantics {
public:
    // ---- one frame ----
    void begin_frame();
    // Adds a node under the innermost open group. An id already used this frame gets a suffix,
    // so a programming slip never breaks the page (and the test for unique ids catches it).
    void add(SemNode node);
    void begin_group(SemNode node);   // a list, listitem or group; nodes added until end_group() go inside
    void end_group();                 // the group's rectangle becomes the union of its children's
    void set_rect(const std::string& id, Rect r); // … or what was drawn around them (a panel)
    void set_content_height(float css_px) { content_height_ = css_px; }
    // The document's language and direction ("fa", "rtl"): sent when they change (and after
    // reset_page()); nodes in another language say so themselves (SemNode::lang).
    void set_document_language(std::string lang, std::string dir);
    // Moves focus to `id` in the page. A strong request always does; a soft one only when the
    // user is not on another control (an answer arriving must not steal focus from a button;
    // «استعلام», the one it answers, excepted: web/dom_mirror.js).
    void focus(const std::string& id, bool strong = true);
    void announce(const std::string& text);           // read out by the page's polite live region
    // Empties the live region first (what it read out named IDs that were just deleted).
    void clear_live() { clear_live_ = true; announcements_.clear(); }
    // Empties it before this frame's announcements: another screen shows, and what was read out
    // on the last one (an error fixed, a notice gone) must not still be found there.
    void new_screen() { clear_live_ = true; }
    void scroll_to(float css_y) { scroll_request_ = css_y; } // document y to scroll to (≥ 0)
    // Ends the frame: the patch for the page, or "" when nothing changed since the last one.
    std::string end_frame();

    // ---- a part of the page not drawn this frame (a history row out of view) ----
    size_t mark() const { return cur_.size(); }
    // The nodes added since `mark`, with `top` subtracted from their y: a part to re-add later.
    std::vector<SemNode> part_since(size_t mark, float top) const;
    // Re-adds such a part at document y `top`; its first node goes under the open group.
    void add_part(const std::vector<SemNode>& part, float top);
    // Whether an activation waits for a widget whose id starts with `prefix` (its part must be
    // drawn, not re-added, so the widget can take it).
    bool activation_pending(std::string_view prefix) const;

    // ---- reading ----
    // The frame being built, or between frames the last one; in reading order.
    const std::vector<SemNode>& nodes() const { return in_frame_ ? cur_ : prev_; }
    const SemNode* find(const std::string& id) const;
    float content_height() const { return content_height_; }

    // ---- what the page reports back ----
    // Activations (a click, a tap, Enter or Space on a button; Enter in a field) are taken by
    // the widget that owns the id during the next frame; ones nobody takes are dropped then.
    void activate(const std::string& id) { activations_.push_back(id); }
    bool take_activation(const std::string& id);
    void set_focused(const std::string& id) { focused_ = id; }   // "" when focus left the mirror
    const std::string& focused() const { return focused_; }
    struct Selection { int start = 0, end = 0; };
    void set_selection(const std::string& id, Selection s) { selections_[id] = s; }
    Selection selection(const std::string& id) const;
    // Forgets everything sent, so the next frame sends the whole tree (the page was rebuilt).
    void reset_page();

private:
    std::string unique_id(const std::string& id);

    bool in_frame_ = false;
    std::vector<SemNode> cur_, prev_;
    std::vector<Rect> prev_at_;       // where the page put prev_'s nodes (see page_rects())
    std::unordered_map<std::string, size_t> cur_index_, prev_index_;
    std::vector<std::string> open_groups_;
    float content_height_ = 0, sent_height_ = -1;
    std::string doc_lang_, doc_dir_;
    bool doc_sent_ = false;
    std::string focus_request_;
    bool focus_strong_ = true;
    std::vector<std::string> announcements_;
    bool clear_live_ = false;
    float scroll_request_ = -1;

    std::vector<std::string> activations_;
    std::string focused_;
    std::unordered_map<std::string, Selection> selections_;
};

} // namespace bk::client
