#include "service/abuse_limits.h"

#include "core/local_time.h"

namespace bk {

int retry_after_seconds(int64_t deadline_ms, int64_t now_ms) {
    const int64_t s = (deadline_ms - now_ms + 999) / 1000;
    return s < 1 ? 1 : static_cast<int>(s);
}

int64_t AbuseLimits::local_day_start_s(int64_t now_ms) const {
    return local_time(now_ms, config_.utcOffsetMinutes).dayStartUtcMs / 1000;
}

api::ApiResult<Ok> AbuseLimits::admit_issue(const std::string& mobile, const std::string& ip, int64_t now_ms) {
    const int64_t now_s = now_ms / 1000;
    const int64_t hour_start = now_s - now_s % 3600;

    if (!ip.empty()) {
        auto n = store_.hit("ip-hour:" + ip, hour_start);
        if (!n) return api::make_api_error(503, "service_unavailable");
        if (*n > config_.codesPerIpPerHour)
            return api::make_api_error(429, "ip_cap", {}, retry_after_seconds((hour_start + 3600) * 1000, now_ms));
    }

    auto held = store_.claim("resend:" + mobile, now_ms, now_ms + int64_t(config_.resendCooldownSeconds) * 1000);
    if (!held) return api::make_api_error(503, "service_unavailable");
    if (*held != 0) return api::make_api_error(429, "resend_cooldown", "mobile", retry_after_seconds(*held, now_ms));

    auto per_hour = store_.hit("mobile-hour:" + mobile, hour_start);
    if (!per_hour) return api::make_api_error(503, "service_unavailable");
    if (*per_hour > config_.codesPerMobilePerHour)
        return api::make_api_error(429, "mobile_hourly_cap", "mobile", retry_after_seconds((hour_start + 3600) * 1000, now_ms));

    const int64_t day_start = local_day_start_s(now_ms);
    auto per_day = store_.hit("mobile-day:" + mobile, day_start);
    if (!per_day) return api::make_api_error(503, "service_unavailable");
    if (*per_day > config_.codesPerMobilePerDay)
        return api::make_api_error(429, "mobile_daily_cap", "mobile", retry_after_seconds((day_start + 86400) * 1000, now_ms));
    return Ok{};
}

void AbuseLimits::release_cooldown(const std::string& mobile) { store_.forget("resend:" + mobile); }

api::ApiResult<Ok> AbuseLimits::check_lock(const std::string& mobile, int64_t now_ms) {
    auto until = store_.deadline("lock:" + mobile);
    if (!until) return api::make_api_error(503, "service_unavailable");
    if (*until > now_ms) return api::make_api_error(429, "code_locked", "code", retry_after_seconds(*until, now_ms));
    return Ok{};
}

api::ApiError AbuseLimits::wrong_code(const std::string& mobile, int64_t now_ms) {
    auto n = store_.hit("wrong:" + mobile, 0);
    if (!n) return api::make_api_error(503, "service_unavailable");
    if (*n >= config_.wrongCodesBeforeLock) {
        const int64_t until = now_ms + int64_t(config_.lockSeconds) * 1000;
        store_.claim("lock:" + mobile, now_ms, until);
        store_.forget("wrong:" + mobile);
        return api::make_api_error(429, "code_locked", "code", config_.lockSeconds);
    }
    api::ApiError e = api::make_api_error(422, "invalid_code", "code");
    e.attemptsLeft = static_cast<int>(config_.wrongCodesBeforeLock - *n);
    return e;
}

void AbuseLimits::right_code(const std::string& mobile) { store_.forget("wrong:" + mobile); }

} // namespace bk
