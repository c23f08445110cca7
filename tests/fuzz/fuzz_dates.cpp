// Gregorian ISO dates and the Jalali calendar. Properties: a parsed ISO date formats back to
// the same text; every valid date converts to Jalali and back unchanged, and its Jalali date is
// valid; Jalali ↔ day number round-trips in the supported range.
#include <cstdint>
#include <cstring>
#include <string_view>

#include "core/jalali.h"
#include "fuzz_check.h"

using namespace bk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    GregorianDate g{};
    if (parse_iso_date(text, g)) {
        FUZZ_CHECK(format_iso_date(g) == text);
        const JalaliDate j = to_jalali(g);
        FUZZ_CHECK(is_valid_jalali(j.year, j.month, j.day));
        const GregorianDate back = to_gregorian(j);
        FUZZ_CHECK(back.year == g.year && back.month == g.month && back.day == g.day);
        (void)format_jalali(j, true);
        (void)format_jalali(j, false);
    }
    // Three ints from the bytes: any Jalali triple.
    if (size >= 12) {
        int32_t v[3];
        std::memcpy(v, data, sizeof v);
        if (is_valid_jalali(v[0], v[1], v[2])) {
            const JalaliDate j{v[0], v[1], v[2]};
            const JalaliDate again = jdn_to_jalali(jalali_to_jdn(j));
            FUZZ_CHECK(again.year == j.year && again.month == j.month && again.day == j.day);
            const JalaliDate via = to_jalali(to_gregorian(j));
            FUZZ_CHECK(via.year == j.year && via.month == j.month && via.day == j.day);
            FUZZ_CHECK(v[2] <= jalali_month_length(v[0], v[1]));
        }
        (void)is_jalali_leap_year(v[0]);
        (void)jalali_year_in_range(v[0]);
    }
    return 0;
}
