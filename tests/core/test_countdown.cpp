#include <doctest/doctest.h>

#include "core/countdown.h"

using namespace bk;

TEST_CASE("countdown: 180 s, expired at exactly 180 s") {
    const Countdown c(1000, 180000);
    CHECK(c.armed());
    CHECK(c.remaining_seconds(1000) == 180);
    CHECK(c.remaining_seconds(1001) == 180);   // rounds up
    CHECK(c.remaining_seconds(2000) == 179);
    CHECK_FALSE(c.expired(180999));            // 179.999 s after start
    CHECK(c.remaining_seconds(180999) == 1);
    CHECK(c.expired(181000));                  // exactly 180 s
    CHECK(c.remaining_seconds(181000) == 0);
    CHECK(c.remaining_seconds(999999) == 0);
    CHECK(c.fraction_left(1000) == doctest::Approx(1.0));
    CHECK(c.fraction_left(91000) == doctest::Approx(0.5));
}

TEST_CASE("countdown: disarmed never expires") {
    Countdown c(0, 1000);
    c.disarm();
    CHECK_FALSE(c.expired(5000));
    CHECK(c.remaining_seconds(0) == 0);
    CHECK_FALSE(Countdown().expired(1));
}

TEST_CASE("countdown: mm:ss in Persian digits") {
    CHECK(format_mm_ss(180) == "۰۳:۰۰");
    CHECK(format_mm_ss(179) == "۰۲:۵۹");
    CHECK(format_mm_ss(59, false) == "00:59");
    CHECK(format_mm_ss(-4, false) == "00:00");
}
