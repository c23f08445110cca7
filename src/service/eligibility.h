// eligibility.h — who is covered on a given day, by the rules src/service/DOMAIN.md lists.
#pragma once
#include <string>

#include "core/jalali.h"
#include "service/model.h"

namespace bk {

struct Decision {
    bool eligible = false;
    std::string reasonCode;     // "reason.*" message code when not eligible (kept inside the service)
    bool hasValidUntil = false;
    GregorianDate validUntil;   // last covered day, when there is one
    bool untilFromAge = false;  // validUntil is the day before an age limit (it tells a birthday)
};

// Age limits for dependants.
constexpr int kSonAgeLimit = 19;          // covered until the 19th birthday
constexpr int kStudentSonAgeLimit = 25;   // until 25 while studying
constexpr int kFatherMinAge = 60;
constexpr int kMotherMinAge = 55;

// A main insured: covered while paid up and not revoked; pensioners while not revoked.
// A dependant: covered only through an eligible main insured (`main`, may be null when the
// registry has no such person) and the rule for their relation, evaluated on `on`.
Decision evaluate_eligibility(const PersonRecord& person, const PersonRecord* main, GregorianDate on);

// The valid-until date an answer may show for an eligible decision checked on `on`: the last
// covered day, but never past the end of the current Jalali month, and — when the last covered
// day comes from an age limit within that time — only the day of the check, so the answer
// never tells a birthday.
GregorianDate answer_valid_until(const Decision& d, GregorianDate on);

// The day a person turns `years` (Feb 29 → Mar 1 in common years).
GregorianDate birthday_at(GregorianDate birth, int years);

} // namespace bk
