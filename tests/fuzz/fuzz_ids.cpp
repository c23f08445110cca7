// National IDs, mobile numbers, digits and tracking codes as people type and paste them.
// Properties: a valid national ID normalises to 10 ASCII digits that are themselves valid with
// the same check digit; a valid mobile is 09 + 9 digits; normalising digits twice changes
// nothing; a parsed tracking code is canonical and parses to itself.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/digits.h"
#include "core/mobile.h"
#include "core/national_id.h"
#include "fuzz_check.h"
#include "service/tracking_code.h"

using namespace bk;

namespace {
bool ascii_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const NationalIdCheck id = check_national_id(text);
    (void)national_id_reason_code(id.reason);
    char ten[10];
    FUZZ_CHECK(check_national_id_fast(text, ten) == id.reason); // the bulk path decides the same
    if (id.normalized.size() == 10) FUZZ_CHECK(std::string_view(ten, 10) == id.normalized);
    if (id.valid) {
        FUZZ_CHECK(id.normalized.size() == 10 && ascii_digits(id.normalized));
        FUZZ_CHECK(national_id_check_digit(std::string_view(id.normalized).substr(0, 9)) == id.normalized[9] - '0');
        const NationalIdCheck again = check_national_id(id.normalized);
        FUZZ_CHECK(again.valid && again.normalized == id.normalized);
        FUZZ_CHECK(mask_national_id(id.normalized).size() == 10);
    }
    for (const std::string& piece : split_national_ids(text)) {
        FUZZ_CHECK(!piece.empty());
        (void)check_national_id(piece);
    }

    const MobileCheck m = check_mobile(text);
    if (m.valid) {
        FUZZ_CHECK(m.normalized.size() == 11 && m.normalized.rfind("09", 0) == 0 && ascii_digits(m.normalized));
        FUZZ_CHECK(check_mobile(m.normalized).valid);
    }

    const std::string digits = normalize_digits(text);
    FUZZ_CHECK(normalize_digits(digits) == digits);
    if (ascii_digits(digits)) FUZZ_CHECK(normalize_digits(to_persian_digits(digits)) == digits);

    if (auto code = parse_tracking_code(text)) {
        FUZZ_CHECK(code->size() == static_cast<size_t>(kTrackingCodeChars));
        const auto again = parse_tracking_code(format_tracking_code(*code));
        FUZZ_CHECK(again && *again == *code);
    }
    return 0;
}
