// local_time.h — the one place that turns an instant into the Tehran calendar day and clock
// time. Iran keeps UTC+03:30 all year (no daylight saving since 2022), so the offset is fixed;
// it is a parameter only so tests and other deployments can move it.
#pragma once
#include <cstdint>
#include <string>

#include "core/jalali.h"

namespace bk {

constexpr int kTehranUtcOffsetMinutes = 210;

struct LocalTime {
    GregorianDate date;
    int hour = 0, minute = 0, second = 0;
    int64_t dayStartUtcMs = 0;   // the instant the local day began
};

LocalTime local_time(int64_t utc_ms, int offset_minutes = kTehranUtcOffsetMinutes);
inline GregorianDate local_date(int64_t utc_ms, int offset_minutes = kTehranUtcOffsetMinutes) {
    return local_time(utc_ms, offset_minutes).date;
}
// "14:05"
std::string format_hh_mm(const LocalTime& t);

} // namespace bk
