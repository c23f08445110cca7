// inquiry_list.h — the inquiries of this session (the screen calls them «سابقه استعلامات»): entries in
// request order, cleared only on request. (The browser's history is client/browser_history.h.)
//
//   add ──▶ Pending (queued) ──send──▶ Pending (sent) ──▶ Answered
//             ▲                                       └──▶ Undetermined ──retry──┐
//             └──────────────────────────────────────────────────────────────────┘
//   reject ──▶ Rejected (an invalid ID from a paste: nothing was sent, nothing spent)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/api.h"

namespace bk {

enum class EntryState { Pending, Answered, Undetermined, Rejected };
const char* entry_state_name(EntryState s); // "pending", "answered", "undetermined", "rejected"

struct InquiryEntry {
    uint64_t id = 0;                 // stable across clears: late replies for a cleared entry are dropped
    std::string nationalId;          // normalised, 10 ASCII digits (as typed, for a Rejected entry)
    EntryState state = EntryState::Pending;
    bool sent = false;               // Pending: the request is in flight (else it waits its turn)
    api::InquiryAnswer answer;       // valid when state == Answered
    std::string errorCode;           // why it is undetermined or rejected ("network_error", "national_id_checksum", …)
    int64_t requestedAtMs = 0;
    bool expanded = false;           // «درباره کد ملی» details open
};

class InquiryList {
public:
    uint64_t add(const std::string& national_id, int64_t now_ms);
    uint64_t reject(const std::string& as_typed, const std::string& reason_code, int64_t now_ms);
    bool sent(uint64_t id);
    bool answer(uint64_t id, const api::InquiryAnswer& a);
    bool undetermined(uint64_t id, const std::string& error_code);
    bool rejected(uint64_t id, const std::string& reason_code);
    bool pending(uint64_t id);       // back to the queue for a retry
    bool remove(uint64_t id);
    bool toggle(uint64_t id);
    void clear();
    // Puts back entries saved before a reload (ids continue after the largest).
    void restore(std::vector<InquiryEntry> entries);

    const std::vector<InquiryEntry>& entries() const { return entries_; }
    InquiryEntry* find(uint64_t id);
    const InquiryEntry* find(uint64_t id) const;
    const InquiryEntry* next_queued() const;   // the oldest Pending entry not yet sent
    size_t in_flight() const;                  // Pending entries sent
    size_t pending() const;                    // Pending entries, sent or not
    size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }

private:
    std::vector<InquiryEntry> entries_;
    uint64_t next_id_ = 1;
};

} // namespace bk
