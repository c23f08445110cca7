#include "service/eligibility.h"

namespace bk {

GregorianDate birthday_at(GregorianDate birth, int years) {
    const int y = birth.year + years;
    if (birth.month == 2 && birth.day == 29 && !is_gregorian_leap_year(y)) return GregorianDate{y, 3, 1};
    return GregorianDate{y, birth.month, birth.day};
}

namespace {

Decision not_eligible(const char* reason) {
    Decision d;
    d.reasonCode = reason;
    return d;
}

bool before(GregorianDate a, GregorianDate b) { return days_from_epoch(a) < days_from_epoch(b); }

GregorianDate day_before(GregorianDate d) { return date_from_epoch_days(days_from_epoch(d) - 1); }

// The earlier of the main insured's end of coverage and the day before an age limit.
void cap_until_by_age(Decision& d, GregorianDate last_day) {
    if (!d.hasValidUntil || before(last_day, d.validUntil)) {
        d.validUntil = last_day;
        d.hasValidUntil = true;
        d.untilFromAge = true;
    }
}

Decision evaluate_main(const PersonRecord& p, GregorianDate on) {
    if (p.revoked) return not_eligible("reason.revoked");
    Decision d;
    if (p.insuranceType == InsuranceType::Pensioner) {
        d.eligible = true;
        return d;
    }
    d.hasValidUntil = true;
    d.validUntil = p.coveredUntil;
    if (before(p.coveredUntil, on)) {
        d.reasonCode = "reason.no_coverage";
        return d;
    }
    d.eligible = true;
    return d;
}

} // namespace

Decision evaluate_eligibility(const PersonRecord& p, const PersonRecord* main, GregorianDate on) {
    if (p.relation == Relation::Main) return evaluate_main(p, on);
    if (p.revoked) return not_eligible("reason.revoked");
    if (!main || main->relation != Relation::Main) return not_eligible("reason.no_coverage");

    const Decision m = evaluate_main(*main, on);
    if (!m.eligible) return not_eligible("reason.main_not_eligible");

    Decision d;
    d.hasValidUntil = m.hasValidUntil;
    d.validUntil = m.validUntil;
    const int age = age_in_years(p.birthDate, on);
    switch (p.relation) {
    case Relation::Spouse:
        break;
    case Relation::Daughter:
        if (p.married || p.employed) return not_eligible("reason.daughter_status");
        break;
    case Relation::Son:
        if (p.disabled) break;
        if (age < kSonAgeLimit) { cap_until_by_age(d, day_before(birthday_at(p.birthDate, kSonAgeLimit))); break; }
        if (p.studying && age < kStudentSonAgeLimit) {
            cap_until_by_age(d, day_before(birthday_at(p.birthDate, kStudentSonAgeLimit)));
            break;
        }
        return not_eligible("reason.son_age");
    case Relation::Father:
        if (age < kFatherMinAge) return not_eligible("reason.father_age");
        break;
    case Relation::Mother:
        if (age < kMotherMinAge) return not_eligible("reason.mother_age");
        break;
    case Relation::Main:
        break;
    }
    d.eligible = true;
    return d;
}

GregorianDate answer_valid_until(const Decision& d, GregorianDate on) {
    const JalaliDate j = to_jalali(on);
    const GregorianDate month_end = to_gregorian(JalaliDate{j.year, j.month, jalali_month_length(j.year, j.month)});
    if (!d.hasValidUntil) return month_end;          // pensioners: no paid-up date
    if (before(month_end, d.validUntil)) return month_end;
    return d.untilFromAge ? on : d.validUntil;
}

} // namespace bk
