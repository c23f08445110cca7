#include "core/inquiry_list.h"

#include <algorithm>

namespace bk {

const char* entry_state_name(EntryState s) {
    switch (s) {
    case EntryState::Pending: return "pending";
    case EntryState::Answered: return "answered";
    case EntryState::Undetermined: return "undetermined";
    case EntryState::Rejected: return "rejected";
    }
    return "pending";
}

uint64_t InquiryList::add(const std::string& national_id, int64_t now_ms) {
    InquiryEntry e;
    e.id = next_id_++;
    e.nationalId = national_id;
    e.requestedAtMs = now_ms;
    entries_.push_back(std::move(e));
    return entries_.back().id;
}

uint64_t InquiryList::reject(const std::string& as_typed, const std::string& reason_code, int64_t now_ms) {
    const uint64_t id = add(as_typed, now_ms);
    rejected(id, reason_code);
    return id;
}

bool InquiryList::rejected(uint64_t id, const std::string& reason_code) {
    InquiryEntry* e = find(id);
    if (!e) return false;
    e->state = EntryState::Rejected;
    e->sent = false;
    e->errorCode = reason_code;
    return true;
}

InquiryEntry* InquiryList::find(uint64_t id) {
    for (auto& e : entries_)
        if (e.id == id) return &e;
    return nullptr;
}

const InquiryEntry* InquiryList::find(uint64_t id) const {
    for (const auto& e : entries_)
        if (e.id == id) return &e;
    return nullptr;
}

const InquiryEntry* InquiryList::next_queued() const {
    for (const auto& e : entries_)
        if (e.state == EntryState::Pending && !e.sent) return &e;
    return nullptr;
}

size_t InquiryList::in_flight() const {
    return static_cast<size_t>(std::count_if(entries_.begin(), entries_.end(),
                                             [](const InquiryEntry& e) { return e.state == EntryState::Pending && e.sent; }));
}

size_t InquiryList::pending() const {
    return static_cast<size_t>(
        std::count_if(entries_.begin(), entries_.end(), [](const InquiryEntry& e) { return e.state == EntryState::Pending; }));
}

bool InquiryList::sent(uint64_t id) {
    InquiryEntry* e = find(id);
    if (!e || e->state != EntryState::Pending) return false;
    e->sent = true;
    return true;
}

bool InquiryList::answer(uint64_t id, const api::InquiryAnswer& a) {
    InquiryEntry* e = find(id);
    if (!e) return false;
    e->state = EntryState::Answered;
    e->sent = false;
    e->answer = a;
    e->errorCode.clear();
    return true;
}

bool InquiryList::undetermined(uint64_t id, const std::string& error_code) {
    InquiryEntry* e = find(id);
    if (!e) return false;
    e->state = EntryState::Undetermined;
    e->sent = false;
    e->errorCode = error_code;
    return true;
}

bool InquiryList::pending(uint64_t id) {
    InquiryEntry* e = find(id);
    if (!e) return false;
    e->state = EntryState::Pending;
    e->sent = false;
    return true;
}

bool InquiryList::remove(uint64_t id) {
    auto it = std::find_if(entries_.begin(), entries_.end(), [id](const InquiryEntry& e) { return e.id == id; });
    if (it == entries_.end()) return false;
    entries_.erase(it);
    return true;
}

bool InquiryList::toggle(uint64_t id) {
    InquiryEntry* e = find(id);
    if (!e) return false;
    e->expanded = !e->expanded;
    return true;
}

void InquiryList::clear() { entries_.clear(); }

void InquiryList::restore(std::vector<InquiryEntry> entries) {
    entries_ = std::move(entries);
    for (const InquiryEntry& e : entries_) next_id_ = std::max(next_id_, e.id + 1);
}

} // namespace bk
