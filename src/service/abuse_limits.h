// abuse_limits.h — the limits that make the code channels and the answers hard to abuse. A
// "client" is the key the server derives from the request's address (an IPv4 address, an IPv6
// /64, or the address a trusted proxy vouches for; see server/client_address.h).
//
// Exact limits (counters and deadlines in the RateStore, so they hold across servers):
//   codes     — 60 s resend cool-down per mobile; 5 codes per mobile per hour, 10 per Tehran day;
//               an hourly cap per client; a global SMS budget per hour and per day.
//   verifying — per client: a cap per hour over all mobiles. Per (mobile, client): 5 wrong codes
//               lock that pair for 15 minutes — a stranger cannot lock a person out everywhere.
//               Per mobile, whoever tries: after 10 failures in a day each further one makes the
//               next try wait twice as long (2 s, 4 s … 1 h), and 100 failures end the day's tries
//               (NIST SP 800-63B 5.2.2). Globally: past a budget of failures per minute every
//               verification waits for the next minute. Each attempt is counted atomically
//               before its code is checked, so 200 guesses at once get exactly 5 checks, and
//               guesses from many clients at once never get past the mobile's ceiling.
// Approximate limits (a token bucket in each process: with N servers a client gets up to N× —
// cheap enough for every inquiry):
//   open-mode inquiries and receipt lookups per client per minute.
// Every method answers 503 service_unavailable when the store cannot answer, and the store's
// error goes to the error log once (a best-effort write that fails is logged too).
#pragma once
#include <atomic>
#include <cstdint>
#include <string>

#include "core/api.h"
#include "service/client_buckets.h"
#include "service/config.h"
#include "service/store.h"

namespace bk {

struct SmsBudget {
    int64_t usedThisHour = 0;
    int64_t perHour = 0;
    int64_t usedToday = 0;   // this Tehran day
    int64_t perDay = 0;
};

class AbuseLimits {
public:
    AbuseLimits(const ServiceConfig& config, RateStore& store);
    // Where store errors go (set before use).
    void set_error_log(StoreErrorLog log) { log_ = std::move(log); }

    // Admits one code for mobile, asked by client through `sms` (true) or USSD (false), and
    // counts it: 429 (with retryAfter) when a cap or the cool-down holds — resend_cooldown,
    // mobile_hourly_cap, mobile_daily_cap, ip_cap, sms_budget.
    api::ApiResult<Ok> admit_issue(const std::string& mobile, const std::string& client, bool sms, int64_t now_ms);
    // Lifts the cool-down again (the code could not be sent, so the user may try at once).
    void release_cooldown(const std::string& mobile);

    // Before a code is checked: 429 code_locked while (mobile, client) is locked or the mobile
    // must wait, 429 rate_limited over the client's or the global budget. Otherwise the attempt
    // is counted — as a failure, both for the pair and for the mobile, until right_code() says
    // otherwise — and, past the mobile's free failures, takes the mobile's next delay slot. All
    // of it before the code is checked, each step one atomic store call, so of any number of
    // attempts at once no more are checked than the limits allow: 5 per pair, one per delay,
    // the ceiling per mobile. The pair's window opens at its first try (not at a clock boundary).
    struct Attempt {
        int pair = 0;            // this attempt's number in the pair's window (1 = first)
        int64_t mobile = 0;      // … and among the mobile's failures today
    };
    api::ApiResult<Attempt> begin_verify(const std::string& mobile, const std::string& client, int64_t now_ms);
    // The code was wrong: the error to answer — 422 invalid_code with attemptsLeft, or 429
    // code_locked when this was the last try allowed (the pair's, or the mobile's for today).
    api::ApiError wrong_code(const std::string& mobile, const std::string& client, const Attempt& attempt, int64_t now_ms);
    // The code was right: the pair's and the mobile's failures are forgotten.
    void right_code(const std::string& mobile, const std::string& client);

    // Open-mode inquiries and receipt lookups: 429 rate_limited over the client's budget.
    api::ApiResult<Ok> admit_open_inquiry(const std::string& client, int64_t now_ms);
    api::ApiResult<Ok> admit_receipt_lookup(const std::string& client, int64_t now_ms);

    // The global SMS budget this hour and this Tehran day, as this process last saw the shared
    // counters (/metrics).
    SmsBudget sms_budget(int64_t now_ms) const;

private:
    int64_t local_day_start_s(int64_t now_ms) const;
    // A store failure: logged, and 503 for the user.
    api::ApiError failed(const char* operation, const StoreError& e) const;
    // A best-effort write (a lock, a pause, forgetting): its failure is logged, nothing more.
    template <class T>
    void best_effort(const char* operation, const StoreResult<T>& r) const {
        if (!r) (void)failed(operation, r.error());
    }

    const ServiceConfig& config_;
    RateStore& store_;
    StoreErrorLog log_;
    ClientBuckets inquiries_, receipts_;
    std::atomic<int64_t> sms_hour_start_{0}, sms_hour_used_{0}, sms_day_start_{0}, sms_day_used_{0};
};

// Seconds from now until deadline, rounded up, at least 1.
int retry_after_seconds(int64_t deadline_ms, int64_t now_ms);

} // namespace bk
