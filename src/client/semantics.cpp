#include "client/semantics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace bk::client {

const char* role_name(Role r) {
    switch (r) {
    case Role::Heading: return "heading";
    case Role::Text: return "text";
    case Role::Textbox: return "textbox";
    case Role::Button: return "button";
    case Role::Link: return "link";
    case Role::Status: return "status";
    case Role::List: return "list";
    case Role::ListItem: return "listitem";
    case Role::Group: return "group";
    case Role::Label: return "label";
    }
    return "text";
}

const char* input_kind_name(InputKind k) {
    switch (k) {
    case InputKind::None: return "";
    case InputKind::NationalId: return "nationalId";
    case InputKind::Mobile: return "mobile";
    case InputKind::Code: return "code";
    }
    return "";
}

namespace {

// Positions to a quarter pixel are enough, and keep the patch small and stable.
float round_px(float v) { return std::round(v * 4.0f) / 4.0f; }

// The patch is written by hand: it is built on every frame that changes anything, and a
// general JSON library costs ten times as much here (most of it on the first frame).
class JsonOut {
public:
    std::string s;
    void raw(std::string_view v) { s.append(v); }
    void str(std::string_view v) {
        s += '"';
        for (unsigned char c : v) {
            if (c == '"' || c == '\\') { s += '\\'; s += static_cast<char>(c); }
            else if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                s += buf;
            } else s += static_cast<char>(c);
        }
        s += '"';
    }
    void num(double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.10g", v);
        s += buf;
    }
    void key(const char* k) {
        if (!first_) s += ',';
        first_ = false;
        str(k);
        s += ':';
    }
    void open(char c) { s += c; first_ = true; }
    void close(char c) { s += c; first_ = false; }
    void item() { if (!first_) s += ','; first_ = false; }

private:
    bool first_ = true;
};

// `at`: where the page places the node (page_rects()), not its rectangle in the document.
void write_node(JsonOut& o, const SemNode& n, const Rect& at) {
    o.item();
    o.open('{');
    o.key("i"); o.str(n.id);
    o.key("r"); o.str(role_name(n.role));
    o.key("x"); o.num(at.x);
    o.key("y"); o.num(at.y);
    o.key("w"); o.num(at.w);
    o.key("h"); o.num(at.h);
    if (!n.parent.empty()) { o.key("p"); o.str(n.parent); }
    if (!n.name.empty()) { o.key("n"); o.str(n.name); }
    if (!n.value.empty()) { o.key("v"); o.str(n.value); }
    if (!n.error.empty()) { o.key("e"); o.str(n.error); }
    if (!n.lang.empty()) { o.key("lg"); o.str(n.lang); }
    if (!n.dir.empty()) { o.key("dr"); o.str(n.dir); }
    if (n.input != InputKind::None) { o.key("k"); o.str(input_kind_name(n.input)); }
    if (n.level) { o.key("l"); o.num(n.level); }
    if (n.em > 0) { o.key("em"); o.num(n.em); }
    if (n.line > 0) { o.key("lh"); o.num(n.line); }
    if (n.centered) { o.key("c"); o.raw("true"); }
    if (n.expanded >= 0) { o.key("x2"); o.raw(n.expanded == 1 ? "true" : "false"); }
    if (n.required) { o.key("q"); o.raw("true"); }
    if (n.disabled) { o.key("d"); o.raw("true"); }
    if (n.selectAll) { o.key("sa"); o.raw("true"); }
    o.close('}');
}

// Everything but the document rectangle (the page's placement is compared instead).
bool same_but_rect(const SemNode& a, const SemNode& b) {
    return a.id == b.id && a.role == b.role && a.name == b.name && a.value == b.value && a.error == b.error &&
           a.parent == b.parent && a.input == b.input && a.level == b.level && a.em == b.em && a.line == b.line &&
           a.centered == b.centered && a.expanded == b.expanded && a.required == b.required && a.disabled == b.disabled &&
           a.selectAll == b.selectAll && a.lang == b.lang && a.dir == b.dir;
}

float hundredths(float v) { return std::round(v * 100.0f) / 100.0f; }

// Where the page puts each node. Lists and list items are positioned boxes, everything else
// lies inside the nearest of them (groups are not boxes of their own):
//   - a list item, in its list's flow: x the offset from the list's left edge, y the gap above
//     it (from the item before it, or from the list's top), w, h;
//   - any other node inside a list or list item: its rectangle relative to that box;
//   - the rest: its rectangle in the document.
// So a history row that grows (its details opened) moves the rows below it by the page's own
// flow, and the patch holds that row alone, not every node under it.
std::vector<Rect> page_rects(const std::vector<SemNode>& nodes, const std::unordered_map<std::string, size_t>& index) {
    std::vector<Rect> out(nodes.size());
    std::unordered_map<std::string, float> last_bottom; // list id → the bottom of its last item so far
    auto box_of = [&](const SemNode& n) -> const SemNode* {
        for (std::string p = n.parent; !p.empty();) {
            auto it = index.find(p);
            if (it == index.end()) return nullptr;
            const SemNode& a = nodes[it->second];
            if (a.role == Role::List || a.role == Role::ListItem) return &a;
            p = a.parent;
        }
        return nullptr;
    };
    for (size_t i = 0; i < nodes.size(); ++i) {
        const SemNode& n = nodes[i];
        const SemNode* box = box_of(n);
        Rect r = n.rect;
        if (box && n.role == Role::ListItem && box->role == Role::List && n.parent == box->id) {
            auto [it, first] = last_bottom.try_emplace(box->id, box->rect.y);
            r = Rect{n.rect.x - box->rect.x, n.rect.y - it->second, n.rect.w, n.rect.h};
            it->second = n.rect.y + n.rect.h;
        } else if (box) {
            r = Rect{n.rect.x - box->rect.x, n.rect.y - box->rect.y, n.rect.w, n.rect.h};
        }
        out[i] = Rect{hundredths(r.x), hundredths(r.y), hundredths(r.w), hundredths(r.h)};
    }
    return out;
}

void write_strings(JsonOut& o, const std::vector<std::string>& ids) {
    o.open('[');
    for (const std::string& id : ids) { o.item(); o.str(id); }
    o.close(']');
}

} // namespace

void Semantics::begin_frame() {
    in_frame_ = true;
    cur_.clear();
    cur_index_.clear();
    open_groups_.clear();
}

std::string Semantics::unique_id(const std::string& id) {
    if (!cur_index_.count(id)) return id;
    for (int i = 2;; ++i) {
        std::string candidate = id + "~" + std::to_string(i);
        if (!cur_index_.count(candidate)) return candidate;
    }
}

void Semantics::add(SemNode node) {
    node.id = unique_id(node.id);
    node.parent = open_groups_.empty() ? std::string() : open_groups_.back();
    node.rect = Rect{round_px(node.rect.x), round_px(node.rect.y), round_px(node.rect.w), round_px(node.rect.h)};
    cur_index_[node.id] = cur_.size();
    cur_.push_back(std::move(node));
}

void Semantics::begin_group(SemNode node) {
    add(std::move(node));
    open_groups_.push_back(cur_.back().id);
}

void Semantics::set_rect(const std::string& id, Rect r) {
    auto it = cur_index_.find(id);
    if (it != cur_index_.end()) cur_[it->second].rect = r;
}

void Semantics::end_group() {
    if (open_groups_.empty()) return;
    const std::string id = open_groups_.back();
    open_groups_.pop_back();
    // The group was added before its children were laid out: it covers them. Everything added
    // since begin_group() is inside it (nodes are added depth first).
    const size_t at = cur_index_[id];
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool any = false;
    for (size_t i = at + 1; i < cur_.size(); ++i) {
        const Rect& r = cur_[i].rect;
        if (r.w <= 0 && r.h <= 0) continue;
        if (!any) { x0 = r.x; y0 = r.y; x1 = r.x + r.w; y1 = r.y + r.h; any = true; continue; }
        x0 = std::min(x0, r.x);
        y0 = std::min(y0, r.y);
        x1 = std::max(x1, r.x + r.w);
        y1 = std::max(y1, r.y + r.h);
    }
    if (any) cur_[at].rect = Rect{x0, y0, x1 - x0, y1 - y0};
}

std::vector<SemNode> Semantics::part_since(size_t mark, float top) const {
    std::vector<SemNode> part(cur_.begin() + static_cast<std::ptrdiff_t>(std::min(mark, cur_.size())), cur_.end());
    for (SemNode& n : part) n.rect.y -= top;
    return part;
}

void Semantics::add_part(const std::vector<SemNode>& part, float top) {
    const std::string parent = open_groups_.empty() ? std::string() : open_groups_.back();
    for (size_t i = 0; i < part.size(); ++i) {
        SemNode n = part[i];
        n.rect.y += top;
        if (i == 0) n.parent = parent;
        n.id = unique_id(n.id);
        cur_index_[n.id] = cur_.size();
        cur_.push_back(std::move(n));
    }
}

bool Semantics::activation_pending(std::string_view prefix) const {
    for (const std::string& a : activations_)
        if (a.compare(0, prefix.size(), prefix) == 0) return true;
    return false;
}

void Semantics::focus(const std::string& id, bool strong) {
    focus_request_ = id;
    focus_strong_ = strong;
}

void Semantics::announce(const std::string& text) {
    if (!text.empty()) announcements_.push_back(text);
}

const SemNode* Semantics::find(const std::string& id) const {
    const auto& index = in_frame_ ? cur_index_ : prev_index_;
    const auto& nodes = in_frame_ ? cur_ : prev_;
    auto it = index.find(id);
    return it == index.end() ? nullptr : &nodes[it->second];
}

bool Semantics::take_activation(const std::string& id) {
    auto it = std::find(activations_.begin(), activations_.end(), id);
    if (it == activations_.end()) return false;
    activations_.erase(it);
    return true;
}

Semantics::Selection Semantics::selection(const std::string& id) const {
    auto it = selections_.find(id);
    return it == selections_.end() ? Selection{} : it->second;
}

void Semantics::reset_page() {
    prev_.clear();
    prev_index_.clear();
    prev_at_.clear();
    sent_height_ = -1;
    doc_sent_ = false;
}

void Semantics::set_document_language(std::string lang, std::string dir) {
    if (lang == doc_lang_ && dir == doc_dir_) return;
    doc_lang_ = std::move(lang);
    doc_dir_ = std::move(dir);
    doc_sent_ = false;
}

std::string Semantics::end_frame() {
    activations_.clear(); // the ones no widget took belong to widgets that are gone
    JsonOut o;
    o.open('{');
    bool any = false;

    std::vector<Rect> at = page_rects(cur_, cur_index_);
    bool changed = false;
    for (size_t i = 0; i < cur_.size(); ++i) {
        const SemNode& n = cur_[i];
        auto it = prev_index_.find(n.id);
        if (it != prev_index_.end() && prev_at_[it->second] == at[i] && same_but_rect(prev_[it->second], n)) continue;
        if (!changed) { o.key("n"); o.open('['); changed = any = true; }
        write_node(o, n, at[i]);
    }
    if (changed) o.close(']');

    std::vector<std::string> removed;
    for (const SemNode& n : prev_)
        if (!cur_index_.count(n.id)) removed.push_back(n.id);
    if (!removed.empty()) { o.key("d"); write_strings(o, removed); any = true; }

    // Children per parent, in reading order; sent only for parents whose sequence changed.
    // Usually nothing moved (typing, a countdown second): the same ids under the same parents.
    bool same_tree = cur_.size() == prev_.size();
    for (size_t i = 0; same_tree && i < cur_.size(); ++i)
        same_tree = cur_[i].id == prev_[i].id && cur_[i].parent == prev_[i].parent;
    if (!same_tree) {
        auto children = [](const std::vector<SemNode>& nodes) {
            std::unordered_map<std::string, std::vector<std::string>> out;
            for (const SemNode& n : nodes) out[n.parent].push_back(n.id);
            return out;
        };
        const auto now = children(cur_);
        const auto before = children(prev_);
        bool ordered = false;
        for (const SemNode& n : cur_) { // parents in reading order, so the patch is deterministic
            const std::string& parent = n.parent;
            auto mine = now.find(parent);
            if (mine == now.end() || mine->second.front() != n.id) continue; // once per parent
            auto it = before.find(parent);
            if (it != before.end() && it->second == mine->second) continue;
            if (!ordered) { o.key("o"); o.open('{'); ordered = any = true; }
            o.key(parent.c_str());
            write_strings(o, mine->second);
        }
        if (ordered) o.close('}');
    }

    if (!doc_sent_ && !doc_lang_.empty()) {
        o.key("L"); o.open('{');
        o.key("l"); o.str(doc_lang_);
        o.key("d"); o.str(doc_dir_);
        o.close('}');
        doc_sent_ = any = true;
    }
    if (std::fabs(content_height_ - sent_height_) >= 0.5f) {
        o.key("h"); o.num(std::round(content_height_));
        sent_height_ = content_height_;
        any = true;
    }
    if (!focus_request_.empty()) {
        o.key("f"); o.open('{');
        o.key("i"); o.str(focus_request_);
        o.key("strong"); o.raw(focus_strong_ ? "true" : "false");
        o.close('}');
        focus_request_.clear();
        any = true;
    }
    if (clear_live_) {
        o.key("lc"); o.raw("true");
        clear_live_ = false;
        any = true;
    }
    if (!announcements_.empty()) {
        o.key("a"); write_strings(o, announcements_);
        announcements_.clear();
        any = true;
    }
    if (scroll_request_ >= 0) {
        o.key("s"); o.num(std::round(scroll_request_));
        scroll_request_ = -1;
        any = true;
    }
    o.close('}');

    // This frame becomes the one the next is compared with (and the one nodes() reads).
    prev_.swap(cur_);
    prev_index_.swap(cur_index_);
    prev_at_.swap(at);
    in_frame_ = false;
    return any ? std::move(o.s) : std::string();
}

} // namespace bk::client
