// national_id.h — the Iranian 10-digit national ID (کد ملی): normalisation and checksum.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace bk {

enum class NationalIdReason {
    Ok,
    Empty,          // nothing typed
    NotDigits,      // a character that is not a digit, space or dash
    TooShort,       // fewer than 8 digits
    TooLong,        // more than 10 digits (never truncated)
    Repeated,       // all ten digits the same (0000000000, 1111111111, …)
    ZeroMiddle,     // the six middle digits are all zero
    Checksum,       // the check digit does not match
};

struct NationalIdCheck {
    bool valid = false;
    std::string normalized; // 10 ASCII digits when valid; the digits seen otherwise
    NationalIdReason reason = NationalIdReason::Empty;
};

// Accepts Persian, Arabic-Indic and ASCII digits with spaces/dashes; 8–9 digits are
// left-padded with zeros (IDs that start with 0 are often written without them).
NationalIdCheck check_national_id(std::string_view input);

// The same decision as check_national_id() without allocating (for validating millions): the
// reason, and in out10 the ten normalised ASCII digits whenever there are ten (all zero bytes
// otherwise; for TooLong, check_national_id's longer `normalized` is not given).
NationalIdReason check_national_id_fast(std::string_view input, char* out10);

// The check digit for the first nine digits (ASCII). s = Σ d[i]·(10−i), r = s mod 11,
// check = r if r < 2 else 11 − r.
int national_id_check_digit(std::string_view first_nine);

// Stable machine code for the reason ("national_id_checksum", …), used by the API and the UI table.
const char* national_id_reason_code(NationalIdReason r);

// Pasted text holding several IDs (a column copied from a spreadsheet, a list in a message): one
// string per ID, as written. IDs are separated by line breaks, tabs, commas or semicolons (Latin
// or Persian), or by spaces — but spaces inside a run of at most ten digits are read as
// grouping ("049 937 0899" is one ID). Empty pieces are dropped.
std::vector<std::string> split_national_ids(std::string_view text);

// 0499370899 → 049*****99 for logs.
std::string mask_national_id(std::string_view normalized);

} // namespace bk
