// flow.h — the front-end state machine: events in, state out. The ImGui screens only draw
// FlowState and call the event methods; tests drive the same methods with a fake clock.
//
//   Landing ──upgrade──▶ CreditRequest ──request_code (SMS)──▶ CodeEntry ──submit_code──▶ Inquiry
//      │                      ▲    └────have_code (USSD / earlier code)──▲                  │
//      └─inquire (open mode)  └────────── start_over / code timer ran out / 401 ◀───────────┘
//   Receipt: open_receipt(tracking code), from the page's address; close_receipt → Landing.
//   navigate(screen): the browser's Back/Forward, where the state allows that screen.
//
// The service's settings (GET /service: mode, quota, USSD code, notice) come in beside all this:
// the screens are usable while they are on their way (servicePending), and only a failure to
// get them (serviceFailed: an error, retried with back-off) holds the code request back.
//
// Inquiries are pipelined: inquire() queues the ID and clears the field at once, so the next ID
// can be typed while earlier ones are answered. At most kMaxInFlight requests are out; rows stay
// in request order and each goes pending → answered / undetermined.
#pragma once
#include <cstdint>
#include <string>
#include <utility>

#include "core/api.h"
#include "core/clock.h"
#include "core/countdown.h"
#include "core/inquiry_list.h"
#include "core/transport.h"

namespace bk {

enum class Screen { Landing, CreditRequest, CodeEntry, Inquiry, Receipt };
enum class FieldId { NationalId, Mobile, Code };
enum class Action { Upgrade, RequestCode, HaveCode, SubmitCode, Inquire, ClearHistory, StartOver, Retry, RetryService };

const char* screen_name(Screen s); // "landing", "credit_request", "code_entry", "inquiry", "receipt"
bool parse_screen(std::string_view name, Screen& out);

constexpr size_t kMaxInFlight = 3;  // inquiries sent at once; the rest wait in the page

struct Field {
    std::string text;       // as typed (any digits); the UI shows it with Persian digits
    std::string error;      // message code of the problem, empty when fine
    uint64_t said = 0;      // changes each time a submit finds (or the server reports) an error
                            // here, the same one included: the UI reads it out again
};

struct Notice {
    std::string code;       // message code; empty = no notice
    bool error = false;
    int64_t untilMs = 0;    // a wait (cool-down, lock): its time left is shown live and the notice
                            // goes away when it ends; 0 = none
    uint64_t serial = 0;    // changes with each notice set, the same one again included; 0 = none
};

// The field the user needs next. The client moves keyboard focus there each time `serial`
// changes; a soft request (an answer arriving) must not take focus from another control.
struct FocusRequest {
    FieldId field = FieldId::NationalId;
    uint64_t serial = 0;
    bool strong = true;
};

// The recorded answer for a tracking code, shown again (/?receipt=CODE).
struct ReceiptView {
    std::string trackingCode;
    bool loading = false;
    bool found = false;
    api::InquiryAnswer answer;
    std::string errorCode;  // why it could not be shown
};

struct FlowState {
    Screen screen = Screen::Landing;
    bool serviceLoaded = false;
    bool servicePending = false;    // GET /service asked, not answered: the page is usable meanwhile
    bool serviceFailed = false;     // GET /service failed: an error, «تلاش مجدد», retried with back-off
    Countdown serviceRetry;         // when the next automatic try happens
    api::ServiceInfo service;

    Field nationalId, mobile, code;
    std::string mobileNormalized;   // the number the code belongs to

    bool codeBySms = false;         // CodeEntry reached by SMS: the 3-minute timer runs
    Countdown codeTimer;
    Countdown resendTimer;
    std::string resendMobile;               // the number resendTimer is for (the service's wait is per number)
    int codeAttemptsLeft = -1;      // after a wrong code: how many more the server allows (-1: unknown)

    std::string session;            // token from verify; empty outside Inquiry
    std::string creditCode;         // the code the user typed (the server keeps only its HMAC)
    api::CreditState credit;

    InquiryList inquiries;
    bool busy = false;              // a code request or a verification in flight
    Notice notice;
    FocusRequest focus;
    ReceiptView receipt;
};

// The field behind an id.
inline const Field& field_of(const FlowState& s, FieldId f) {
    return f == FieldId::NationalId ? s.nationalId : f == FieldId::Mobile ? s.mobile : s.code;
}
inline Field& field_of(FlowState& s, FieldId f) { return const_cast<Field&>(field_of(std::as_const(s), f)); }

class Flow {
public:
    Flow(Transport& transport, const Clock& clock);

    // ---- events ----
    void start();                               // ask the backend for mode and limits
    // What a GET /service made elsewhere said (the page's own first call): taken exactly as
    // start()'s reply would be.
    void service_known(api::ApiResult<api::ServiceInfo> r);
    void await_service();                       // GET /service was asked by the page itself: its answer comes to service_known
    void retry_service();                       // «تلاش مجدد» after the service call failed
    void edit(FieldId field, std::string text); // validates as you type
    void upgrade();                             // «ارتقای سرویس»
    void request_code();                        // «دریافت کد اعتباری»
    void have_code();                           // «دارای کد اعتباری می باشم»
    void submit_code();                         // «اعتبار سنجی و تایید»
    void inquire();                             // «استعلام» (or Enter): queues the ID, clears the field
    // Several IDs pasted at once: each is checked; valid ones are queued in order, invalid ones
    // get a row of their own saying why (nothing sent, nothing spent). Returns how many rows.
    size_t inquire_all(std::string_view pasted);
    void retry(uint64_t entry_id);              // an undetermined row's retry
    // «اصلاح» on a rejected row: its text goes back into the national ID field to be corrected
    // and the row goes, unless the field already holds something (then only the focus moves).
    void correct(uint64_t entry_id);
    void toggle_details(uint64_t entry_id);     // «درباره کد ملی»
    void clear_inquiries();                       // «حذف سابقه استعلامات»
    void start_over();                          // «دریافت مجدد کد اعتباری» / «شروع مجدد»
    void dismiss_notice();
    // The browser went Back or Forward to `target`: true when the flow could show it.
    bool navigate(Screen target);
    void open_receipt(const std::string& tracking_code);
    void close_receipt();
    // Puts back what encode_snapshot() saved before a reload (see snapshot.h); false when the
    // text is not a snapshot (nothing changes then).
    bool restore(std::string_view snapshot);
    // Advances timers; true when something visible changed (a countdown second, an expiry).
    bool tick();

    // ---- state out ----
    const FlowState& state() const { return s_; }
    bool can(Action a) const;
    int code_seconds_left() const;              // for «زمان باقیمانده»
    int resend_seconds_left() const;
    int notice_seconds_left() const;            // the live time of a notice that has one
    // Bumped on every change, so the renderer can draw only when something changed.
    uint64_t version() const { return version_; }
    // Bumped when something worth keeping over a reload changed (not on each keystroke).
    uint64_t saved_version() const { return saved_version_; }

private:
    void changed() { ++version_; ++saved_version_; }
    void redraw() { ++version_; }
    void set_notice(std::string code, bool error, int64_t until_ms = 0);
    // `field` shows error `code` (read out again if it was the same) and takes focus: the user
    // fixes it there.
    void refuse(FieldId field, std::string code);
    void show_error(const api::ApiError& e);
    void focus_on(FieldId field, bool strong = true);
    void wait_to_resend(int seconds);
    void pump();                                // sends queued inquiries while there is room
    void send_inquiry(uint64_t entry_id, const std::string& national_id);
    void abandon_pending(const char* error_code); // pending rows whose replies will not come
    void service_failed();
    bool validate_mobile();
    int64_t now() const { return clock_.now_ms(); }

    Transport& transport_;
    const Clock& clock_;
    FlowState s_;
    uint64_t version_ = 1;
    uint64_t saved_version_ = 1;
    uint64_t generation_ = 0;    // replies from before a start over are dropped
    size_t in_flight_ = 0;       // inquiry requests of this generation still out
    bool just_submitted_ = false; // the field was cleared by a submit, and nothing typed since
    int service_attempts_ = 0;
    int last_code_second_ = 0;     // the seconds last shown, so tick() draws only when one changes
    int last_resend_second_ = 0;
    int last_notice_second_ = 0;
    uint64_t said_ = 0;           // the last Notice::serial / Field::said given
    int last_service_second_ = 0;
};

} // namespace bk
