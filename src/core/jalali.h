// jalali.h — Gregorian ↔ Jalali (Solar Hijri) conversion by Borkowski's algorithm, as in
// jalaali-js: exact for Jalali years −61..3177. Dates are plain values; a day number (Julian
// Day Number) links the two calendars and makes date arithmetic simple.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace bk {

struct GregorianDate { int year = 0, month = 0, day = 0; };
struct JalaliDate { int year = 0, month = 0, day = 0; };

constexpr int kJalaliMinYear = -61;
constexpr int kJalaliMaxYear = 3177;

bool jalali_year_in_range(int jy);
bool is_jalali_leap_year(int jy);               // 1403 → true, 1404 → false
int jalali_month_length(int jy, int jm);        // 31 ×6, 30 ×5, Esfand 29/30
bool is_valid_jalali(int jy, int jm, int jd);
bool is_gregorian_leap_year(int gy);
int gregorian_month_length(int gy, int gm);
bool is_valid_gregorian(int gy, int gm, int gd);

// Julian Day Numbers.
int64_t gregorian_to_jdn(GregorianDate g);
GregorianDate jdn_to_gregorian(int64_t jdn);
int64_t jalali_to_jdn(JalaliDate j);
JalaliDate jdn_to_jalali(int64_t jdn);

JalaliDate to_jalali(GregorianDate g);
GregorianDate to_gregorian(JalaliDate j);

// "۱۴۰۳/۰۱/۰۱" (Persian digits) and "1403/01/01" (ASCII).
std::string format_jalali(JalaliDate j, bool persian_digits = true);
// "2024-03-20"
std::string format_iso_date(GregorianDate g);
// Parses "YYYY-MM-DD"; returns false on any malformed or impossible date, and on a year the
// Jalali conversion is not exact for (outside kIsoMinYear..kIsoMaxYear): every parsed date has
// a Jalali twin.
constexpr int kIsoMinYear = 600;
constexpr int kIsoMaxYear = 3700;
bool parse_iso_date(std::string_view s, GregorianDate& out);

// Days since 1970-01-01 for a Gregorian date, and back (used for "today" and ages).
int64_t days_from_epoch(GregorianDate g);
GregorianDate date_from_epoch_days(int64_t days);

// Whole years between birth and on (birthday reached counts; Feb 29 birthdays turn on Mar 1
// in common years).
int age_in_years(GregorianDate birth, GregorianDate on);

} // namespace bk
