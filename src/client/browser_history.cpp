#include "client/browser_history.h"

#include "client/platform.h"

namespace bk::client {

void BrowserHistory::follow(const FlowState& s) {
    if (!started_ || s.screen != shown_) {
        const bool replace = !started_ || (shown_ == Screen::CodeEntry && s.screen == Screen::Inquiry);
        if (!from_history_) history_entry(screen_name(s.screen), replace);
        started_ = true;
        from_history_ = false;
        shown_ = s.screen;
    }
    const bool pending = s.inquiries.pending() > 0;
    if (pending != leave_warning_) {
        leave_warning_ = pending;
        set_leave_warning(pending);
    }
}

bool BrowserHistory::navigate(Flow& flow, const std::string& screen) {
    Screen target;
    if (!parse_screen(screen, target)) return false;
    if (flow.navigate(target)) {
        from_history_ = true;
        return true;
    }
    started_ = false; // the entry the browser went to is not reachable: rewrite it as this screen
    return false;
}

} // namespace bk::client
