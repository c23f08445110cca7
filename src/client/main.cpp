// main.cpp — the client's entry point: a WebGL2 context on the page's canvas, Dear ImGui drawing
// into it, and a main loop that renders only when something changed (input, a reply, a visible
// countdown second). Idle means no frames.
//
// There is no GLFW: the page's DOM mirror (web/dom_mirror.js) owns every interaction — clicks,
// taps, keys, focus, text — and reports it through the bk_* functions below. (Emscripten's GLFW
// listens for keys on the whole window and cancels Tab and Backspace, which would break the
// page's own inputs and focus order.) ImGui only gets the pointer, to draw hover and press.
#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "client/app.h"
#include "client/gl_renderer.h"
#include "client/http_transport.h"
#include "client/platform.h"
#include "client/theme.h"
#include "core/local_time.h"
#include "client/demo.h"

using namespace bk;
using namespace bk::client;

namespace {

// ---- state ---------------------------------------------------------------------------------------------

struct Client {
    EMSCRIPTEN_WEBGL_CONTEXT_HANDLE gl = 0;
    GlRenderer renderer;
    BrowserClock clock;
    Theme theme;
    std::vector<uint8_t> font;       // Vazirmatn, as the page fetched it
    std::unique_ptr<HttpTransport> http;
    std::unique_ptr<Demo> demo;
    std::unique_ptr<App> app;

    int width = 0, height = 0;       // the canvas backing store (framebuffer px)
    float scroll_css = 0;            // the document's scroll position
    double last_frame_ms = 0;
    bool frame_scheduled = false;
    int frames_wanted = 0;           // frames still to draw after an event (ImGui settles over a few)
    uint64_t drawn_version = 0;      // the flow version last drawn
    bool first_frame_done = false;
    bool renderer_ready = false;     // start-up has made the context, ImGui and the renderer

    // Start-up (see start_step).
    bool fonts_ready = false;
    bool use_demo = false;
    std::optional<api::ApiResult<api::ServiceInfo>> probe; // GET /service's answer, once in (never for the demo)

    // Measurements the benchmark reads through the test hook (the newest 256 frames).
    uint64_t frames_rendered = 0;
    // whole frame; building the UI; keeping the tab's state (sessionStorage, browser history);
    // drawing (ImGui + WebGL); the DOM mirror
    std::vector<float> frame_cpu_ms, app_ms, save_ms, gl_ms, sync_ms;
};

Client g;

void request_frames(int n);

void keep_last(std::vector<float>& v, float x) {
    if (v.size() >= 256) v.erase(v.begin());
    v.push_back(x);
}

// ---- sizing: the canvas backing store follows CSS size × devicePixelRatio ----------------------------------

// Sizes the backing store; true when the fonts must be rasterised again (a new scale, or none yet).
bool fit_canvas() {
    int css_w = 0, css_h = 0;
    canvas_css_size(css_w, css_h);
    const float dpr = static_cast<float>(std::max(1.0, device_pixel_ratio()));
    const int w = static_cast<int>(std::lround(css_w * dpr)), h = static_cast<int>(std::lround(css_h * dpr));
    if (w != g.width || h != g.height) {
        emscripten_set_canvas_element_size("#canvas", w, h);
        g.width = w;
        g.height = h;
    }
    ImGui::GetIO().DisplaySize = ImVec2(static_cast<float>(w), static_cast<float>(h));
    return std::fabs(dpr - g.theme.scale) > 0.01f || coarse_pointer() != g.theme.coarse || !g.theme.body;
}

// The font atlas at the canvas's scale (the slow part: every glyph rasterised) ...
void build_fonts() {
    apply_theme(g.theme, static_cast<float>(std::max(1.0, device_pixel_ratio())), coarse_pointer(), g.font);
}

// ... and its texture.
void upload_fonts() {
    g.renderer.destroy_font_texture();
    g.renderer.create_font_texture();
    if (g.app) g.app->on_font_change();
}

// ---- one frame -----------------------------------------------------------------------------------------------

// A frame: the UI built, drawn, and its DOM mirror brought up to date. A rehearsal (start-up
// only) builds the UI and the mirror without drawing: ImGui measures the screen once, the text
// is shaped and cached, and the first frame the canvas shows is then short and already settled
// (each frame drawn costs the browser a compositor commit, which is slow on a software GPU).
void render_frame(bool draw = true) {
    if (!g.app) return;
    const double t0 = emscripten_get_now();
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = g.last_frame_ms > 0 ? static_cast<float>(std::max(0.001, (t0 - g.last_frame_ms) / 1000.0)) : 1.0f / 60;
    g.last_frame_ms = t0;
    ImGui::NewFrame();
    // What this frame shows: a change the frame itself makes (a row added by a button drawn
    // below it) leaves the version ahead, and another frame follows.
    const uint64_t shown_version = g.app->version();
    g.app->frame(g.scroll_css);
    const double t_app = emscripten_get_now();
    g.app->after_frame();
    const double t_saved = emscripten_get_now();
    ImGui::Render();
    if (draw) {
        glViewport(0, 0, g.width, g.height);
        const palette::Rgb page = palette::kPage;
        glClearColor(page.r / 255.0f, page.g / 255.0f, page.b / 255.0f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        g.renderer.render(ImGui::GetDrawData(), g.width, g.height);
        g.drawn_version = shown_version;
    }

    // The DOM mirror follows: the diff here, the DOM changes in the page.
    const double t1 = emscripten_get_now();
    const std::string patch = g.app->semantics().end_frame();
    if (!patch.empty()) apply_page_patch(patch);
    const double t2 = emscripten_get_now();
    g.app->between_frames();
    if (!draw) return;

    ++g.frames_rendered;
    keep_last(g.frame_cpu_ms, static_cast<float>(t2 - t0));
    keep_last(g.sync_ms, static_cast<float>(t2 - t1));
    keep_last(g.app_ms, static_cast<float>(t_app - t0));
    keep_last(g.save_ms, static_cast<float>(t_saved - t_app));
    keep_last(g.gl_ms, static_cast<float>(t1 - t_saved));
    if (!g.first_frame_done) {
        g.first_frame_done = true;
        notify_first_frame();
    }
}

EM_BOOL on_animation_frame(double, void*) {
    g.frame_scheduled = false;
    render_frame();
    if (g.frames_wanted > 0) --g.frames_wanted;
    // Keep drawing while ImGui still has queued input, the flow changed during the frame, or
    // the spinner turns; otherwise stop until the next event.
    const bool more = g.frames_wanted > 0 || g.app->version() != g.drawn_version || g.app->animating() ||
                      !ImGui::GetCurrentContext()->InputEventsQueue.empty();
    if (more) request_frames(0);
    return EM_FALSE;
}

void request_frames(int n) {
    if (!g.app) return; // start-up draws the first frame when the app is there
    g.frames_wanted = std::max(g.frames_wanted, n);
    if (g.frame_scheduled) return;
    g.frame_scheduled = true;
    emscripten_request_animation_frame(on_animation_frame, nullptr);
}

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    if (!g.renderer_ready) return EM_FALSE; // start-up sizes the canvas when it gets there
    if (fit_canvas()) {
        build_fonts();
        upload_fonts();
    }
    request_frames(2);
    return EM_FALSE;
}

// Timers: a tick 5 times a second; it draws only when a visible second changed.
void on_tick(void*) {
    if (!g.app) return;
    if (g.app->tick() || g.app->version() != g.drawn_version) request_frames(1);
}

// ---- start-up -------------------------------------------------------------------------------------------------
//
// In steps, each its own task, so that no step holds the page for long (a phone's main thread
// is several times slower than a desktop's, and a long task delays the first tap):
//
//   main: GET /service sent ─► step 1: WebGL2 context ─► step 2: ImGui, shaders ─►
//   step 3: font atlas ─► step 4: its texture ─► step 5: the app ─► step 6: a rehearsal frame
//   ─► the first frame drawn; GET /service's answer goes to the app whenever it comes
//
// The demo (a fake registry, fake answers) only with ?demo=1, or when the page is served with no
// API at all (a static host). A backend that fails gets an error and retries.

void start_step(void* step);

// A task of its own (emscripten_set_timeout: emscripten_async_call would pull Emscripten's whole
// Browser library into the page's script, 18 KB).
void next_step(int step) { emscripten_set_timeout(start_step, 0, reinterpret_cast<void*>(static_cast<intptr_t>(step))); }

// The demo, or the real service with what its first GET /service said (an answer or an error).
void start_app() {
    Transport* transport = g.http.get();
    if (g.use_demo) {
        g.demo = make_demo(g.clock, local_date(g.clock.now_ms()));
        if (!g.demo) return load_demo_build(); // ?demo=1 reached the real site's build
        transport = &g.demo->transport();
    }
    g.app = std::make_unique<App>(*transport, g.clock, g.demo.get(), g.theme, Locale::get(page_language()));
    g.app->init_graphics();
    const App::Probe probe = g.use_demo ? App::Probe::NotAsked : g.probe ? App::Probe::Answered : App::Probe::OnItsWay;
    g.app->start(g.app->session().load(), url_param("receipt"), probe, g.probe ? &*g.probe : nullptr);
    next_step(6);
}

// The app starts once the fonts are in; the service's settings need not be (a round trip on a
// slow network): the flow takes them when they come.
void start_when_ready() {
    if (g.fonts_ready && !g.app) next_step(5);
}

void start_step(void* arg) {
    switch (static_cast<int>(reinterpret_cast<intptr_t>(arg))) {
    case 1: {
        g.gl = create_webgl2_context();
        if (g.gl <= 0 || emscripten_webgl_make_context_current(g.gl) != EMSCRIPTEN_RESULT_SUCCESS) return show_no_webgl();
        return next_step(2);
    }
    case 2: {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        io.BackendPlatformName = "barkhordari_dom";
        io.ConfigInputTextCursorBlink = false;
        if (!g.renderer.init()) return show_no_webgl();
        g.renderer_ready = true;
        fit_canvas();
        emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_resize);
        return next_step(3);
    }
    case 3:
        build_fonts();
        return next_step(4);
    case 4:
        upload_fonts();
        g.fonts_ready = true;
        return start_when_ready();
    case 5:
        return start_app();
    case 6:
        render_frame(false);
        return request_frames(1);
    }
}

} // namespace

// ---- called by the page (web/dom_mirror.js, web/app.js) ---------------------------------------------------------

extern "C" {

// A click, tap, Enter or Space on the DOM twin of widget `id`. Drawn at once, so the widget
// acts before the next key arrives.
EMSCRIPTEN_KEEPALIVE void bk_activate(const char* id) {
    if (!g.app) return;
    g.app->semantics().activate(id);
    render_frame();
    request_frames(1);
}

// Enter in the <input> of field `id`: as bk_activate, then the field's text as the flow left it
// (empty after a submitted inquiry), which the page puts into the <input> before the next key.
EMSCRIPTEN_KEEPALIVE const char* bk_enter(const char* id) {
    static std::string out;
    bk_activate(id);
    out = g.app ? g.app->field_text(id) : "";
    return out.c_str();
}

// The <input> of field `id` now holds `value`.
EMSCRIPTEN_KEEPALIVE void bk_input(const char* id, const char* value) {
    if (!g.app) return;
    g.app->on_input(id, value);
    request_frames(1);
}

// Text about to be pasted into field `id`: 1 when the client took it (several IDs, each queued),
// 0 when the <input> should take it as usual.
EMSCRIPTEN_KEEPALIVE int bk_paste(const char* id, const char* text) {
    if (!g.app || !g.app->on_paste(id, text)) return 0;
    render_frame();
    request_frames(1);
    return 1;
}

// The page is going (reload, Back out of the app, closing): the state not yet saved is saved.
EMSCRIPTEN_KEEPALIVE void bk_save_state() {
    if (g.app) g.app->save_now();
}

// Back or Forward reached this app's entry for `screen`.
EMSCRIPTEN_KEEPALIVE void bk_navigate(const char* screen) {
    if (!g.app) return;
    g.app->on_navigate(screen);
    render_frame();
    request_frames(1);
}

// The caret or selection in the <input> of field `id` (UTF-16 indices = code points for digits).
EMSCRIPTEN_KEEPALIVE void bk_caret(const char* id, int start, int end) {
    if (!g.app) return;
    g.app->semantics().set_selection(id, {start, end});
    request_frames(1);
}

// Focus moved to the DOM twin of `id` ("" when it left the mirror).
EMSCRIPTEN_KEEPALIVE void bk_focus(const char* id) {
    if (!g.app) return;
    g.app->semantics().set_focused(id);
    request_frames(1);
}

// The document scrolled (CSS px); by_user is 0 when the client asked for it.
EMSCRIPTEN_KEEPALIVE void bk_scroll(double y, int by_user) {
    g.scroll_css = static_cast<float>(std::max(0.0, y));
    if (g.app) g.app->on_scroll(g.scroll_css, by_user != 0);
    request_frames(1);
}

// The pointer, for hover and press drawing only (CSS px in the viewport). buttons: 1 pressed,
// 0 released, -1 gone (a touch ended or the mouse left).
EMSCRIPTEN_KEEPALIVE void bk_pointer(double x, double y, int buttons, int touch) {
    if (!ImGui::GetCurrentContext()) return;
    ImGuiIO& io = ImGui::GetIO();
    io.AddMouseSourceEvent(touch ? ImGuiMouseSource_TouchScreen : ImGuiMouseSource_Mouse);
    if (buttons < 0) {
        io.AddMouseButtonEvent(0, false);
        io.AddMousePosEvent(-FLT_MAX, -FLT_MAX);
    } else {
        io.AddMousePosEvent(static_cast<float>(x) * g.theme.scale, static_cast<float>(y) * g.theme.scale);
        io.AddMouseButtonEvent(0, buttons == 1);
    }
    request_frames(1); // more follow while ImGui's input queue is not empty
}

EMSCRIPTEN_KEEPALIVE void bk_request_frame() { request_frames(2); }

// Test hook (reads only): flow state as JSON, with the semantic description when asked.
EMSCRIPTEN_KEEPALIVE const char* bk_test_state(int semantics) {
    static std::string out;
    out = g.app ? g.app->test_state_json(semantics != 0) : "{}";
    return out.c_str();
}

// Benchmark hook: frames drawn so far, the CPU time of recent frames, the part that built the
// UI (ImGui and the semantic description), and the part the DOM mirror took (diff + page update);
// the rest is drawing (WebGL).
EMSCRIPTEN_KEEPALIVE const char* bk_frame_stats() {
    static std::string out;
    auto list = [](const std::vector<float>& v) {
        std::string s = "[";
        for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
        return s + "]";
    };
    out = "{\"frames\":" + std::to_string(g.frames_rendered) + ",\"cpuMs\":" + list(g.frame_cpu_ms) + ",\"appMs\":" + list(g.app_ms) +
          ",\"saveMs\":" + list(g.save_ms) + ",\"glMs\":" + list(g.gl_ms) + ",\"syncMs\":" + list(g.sync_ms) + "}";
    return out.c_str();
}

} // extern "C"

int main() {
    g.font = page_font();
    emscripten_set_interval(on_tick, 200, nullptr);
    g.http = std::make_unique<HttpTransport>("/api/v1", [] { request_frames(2); });
    g.http->set_language(Locale::get(page_language())); // the early GET /service's notice, too
    if (url_flag("demo")) {
        g.use_demo = true;
    } else {
        // Asked first, so the answer travels while the client starts.
        g.http->send("GET", "/service", "", "", [](int status, std::string body) {
            switch (api::classify_service_probe(status, body)) {
            case api::ServiceProbe::NoApi: return load_demo_build(); // a host with no API: the demo is all there is
            case api::ServiceProbe::Service: g.probe = api::decode_service_info(body); break;
            case api::ServiceProbe::Failed: g.probe = api::decode_error(status, body); break;
            }
            if (g.app) g.app->service_known(*g.probe); // the transport asks for frames after every reply
        });
    }
    next_step(1);
    emscripten_exit_with_live_runtime();
    return 0;
}
