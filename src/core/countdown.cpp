#include "core/countdown.h"

#include <cstdio>

#include "core/digits.h"

namespace bk {

int64_t Countdown::remaining_ms(int64_t now_ms) const {
    if (!armed_) return 0;
    const int64_t left = start_ + duration_ - now_ms;
    return left > 0 ? left : 0;
}

int Countdown::remaining_seconds(int64_t now_ms) const {
    return static_cast<int>((remaining_ms(now_ms) + 999) / 1000);
}

float Countdown::fraction_left(int64_t now_ms) const {
    if (!armed_ || duration_ <= 0) return 0.0f;
    return static_cast<float>(remaining_ms(now_ms)) / static_cast<float>(duration_);
}

std::string format_mm_ss(int seconds, bool persian_digits) {
    if (seconds < 0) seconds = 0;
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", seconds / 60, seconds % 60);
    return persian_digits ? to_persian_digits(buf) : std::string(buf);
}

} // namespace bk
