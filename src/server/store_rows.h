// store_rows.h — what both SQL engines (sqlite_store, pg_store) store the same way, in one place:
// how a person's and a credit code's columns become records and records become the values to
// bind, and the retention purges. A change to the schema or the write path is made here once.
#pragma once
#include <array>
#include <cstdint>
#include <string>

#include "core/jalali.h"
#include "service/model.h"
#include "service/store.h"

namespace bk::server {

// A person's columns after its id, in the order every engine selects them.
#define BK_PERSON_COLUMNS "main_id, relation, insurance, gender, birth, covered_until, flags"
// A code's columns after its hash, in the order every engine selects them.
#define BK_CODE_COLUMNS "mobile, channel, issued_at, activate_by, activated_at, total, remaining"

// `Row` is an engine's view of one result row: i64(c) and text(c) for the c-th of the columns
// above (0-based).
template <class Row>
PersonRecord person_from_row(std::string national_id, const Row& row) {
    PersonRecord p;
    p.nationalId = std::move(national_id);
    const int64_t main_id = row.i64(0);
    p.mainId = main_id ? national_id_from_number(main_id) : "";
    p.relation = static_cast<Relation>(row.i64(1));
    p.insuranceType = static_cast<InsuranceType>(row.i64(2));
    const std::string g = row.text(3);
    p.gender = g.empty() ? 'M' : g[0];
    p.birthDate = date_from_epoch_days(row.i64(4));
    p.coveredUntil = date_from_epoch_days(row.i64(5));
    unpack_person_flags(p, row.i64(6));
    return p;
}

template <class Row>
CodeRecord code_from_row(std::string hash, const Row& row) {
    CodeRecord c;
    c.hash = std::move(hash);
    c.mobile = row.text(0);
    c.channel = row.text(1);
    c.issuedAtMs = row.i64(2);
    c.activateByMs = row.i64(3);
    c.activatedAtMs = row.i64(4);
    c.total = static_cast<int>(row.i64(5));
    c.remaining = static_cast<int>(row.i64(6));
    return c;
}

// A person as the values bound to (id, BK_PERSON_COLUMNS).
struct PersonValues {
    int64_t id = 0, mainId = 0, relation = 0, insurance = 0;
    std::string gender;
    int64_t birth = 0, coveredUntil = 0, flags = 0;
};
PersonValues person_values(const PersonRecord& p);

// The retention purges (MaintenanceStore::purge_batch), each its own short statement: "?" for
// each parameter in `params` order, then one more for the batch size. An engine runs them in
// this order (PostgreSQL after pg_placeholders()).
struct Purge {
    const char* name;
    const char* sql;
    std::array<int64_t RetentionPolicy::*, 3> params;
    int count;                         // how many of params
    int64_t PurgeCounts::* deleted;
};
extern const std::array<Purge, 5> kPurges;

// "a = ? AND b = ?" → "a = $1 AND b = $2" (PostgreSQL's numbered parameters).
std::string pg_placeholders(const char* sql);

} // namespace bk::server
