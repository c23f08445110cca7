#include "client/platform.h"

#include <emscripten.h>

namespace bk::client {

EM_JS(double, js_now_ms, (), { return Date.now(); });
EM_JS(double, js_dpr, (), { return window.devicePixelRatio || 1; });
EM_JS(int, js_css_width, (), { return Math.max(1, Math.round(Module.canvas.getBoundingClientRect().width)); });
EM_JS(int, js_css_height, (), { return Math.max(1, Math.round(Module.canvas.getBoundingClientRect().height)); });
EM_JS(int, js_url_flag, (const char* name), {
    const v = new URLSearchParams(window.location.search).get(UTF8ToString(name));
    return v !== null && v !== '0' && v !== 'false' ? 1 : 0;
});
EM_JS(void, js_first_frame, (), { if (Module.onFirstFrame) Module.onFirstFrame(); });
EM_JS(void, js_cursor, (const char* css), { Module.canvas.style.cursor = UTF8ToString(css); });

int64_t BrowserClock::now_ms() const { return static_cast<int64_t>(js_now_ms()); }

double device_pixel_ratio() { return js_dpr(); }

void canvas_css_size(int& width, int& height) {
    width = js_css_width();
    height = js_css_height();
}

bool url_flag(const char* name) { return js_url_flag(name) != 0; }
void notify_first_frame() { js_first_frame(); }
void set_canvas_cursor(const char* css) { js_cursor(css); }

} // namespace bk::client
