#include "service/registry_generator.h"

#include <algorithm>
#include <cstdio>

#include "core/national_id.h"

namespace bk {

namespace {

// splitmix64: small, fast, and the same sequence on every platform.
struct Rng {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    int range(int lo, int hi) { return lo + static_cast<int>(next() % uint64_t(hi - lo + 1)); } // inclusive
    bool chance(int percent) { return static_cast<int>(next() % 100) < percent; }
};

GregorianDate add_days(GregorianDate d, int64_t n) { return date_from_epoch_days(days_from_epoch(d) + n); }

GregorianDate born(Rng& r, GregorianDate today, int age) {
    // A birthday `age` years ago, minus up to 364 days: exactly `age` years old today.
    GregorianDate b{today.year - age, today.month, today.day};
    if (b.month == 2 && b.day == 29) b.day = 28;
    return add_days(b, -r.range(0, 364));
}

class Builder {
public:
    Builder(const RegistryGenOptions& o, const std::function<void(const PersonRecord&)>& sink)
        : o_(o), sink_(sink), rng_{o.seed * 0x2545F4914F6CDD1Dull + 1} {}

    bool full() const { return emitted_ >= o_.persons; }

    PersonRecord main(InsuranceType type, int age, int covered_days_from_today, bool revoked) {
        PersonRecord p;
        p.nationalId = next_id();
        p.relation = Relation::Main;
        p.insuranceType = type;
        p.gender = rng_.chance(70) ? 'M' : 'F';
        p.birthDate = born(rng_, o_.today, age);
        p.coveredUntil = add_days(o_.today, covered_days_from_today);
        p.revoked = revoked;
        p.employed = type != InsuranceType::Pensioner;
        emit(p);
        return p;
    }

    PersonRecord dependant(const PersonRecord& m, Relation rel, int age) {
        PersonRecord p;
        p.nationalId = next_id();
        p.mainId = m.nationalId;
        p.relation = rel;
        p.insuranceType = m.insuranceType;
        p.gender = (rel == Relation::Son || rel == Relation::Father) ? 'M'
                 : (rel == Relation::Spouse ? (m.gender == 'M' ? 'F' : 'M') : 'F');
        p.birthDate = born(rng_, o_.today, age);
        p.coveredUntil = m.coveredUntil;
        p.married = rel == Relation::Spouse || rel == Relation::Father || rel == Relation::Mother;
        return p;
    }

    void emit(const PersonRecord& p) {
        if (full()) return;
        sink_(p);
        ++emitted_;
    }

    // One random family.
    void random_family() {
        const int roll = rng_.range(0, 99);
        InsuranceType type = InsuranceType::Employee;
        if (roll >= 55 && roll < 70) type = InsuranceType::SelfEmployed;
        else if (roll >= 70 && roll < 80) type = InsuranceType::Optional;
        else if (roll >= 80) type = InsuranceType::Pensioner;
        const bool pensioner = type == InsuranceType::Pensioner;
        const int age = pensioner ? rng_.range(58, 88) : rng_.range(22, 62);
        const int state = rng_.range(0, 99); // 85% paid up, 11% lapsed, 4% revoked
        const int covered = state < 85 ? rng_.range(1, 400) : -rng_.range(1, 700);
        const PersonRecord m = main(type, age, covered, state >= 96);

        if (age >= 24 && rng_.chance(75)) emit(dependant(m, Relation::Spouse, age + rng_.range(-6, 4)));
        const int children = age >= 24 ? rng_.range(0, 4) : 0;
        for (int c = 0; c < children; ++c) {
            const int child_age = std::max(0, std::min(age - 20, rng_.range(0, 35)));
            PersonRecord k = dependant(m, rng_.chance(50) ? Relation::Son : Relation::Daughter, child_age);
            k.studying = child_age >= 18 && rng_.chance(40);
            k.disabled = rng_.chance(2);
            k.married = child_age >= 20 && rng_.chance(45);
            k.employed = child_age >= 20 && rng_.chance(35);
            emit(k);
        }
        if (age <= 50 && rng_.chance(15)) emit(dependant(m, Relation::Father, age + rng_.range(22, 38)));
        if (age <= 50 && rng_.chance(20)) emit(dependant(m, Relation::Mother, age + rng_.range(18, 35)));
    }

    // The archetype families, in this order (demo_samples relies on it).
    void archetypes() {
        PersonRecord a = main(InsuranceType::Employee, 41, 190, false);   // 0
        emit(dependant(a, Relation::Spouse, 37));                         // 1
        emit(dependant(a, Relation::Son, 10));                            // 2
        emit(dependant(a, Relation::Daughter, 16));                       // 3
        emit(dependant(a, Relation::Mother, 62));                         // 4
        PersonRecord p = main(InsuranceType::Pensioner, 67, 30, false);    // 5
        emit(dependant(p, Relation::Spouse, 63));                         // 6
        PersonRecord l = main(InsuranceType::SelfEmployed, 45, -40, false); // 7
        emit(dependant(l, Relation::Son, 12));                            // 8
        main(InsuranceType::Optional, 52, 120, true);                     // 9 revoked
        PersonRecord f = main(InsuranceType::Employee, 30, 250, false);   // 10
        emit(dependant(f, Relation::Son, 21));                            // 11 aged out, not studying
        emit(dependant(f, Relation::Father, 55));                         // 12 too young
    }

private:
    std::string next_id() { return ids_.next(); }

    const RegistryGenOptions& o_;
    const std::function<void(const PersonRecord&)>& sink_;
    Rng rng_;
    uint64_t emitted_ = 0;
    NationalIdSequence ids_{o_.seed};
};

} // namespace

std::string NationalIdSequence::next() {
    // An affine map x → (a·x + b) mod 10^9 with gcd(a, 10^9) = 1 is a bijection, so distinct
    // candidates give distinct first-nine digits.
    const uint64_t kMod = 1000000000ull, kMul = 387420489ull; // 3^18
    const uint64_t b = (seed_ * 7919ull + 123456789ull) % kMod;
    for (;;) {
        const uint64_t x = ((candidate_++ % kMod) * kMul + b) % kMod;
        char nine[16];
        std::snprintf(nine, sizeof nine, "%09llu", static_cast<unsigned long long>(x));
        std::string id = std::string(nine) + char('0' + national_id_check_digit(nine));
        if (check_national_id(id).valid) return id;
    }
}

void generate_registry(const RegistryGenOptions& options, const std::function<void(const PersonRecord&)>& sink) {
    Builder b(options, sink);
    b.archetypes();
    while (!b.full()) b.random_family();
}

DemoSamples demo_samples(uint64_t seed) {
    // The archetypes are the first 13 persons generated: the first 13 IDs of the sequence.
    NationalIdSequence seq(seed);
    std::string first[13];
    for (std::string& s : first) s = seq.next();
    auto id = [&first](uint64_t i) { return first[i]; };
    DemoSamples s;
    s.eligibleMain = id(0);
    s.spouse = id(1);
    s.son = id(2);
    s.daughter = id(3);
    s.mother = id(4);
    s.pensioner = id(5);
    s.lapsed = id(7);
    s.lapsedDependant = id(8);
    s.revoked = id(9);
    s.agedOutSon = id(11);
    s.youngFather = id(12);
    return s;
}

} // namespace bk
