// platform.h — the few things the client asks of the page (web/app.js, web/dom_mirror.js) and
// the clock it runs on.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

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
bool coarse_pointer();                      // (pointer: coarse): a touch screen
void notify_first_frame();                  // hides the loading screen
// The font the page fetched (web/app.js holds it for CSS too, so it is downloaded once).
std::vector<uint8_t> page_font();
// Hands a semantics patch (semantics.h) to the DOM mirror; returns the milliseconds it took.
double apply_page_patch(const std::string& patch);
// Writes text to the system clipboard (inside a user activation).
void copy_to_clipboard(const std::string& text);

} // namespace bk::client
