// app.h — the client: draws the flow's state with ImGui and turns clicks and keys into flow
// events. It never decides what happens next; core/flow does.
#pragma once
#include <string>

#include "client/countdown_ring.h"
#include "client/theme.h"
#include "client/widgets.h"
#include "core/flow.h"
#include "service/demo_backend.h"
#include "text/text_cache.h"

namespace bk::client {

class App {
public:
    // demo is null when talking to a real backend.
    App(Transport& transport, const Clock& clock, DemoBackend* demo, Theme& theme);

    void start() { flow_.start(); }
    void frame();                       // one ImGui frame of UI (between NewFrame and Render)
    bool tick() { return flow_.tick(); }
    uint64_t version() const { return flow_.version(); }
    bool animating() const { return flow_.state().busy; } // the spinner needs frames
    void on_font_change() { cache_.clear(); }
    bool init_graphics() { return ring_.init(); }

    // Test hook: flow state + widget rectangles (CSS px) as JSON. Reads only.
    std::string test_state_json() const;

private:
    // ---- screens (screen_*.cpp) ----
    void header();
    void notice();
    void screen_landing();
    void screen_credit_request();
    void screen_code_entry();
    void screen_inquiry();
    void inquiry_form(bool landing);
    void history();
    void history_row(const HistoryEntry& e, size_t index);
    void demo_panel();
    void spinner();

    // Keeps an ImGui field buffer and the flow's field in step; true when Enter was pressed.
    bool bound_field(const char* id, const char* label_code, FieldId field, FieldKind kind);

    Flow flow_;
    const Clock& clock_;
    DemoBackend* demo_;
    Theme& theme_;
    text::TextCache cache_;
    Widgets ui_;
    CountdownRing ring_;

    std::string buf_national_id_, buf_mobile_, buf_code_;
    std::string refocus_;               // the field to give keyboard focus next frame
    bool show_upgrade_help_ = false;
    std::string ussd_text_;             // demo phone panel: what the phone shows after dialling
};

} // namespace bk::client
