// abuse_limits.h — the limits that make the code channels hard to abuse: resend cool-down per
// mobile, hourly and daily caps per mobile, an hourly cap per client address, and the lock after
// repeated wrong codes. All state lives in a RateStore so it holds across server processes.
#pragma once
#include <cstdint>
#include <string>

#include "core/api.h"
#include "service/config.h"
#include "service/store.h"

namespace bk {

class AbuseLimits {
public:
    AbuseLimits(const ServiceConfig& config, RateStore& store) : config_(config), store_(store) {}

    // Admits one code issue for mobile from ip, counting it; a 429 (with retryAfter) when a limit
    // holds, 503 when the store cannot answer.
    api::ApiResult<Ok> admit_issue(const std::string& mobile, const std::string& ip, int64_t now_ms);
    // Lifts the cool-down again (the code could not be sent, so the user may try at once).
    void release_cooldown(const std::string& mobile);

    // 429 code_locked while the mobile is locked after wrong codes.
    api::ApiResult<Ok> check_lock(const std::string& mobile, int64_t now_ms);
    // Counts a wrong code; returns the error to answer: 422 invalid_code, or 429 code_locked
    // when this was the last attempt allowed.
    api::ApiError wrong_code(const std::string& mobile, int64_t now_ms);
    void right_code(const std::string& mobile);

private:
    int64_t local_day_start_s(int64_t now_ms) const;

    const ServiceConfig& config_;
    RateStore& store_;
};

// Seconds from now until deadline, rounded up, at least 1.
int retry_after_seconds(int64_t deadline_ms, int64_t now_ms);

} // namespace bk
