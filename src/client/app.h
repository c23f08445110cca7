// app.h — the client: draws the flow's state with ImGui, describes it to the page (semantics.h)
// and turns what the page reports (activations, text typed into the <input>s, scrolling, Back)
// into flow events. It never decides what happens next; core/flow does.
//
// It owns the language (core/locale.h) and passes it down, the way ImGui passes its style: to
// the widgets (layout by start and end, digits), to the semantics (the document's lang and dir),
// to the transport (Accept-Language), and to every text it draws. Switching keeps everything
// else: the flow, its history and session, a half-typed field.
#pragma once
#include <map>
#include <string>

#include "client/browser_history.h"
#include "client/countdown_ring.h"
#include "client/semantics.h"
#include "client/session_keeper.h"
#include "client/theme.h"
#include "client/widgets.h"
#include "core/flow.h"
#include "client/demo.h"
#include "text/text_cache.h"

namespace bk::client {

class App {
public:
    // demo is null when talking to a real backend; `lang` is the language to start in.
    App(Transport& transport, const Clock& clock, Demo* demo, Theme& theme, const Locale& lang);

    // How the backend's settings (GET /service) reach the app: the page asked before the app
    // existed and the answer is in, or is still on its way (service_known brings it), or
    // nobody asked (the demo: the app asks).
    enum class Probe { Answered, OnItsWay, NotAsked };
    // Starts the flow: puts back what this tab saved before a reload, opens a receipt the
    // address asks for (?receipt=CODE), and takes the backend's settings as `probe` says
    // (`answer` when Answered).
    void start(const std::string& saved_state, const std::string& receipt, Probe probe,
               const api::ApiResult<api::ServiceInfo>* answer = nullptr);
    // The page's own GET /service answered (after start with OnItsWay).
    void service_known(api::ApiResult<api::ServiceInfo> answer) { flow_.service_known(std::move(answer)); }
    // One ImGui frame of UI (between NewFrame and Render); the semantic description is built
    // alongside, and semantics().end_frame() gives the page its patch.
    void frame(float scroll_css);
    // After the frame: what outlives it (the saved state, the browser history, the warning
    // before leaving) follows the flow (session_keeper.h, browser_history.h).
    void after_frame();
    void save_now() { session_.save_now(); }
    // Advances the flow's timers and the client's own (the «کپی شد» feedback); true when
    // something visible changed.
    bool tick();
    // Changes whenever what is drawn must change: the flow's state, or the client's own (a
    // «کپی شد» shown).
    uint64_t version() const { return flow_.version() + ui_changes_; }
    // The spinner turns (so frames keep coming) only for a code request or verification: a
    // pending inquiry says so in its row, and a clerk typing the next ID needs every bit of
    // the main thread for the keys.
    bool animating() const { return flow_.state().busy; }
    void on_font_change() { cache_.clear(); }
    void between_frames() { cache_.trim(); }
    bool init_graphics() { return ring_.init(); }
    const SessionKeeper& session() const { return session_; }
    // The language everything is drawn and said in from the next frame on.
    void set_language(const Locale& lang);
    const Locale& language() const { return *loc_; }

    // ---- from the page ----
    Semantics& semantics() { return sem_; }
    // The text of the <input> `id` changed (typed, pasted, autofilled, undone).
    void on_input(const std::string& id, const std::string& value);
    // Text pasted into the national-ID field: true when it held several IDs (all queued).
    bool on_paste(const std::string& id, const std::string& text);
    // The flow's text for the field `id`: the page sets its <input> to it after an Enter.
    std::string field_text(const std::string& id) const;
    // The document scrolled; `by_user` unless the client asked for it.
    void on_scroll(float y, bool by_user);
    // Back or Forward reached an entry of this app.
    void on_navigate(const std::string& screen);

    // Test hook, reads only: the flow state as JSON; with `semantics`, also every node of the
    // semantic description (CSS px) and their rectangles by id.
    std::string test_state_json(bool semantics) const;

private:
    // ---- screens (screen_*.cpp) ----
    void header();
    void language_switch();
    void notice();
    void screen_landing();
    void screen_credit_request();
    void screen_code_entry();
    void screen_inquiry();
    void screen_receipt();
    void inquiry_form();
    void confirm_clear();
    void inquiry_list();
    void inquiry_row(const InquiryEntry& e, size_t index);
    void answer_details(const api::InquiryAnswer& a, ImU32 color);
    void demo_panel();
    void spinner();
    void busy_status();                 // the status node: «در حال ارسال درخواست…» while busy
    const char* tr(std::string_view code) const { return loc_->text(code); }
    std::string mm_ss(int seconds) const;   // "02:59" in the language's digits
    // Focus, the live region and the view follow the flow.
    void follow_flow();
    void print(const std::vector<const api::InquiryAnswer*>& answers);

    // A flow field drawn by ImGui and edited through the page's <input>; true on Enter.
    bool bound_field(FieldId field);

    Transport& transport_;
    Flow flow_;
    const Clock& clock_;
    const Locale* loc_;
    Demo* demo_;
    Theme& theme_;
    text::TextCache cache_;
    Semantics sem_;
    Widgets ui_;
    CountdownRing ring_;

    bool show_upgrade_help_ = false;
    std::string ussd_text_;             // demo phone panel: what the phone shows after dialling
    uint64_t focus_serial_ = 0;         // the flow's last focus request carried out
    uint64_t announced_notice_ = 0;     // the serial of the notice last read out
    bool focus_resume_ = false;         // Back to the mobile form with a code in use: «ادامه استعلام» takes focus
    uint64_t ui_changes_ = 0;           // bumped when the client's own drawn state changes
    int follow_frames_ = 0;             // frames left in which the view follows the newest row
    int announced_screen_ = -1;         // the screen the live region's messages belong to
    std::string announced_receipt_;     // what the live region last said of a receipt shown again
    std::map<uint64_t, EntryState> announced_rows_;
    std::string announced_errors_;      // the field errors last read out
    int64_t expiry_warned_for_ = 0;     // the code deadline whose 30-second warning was read out

    std::string switch_focus_;          // the language switch to focus once drawn (after a switch)
    bool confirm_clear_ = false;        // «حذف سابقه استعلامات» asked: confirm or cancel shown
    uint64_t copied_entry_ = 0;         // the row whose tracking code was just copied
    int64_t copied_until_ms_ = 0;       // its button says «کپی شد» until then

    // Inquiry rows out of view are not drawn: their height and semantic nodes are re-used from
    // the last frame that drew them, as long as nothing they show has changed.
    struct RowPart {
        std::string key;                 // what the row showed (state, index, open, width, …)
        float height = 0;                // framebuffer px, from the row's top to the next row's
        std::vector<SemNode> nodes;      // y relative to the row's top (CSS px)
    };
    std::map<uint64_t, RowPart> row_parts_;
    std::string row_key(const InquiryEntry& e, size_t index) const;

    // The view follows new and answered rows, unless the user scrolled away from the form.
    float scroll_css_ = 0;
    bool follow_ = true;
    size_t rows_seen_ = 0, settled_seen_ = 0;

    SessionKeeper session_;
    BrowserHistory browser_history_;
};

} // namespace bk::client
