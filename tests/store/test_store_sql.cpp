// SQLite (a fresh file per case) and PostgreSQL (a fresh database per case, on the cluster
// BK_TEST_PG_URL points at; tests/api/run_with_postgres.js runs this binary with it) against
// the storage contract. The server opens both the same way: open_store().
#include <doctest/doctest.h>

#include <libpq-fe.h>

#include <atomic>
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
    return (dir / ("db" + std::to_string(++n) + ".sqlite")).string();
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
