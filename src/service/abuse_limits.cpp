#include "service/abuse_limits.h"

#include <algorithm>

#include "core/local_time.h"

namespace bk {

namespace {

api::ApiError too_many(const char* code, const char* field, int64_t until_ms, int64_t now_ms) {
    return api::make_api_error(429, code, field ? field : "", retry_after_seconds(until_ms, now_ms));
}

} // namespace

int retry_after_seconds(int64_t deadline_ms, int64_t now_ms) {
    const int64_t s = (deadline_ms - now_ms + 999) / 1000;
    return s < 1 ? 1 : static_cast<int>(std::min<int64_t>(s, 86400 * 7));
}

AbuseLimits::AbuseLimits(const ServiceConfig& config, RateStore& store)
    : config_(config), store_(store), inquiries_(config.inquiriesPerClientMinute), receipts_(config.receiptsPerClientMinute) {}

api::ApiError AbuseLimits::failed(const char* operation, const StoreError& e) const {
    if (log_) log_(operation, e);
    return api::make_api_error(503, "service_unavailable");
}

int64_t AbuseLimits::local_day_start_s(int64_t now_ms) const {
    return local_time(now_ms, config_.utcOffsetMinutes).dayStartUtcMs / 1000;
}

// ---- issuing codes -------------------------------------------------------------------------------

api::ApiResult<Ok> AbuseLimits::admit_issue(const std::string& mobile, const std::string& client, bool sms, int64_t now_ms) {
    const int64_t now_s = now_ms / 1000;
    const int64_t hour_start = now_s - now_s % 3600;
    const int64_t day_start = local_day_start_s(now_ms);

    if (!client.empty()) {
        auto n = store_.hit("client-hour:" + client, hour_start);
        if (!n) return failed("limits.hit", n.error());
        if (*n > config_.codesPerClientPerHour) return too_many("ip_cap", nullptr, (hour_start + 3600) * 1000, now_ms);
    }

    auto held = store_.claim("resend:" + mobile, now_ms, now_ms + int64_t(config_.resendCooldownSeconds) * 1000);
    if (!held) return failed("limits.claim", held.error());
    if (*held != 0) return too_many(api::error::kResendCooldown, "mobile", *held, now_ms);

    auto per_hour = store_.hit("mobile-hour:" + mobile, hour_start);
    if (!per_hour) return failed("limits.hit", per_hour.error());
    if (*per_hour > config_.codesPerMobilePerHour) return too_many("mobile_hourly_cap", "mobile", (hour_start + 3600) * 1000, now_ms);

    auto per_day = store_.hit("mobile-day:" + mobile, day_start);
    if (!per_day) return failed("limits.hit", per_day.error());
    if (*per_day > config_.codesPerMobilePerDay) return too_many("mobile_daily_cap", "mobile", (day_start + 86400) * 1000, now_ms);

    if (sms) {
        // The SMS budget: what a flood of fresh mobiles (SMS pumping) can cost at most.
        auto h = store_.hit("sms-hour", hour_start);
        if (!h) return failed("limits.hit", h.error());
        sms_hour_start_ = hour_start;
        sms_hour_used_ = std::min<int64_t>(*h, config_.smsPerHour);
        if (*h > config_.smsPerHour) { release_cooldown(mobile); return too_many("sms_budget", nullptr, (hour_start + 3600) * 1000, now_ms); }
        auto d = store_.hit("sms-day", day_start);
        if (!d) return failed("limits.hit", d.error());
        sms_day_start_ = day_start;
        sms_day_used_ = std::min<int64_t>(*d, config_.smsPerDay);
        if (*d > config_.smsPerDay) { release_cooldown(mobile); return too_many("sms_budget", nullptr, (day_start + 86400) * 1000, now_ms); }
    }
    return Ok{};
}

void AbuseLimits::release_cooldown(const std::string& mobile) {
    // Best effort: if the store is down the cool-down simply runs out.
    best_effort("limits.forget", store_.forget("resend:" + mobile));
}

SmsBudget AbuseLimits::sms_budget(int64_t now_ms) const {
    const int64_t now_s = now_ms / 1000;
    const int64_t hour_start = now_s - now_s % 3600;
    const int64_t used = sms_hour_start_.load() == hour_start ? sms_hour_used_.load() : 0;
    const int64_t today = sms_day_start_.load() == local_day_start_s(now_ms) ? sms_day_used_.load() : 0;
    return SmsBudget{used, config_.smsPerHour, today, config_.smsPerDay};
}

// ---- verifying codes ------------------------------------------------------------------------------

api::ApiResult<AbuseLimits::Attempt> AbuseLimits::begin_verify(const std::string& mobile, const std::string& client, int64_t now_ms) {
    const std::string pair = mobile + "|" + client;
    auto locked = store_.deadline("lock:" + pair);
    if (!locked) return failed("limits.deadline", locked.error());
    if (*locked > now_ms) return too_many("code_locked", "code", *locked, now_ms);
    auto slow = store_.deadline("slow:" + mobile);
    if (!slow) return failed("limits.deadline", slow.error());
    if (*slow > now_ms) return too_many("code_locked", "code", *slow, now_ms);
    auto paused = store_.deadline("verify-pause");
    if (!paused) return failed("limits.deadline", paused.error());
    if (*paused > now_ms) return too_many("rate_limited", nullptr, *paused, now_ms);

    const int64_t now_s = now_ms / 1000;
    const int64_t hour_start = now_s - now_s % 3600;
    auto per_client = store_.hit("verify-client:" + client, hour_start);
    if (!per_client) return failed("limits.hit", per_client.error());
    if (*per_client > config_.verifiesPerClientPerHour) return too_many("rate_limited", nullptr, (hour_start + 3600) * 1000, now_ms);

    // The pair's window opens at its first try and lasts a lock's length; of any number of
    // tries at once, only the first `wrongCodesBeforeLock` of a window are checked.
    const int64_t window_ms = int64_t(std::max(1, config_.lockSeconds)) * 1000;
    auto window_end = store_.claim("tries-window:" + pair, now_ms, now_ms + window_ms);
    if (!window_end) return failed("limits.claim", window_end.error());
    const int64_t end_ms = *window_end == 0 ? now_ms + window_ms : *window_end;
    auto tries = store_.hit("tries:" + pair, (end_ms - window_ms) / 1000);
    if (!tries) return failed("limits.hit", tries.error());
    if (*tries > config_.wrongCodesBeforeLock) return too_many("code_locked", "code", end_ms, now_ms);

    // The mobile's failures today, from anyone, counted now (forgotten by right_code()).
    const int64_t day_start = local_day_start_s(now_ms);
    auto failures = store_.hit("failures:" + mobile, day_start);
    if (!failures) return failed("limits.hit", failures.error());
    const int64_t f = *failures;
    if (f > config_.mobileFailureCeiling) return too_many("code_locked", "code", (day_start + 86400) * 1000, now_ms);
    if (f > config_.mobileFailuresBeforeDelay) {
        // Past the free failures each try takes the next slot: the one after it waits twice as long.
        const int64_t delay_s = std::min<int64_t>(3600, int64_t(1) << std::min<int64_t>(f - config_.mobileFailuresBeforeDelay, 12));
        auto slot = store_.claim("slow:" + mobile, now_ms, now_ms + delay_s * 1000);
        if (!slot) return failed("limits.claim", slot.error());
        if (*slot != 0) return too_many("code_locked", "code", *slot, now_ms); // another try took it
    }
    return Attempt{static_cast<int>(*tries), f};
}

api::ApiError AbuseLimits::wrong_code(const std::string& mobile, const std::string& client, const Attempt& attempt, int64_t now_ms) {
    const int64_t now_s = now_ms / 1000;
    // Globally: past the budget of failures a minute, every verification waits for the next minute.
    const int64_t minute_start = now_s - now_s % 60;
    auto global = store_.hit("verify-failures", minute_start);
    if (!global) return failed("limits.hit", global.error());
    if (*global > config_.verifyFailuresPerMinute) best_effort("limits.claim", store_.claim("verify-pause", now_ms, (minute_start + 60) * 1000));

    // The mobile's last try today.
    if (attempt.mobile >= config_.mobileFailureCeiling) {
        const int64_t day_end = (local_day_start_s(now_ms) + 86400) * 1000;
        best_effort("limits.claim", store_.claim("slow:" + mobile, now_ms, day_end));
        return too_many("code_locked", "code", day_end, now_ms);
    }
    if (attempt.pair >= config_.wrongCodesBeforeLock) {
        const int64_t until = now_ms + int64_t(config_.lockSeconds) * 1000;
        best_effort("limits.claim", store_.claim("lock:" + mobile + "|" + client, now_ms, until));
        return api::make_api_error(429, "code_locked", "code", config_.lockSeconds);
    }
    api::ApiError e = api::make_api_error(422, api::error::kInvalidCode, "code");
    e.attemptsLeft = static_cast<int>(std::min<int64_t>(config_.wrongCodesBeforeLock - attempt.pair, config_.mobileFailureCeiling - attempt.mobile));
    return e;
}

void AbuseLimits::right_code(const std::string& mobile, const std::string& client) {
    best_effort("limits.forget", store_.forget("tries:" + mobile + "|" + client));
    best_effort("limits.forget", store_.forget("tries-window:" + mobile + "|" + client));
    best_effort("limits.forget", store_.forget("failures:" + mobile));
    best_effort("limits.forget", store_.forget("slow:" + mobile));
}

// ---- inquiries and receipts -----------------------------------------------------------------------

api::ApiResult<Ok> AbuseLimits::admit_open_inquiry(const std::string& client, int64_t now_ms) {
    int64_t wait = 0;
    if (inquiries_.take(client, now_ms, wait)) return Ok{};
    return too_many("rate_limited", nullptr, now_ms + wait, now_ms);
}

api::ApiResult<Ok> AbuseLimits::admit_receipt_lookup(const std::string& client, int64_t now_ms) {
    int64_t wait = 0;
    if (receipts_.take(client, now_ms, wait)) return Ok{};
    return too_many("rate_limited", nullptr, now_ms + wait, now_ms);
}

} // namespace bk
