// browser_history.h — the flow's screens as the browser's history entries (platform.h), and the
// question before leaving while inquiries are pending. The first screen replaces the page's own
// entry; each later screen is a new entry (Back returns to the one before), except a used code,
// which the inquiry screen replaces; a screen reached by Back or Forward adds nothing.
#pragma once
#include <string>

#include "core/flow.h"

namespace bk::client {

class BrowserHistory {
public:
    // After each frame: an entry for a screen just reached; the leave warning on or off.
    void follow(const FlowState& s);
    // Back or Forward reached the entry of `screen`: the flow goes there if it can (true), or
    // the entry is rewritten as the screen the flow is on.
    bool navigate(Flow& flow, const std::string& screen);

private:
    Screen shown_ = Screen::Landing;
    bool from_history_ = false;   // the current screen came from Back/Forward: no new entry
    bool started_ = false;
    bool leave_warning_ = false;
};

} // namespace bk::client
