// countdown.h — the code-entry timer (default 180 s) and the resend cool-down, from a clock.
#pragma once
#include <cstdint>
#include <string>

namespace bk {

class Countdown {
public:
    Countdown() = default;
    Countdown(int64_t start_ms, int64_t duration_ms) : start_(start_ms), duration_(duration_ms), armed_(true) {}

    bool armed() const { return armed_; }
    void disarm() { armed_ = false; }
    // Expired from the exact instant start + duration on (179.999 s: still running; 180 s: expired).
    bool expired(int64_t now_ms) const { return armed_ && now_ms >= start_ + duration_; }
    int64_t remaining_ms(int64_t now_ms) const;
    // Whole seconds left, rounded up: 0.2 s left still shows 00:01.
    int remaining_seconds(int64_t now_ms) const;
    // Fraction of the time left, 1 → 0 (for the ring/bar drawn by the client).
    float fraction_left(int64_t now_ms) const;
    int64_t deadline_ms() const { return start_ + duration_; }

private:
    int64_t start_ = 0;
    int64_t duration_ = 0;
    bool armed_ = false;
};

// "۰۲:۵۹" (Persian digits) or "02:59".
std::string format_mm_ss(int seconds, bool persian_digits = true);

} // namespace bk
