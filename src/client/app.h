// app.h — the client: draws the flow's state with ImGui, describes it to the page (semantics.h)
// and turns what the page reports (activations, text typed into the <input>s) into flow events.
// It never decides what happens next; core/flow does.
#pragma once
#include <map>
#include <string>

#include "client/countdown_ring.h"
#include "client/semantics.h"
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
    // One ImGui frame of UI (between NewFrame and Render); the semantic description is built
    // alongside, and semantics().end_frame() gives the page its patch.
    void frame(float scroll_css);
    bool tick() { return flow_.tick(); }
    uint64_t version() const { return flow_.version(); }
    bool animating() const { return flow_.state().busy; } // the spinner needs frames
    void on_font_change() { cache_.clear(); }
    void between_frames() { cache_.trim(); }
    bool init_graphics() { return ring_.init(); }

    // ---- from the page ----
    Semantics& semantics() { return sem_; }
    // The text of the <input> `id` changed (typed, pasted, autofilled, undone).
    void on_input(const std::string& id, const std::string& value);
    // The flow's text for the field `id`: the page sets its <input> to it after an Enter.
    std::string field_text(const std::string& id) const;

    // Test hook: flow state and the semantic description (CSS px) as JSON. Reads only.
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
    // Focus and the live region follow the flow.
    void follow_flow();

    // A flow field drawn by ImGui and edited through the page's <input>; true on Enter.
    bool bound_field(FieldId field);

    Flow flow_;
    const Clock& clock_;
    DemoBackend* demo_;
    Theme& theme_;
    text::TextCache cache_;
    Semantics sem_;
    Widgets ui_;
    CountdownRing ring_;

    bool show_upgrade_help_ = false;
    std::string ussd_text_;             // demo phone panel: what the phone shows after dialling
    uint64_t focus_serial_ = 0;         // the flow's last focus request carried out
    std::string announced_notice_;      // the notice last read out
    std::map<uint64_t, EntryState> announced_rows_;
};

} // namespace bk::client
