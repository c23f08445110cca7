// registry_import.h — `barkhordari import registry.csv`: every row validated, every rejected row
// reported with its line number and reason, and the file loaded all or nothing.
//
// Columns (a header row with exactly these names, in this order):
//   national_id,main_id,relation,insurance_type,gender,birth_date,covered_until,revoked,married,employed,studying,disabled
//   national_id     10 digits, valid check digit
//   main_id         empty for a main insured; else the main insured's national ID (in the same file)
//   relation        main | spouse | daughter | son | father | mother
//   insurance_type  employee | self_employed | optional | pensioner
//   gender          M | F
//   birth_date      YYYY-MM-DD (Gregorian)
//   covered_until   YYYY-MM-DD: the last day paid up by contributions (main insured; dependants
//                   may leave it empty — they are covered through their main insured)
//   revoked … disabled   0 | 1
#pragma once
#include <functional>
#include <istream>
#include <string>
#include <vector>

#include "service/model.h"

namespace bk::server {

struct ImportProblem {
    size_t line;
    std::string reason;
};

struct ImportResult {
    std::vector<PersonRecord> persons;
    std::vector<ImportProblem> problems; // empty → everything is valid
};

constexpr const char* kRegistryCsvHeader =
    "national_id,main_id,relation,insurance_type,gender,birth_date,covered_until,revoked,married,employed,studying,disabled";

ImportResult parse_registry_csv(std::istream& in);

} // namespace bk::server
