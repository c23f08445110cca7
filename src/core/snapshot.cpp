#include "core/snapshot.h"

#include <nlohmann/json.hpp>

#include "core/flow.h"

namespace bk {

using json = nlohmann::json;

namespace {

constexpr int kVersion = 2; // 2: a row's ID is "nationalId", as everywhere else (was "nid")

bool parse_state(std::string_view s, EntryState& out) {
    for (EntryState e : {EntryState::Pending, EntryState::Answered, EntryState::Undetermined, EntryState::Rejected})
        if (s == entry_state_name(e)) { out = e; return true; }
    return false;
}

// Reads a field of the expected type, or fails the whole snapshot.
template <class T>
bool get(const json& j, const char* key, T& out) {
    auto it = j.find(key);
    if (it == j.end()) return false;
    if constexpr (std::is_same_v<T, std::string>) { if (!it->is_string()) return false; }
    else if constexpr (std::is_same_v<T, bool>) { if (!it->is_boolean()) return false; }
    else { if (!it->is_number_integer()) return false; }
    out = it->get<T>();
    return true;
}

} // namespace

std::string encode_snapshot(const FlowState& s) {
    // At most the newest kMaxSnapshotRows rows: a snapshot decode_snapshot() would refuse would
    // lose the session with the history.
    json rows = json::array();
    const auto& all = s.inquiries.entries();
    for (size_t i = all.size() > kMaxSnapshotRows ? all.size() - kMaxSnapshotRows : 0; i < all.size(); ++i) {
        const InquiryEntry& e = all[i];
        json r{{"id", e.id}, {"nationalId", e.nationalId}, {"state", entry_state_name(e.state)}, {"error", e.errorCode},
               {"at", e.requestedAtMs}, {"open", e.expanded}};
        if (e.state == EntryState::Answered) r["answer"] = api::encode(e.answer);
        rows.push_back(std::move(r));
    }
    json j{{"v", kVersion},
           {"screen", screen_name(s.screen)},
           {"mobileText", s.mobile.text},
           {"mobile", s.mobileNormalized},
           {"session", s.session},
           {"creditCode", s.creditCode},
           {"credit", api::encode(s.credit)},
           {"codeBySms", s.codeBySms},
           {"codeDeadline", s.codeTimer.armed() ? s.codeTimer.deadline_ms() : 0},
           {"resendDeadline", s.resendTimer.armed() ? s.resendTimer.deadline_ms() : 0},
           {"resendMobile", s.resendMobile},
           {"history", std::move(rows)}};
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

bool decode_snapshot(std::string_view text, Snapshot& out) {
    if (text.empty() || text.size() > kMaxSnapshotBytes) return false;
    const json j = json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return false;
    int version = 0;
    std::string screen, credit;
    Snapshot s{Screen::Landing};
    if (!get(j, "v", version) || version != kVersion) return false;
    if (!get(j, "screen", screen) || !parse_screen(screen, s.screen)) return false;
    if (!get(j, "mobileText", s.mobileText) || !get(j, "mobile", s.mobileNormalized) || !get(j, "session", s.session) ||
        !get(j, "creditCode", s.creditCode) || !get(j, "credit", credit) || !get(j, "codeBySms", s.codeBySms) ||
        !get(j, "codeDeadline", s.codeDeadlineMs) || !get(j, "resendDeadline", s.resendDeadlineMs))
        return false;
    // A snapshot from before the wait named its number: the wait was for the number then kept.
    if (!get(j, "resendMobile", s.resendMobile)) s.resendMobile = s.mobileNormalized;
    if (s.session.size() > 128 || s.mobileText.size() > 64 || s.creditCode.size() > 16 || s.resendMobile.size() > 64) return false;
    auto c = api::decode_credit_state(credit);
    if (!c) return false;
    s.credit = *c;
    auto rows = j.find("history");
    if (rows == j.end() || !rows->is_array() || rows->size() > kMaxSnapshotRows) return false;
    for (const json& r : *rows) {
        if (!r.is_object()) return false;
        InquiryEntry e;
        std::string state, answer;
        if (!get(r, "id", e.id) || !get(r, "nationalId", e.nationalId) || !get(r, "state", state) || !parse_state(state, e.state) ||
            !get(r, "error", e.errorCode) || !get(r, "at", e.requestedAtMs) || !get(r, "open", e.expanded))
            return false;
        if (e.id == 0 || e.nationalId.size() > 64 || e.errorCode.size() > 64) return false;
        if (e.state == EntryState::Answered) {
            if (!get(r, "answer", answer)) return false;
            auto a = api::decode_inquiry_answer(answer);
            if (!a) return false;
            e.answer = *a;
        }
        s.inquiries.push_back(std::move(e));
    }
    out = std::move(s);
    return true;
}

} // namespace bk
