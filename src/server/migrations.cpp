#include "server/migrations.h"

namespace bk::server {

namespace {

const Migration kMigrations[] = {
    {1, "registry, codes, sessions, inquiries, counters, deadlines",
     // SQLite
     "CREATE TABLE persons("
     "  id INTEGER PRIMARY KEY,"          // the national ID as a number (printed %010lld)
     "  main_id INTEGER NOT NULL,"        // 0 for a main insured
     "  relation INTEGER NOT NULL, insurance INTEGER NOT NULL, gender TEXT NOT NULL,"
     "  birth INTEGER NOT NULL, covered_until INTEGER NOT NULL,"  // days since 1970-01-01
     "  flags INTEGER NOT NULL);"         // 1 revoked, 2 married, 4 employed, 8 studying, 16 disabled
     "CREATE TABLE codes(hash TEXT PRIMARY KEY, mobile TEXT NOT NULL, channel TEXT NOT NULL, issued_at INTEGER NOT NULL,"
     "  activate_by INTEGER NOT NULL, activated_at INTEGER NOT NULL, total INTEGER NOT NULL,"
     "  remaining INTEGER NOT NULL CHECK (remaining >= 0)) WITHOUT ROWID;"
     "CREATE TABLE sessions(token_hash TEXT PRIMARY KEY, code_hash TEXT NOT NULL, mobile TEXT NOT NULL,"
     "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE inquiries(tracking TEXT PRIMARY KEY, code_hash TEXT NOT NULL, national_id TEXT NOT NULL,"
     "  outcome TEXT NOT NULL, answer TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE counters(key TEXT NOT NULL, window INTEGER NOT NULL, count INTEGER NOT NULL,"
     "  PRIMARY KEY (key, window)) WITHOUT ROWID;"
     "CREATE TABLE deadlines(key TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID;",
     // PostgreSQL (IF NOT EXISTS: databases made before the list existed already have them)
     "CREATE TABLE IF NOT EXISTS persons(id BIGINT PRIMARY KEY, main_id BIGINT NOT NULL, relation SMALLINT NOT NULL,"
     "  insurance SMALLINT NOT NULL, gender CHAR(1) NOT NULL, birth INTEGER NOT NULL, covered_until INTEGER NOT NULL,"
     "  flags SMALLINT NOT NULL);"
     "CREATE TABLE IF NOT EXISTS codes(hash TEXT PRIMARY KEY, mobile TEXT NOT NULL, channel TEXT NOT NULL, issued_at BIGINT NOT NULL,"
     "  activate_by BIGINT NOT NULL, activated_at BIGINT NOT NULL, total INTEGER NOT NULL,"
     "  remaining INTEGER NOT NULL CHECK (remaining >= 0));"
     "CREATE TABLE IF NOT EXISTS sessions(token_hash TEXT PRIMARY KEY, code_hash TEXT NOT NULL, mobile TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);"
     "CREATE TABLE IF NOT EXISTS inquiries(tracking TEXT PRIMARY KEY, code_hash TEXT NOT NULL, national_id TEXT NOT NULL,"
     "  outcome TEXT NOT NULL, answer TEXT NOT NULL, at BIGINT NOT NULL);"
     "CREATE TABLE IF NOT EXISTS counters(key TEXT NOT NULL, win BIGINT NOT NULL, count BIGINT NOT NULL, PRIMARY KEY (key, win));"
     "CREATE TABLE IF NOT EXISTS deadlines(key TEXT PRIMARY KEY, until BIGINT NOT NULL);"},

    {2, "receipts keep only what a receipt shows; one column name in both dialects; indexes for the clean-up; a health row",
     // SQLite
     "ALTER TABLE counters RENAME COLUMN window TO win;"
     "CREATE TABLE receipts(tracking TEXT PRIMARY KEY, answer TEXT NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;"
     // Old answers lose what an answer no longer tells (relation, insurance type; for a
     // not-covered answer the valid-until date and the specific reason).
     "INSERT INTO receipts SELECT tracking, CASE WHEN outcome = 'not_eligible' THEN"
     "  json_set(json_remove(answer, '$.relation', '$.insuranceType', '$.validUntil', '$.validUntilJalali'),"
     "           '$.reasonCode', 'reason.not_covered', '$.reason', 'پوشش بیمه ای فعال نیست.')"
     "  ELSE json_remove(answer, '$.relation', '$.insuranceType') END, at FROM inquiries;"
     "DROP TABLE inquiries;"
     "CREATE INDEX receipts_at ON receipts(at);"
     "CREATE INDEX sessions_expiry ON sessions(expires_at);"
     "CREATE INDEX codes_issued ON codes(issued_at);"
     "CREATE INDEX counters_win ON counters(win);"
     "CREATE INDEX deadlines_until ON deadlines(until);"
     "CREATE TABLE health(id INTEGER PRIMARY KEY CHECK (id = 1), at INTEGER NOT NULL);"
     "INSERT INTO health VALUES (1, 0);",
     // PostgreSQL
     "CREATE TABLE receipts(tracking TEXT PRIMARY KEY, answer TEXT NOT NULL, at BIGINT NOT NULL);"
     "INSERT INTO receipts SELECT tracking, CASE WHEN outcome = 'not_eligible' THEN"
     "  ((answer::jsonb - 'relation' - 'insuranceType' - 'validUntil' - 'validUntilJalali')"
     "   || '{\"reasonCode\": \"reason.not_covered\", \"reason\": \"پوشش بیمه ای فعال نیست.\"}'::jsonb)::text"
     "  ELSE (answer::jsonb - 'relation' - 'insuranceType')::text END, at FROM inquiries;"
     "DROP TABLE inquiries;"
     "CREATE INDEX receipts_at ON receipts(at);"
     "CREATE INDEX sessions_expiry ON sessions(expires_at);"
     "CREATE INDEX codes_issued ON codes(issued_at);"
     "CREATE INDEX counters_win ON counters(win);"
     "CREATE INDEX deadlines_until ON deadlines(until);"
     "CREATE TABLE health(id INTEGER PRIMARY KEY CHECK (id = 1), at BIGINT NOT NULL);"
     "INSERT INTO health VALUES (1, 0);"},
    {3, "a receipt keeps its national ID, outcome and valid-until date as numbers, not the answer's text",
     // SQLite (the answer is rebuilt from these: dates in Jalali, the time, the sentence)
     "CREATE TABLE receipts_v3(tracking TEXT PRIMARY KEY, national_id INTEGER NOT NULL, eligible INTEGER NOT NULL,"
     "  valid_until INTEGER NOT NULL, at INTEGER NOT NULL) WITHOUT ROWID;" // valid_until: days since 1970-01-01, 0 if not covered
     "INSERT INTO receipts_v3 SELECT tracking, CAST(json_extract(answer, '$.nationalId') AS INTEGER),"
     "  json_extract(answer, '$.outcome') = 'eligible',"
     "  CASE WHEN json_extract(answer, '$.outcome') = 'eligible'"
     "    THEN CAST(julianday(json_extract(answer, '$.validUntil')) - 2440587.5 AS INTEGER) ELSE 0 END, at FROM receipts;"
     "DROP TABLE receipts;"
     "ALTER TABLE receipts_v3 RENAME TO receipts;"
     "CREATE INDEX receipts_at ON receipts(at);",
     // PostgreSQL
     "CREATE TABLE receipts_v3(tracking TEXT PRIMARY KEY, national_id BIGINT NOT NULL, eligible BOOLEAN NOT NULL,"
     "  valid_until INTEGER NOT NULL, at BIGINT NOT NULL);"
     "INSERT INTO receipts_v3 SELECT tracking, (answer::json->>'nationalId')::bigint, answer::json->>'outcome' = 'eligible',"
     "  CASE WHEN answer::json->>'outcome' = 'eligible' THEN (answer::json->>'validUntil')::date - DATE '1970-01-01' ELSE 0 END,"
     "  at FROM receipts;"
     "DROP TABLE receipts;"
     "ALTER TABLE receipts_v3 RENAME TO receipts;"
     "ALTER INDEX receipts_v3_pkey RENAME TO receipts_pkey;"
     "CREATE INDEX receipts_at ON receipts(at);"},
#ifdef BK_TEST_NEXT_SCHEMA
    // Only in the upgrade test's "next release" (barkhordari_next_schema, tests/deploy): a
    // schema change of the riskiest kind — every table that holds live rows rebuilt (a new
    // table, the rows copied, the old one dropped, the new one renamed) — so installing it over
    // the current package proves an upgrade keeps every credit, session and receipt.
    {4, "test only: the tables with live rows rebuilt, with a column more",
     "CREATE TABLE codes_v4(hash TEXT PRIMARY KEY, mobile TEXT NOT NULL, channel TEXT NOT NULL, issued_at INTEGER NOT NULL,"
     "  activate_by INTEGER NOT NULL, activated_at INTEGER NOT NULL, total INTEGER NOT NULL,"
     "  remaining INTEGER NOT NULL CHECK (remaining >= 0), note TEXT NOT NULL DEFAULT '') WITHOUT ROWID;"
     "INSERT INTO codes_v4 SELECT *, 'migrated' FROM codes; DROP TABLE codes; ALTER TABLE codes_v4 RENAME TO codes;"
     "CREATE INDEX codes_issued ON codes(issued_at);"
     "CREATE TABLE sessions_v4(token_hash TEXT PRIMARY KEY, code_hash TEXT NOT NULL, mobile TEXT NOT NULL,"
     "  created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '') WITHOUT ROWID;"
     "INSERT INTO sessions_v4 SELECT *, 'migrated' FROM sessions; DROP TABLE sessions; ALTER TABLE sessions_v4 RENAME TO sessions;"
     "CREATE INDEX sessions_expiry ON sessions(expires_at);"
     "CREATE TABLE receipts_v4(tracking TEXT PRIMARY KEY, national_id INTEGER NOT NULL, eligible INTEGER NOT NULL,"
     "  valid_until INTEGER NOT NULL, at INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '') WITHOUT ROWID;"
     "INSERT INTO receipts_v4 SELECT *, 'migrated' FROM receipts; DROP TABLE receipts; ALTER TABLE receipts_v4 RENAME TO receipts;"
     "CREATE INDEX receipts_at ON receipts(at);",
     "CREATE TABLE codes_v4(hash TEXT PRIMARY KEY, mobile TEXT NOT NULL, channel TEXT NOT NULL, issued_at BIGINT NOT NULL,"
     "  activate_by BIGINT NOT NULL, activated_at BIGINT NOT NULL, total INTEGER NOT NULL,"
     "  remaining INTEGER NOT NULL CHECK (remaining >= 0), note TEXT NOT NULL DEFAULT '');"
     "INSERT INTO codes_v4 SELECT *, 'migrated' FROM codes; DROP TABLE codes; ALTER TABLE codes_v4 RENAME TO codes;"
     "CREATE INDEX codes_issued ON codes(issued_at);"
     "CREATE TABLE sessions_v4(token_hash TEXT PRIMARY KEY, code_hash TEXT NOT NULL, mobile TEXT NOT NULL,"
     "  created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, note TEXT NOT NULL DEFAULT '');"
     "INSERT INTO sessions_v4 SELECT *, 'migrated' FROM sessions; DROP TABLE sessions; ALTER TABLE sessions_v4 RENAME TO sessions;"
     "CREATE INDEX sessions_expiry ON sessions(expires_at);"
     "CREATE TABLE receipts_v4(tracking TEXT PRIMARY KEY, national_id BIGINT NOT NULL, eligible BOOLEAN NOT NULL,"
     "  valid_until INTEGER NOT NULL, at BIGINT NOT NULL, note TEXT NOT NULL DEFAULT '');"
     "INSERT INTO receipts_v4 SELECT *, 'migrated' FROM receipts; DROP TABLE receipts; ALTER TABLE receipts_v4 RENAME TO receipts;"
     "CREATE INDEX receipts_at ON receipts(at);"},
#endif
};

} // namespace

std::span<const Migration> migrations() { return kMigrations; }
int schema_version() { return kMigrations[std::size(kMigrations) - 1].version; }

} // namespace bk::server
