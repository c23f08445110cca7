// SQLite (a fresh file per case) and PostgreSQL (a fresh database per case, on the cluster
// BK_TEST_PG_URL points at; tests/api/run_with_postgres.js runs this binary with it) against
// the storage contract. The server opens both the same way: open_store().
#include <doctest/doctest.h>

#include <libpq-fe.h>
#include <sqlite3.h>

#include <chrono>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "server/server_store.h"
#include "store/store_conformance.h"

using namespace bk;
using namespace bk::test;

namespace {

EngineUnderTest wrap(std::unique_ptr<server::ServerStore> store) {
    std::shared_ptr<server::ServerStore> s(std::move(store));
    EngineUnderTest e = engine_under_test(s);
    e.flush = [raw = s.get()] { raw->flush(); };
    return e;
}

std::string fresh_sqlite_path() {
    static std::atomic<int> n{0};
    const auto dir = std::filesystem::temp_directory_path() / ("bk-store-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    const std::string path = (dir / ("db" + std::to_string(++n) + ".sqlite")).string();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix); // a reused pid's leftovers
    return path;
}

std::string fresh_pg_database(const std::string& admin_url) {
    static std::atomic<int> n{0};
    const std::string name = "bk_store_" + std::to_string(getpid()) + "_" + std::to_string(++n);
    PGconn* c = PQconnectdb(admin_url.c_str());
    REQUIRE(PQstatus(c) == CONNECTION_OK);
    PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    PQfinish(c);
    REQUIRE(ok);
    const auto slash = admin_url.rfind('/');
    return admin_url.substr(0, slash + 1) + name;
}

} // namespace

TEST_CASE("store conformance: sqlite") {
    check_store_conformance([] {
        auto s = server::open_store(fresh_sqlite_path(), 10);
        REQUIRE(s);
        return wrap(std::move(*s));
    });
}

TEST_CASE("store conformance: postgres") {
    const char* url = std::getenv("BK_TEST_PG_URL");
    REQUIRE_MESSAGE(url, "BK_TEST_PG_URL (postgres://…/postgres) names the cluster; tests/api/run_with_postgres.js sets it");
    check_store_conformance([url] {
        auto s = server::open_store(fresh_pg_database(url), 10);
        REQUIRE(s);
        return wrap(std::move(*s));
    });
}

namespace {

// 16 threads on a pool of one connection: every first claim of a key races another on its
// insert, and the loser asks again on the connection it holds (a second one would wait forever
// on a pool of one). Of the claims of one key at once, exactly one gets it.
void claims_on_a_pool_of_one(server::ServerStore& store) {
    constexpr int kThreads = 16, kKeys = 50;
    std::vector<std::atomic<int>> winners(kKeys);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&] {
            for (int k = 0; k < kKeys; ++k) {
                auto r = store.claim("pool-of-one:" + std::to_string(k), 1000, 1000000);
                if (!r) ++failures;
                else if (*r == 0) ++winners[k];
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
    for (int k = 0; k < kKeys; ++k) CHECK(winners[k] == 1);
}

} // namespace

TEST_CASE("store: a pool of one connection serves 16 threads claiming at once (sqlite)") {
    auto s = server::open_store(fresh_sqlite_path(), 1);
    REQUIRE(s);
    claims_on_a_pool_of_one(**s);
}

TEST_CASE("store: a pool of one connection serves 16 threads claiming at once (postgres)") {
    const char* url = std::getenv("BK_TEST_PG_URL");
    REQUIRE_MESSAGE(url, "BK_TEST_PG_URL names the cluster");
    auto s = server::open_store(fresh_pg_database(url), 1);
    REQUIRE(s);
    claims_on_a_pool_of_one(**s);
}

namespace {
void pg_exec(const std::string& url, const std::string& sql) {
    PGconn* c = PQconnectdb(url.c_str());
    REQUIRE(PQstatus(c) == CONNECTION_OK);
    PGresult* r = PQexec(c, sql.c_str());
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    PQfinish(c);
    REQUIRE(ok);
}
} // namespace

// A connection whose statements were prepared only in part (the database failed midway, as it
// does while PostgreSQL stops or starts) must not keep failing once the database is back: every
// later attempt used to stop on "prepared statement already exists".
TEST_CASE("store: a connection prepared only in part recovers once the database is back (postgres)") {
    const char* admin = std::getenv("BK_TEST_PG_URL");
    REQUIRE_MESSAGE(admin, "BK_TEST_PG_URL names the cluster");
    const std::string url = fresh_pg_database(admin);
    auto s = server::open_store(url, 1);
    REQUIRE(s);
    // One of the last statements prepared on a new connection needs this table: its PREPARE
    // fails after most others have succeeded.
    pg_exec(url, "ALTER TABLE health RENAME TO health_away");
    CHECK_FALSE((*s)->find_person("0084575948"));
    pg_exec(url, "ALTER TABLE health_away RENAME TO health");
    auto found = (*s)->find_person("0084575948");
    CHECK_MESSAGE(found, (found ? "" : found.error().detail));
}

// A COMMIT that PostgreSQL refuses (here a deferred trigger the test adds, as a constraint checked
// at commit would): every spend of the batch is answered Unavailable and none is spent.
TEST_CASE("store: a batch whose COMMIT fails answers every spend in it Unavailable, and spends nothing (postgres)") {
    const char* admin = std::getenv("BK_TEST_PG_URL");
    REQUIRE_MESSAGE(admin, "BK_TEST_PG_URL names the cluster");
    const std::string url = fresh_pg_database(admin);
    auto s = server::open_store(url, 2);
    REQUIRE(s);
    server::ServerStore& store = **s;
    CodeRecord c;
    c.hash = "h1";
    c.mobile = "09121232580";
    c.channel = "sms";
    c.issuedAtMs = 1000;
    c.activateByMs = 181000;
    c.total = c.remaining = 20;
    REQUIRE(store.insert_code(c));
    REQUIRE(store.activate_code("h1", 2000));
    pg_exec(url, "CREATE TABLE refuse_commits(refuse boolean NOT NULL); INSERT INTO refuse_commits VALUES (true);"
                 "CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                 "IF (SELECT refuse FROM refuse_commits) THEN RAISE EXCEPTION 'the test refuses this commit'; END IF; RETURN NULL; END $$;"
                 "CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON receipts DEFERRABLE INITIALLY DEFERRED "
                 "FOR EACH ROW EXECUTE FUNCTION refuse_commit()");
    std::mutex mu;
    std::vector<StoreResult<int>> got;
    for (int i = 0; i < 10; ++i)
        store.spend_and_record_async("h1", ReceiptRecord{"T00000000000000" + std::to_string(i), "0499370899", true, 20819, 3000},
                                     [&](StoreResult<int> r) { std::lock_guard lock(mu); got.push_back(std::move(r)); });
    store.flush();
    {
        std::lock_guard lock(mu);
        REQUIRE(got.size() == 10);
        for (const auto& r : got) {
            REQUIRE_FALSE(r);
            CHECK(r.error().kind == StoreErrorKind::Unavailable);
        }
    }
    auto code = store.find_code("h1");
    REQUIRE(code);
    CHECK((*code)->remaining == 20);
    auto none = store.find_receipt("T000000000000000");
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
    pg_exec(url, "UPDATE refuse_commits SET refuse = false");
    auto spent = store.spend_and_record("h1", ReceiptRecord{"T000000000000100", "0499370899", true, 20819, 4000});
    REQUIRE(spent);
    CHECK(*spent == 19);
}

// /healthz runs the store's health() on an I/O thread, so it must not wait behind a write lock
// another process holds (a backup, sqlite3 on the file): up to 5 s of busy handler, every
// connection of that thread stalled. The probe is skipped instead, and the store stays healthy.
TEST_CASE("store: health() does not wait while another process holds SQLite's write lock (sqlite)") {
    const std::string path = fresh_sqlite_path();
    auto s = server::open_store(path, 2);
    REQUIRE(s);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);
    const auto started = std::chrono::steady_clock::now();
    auto health = (*s)->health(); // the first call probes (no probe ran yet)
    const auto waited = std::chrono::steady_clock::now() - started;
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    CHECK(health);
    CHECK(waited < std::chrono::seconds(2)); // the busy handler alone would wait 5 s
}
