#include "core/local_time.h"

#include <cstdio>

namespace bk {

LocalTime local_time(int64_t utc_ms, int offset_minutes) {
    constexpr int64_t kDayMs = 86400000;
    const int64_t local_ms = utc_ms + int64_t(offset_minutes) * 60000;
    int64_t days = local_ms / kDayMs;
    if (local_ms < 0 && local_ms % kDayMs != 0) days -= 1; // floor, also before 1970
    const int64_t in_day = local_ms - days * kDayMs;
    LocalTime t;
    t.date = date_from_epoch_days(days);
    t.hour = static_cast<int>(in_day / 3600000);
    t.minute = static_cast<int>(in_day / 60000 % 60);
    t.second = static_cast<int>(in_day / 1000 % 60);
    t.dayStartUtcMs = days * kDayMs - int64_t(offset_minutes) * 60000;
    return t;
}

std::string format_hh_mm(const LocalTime& t) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
    return buf;
}

} // namespace bk
