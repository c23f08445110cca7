#include "core/history.h"

#include <algorithm>

namespace bk {

uint64_t History::add(const std::string& national_id, int64_t now_ms) {
    HistoryEntry e;
    e.id = next_id_++;
    e.nationalId = national_id;
    e.requestedAtMs = now_ms;
    entries_.push_back(std::move(e));
    return entries_.back().id;
}

HistoryEntry* History::find(uint64_t id) {
    for (auto& e : entries_)
        if (e.id == id) return &e;
    return nullptr;
}

const HistoryEntry* History::find(uint64_t id) const {
    for (const auto& e : entries_)
        if (e.id == id) return &e;
    return nullptr;
}

bool History::answer(uint64_t id, const api::InquiryAnswer& a) {
    HistoryEntry* e = find(id);
    if (!e) return false;
    e->state = EntryState::Answered;
    e->answer = a;
    e->errorCode.clear();
    return true;
}

bool History::undetermined(uint64_t id, const std::string& error_code) {
    HistoryEntry* e = find(id);
    if (!e) return false;
    e->state = EntryState::Undetermined;
    e->errorCode = error_code;
    return true;
}

bool History::pending(uint64_t id) {
    HistoryEntry* e = find(id);
    if (!e) return false;
    e->state = EntryState::Pending;
    return true;
}

bool History::remove(uint64_t id) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [id](const HistoryEntry& e) { return e.id == id; });
    if (it == entries_.end()) return false;
    entries_.erase(it);
    return true;
}

bool History::toggle(uint64_t id) {
    HistoryEntry* e = find(id);
    if (!e) return false;
    e->expanded = !e->expanded;
    return true;
}

void History::clear() { entries_.clear(); }

} // namespace bk
