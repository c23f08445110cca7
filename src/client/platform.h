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
// The canvas's WebGL2 context (0 when the browser gives none): opaque (the client paints every
// pixel), no depth, stencil or multisampling, and desynchronized — a frame goes to the screen
// without waiting for the page's compositor commit, which on a software GPU costs 40-70 ms a
// frame. (Emscripten's attribute struct has no field for it.)
int create_webgl2_context();
void show_no_webgl();
void load_demo_build();                     // the page swaps this build for the demo build (?demo=1)                       // the page says WebGL2 is missing (no context, no shaders)
// The font the page fetched (web/app.js holds it for CSS too, so it is downloaded once).
std::vector<uint8_t> page_font();
// Hands a semantics patch (semantics.h) to the DOM mirror; returns the milliseconds it took.
double apply_page_patch(const std::string& patch);
// Writes text to the system clipboard (inside a user activation).
void copy_to_clipboard(const std::string& text);

// ---- what outlives a frame (web/page.js) ----
std::string url_param(const char* name);    // ?receipt=CODE → "CODE"; "" when absent
// The language the page chose before the client started (web/page.js: ?lang=, the last choice,
// the browser's preferred languages, else the default): a catalog tag, "" when it chose none.
std::string page_language();
// The user chose `tag`: the page keeps the choice for later visits (localStorage: a language is
// no secret on a shared computer) and in its address (?lang=).
void remember_language(const char* tag);
// sessionStorage, for this tab only (never localStorage: pharmacy computers are shared).
std::string load_session_state(const char* key);
void save_session_state(const char* key, const std::string& text);
// The browser's history: a screen change becomes an entry Back can return to (or replaces
// the current one); Back and Forward come back through bk_navigate().
void history_entry(const char* screen, bool replace);
// While inquiries are pending, leaving or reloading the page asks first.
void set_leave_warning(bool on);
// Prints receipts (JSON: {"receipts":[{"title","sentence","outcome","rows":[[label,value]…]}]})
// from a print stylesheet over DOM content.
void print_receipts(const std::string& json);

} // namespace bk::client
