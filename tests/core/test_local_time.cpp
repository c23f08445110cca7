#include <doctest/doctest.h>

#include "core/local_time.h"

using namespace bk;

TEST_CASE("local time: Tehran is UTC+03:30 all year") {
    // 2026-11-25 04:30 UTC = 08:00 in Tehran, 1405/09/04
    LocalTime t = local_time(1795581000000);
    CHECK(t.date.year == 2026);
    CHECK(t.date.month == 11);
    CHECK(t.date.day == 25);
    CHECK(format_hh_mm(t) == "08:00");
    CHECK(t.dayStartUtcMs == 1795581000000 - 8LL * 3600000);
    // 20:29:59 UTC is 23:59:59 in Tehran; a second later it is the next day
    t = local_time(1795638599000);
    CHECK(t.date.day == 25);
    CHECK(t.hour == 23);
    CHECK(t.second == 59);
    CHECK(local_date(1795638600000).day == 26);
    // midsummer: no daylight saving (abolished in 2022)
    CHECK(format_hh_mm(local_time(1782993600000)) == "15:30"); // 2026-07-02 12:00 UTC
    // before 1970 the day still starts at local midnight
    CHECK(local_date(-1, 0).year == 1969);
    CHECK(local_date(-12600000 - 1).day == 31); // 1969-12-31 23:59:59.999 Tehran
}
