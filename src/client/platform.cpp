#include "client/platform.h"

#include <emscripten.h>

#include <cstdlib>

namespace bk::client {

EM_JS(double, js_now_ms, (), { return Date.now(); });
EM_JS(double, js_dpr, (), { return window.devicePixelRatio || 1; });
EM_JS(int, js_css_width, (), { return Math.max(1, Math.round(Module.canvas.getBoundingClientRect().width)); });
EM_JS(int, js_css_height, (), { return Math.max(1, Math.round(Module.canvas.getBoundingClientRect().height)); });
EM_JS(int, js_url_flag, (const char* name), {
    const v = new URLSearchParams(window.location.search).get(UTF8ToString(name));
    return v !== null && v !== '0' && v !== 'false' ? 1 : 0;
});
EM_JS(int, js_coarse, (), { return window.matchMedia && window.matchMedia('(pointer: coarse)').matches ? 1 : 0; });
EM_JS(void, js_first_frame, (), { if (Module.onFirstFrame) Module.onFirstFrame(); });
EM_JS(void, js_no_webgl, (), { if (Module.onNoWebGL) Module.onNoWebGL(); });
EM_JS(void, js_load_demo_build, (), { if (Module.onDemoWanted) Module.onDemoWanted(); });
EM_JS(int, js_create_webgl2, (), {
    return GL.createContext(Module.canvas, {
        majorVersion: 2, minorVersion: 0, alpha: false, depth: false, stencil: false, antialias: false,
        premultipliedAlpha: true, preserveDrawingBuffer: false, desynchronized: true, enableExtensionsByDefault: true
    });
});
EM_JS(int, js_font_size, (), { return Module.bkFont ? Module.bkFont.byteLength : 0; });
EM_JS(void, js_font_copy, (uint8_t* dst), { HEAPU8.set(new Uint8Array(Module.bkFont), dst); });
EM_JS(double, js_apply_patch, (const char* patch), {
    const t0 = performance.now();
    if (Module.bkMirror) Module.bkMirror.apply(UTF8ToString(patch));
    return performance.now() - t0;
});
EM_JS(void, js_copy, (const char* text), {
    const s = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(s).catch(function () {});
});

// A JS string as a malloc'd UTF-8 C string (the caller frees it).
EM_JS(char*, js_url_param, (const char* name), {
    const v = new URLSearchParams(window.location.search).get(UTF8ToString(name)) || '';
    const n = (v.length << 2) + 1, p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
});
EM_JS(char*, js_load_state, (const char* key), {
    const v = window.bkPage ? window.bkPage.load(UTF8ToString(key)) : '';
    const n = (v.length << 2) + 1, p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
});
EM_JS(char*, js_page_language, (), {
    const v = window.bkPage ? window.bkPage.language() : '';
    const n = (v.length << 2) + 1, p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
});
EM_JS(void, js_remember_language, (const char* tag), { if (window.bkPage) window.bkPage.remember(UTF8ToString(tag)); });
EM_JS(void, js_save_state, (const char* key, const char* text), { if (window.bkPage) window.bkPage.save(UTF8ToString(key), UTF8ToString(text)); });
EM_JS(void, js_history_entry, (const char* screen, int replace), { if (window.bkPage) window.bkPage.entry(UTF8ToString(screen), replace !== 0); });
EM_JS(void, js_leave_warning, (int on), { if (window.bkPage) window.bkPage.warnOnLeave(on !== 0); });
EM_JS(void, js_print, (const char* json), { if (window.bkPage) window.bkPage.print(UTF8ToString(json)); });

namespace {
std::string take(char* p) {
    std::string s = p ? p : "";
    std::free(p);
    return s;
}
} // namespace

int64_t BrowserClock::now_ms() const { return static_cast<int64_t>(js_now_ms()); }

double device_pixel_ratio() { return js_dpr(); }

void canvas_css_size(int& width, int& height) {
    width = js_css_width();
    height = js_css_height();
}

bool url_flag(const char* name) { return js_url_flag(name) != 0; }
bool coarse_pointer() { return js_coarse() != 0; }
void notify_first_frame() { js_first_frame(); }
void show_no_webgl() { js_no_webgl(); }
void load_demo_build() { js_load_demo_build(); }
int create_webgl2_context() { return js_create_webgl2(); }

std::vector<uint8_t> page_font() {
    std::vector<uint8_t> bytes(static_cast<size_t>(js_font_size()));
    if (!bytes.empty()) js_font_copy(bytes.data());
    return bytes;
}

double apply_page_patch(const std::string& patch) { return js_apply_patch(patch.c_str()); }
void copy_to_clipboard(const std::string& text) { js_copy(text.c_str()); }

std::string url_param(const char* name) { return take(js_url_param(name)); }
std::string load_session_state(const char* key) { return take(js_load_state(key)); }
std::string page_language() { return take(js_page_language()); }
void remember_language(const char* tag) { js_remember_language(tag); }
void save_session_state(const char* key, const std::string& text) { js_save_state(key, text.c_str()); }
void history_entry(const char* screen, bool replace) { js_history_entry(screen, replace ? 1 : 0); }
void set_leave_warning(bool on) { js_leave_warning(on ? 1 : 0); }
void print_receipts(const std::string& json) { js_print(json.c_str()); }

} // namespace bk::client
