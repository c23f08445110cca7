// flow.h — the front-end state machine: events in, state out. The ImGui screens only draw
// FlowState and call the event methods; tests drive the same methods with a fake clock.
//
//   Landing ──upgrade──▶ CreditRequest ──request_code (SMS)──▶ CodeEntry ──submit_code──▶ Inquiry
//      │                      ▲    └────have_code (USSD / earlier code)──▲                  │
//      └─inquire (open mode)  └────────── start_over / code timer ran out / 401 ◀───────────┘
#pragma once
#include <cstdint>
#include <string>

#include "core/api.h"
#include "core/clock.h"
#include "core/countdown.h"
#include "core/history.h"
#include "core/transport.h"

namespace bk {

enum class Screen { Landing, CreditRequest, CodeEntry, Inquiry };
enum class FieldId { NationalId, Mobile, Code };
enum class Action { Upgrade, RequestCode, HaveCode, SubmitCode, Inquire, ClearHistory, StartOver, Retry };

const char* screen_name(Screen s); // "landing", "credit_request", "code_entry", "inquiry"

struct Field {
    std::string text;       // as typed (any digits); the UI shows it with Persian digits
    std::string error;      // message code of the problem, empty when fine
};

struct Notice {
    std::string code;       // message code; empty = no notice
    bool error = false;
    int retryAfter = 0;
};

// The field the user needs next. The client moves keyboard focus there each time `serial`
// changes; a soft request (an answer arriving) must not take focus from another control.
struct FocusRequest {
    FieldId field = FieldId::NationalId;
    uint64_t serial = 0;
    bool strong = true;
};

struct FlowState {
    Screen screen = Screen::Landing;
    bool serviceLoaded = false;
    api::ServiceInfo service;

    Field nationalId, mobile, code;
    std::string mobileNormalized;   // the number the code belongs to

    bool codeBySms = false;         // CodeEntry reached by SMS: the 3-minute timer runs
    Countdown codeTimer;
    Countdown resendTimer;

    std::string session;            // token from verify; empty outside Inquiry
    std::string creditCode;         // the code the user typed (the server keeps only its HMAC)
    api::CreditState credit;

    History history;
    bool busy = false;
    Notice notice;
    FocusRequest focus;
};

class Flow {
public:
    Flow(Transport& transport, const Clock& clock);

    // ---- events ----
    void start();                               // ask the backend for mode and limits
    void edit(FieldId field, std::string text); // validates as you type
    void upgrade();                             // «ارتقای سرویس»
    void request_code();                        // «دریافت کد اعتباری»
    void have_code();                           // «دارای کد اعتباری می باشم»
    void submit_code();                         // «اعتبار سنجی و تایید»
    void inquire();                             // «استعلام»
    void retry(uint64_t entry_id);              // an undetermined row's retry
    void toggle_details(uint64_t entry_id);     // «درباره کد ملی»
    void clear_history();                       // «حذف سابقه استعلامات»
    void start_over();                          // «دریافت مجدد کد اعتباری» / «شروع مجدد»
    void dismiss_notice();
    // Advances timers; true when something visible changed (a countdown second, an expiry).
    bool tick();

    // ---- state out ----
    const FlowState& state() const { return s_; }
    bool can(Action a) const;
    int code_seconds_left() const;              // for «زمان باقیمانده»
    int resend_seconds_left() const;
    // Bumped on every change, so the renderer can draw only when something changed.
    uint64_t version() const { return version_; }

private:
    void changed() { ++version_; }
    void set_notice(std::string code, bool error, int retry_after = 0);
    void show_error(const api::ApiError& e);
    void focus_on(FieldId field, bool strong = true);
    void send_inquiry(uint64_t entry_id, const std::string& national_id);
    bool validate_mobile();
    int64_t now() const { return clock_.now_ms(); }

    Transport& transport_;
    const Clock& clock_;
    FlowState s_;
    uint64_t version_ = 1;
    uint64_t generation_ = 0;    // replies from before a start over are dropped
    int last_code_second_ = -1;
    int last_resend_second_ = -1;
};

} // namespace bk
