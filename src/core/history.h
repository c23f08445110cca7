// history.h — the inquiry history: entries in request order, cleared only on request.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/api.h"

namespace bk {

enum class EntryState { Pending, Answered, Undetermined };

struct HistoryEntry {
    uint64_t id = 0;                 // stable across clears: late replies for a cleared entry are dropped
    std::string nationalId;          // normalised, 10 ASCII digits
    EntryState state = EntryState::Pending;
    api::InquiryAnswer answer;       // valid when state == Answered
    std::string errorCode;           // why it is undetermined ("network_error", "registry_unavailable", …)
    int64_t requestedAtMs = 0;
    bool expanded = false;           // «درباره کد ملی» details open
};

class History {
public:
    uint64_t add(const std::string& national_id, int64_t now_ms);
    bool answer(uint64_t id, const api::InquiryAnswer& a);
    bool undetermined(uint64_t id, const std::string& error_code);
    bool pending(uint64_t id);       // back to pending for a retry
    bool remove(uint64_t id);
    bool toggle(uint64_t id);
    void clear();

    const std::vector<HistoryEntry>& entries() const { return entries_; }
    HistoryEntry* find(uint64_t id);
    const HistoryEntry* find(uint64_t id) const;
    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

private:
    std::vector<HistoryEntry> entries_;
    uint64_t next_id_ = 1;
};

} // namespace bk
