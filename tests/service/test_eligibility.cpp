#include <doctest/doctest.h>

#include <string>

#include "service/eligibility.h"

using namespace bk;

namespace {

const GregorianDate kOn{2026, 11, 25};

PersonRecord main_insured(InsuranceType type = InsuranceType::Employee, GregorianDate covered = {2027, 3, 20}) {
    PersonRecord m;
    m.nationalId = "0499370899";
    m.relation = Relation::Main;
    m.insuranceType = type;
    m.birthDate = {1980, 5, 1};
    m.coveredUntil = covered;
    return m;
}

PersonRecord dependant(Relation r, GregorianDate birth) {
    PersonRecord p;
    p.nationalId = "0790419904";
    p.mainId = "0499370899";
    p.relation = r;
    p.birthDate = birth;
    return p;
}

// Born exactly `years` years before kOn, shifted by `days` (negative: older).
GregorianDate born(int years, int days = 0) {
    return date_from_epoch_days(days_from_epoch({kOn.year - years, kOn.month, kOn.day}) + days);
}

std::string iso(const Decision& d) { return d.hasValidUntil ? format_iso_date(d.validUntil) : ""; }

} // namespace

TEST_CASE("eligibility: main insured") {
    const PersonRecord paid = main_insured();
    const Decision d = evaluate_eligibility(paid, nullptr, kOn);
    CHECK(d.eligible);
    CHECK(iso(d) == "2027-03-20");

    // covered through the last paid day, not the day after
    const PersonRecord last_day = main_insured(InsuranceType::Employee, kOn);
    CHECK(evaluate_eligibility(last_day, nullptr, kOn).eligible);
    const PersonRecord lapsed = main_insured(InsuranceType::Employee, {2026, 11, 24});
    const Decision l = evaluate_eligibility(lapsed, nullptr, kOn);
    CHECK_FALSE(l.eligible);
    CHECK(l.reasonCode == "reason.no_coverage");
    CHECK(iso(l) == "2026-11-24");

    PersonRecord revoked = paid;
    revoked.revoked = true;
    CHECK(evaluate_eligibility(revoked, nullptr, kOn).reasonCode == "reason.revoked");
}

TEST_CASE("eligibility: pensioners are covered while not revoked") {
    PersonRecord p = main_insured(InsuranceType::Pensioner, {2001, 1, 1}); // no paid-up date matters
    const Decision d = evaluate_eligibility(p, nullptr, kOn);
    CHECK(d.eligible);
    CHECK_FALSE(d.hasValidUntil);
    p.revoked = true;
    CHECK_FALSE(evaluate_eligibility(p, nullptr, kOn).eligible);
}

TEST_CASE("eligibility: dependants only through an eligible main insured") {
    const PersonRecord spouse = dependant(Relation::Spouse, born(40));
    const PersonRecord m = main_insured();
    const Decision d = evaluate_eligibility(spouse, &m, kOn);
    CHECK(d.eligible);
    CHECK(iso(d) == "2027-03-20");

    const PersonRecord lapsed = main_insured(InsuranceType::Employee, {2026, 1, 1});
    CHECK(evaluate_eligibility(spouse, &lapsed, kOn).reasonCode == "reason.main_not_eligible");
    PersonRecord revoked = m;
    revoked.revoked = true;
    CHECK(evaluate_eligibility(spouse, &revoked, kOn).reasonCode == "reason.main_not_eligible");
    CHECK(evaluate_eligibility(spouse, nullptr, kOn).reasonCode == "reason.no_coverage");
    PersonRecord revoked_dep = spouse;
    revoked_dep.revoked = true;
    CHECK(evaluate_eligibility(revoked_dep, &m, kOn).reasonCode == "reason.revoked");
    // through a pensioner
    const PersonRecord pensioner = main_insured(InsuranceType::Pensioner, {2001, 1, 1});
    const Decision dp = evaluate_eligibility(spouse, &pensioner, kOn);
    CHECK(dp.eligible);
    CHECK_FALSE(dp.hasValidUntil);
}

TEST_CASE("eligibility: sons until 19, until 25 while studying, no limit if disabled") {
    const PersonRecord m = main_insured();
    // the day before the 19th birthday: covered; on it: not
    const Decision d18 = evaluate_eligibility(dependant(Relation::Son, born(19, +1)), &m, kOn);
    CHECK(d18.eligible);
    CHECK(iso(d18) == "2026-11-25"); // last covered day: the day before turning 19
    CHECK(evaluate_eligibility(dependant(Relation::Son, born(19)), &m, kOn).reasonCode == "reason.son_age");
    // a young son: covered until the main insured's date (earlier than his 19th birthday)
    CHECK(iso(evaluate_eligibility(dependant(Relation::Son, born(10)), &m, kOn)) == "2027-03-20");

    PersonRecord student = dependant(Relation::Son, born(25, +1));
    student.studying = true;
    const Decision ds = evaluate_eligibility(student, &m, kOn);
    CHECK(ds.eligible);
    CHECK(iso(ds) == "2026-11-25");
    student.birthDate = born(25);
    CHECK(evaluate_eligibility(student, &m, kOn).reasonCode == "reason.son_age");

    PersonRecord disabled = dependant(Relation::Son, born(40));
    disabled.disabled = true;
    CHECK(evaluate_eligibility(disabled, &m, kOn).eligible);
}

TEST_CASE("eligibility: daughters while unmarried and not employed") {
    const PersonRecord m = main_insured();
    PersonRecord d = dependant(Relation::Daughter, born(30));
    CHECK(evaluate_eligibility(d, &m, kOn).eligible);
    d.married = true;
    CHECK(evaluate_eligibility(d, &m, kOn).reasonCode == "reason.daughter_status");
    d.married = false;
    d.employed = true;
    CHECK(evaluate_eligibility(d, &m, kOn).reasonCode == "reason.daughter_status");
}

TEST_CASE("eligibility: father from 60, mother from 55") {
    const PersonRecord m = main_insured();
    CHECK(evaluate_eligibility(dependant(Relation::Father, born(60)), &m, kOn).eligible);         // 60th birthday today
    CHECK(evaluate_eligibility(dependant(Relation::Father, born(60, +1)), &m, kOn).reasonCode == "reason.father_age");
    CHECK(evaluate_eligibility(dependant(Relation::Mother, born(55)), &m, kOn).eligible);
    CHECK(evaluate_eligibility(dependant(Relation::Mother, born(55, +1)), &m, kOn).reasonCode == "reason.mother_age");
    CHECK(evaluate_eligibility(dependant(Relation::Mother, born(80)), &m, kOn).eligible);
}

TEST_CASE("eligibility: a Feb 29 birthday turns a year older on Mar 1 in common years") {
    const PersonRecord m = main_insured(InsuranceType::Employee, {2030, 1, 1});
    const PersonRecord son = dependant(Relation::Son, {2008, 2, 29});
    CHECK(evaluate_eligibility(son, &m, {2027, 2, 28}).eligible);
    CHECK_FALSE(evaluate_eligibility(son, &m, {2027, 3, 1}).eligible);
    CHECK(format_iso_date(birthday_at({2008, 2, 29}, 19)) == "2027-03-01");
}

TEST_CASE("eligibility: the valid-until an answer shows never tells a birthday and never passes the month") {
    // kOn is 1405/09/04; the Jalali month Azar 1405 ends on 1405/09/30 = 2026-12-21.
    auto shown = [](const Decision& d) { return format_iso_date(answer_valid_until(d, kOn)); };
    CHECK(shown(evaluate_eligibility(main_insured(), nullptr, kOn)) == "2026-12-21");               // paid up far ahead
    CHECK(shown(evaluate_eligibility(main_insured(InsuranceType::Employee, {2026, 12, 3}), nullptr, kOn)) == "2026-12-03");
    CHECK(shown(evaluate_eligibility(main_insured(InsuranceType::Pensioner), nullptr, kOn)) == "2026-12-21");
    const PersonRecord m = main_insured();
    // a son turning 19 in ten days: his coverage ends on his birthday's eve, which the answer
    // must not tell — it holds for the day of the check only
    const Decision soon = evaluate_eligibility(dependant(Relation::Son, born(19, 10)), &m, kOn);
    REQUIRE(soon.eligible);
    CHECK(soon.untilFromAge);
    CHECK(iso(soon) == "2026-12-04");
    CHECK(shown(soon) == "2026-11-25");
    // a son turning 19 next year: the month's end, as anyone's
    const Decision later = evaluate_eligibility(dependant(Relation::Son, born(18, -100)), &m, kOn);
    CHECK(shown(later) == "2026-12-21");
    // on the last day of a month the answer holds that day
    CHECK(format_iso_date(answer_valid_until(evaluate_eligibility(main_insured(), nullptr, {2026, 12, 21}), {2026, 12, 21})) == "2026-12-21");
}
