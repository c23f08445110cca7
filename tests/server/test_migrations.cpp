// The one migration list (server/migrations.h): a database of every older schema version, with
// rows as that version wrote them, opens on today's server with every code, session, counter and
// receipt kept — on SQLite and on PostgreSQL.
#include <doctest/doctest.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "server/migrations.h"
#include "server/server_store.h"

using namespace bk;

namespace {

constexpr int64_t kAt = 1764500000000; // 2025-11-30, when the old rows were written

// Rows as schema `version` kept them: a code, a session on it, a counter, and two answers (one
// covered, one not, both with the fields older answers carried).
std::string old_rows(int version) {
    const std::string covered =
        R"({"nationalId":"0499370899","outcome":"eligible","coverage":"outpatient","checkedAt":"2025-11-30",)"
        R"("validUntil":"2025-12-21","insuranceType":"employee","relation":"son","trackingCode":"T000-0000-0000-0001","remaining":-1})";
    const std::string lapsed =
        R"({"nationalId":"8465264074","outcome":"not_eligible","coverage":"outpatient","checkedAt":"2025-11-30",)"
        R"("validUntil":"2025-10-01","reasonCode":"reason.lapsed","reason":"x","trackingCode":"T000-0000-0000-0002","remaining":-1})";
    const std::string at = std::to_string(kAt);
    std::string sql =
        "INSERT INTO codes VALUES ('h1', '09121232580', 'sms', " + at + ", " + at + " + 180000, " + at + ", 20, 17);"
        "INSERT INTO sessions VALUES ('t1', 'h1', '09121232580', " + at + ", 4102444800000);";
    sql += std::string("INSERT INTO counters VALUES ('resend:09121232580', 1764460800, 3);");
    if (version == 1) {
        sql += "INSERT INTO inquiries VALUES ('T000000000000001', 'h1', '0499370899', 'eligible', '" + covered + "', " + at + ");"
               "INSERT INTO inquiries VALUES ('T000000000000002', 'h1', '8465264074', 'not_eligible', '" + lapsed + "', " + at + ");";
    } else {
        sql += "INSERT INTO receipts VALUES ('T000000000000001', '" + covered + "', " + at + ");"
               "INSERT INTO receipts VALUES ('T000000000000002', '" + lapsed + "', " + at + ");";
    }
    return sql;
}

// What today's server must find in such a database.
void check_kept(server::ServerStore& s) {
    auto code = s.find_code("h1");
    REQUIRE(code);
    REQUIRE(code->has_value());
    CHECK((*code)->remaining == 17);
    auto session = s.find_session("t1");
    REQUIRE(session);
    REQUIRE(session->has_value());
    CHECK((*session)->codeHash == "h1");
    auto hit = s.hit("resend:09121232580", 1764460800);
    REQUIRE(hit);
    CHECK(*hit == 4); // the old count, one more
    auto covered = s.find_receipt("T000000000000001");
    REQUIRE(covered);
    REQUIRE(covered->has_value());
    CHECK((*covered)->nationalId == "0499370899");
    CHECK((*covered)->eligible);
    CHECK((*covered)->validUntilDays == days_from_epoch(GregorianDate{2025, 12, 21}));
    CHECK((*covered)->atMs == kAt);
    auto lapsed = s.find_receipt("T000000000000002");
    REQUIRE(lapsed);
    REQUIRE(lapsed->has_value());
    CHECK((*lapsed)->nationalId == "8465264074");
    CHECK_FALSE((*lapsed)->eligible);
    CHECK((*lapsed)->validUntilDays == 0); // an old not-covered answer's date is not kept
    auto spent = s.spend_and_record("h1", ReceiptRecord{"T000000000000003", "1345829841", true, 20819, kAt + 1000});
    REQUIRE(spent);
    CHECK(*spent == 16);
}

std::string fresh_sqlite_path() {
    static std::atomic<int> n{0};
    const auto dir = std::filesystem::temp_directory_path() / ("bk-migrate-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return (dir / ("v" + std::to_string(++n) + ".sqlite")).string();
}

void sqlite_exec(sqlite3* db, const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    INFO(sql);
    CHECK_MESSAGE(rc == SQLITE_OK, (error ? error : ""));
    sqlite3_free(error);
}

std::string fresh_pg_database(const std::string& admin_url) {
    static std::atomic<int> n{0};
    const std::string name = "bk_migrate_" + std::to_string(getpid()) + "_" + std::to_string(++n);
    PGconn* c = PQconnectdb(admin_url.c_str());
    REQUIRE(PQstatus(c) == CONNECTION_OK);
    PQclear(PQexec(c, ("CREATE DATABASE " + name).c_str()));
    PQfinish(c);
    return admin_url.substr(0, admin_url.rfind('/') + 1) + name;
}

void pg_exec(PGconn* c, const std::string& sql) {
    PGresult* r = PQexec(c, sql.c_str());
    INFO(sql);
    CHECK_MESSAGE(PQresultStatus(r) == PGRES_COMMAND_OK, PQresultErrorMessage(r));
    PQclear(r);
}

} // namespace

TEST_CASE("migrations: a SQLite database of every older version opens with its rows kept") {
    for (int version = 1; version < server::schema_version(); ++version) {
        CAPTURE(version);
        const std::string path = fresh_sqlite_path();
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
        sqlite_exec(db, "PRAGMA journal_mode=WAL");
        for (const server::Migration& m : server::migrations())
            if (m.version <= version) sqlite_exec(db, m.sqlite);
        sqlite_exec(db, old_rows(version) + "PRAGMA user_version=" + std::to_string(version) + ";");
        sqlite3_close(db);
        auto s = server::open_store(path, 2);
        REQUIRE_MESSAGE(s, (s ? "" : s.error().detail));
        check_kept(**s);
    }
}

TEST_CASE("migrations: a PostgreSQL database of every older version opens with its rows kept (postgres)") {
    const char* url = std::getenv("BK_TEST_PG_URL");
    REQUIRE_MESSAGE(url, "BK_TEST_PG_URL names the cluster");
    for (int version = 1; version < server::schema_version(); ++version) {
        CAPTURE(version);
        const std::string db = fresh_pg_database(url);
        PGconn* c = PQconnectdb(db.c_str());
        REQUIRE(PQstatus(c) == CONNECTION_OK);
        for (const server::Migration& m : server::migrations())
            if (m.version <= version) pg_exec(c, m.postgres);
        pg_exec(c, old_rows(version) + "CREATE TABLE schema_version(version INTEGER NOT NULL);"
                   "INSERT INTO schema_version VALUES (" + std::to_string(version) + ");");
        PQfinish(c);
        auto s = server::open_store(db, 2);
        REQUIRE_MESSAGE(s, (s ? "" : s.error().detail));
        check_kept(**s);
    }
}
