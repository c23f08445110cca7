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
//               before its code is checked, so 200 guesses at once get exactly 5 checks.
// Approximate limits (a token bucket in each process: with N servers a client gets up to N× —
// cheap enough for every inquiry):
//   open-mode inquiries and receipt lookups per client per minute.
// Every method answers 503 service_unavailable when the store cannot answer.
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
};

class AbuseLimits {
public:
    AbuseLimits(const ServiceConfig& config, RateStore& store);

    // Admits one code for mobile, asked by client through `sms` (true) or USSD (false), and
    // counts it: 429 (with retryAfter) when a cap or the cool-down holds — resend_cooldown,
    // mobile_hourly_cap, mobile_daily_cap, ip_cap, sms_budget.
    api::ApiResult<Ok> admit_issue(const std::string& mobile, const std::string& client, bool sms, int64_t now_ms);
    // Lifts the cool-down again (the code could not be sent, so the user may try at once).
    void release_cooldown(const std::string& mobile);

    // Before a code is checked: 429 code_locked while (mobile, client) is locked or the mobile
    // must wait, 429 rate_limited over the client's or the global budget; otherwise counts the
    // attempt and returns its number in the current lock window (1 = first).
    api::ApiResult<int> begin_verify(const std::string& mobile, const std::string& client, int64_t now_ms);
    // The code was wrong (attempt = begin_verify's number): counts the failure and returns the
    // error to answer — 422 invalid_code with attemptsLeft, or 429 code_locked when this was the
    // last try allowed.
    api::ApiError wrong_code(const std::string& mobile, const std::string& client, int attempt, int64_t now_ms);
    // The code was right: the pair's and the mobile's failures are forgotten.
    void right_code(const std::string& mobile, const std::string& client);

    // Open-mode inquiries and receipt lookups: 429 rate_limited over the client's budget.
    api::ApiResult<Ok> admit_open_inquiry(const std::string& client, int64_t now_ms);
    api::ApiResult<Ok> admit_receipt_lookup(const std::string& client, int64_t now_ms);

    // The global SMS budget this hour, as this process last saw the shared counter (/metrics).
    SmsBudget sms_budget(int64_t now_ms) const;

private:
    int64_t local_day_start_s(int64_t now_ms) const;

    const ServiceConfig& config_;
    RateStore& store_;
    ClientBuckets inquiries_, receipts_;
    std::atomic<int64_t> sms_hour_start_{0}, sms_hour_used_{0};
};

// Seconds from now until deadline, rounded up, at least 1.
int retry_after_seconds(int64_t deadline_ms, int64_t now_ms);

} // namespace bk
