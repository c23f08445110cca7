// registry_generator.h — a deterministic synthetic insured-persons registry for demos, tests and
// benchmarks: families with valid, unique national IDs (main insured, spouse, children, parents;
// employees, self-employed, optional, pensioners; active, lapsed and revoked policies).
// The same (seed, persons, today) always gives the same registry.
#pragma once
#include <cstdint>
#include <functional>
#include <string>

#include "core/jalali.h"
#include "service/model.h"

namespace bk {

struct RegistryGenOptions {
    uint64_t seed = 1;
    uint64_t persons = 1000;
    GregorianDate today{2026, 1, 1}; // coverage dates are drawn around this day
};

// Calls sink once per person, each main insured before their dependants. The first five
// families are fixed archetypes (see demo_samples) so a demo always has every case to try.
void generate_registry(const RegistryGenOptions& options, const std::function<void(const PersonRecord&)>& sink);

// Synthetic national IDs in generation order: candidate c maps to nine digits by a bijection of
// [0, 10^9), plus the check digit; candidates whose ID is unusable (six zero middle digits, one
// repeated digit) are passed over. Unique for the first ~10^9 candidates of one seed.
class NationalIdSequence {
public:
    explicit NationalIdSequence(uint64_t seed) : seed_(seed) {}
    std::string next();

private:
    uint64_t seed_;
    uint64_t candidate_ = 0;
};

// National IDs from the archetype families, to print and to try (needs persons ≥ 20).
struct DemoSamples {
    std::string eligibleMain;     // employee, paid up
    std::string spouse;           // of eligibleMain
    std::string son;              // 10 years old, through eligibleMain
    std::string daughter;         // 16, unmarried
    std::string mother;           // 62, through eligibleMain
    std::string pensioner;
    std::string lapsed;           // contributions ended 40 days ago
    std::string lapsedDependant;  // son of the lapsed main insured
    std::string revoked;
    std::string agedOutSon;       // 21, not studying
    std::string youngFather;      // 55: below the father's age limit
};
DemoSamples demo_samples(uint64_t seed);

} // namespace bk
