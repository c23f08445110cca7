#include "core/jalali.h"

#include <cstdio>

#include "core/digits.h"

namespace bk {

// Integer division and remainder that truncate toward zero, as jalaali-js's div/mod do.
static int64_t idiv(int64_t a, int64_t b) { return a / b; }
static int64_t imod(int64_t a, int64_t b) { return a % b; }

// Years in which the 33-year leap pattern is re-anchored (jalaali-js "breaks").
static const int kBreaks[] = {-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210,
                              1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178};

struct JalCal {
    int leap;      // years since the last leap year: 0 means jy itself is leap
    int gy;        // the Gregorian year in which jy begins
    int march;     // the day in March of Farvardin 1st
};

static JalCal jal_cal(int jy) {
    const int bl = static_cast<int>(sizeof(kBreaks) / sizeof(kBreaks[0]));
    const int gy = jy + 621;
    int64_t leap_j = -14;
    int jp = kBreaks[0];
    int jump = 0;
    for (int i = 1; i < bl; ++i) {
        const int jm = kBreaks[i];
        jump = jm - jp;
        if (jy < jm) break;
        leap_j += idiv(jump, 33) * 8 + idiv(imod(jump, 33), 4);
        jp = jm;
    }
    int64_t n = jy - jp;
    leap_j += idiv(n, 33) * 8 + idiv(imod(n, 33) + 3, 4);
    if (imod(jump, 33) == 4 && jump - n == 4) leap_j += 1;
    const int64_t leap_g = idiv(gy, 4) - idiv((idiv(gy, 100) + 1) * 3, 4) - 150;
    const int march = static_cast<int>(20 + leap_j - leap_g);
    if (jump - n < 6) n = n - jump + idiv(jump + 4, 33) * 33;
    int64_t leap = imod(imod(n + 1, 33) - 1, 4);
    if (leap == -1) leap = 4;
    return JalCal{static_cast<int>(leap), gy, march};
}

bool jalali_year_in_range(int jy) { return jy >= kJalaliMinYear && jy <= kJalaliMaxYear; }

bool is_jalali_leap_year(int jy) { return jalali_year_in_range(jy) && jal_cal(jy).leap == 0; }

int jalali_month_length(int jy, int jm) {
    if (jm <= 6) return 31;
    if (jm <= 11) return 30;
    return is_jalali_leap_year(jy) ? 30 : 29;
}

bool is_valid_jalali(int jy, int jm, int jd) {
    return jalali_year_in_range(jy) && jm >= 1 && jm <= 12 && jd >= 1 && jd <= jalali_month_length(jy, jm);
}

bool is_gregorian_leap_year(int gy) { return (gy % 4 == 0 && gy % 100 != 0) || gy % 400 == 0; }

int gregorian_month_length(int gy, int gm) {
    static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (gm == 2 && is_gregorian_leap_year(gy)) return 29;
    return kDays[gm - 1];
}

bool is_valid_gregorian(int gy, int gm, int gd) {
    return gm >= 1 && gm <= 12 && gd >= 1 && gd <= gregorian_month_length(gy, gm);
}

int64_t gregorian_to_jdn(GregorianDate g) {
    const int64_t gy = g.year, gm = g.month, gd = g.day;
    int64_t d = idiv((gy + idiv(gm - 8, 6) + 100100) * 1461, 4) + idiv(153 * imod(gm + 9, 12) + 2, 5) + gd - 34840408;
    d = d - idiv(idiv(gy + 100100 + idiv(gm - 8, 6), 100) * 3, 4) + 752;
    return d;
}

GregorianDate jdn_to_gregorian(int64_t jdn) {
    int64_t j = 4 * jdn + 139361631;
    j = j + idiv(idiv(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    const int64_t i = idiv(imod(j, 1461), 4) * 5 + 308;
    GregorianDate g;
    g.day = static_cast<int>(idiv(imod(i, 153), 5) + 1);
    g.month = static_cast<int>(imod(idiv(i, 153), 12) + 1);
    g.year = static_cast<int>(idiv(j, 1461) - 100100 + idiv(8 - g.month, 6));
    return g;
}

int64_t jalali_to_jdn(JalaliDate jd) {
    const JalCal r = jal_cal(jd.year);
    return gregorian_to_jdn({r.gy, 3, r.march}) + (jd.month - 1) * 31 - idiv(jd.month, 7) * (jd.month - 7) + jd.day - 1;
}

JalaliDate jdn_to_jalali(int64_t jdn) {
    const int gy = jdn_to_gregorian(jdn).year;
    int jy = gy - 621;
    const JalCal r = jal_cal(jy);
    const int64_t jdn1f = gregorian_to_jdn({gy, 3, r.march});
    int64_t k = jdn - jdn1f;
    if (k >= 0) {
        if (k <= 185) return JalaliDate{jy, static_cast<int>(1 + idiv(k, 31)), static_cast<int>(imod(k, 31) + 1)};
        k -= 186;
    } else {
        jy -= 1;
        k += 179;
        if (r.leap == 1) k += 1;
    }
    return JalaliDate{jy, static_cast<int>(7 + idiv(k, 30)), static_cast<int>(imod(k, 30) + 1)};
}

JalaliDate to_jalali(GregorianDate g) { return jdn_to_jalali(gregorian_to_jdn(g)); }
GregorianDate to_gregorian(JalaliDate j) { return jdn_to_gregorian(jalali_to_jdn(j)); }

std::string format_jalali(JalaliDate j, bool persian_digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d/%02d/%02d", j.year, j.month, j.day);
    return persian_digits ? to_persian_digits(buf) : std::string(buf);
}

std::string format_iso_date(GregorianDate g) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", g.year, g.month, g.day);
    return buf;
}

bool parse_iso_date(std::string_view s, GregorianDate& out) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    int v[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8}, lens[3] = {4, 2, 2};
    for (int f = 0; f < 3; ++f)
        for (int k = 0; k < lens[f]; ++k) {
            const char c = s[starts[f] + k];
            if (c < '0' || c > '9') return false;
            v[f] = v[f] * 10 + (c - '0');
        }
    if (v[0] < kIsoMinYear || v[0] > kIsoMaxYear || !is_valid_gregorian(v[0], v[1], v[2])) return false;
    out = GregorianDate{v[0], v[1], v[2]};
    return true;
}

static const int64_t kEpochJdn = 2440588; // 1970-01-01

int64_t days_from_epoch(GregorianDate g) { return gregorian_to_jdn(g) - kEpochJdn; }
GregorianDate date_from_epoch_days(int64_t days) { return jdn_to_gregorian(days + kEpochJdn); }

int age_in_years(GregorianDate birth, GregorianDate on) {
    int age = on.year - birth.year;
    if (on.month < birth.month || (on.month == birth.month && on.day < birth.day)) age -= 1;
    return age;
}

} // namespace bk
