#include <doctest/doctest.h>

#include "core/jalali.h"

using namespace bk;

namespace {
void check_pair(GregorianDate g, JalaliDate j) {
    CAPTURE(g.year); CAPTURE(g.month); CAPTURE(g.day);
    const JalaliDate got = to_jalali(g);
    CHECK(got.year == j.year);
    CHECK(got.month == j.month);
    CHECK(got.day == j.day);
    const GregorianDate back = to_gregorian(j);
    CHECK(back.year == g.year);
    CHECK(back.month == g.month);
    CHECK(back.day == g.day);
}
} // namespace

TEST_CASE("jalali: known dates") {
    check_pair({2021, 3, 21}, {1400, 1, 1});
    check_pair({2024, 3, 20}, {1403, 1, 1});
    check_pair({2025, 3, 20}, {1403, 12, 30});
    check_pair({2025, 3, 21}, {1404, 1, 1});
    check_pair({1925, 3, 22}, {1304, 1, 2});
    check_pair({2026, 11, 25}, {1405, 9, 4});
    check_pair({1979, 2, 11}, {1357, 11, 22});
}

TEST_CASE("jalali: leap years") {
    CHECK(is_jalali_leap_year(1403));
    CHECK_FALSE(is_jalali_leap_year(1404));
    CHECK(is_jalali_leap_year(1399));
    CHECK(is_jalali_leap_year(1408));
    CHECK_FALSE(is_jalali_leap_year(1400));
    CHECK(jalali_month_length(1403, 12) == 30);
    CHECK(jalali_month_length(1404, 12) == 29);
    CHECK(jalali_month_length(1404, 1) == 31);
    CHECK(jalali_month_length(1404, 6) == 31);
    CHECK(jalali_month_length(1404, 7) == 30);
    CHECK(is_valid_jalali(1403, 12, 30));
    CHECK_FALSE(is_valid_jalali(1404, 12, 30));
    CHECK_FALSE(is_valid_jalali(1404, 13, 1));
    CHECK_FALSE(is_valid_jalali(3178, 1, 1)); // outside the algorithm's range
}

TEST_CASE("jalali: round trip over every day 1900-2100") {
    const int64_t first = gregorian_to_jdn({1900, 1, 1});
    const int64_t last = gregorian_to_jdn({2100, 12, 31});
    int failures = 0;
    JalaliDate prev = jdn_to_jalali(first - 1);
    for (int64_t d = first; d <= last; ++d) {
        const GregorianDate g = jdn_to_gregorian(d);
        const JalaliDate j = jdn_to_jalali(d);
        // consecutive days: the next Jalali day, month or year
        const bool next_day = j.year == prev.year && j.month == prev.month && j.day == prev.day + 1;
        const bool next_month = j.year == prev.year && j.month == prev.month + 1 && j.day == 1 &&
                                prev.day == jalali_month_length(prev.year, prev.month);
        const bool next_year = j.year == prev.year + 1 && j.month == 1 && j.day == 1 && prev.month == 12 &&
                               prev.day == jalali_month_length(prev.year, 12);
        if (!(next_day || next_month || next_year)) ++failures;
        if (gregorian_to_jdn(g) != d || jalali_to_jdn(j) != d || !is_valid_jalali(j.year, j.month, j.day)) ++failures;
        const GregorianDate back = to_gregorian(j);
        if (back.year != g.year || back.month != g.month || back.day != g.day) ++failures;
        prev = j;
    }
    CHECK(failures == 0);
    CHECK(last - first + 1 == 73414);
}

TEST_CASE("jalali: formatting and ISO dates") {
    CHECK(format_jalali({1403, 1, 1}) == "۱۴۰۳/۰۱/۰۱");
    CHECK(format_jalali({1404, 12, 29}, false) == "1404/12/29");
    CHECK(format_iso_date({2024, 3, 20}) == "2024-03-20");
    GregorianDate g;
    CHECK(parse_iso_date("2024-02-29", g));
    CHECK(g.year == 2024);
    CHECK(g.month == 2);
    CHECK(g.day == 29);
    CHECK_FALSE(parse_iso_date("2023-02-29", g));
    CHECK_FALSE(parse_iso_date("2023-2-28", g));
    CHECK_FALSE(parse_iso_date("2023-02-28x", g));
}

// Found by tests/fuzz/fuzz_dates.cpp (corpus: dates/year_4050): 4050-03-21 parsed, and its
// Jalali date (year 3429) lies outside the range the conversion is exact for.
TEST_CASE("jalali: an ISO date is accepted only where it has an exact Jalali twin") {
    GregorianDate g;
    CHECK_FALSE(parse_iso_date("4050-03-21", g));
    CHECK_FALSE(parse_iso_date("0001-01-01", g));
    CHECK_FALSE(parse_iso_date("0599-12-31", g));
    CHECK(parse_iso_date("0600-01-01", g));
    CHECK(parse_iso_date("3700-12-31", g));
    for (const char* iso : {"0600-01-01", "1900-03-21", "3700-12-31"}) {
        REQUIRE(parse_iso_date(iso, g));
        const JalaliDate j = to_jalali(g);
        CHECK(is_valid_jalali(j.year, j.month, j.day));
        const GregorianDate back = to_gregorian(j);
        CHECK(format_iso_date(back) == iso);
    }
}

TEST_CASE("jalali: epoch days and ages") {
    CHECK(days_from_epoch({1970, 1, 1}) == 0);
    CHECK(days_from_epoch({2000, 3, 1}) == 11017);
    const GregorianDate d = date_from_epoch_days(20417);
    CHECK(d.year == 2025);
    CHECK(d.month == 11);
    CHECK(d.day == 25);
    CHECK(age_in_years({2007, 11, 25}, {2026, 11, 24}) == 18);
    CHECK(age_in_years({2007, 11, 25}, {2026, 11, 25}) == 19);
    CHECK(age_in_years({2004, 2, 29}, {2023, 2, 28}) == 18);
    CHECK(age_in_years({2004, 2, 29}, {2023, 3, 1}) == 19);
}
