#include "client/semantics.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

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

// Whole CSS pixels are enough for positioning and keep the patch small and stable.
float round_px(float v) { return std::round(v * 4.0f) / 4.0f; }

nlohmann::json node_json(const SemNode& n) {
    nlohmann::json j{{"i", n.id}, {"r", role_name(n.role)}, {"x", n.rect.x}, {"y", n.rect.y}, {"w", n.rect.w}, {"h", n.rect.h}};
    if (!n.parent.empty()) j["p"] = n.parent;
    if (!n.name.empty()) j["n"] = n.name;
    if (!n.value.empty()) j["v"] = n.value;
    if (!n.error.empty()) j["e"] = n.error;
    if (n.input != InputKind::None) j["k"] = input_kind_name(n.input);
    if (n.level) j["l"] = n.level;
    if (n.em > 0) j["em"] = n.em;
    if (n.line > 0) j["lh"] = n.line;
    if (n.centered) j["c"] = true;
    if (n.expanded >= 0) j["x2"] = n.expanded == 1;
    if (n.required) j["q"] = true;
    if (n.disabled) j["d"] = true;
    if (n.busy) j["b"] = true;
    if (n.selectAll) j["sa"] = true;
    return j;
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
    sent_height_ = -1;
}

std::string Semantics::end_frame() {
    activations_.clear(); // the ones no widget took belong to widgets that are gone
    nlohmann::json patch = nlohmann::json::object();

    nlohmann::json changed = nlohmann::json::array();
    for (const SemNode& n : cur_) {
        auto it = prev_index_.find(n.id);
        if (it == prev_index_.end() || !(prev_[it->second] == n)) changed.push_back(node_json(n));
    }
    if (!changed.empty()) patch["n"] = std::move(changed);

    nlohmann::json removed = nlohmann::json::array();
    for (const SemNode& n : prev_)
        if (!cur_index_.count(n.id)) removed.push_back(n.id);
    if (!removed.empty()) patch["d"] = std::move(removed);

    // Children per parent, in reading order; sent only for parents whose sequence changed.
    auto children = [](const std::vector<SemNode>& nodes) {
        std::unordered_map<std::string, std::vector<std::string>> out;
        for (const SemNode& n : nodes) out[n.parent].push_back(n.id);
        return out;
    };
    const auto now = children(cur_);
    const auto before = children(prev_);
    nlohmann::json order = nlohmann::json::object();
    for (const auto& [parent, ids] : now) {
        auto it = before.find(parent);
        if (it == before.end() || it->second != ids) order[parent] = ids;
    }
    if (!order.empty()) patch["o"] = std::move(order);

    if (std::fabs(content_height_ - sent_height_) >= 0.5f) {
        patch["h"] = std::round(content_height_);
        sent_height_ = content_height_;
    }
    if (!focus_request_.empty()) {
        patch["f"] = {{"i", focus_request_}, {"strong", focus_strong_}};
        focus_request_.clear();
    }
    if (!announcements_.empty()) {
        patch["a"] = announcements_;
        announcements_.clear();
    }
    if (scroll_request_ >= 0) {
        patch["s"] = std::round(scroll_request_);
        scroll_request_ = -1;
    }

    // This frame becomes the one the next is compared with (and the one nodes() reads).
    prev_.swap(cur_);
    prev_index_.swap(cur_index_);
    in_frame_ = false;
    if (patch.empty()) return {};
    return patch.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace bk::client
