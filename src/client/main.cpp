// main.cpp — the client's entry point: GLFW + WebGL2 + Dear ImGui, and a main loop that renders
// only when something changed (input, a reply, a visible countdown second). Idle means no frames.
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "client/app.h"
#include "client/http_transport.h"
#include "client/platform.h"
#include "client/theme.h"
#include "service/demo_backend.h"

using namespace bk;
using namespace bk::client;

namespace {

// ---- state ---------------------------------------------------------------------------------------------

struct Client {
    GLFWwindow* window = nullptr;
    BrowserClock clock;
    Theme theme;
    std::unique_ptr<HttpTransport> http;
    std::unique_ptr<DemoBackend> demo;
    std::unique_ptr<App> app;

    bool frame_scheduled = false;
    int frames_wanted = 0;           // frames still to draw after an event (ImGui settles over a few)
    uint64_t drawn_version = 0;      // the flow version last drawn
    bool first_frame_done = false;

    // Measurements the benchmark reads through the test hook.
    uint64_t frames_rendered = 0;
    std::vector<float> frame_cpu_ms; // the newest 256 frames
    std::string clipboard;           // text from the page's last paste event
};

Client g;

void request_frames(int n);

// ---- sizing: the canvas backing store follows CSS size × devicePixelRatio ----------------------------------

void fit_canvas() {
    int css_w = 0, css_h = 0;
    canvas_css_size(css_w, css_h);
    const float dpr = static_cast<float>(std::max(1.0, device_pixel_ratio()));
    const int w = static_cast<int>(std::lround(css_w * dpr)), h = static_cast<int>(std::lround(css_h * dpr));
    int cur_w = 0, cur_h = 0;
    glfwGetWindowSize(g.window, &cur_w, &cur_h);
    if (w != cur_w || h != cur_h) glfwSetWindowSize(g.window, w, h);
    if (std::fabs(dpr - g.theme.scale) > 0.01f || !g.theme.body) {
        // Emscripten 3.1.6's GLFW ignores the ratio: rasterise the font at the right scale here.
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        apply_theme(g.theme, dpr);
        ImGui_ImplOpenGL3_CreateFontsTexture();
        if (g.app) g.app->on_font_change();
    }
}

// ---- one frame -----------------------------------------------------------------------------------------------

void render_frame() {
    const double t0 = emscripten_get_now();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    g.app->frame();
    ImGui::Render();
    int fw = 0, fh = 0;
    glfwGetFramebufferSize(g.window, &fw, &fh);
    glViewport(0, 0, fw, fh);
    glClearColor(0.953f, 0.961f, 0.973f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    g.drawn_version = g.app->version();

    const double ms = emscripten_get_now() - t0;
    ++g.frames_rendered;
    if (g.frame_cpu_ms.size() >= 256) g.frame_cpu_ms.erase(g.frame_cpu_ms.begin());
    g.frame_cpu_ms.push_back(static_cast<float>(ms));
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
    g.frames_wanted = std::max(g.frames_wanted, n);
    if (g.frame_scheduled || !g.app) return;
    g.frame_scheduled = true;
    emscripten_request_animation_frame(on_animation_frame, nullptr);
}

// ---- events: every input schedules frames; ImGui's own callbacks are chained after these ----------------------

void on_key(GLFWwindow*, int, int, int, int) { request_frames(3); }
void on_char(GLFWwindow*, unsigned) { request_frames(3); }
void on_mouse_button(GLFWwindow*, int, int, int) { request_frames(3); }
void on_cursor(GLFWwindow*, double, double) { request_frames(2); }
void on_scroll(GLFWwindow*, double, double) { request_frames(3); }
void on_window_size(GLFWwindow*, int, int) { request_frames(2); }

EM_BOOL on_resize(int, const EmscriptenUiEvent*, void*) {
    fit_canvas();
    request_frames(2);
    return EM_FALSE;
}

// Timers: a tick 5 times a second; it draws only when a visible second changed.
void on_tick(void*) {
    if (!g.app) return;
    if (g.app->tick() || g.app->version() != g.drawn_version) request_frames(1);
}

const char* get_clipboard(void*) { return g.clipboard.c_str(); }
void set_clipboard(void*, const char* text) {
    g.clipboard = text;
    EM_ASM({ if (navigator.clipboard) navigator.clipboard.writeText(UTF8ToString($0)).catch(() => {}); }, text);
}

// ---- start-up --------------------------------------------------------------------------------------------------

void start_app(bool use_demo) {
    Transport* transport = g.http.get();
    if (use_demo) {
        DemoOptions o;
        const GregorianDate today = date_from_epoch_days((g.clock.now_ms() + 210 * 60000) / 86400000);
        o.today = today; // the demo registry is drawn around today, so its archetypes hold today
        g.demo = std::make_unique<DemoBackend>(g.clock, o);
        transport = &g.demo->transport();
    }
    g.app = std::make_unique<App>(*transport, g.clock, g.demo.get(), g.theme);
    g.app->init_graphics();
    g.app->start();
    request_frames(2);
}

} // namespace

// ---- exported to the page (web/app.js) ---------------------------------------------------------------------------

extern "C" {

EMSCRIPTEN_KEEPALIVE void bk_paste(const char* text) {
    g.clipboard = text;
    request_frames(3);
}

EMSCRIPTEN_KEEPALIVE void bk_request_frame() { request_frames(2); }

// Test hook (reads only): flow state and widget rectangles as JSON.
EMSCRIPTEN_KEEPALIVE const char* bk_test_state() {
    static std::string out;
    out = g.app ? g.app->test_state_json() : "{}";
    return out.c_str();
}

// Benchmark hook: frames drawn so far and the CPU time of recent frames.
EMSCRIPTEN_KEEPALIVE const char* bk_frame_stats() {
    static std::string out;
    out = "{\"frames\":" + std::to_string(g.frames_rendered) + ",\"cpuMs\":[";
    for (size_t i = 0; i < g.frame_cpu_ms.size(); ++i) out += (i ? "," : "") + std::to_string(g.frame_cpu_ms[i]);
    out += "]}";
    return out.c_str();
}

} // extern "C"

int main() {
    if (!glfwInit()) return 1;
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    int css_w = 0, css_h = 0;
    canvas_css_size(css_w, css_h);
    g.window = glfwCreateWindow(css_w, css_h, "Barkhordari", nullptr, nullptr);
    if (!g.window) return 1;
    glfwMakeContextCurrent(g.window);

    // Our callbacks first: ImGui's backend chains to them (install_callbacks = true).
    glfwSetKeyCallback(g.window, on_key);
    glfwSetCharCallback(g.window, on_char);
    glfwSetMouseButtonCallback(g.window, on_mouse_button);
    glfwSetCursorPosCallback(g.window, on_cursor);
    glfwSetScrollCallback(g.window, on_scroll);
    glfwSetWindowSizeCallback(g.window, on_window_size);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigInputTextCursorBlink = false; // a blinking cursor would need frames while idle
    ImGui_ImplGlfw_InitForOpenGL(g.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    // After the backend's init, which installs GLFW's page-internal clipboard: ours reads the
    // page's paste events and writes through navigator.clipboard.
    io.GetClipboardTextFn = get_clipboard;
    io.SetClipboardTextFn = set_clipboard;
    fit_canvas();
    emscripten_set_resize_callback(EMSCRIPTEN_EVENT_TARGET_WINDOW, nullptr, false, on_resize);
    emscripten_set_interval(on_tick, 200, nullptr);

    // Demo with ?demo=1, or when GET /api/v1/service does not answer with the service's JSON.
    g.http = std::make_unique<HttpTransport>("/api/v1", [] { request_frames(2); });
    if (url_flag("demo")) {
        start_app(true);
    } else {
        g.http->send("GET", "/service", "", "", [](int status, std::string body) {
            start_app(!(status == 200 && api::decode_service_info(body).ok()));
        });
    }
    emscripten_exit_with_live_runtime();
    return 0;
}
