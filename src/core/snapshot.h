// snapshot.h — what survives a reload of the page in the same tab: the screen, the mobile, the
// session and credit, the code timers and every inquiry of the list. The client keeps it in
// sessionStorage (never localStorage: pharmacy computers are shared) and deletes nothing by
// itself: «حذف سابقه استعلامات» and «دریافت مجدد کد اعتباری» change the state, and the next
// snapshot no longer holds the inquiries or the session. Past kMaxSnapshotRows rows, only the
// newest are kept over a reload.
//
// The text comes back from the page, so decoding is as strict as the API's: a malformed or
// foreign snapshot is refused whole, never half applied.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/api.h"
#include "core/inquiry_list.h"

namespace bk {

struct FlowState;
enum class Screen;

struct Snapshot {
    Screen screen;
    std::string mobileText, mobileNormalized;
    std::string session, creditCode;
    api::CreditState credit;
    bool codeBySms = false;
    int64_t codeDeadlineMs = 0, resendDeadlineMs = 0;  // absolute; 0 = not running
    std::string resendMobile;                          // the number the resend wait is for
    std::vector<InquiryEntry> inquiries;
};

constexpr size_t kMaxSnapshotBytes = 4 * 1024 * 1024;
constexpr size_t kMaxSnapshotRows = 5000;

std::string encode_snapshot(const FlowState& s);
bool decode_snapshot(std::string_view text, Snapshot& out);

} // namespace bk
