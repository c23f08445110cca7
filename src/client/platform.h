// platform.h — the few things the client asks of the page (web/app.js) and the clock it runs on.
#pragma once
#include <string>

#include "core/clock.h"

namespace bk::client {

// Wall-clock time from the browser (Date.now()).
class BrowserClock final : public Clock {
public:
    int64_t now_ms() const override;
};

double device_pixel_ratio();
void canvas_css_size(int& width, int& height);
bool url_flag(const char* name);            // ?demo=1, ?test=1
void notify_first_frame();                  // hides the loading screen
void set_canvas_cursor(const char* css);    // "pointer", "text", "default"

} // namespace bk::client
