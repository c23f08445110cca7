// server/write_health.h: /healthz says "down" while writes fail. A lost connection (a database
// restart) is forgotten as soon as a write probe succeeds — a PostgreSQL restart that killed one
// write in flight kept /healthz at 503 for 30 s after the database was back. A refused write (a
// full disk) is remembered for 30 s whatever the probe says: a small probe may fit where a
// receipt does not.
#include <doctest/doctest.h>

#include <chrono>

#include "server/write_health.h"

using namespace bk;
using namespace bk::server;
using namespace std::chrono_literals;
using Cause = WriteHealth::Cause;

namespace {
StoreError unavailable() { return store_unavailable("postgres spend_and_record: terminating connection"); }
} // namespace

TEST_CASE("write health: a lost connection is down until a write probe succeeds again") {
    WriteHealth h(0ms); // probe on every check: no waiting in a test
    int probes = 0;
    auto ok = [&]() -> StoreStatus { ++probes; return Ok{}; };
    // A failing probe reports itself, as the stores do.
    auto failing = [&]() -> StoreStatus { ++probes; h.failed(unavailable(), Cause::Disconnected); return unavailable(); };

    CHECK(h.check(ok));
    h.failed(unavailable(), Cause::Disconnected);
    CHECK_FALSE(h.check(failing));      // still gone: down
    CHECK_FALSE(h.check(failing));
    CHECK(h.check(ok));                 // the database takes writes again: up at once
    CHECK(h.check(ok));
    CHECK(probes == 5);
}

TEST_CASE("write health: a lost connection after the last good probe counts; one before it does not") {
    WriteHealth h(0ms);
    StoreStatus (*ok)() = [] () -> StoreStatus { return Ok{}; };
    h.failed(unavailable(), Cause::Disconnected);
    CHECK(h.check(ok));
    h.failed(unavailable(), Cause::Disconnected);
    CHECK_FALSE(h.check([&]() -> StoreStatus { h.failed(unavailable(), Cause::Disconnected); return Ok{}; })); // lost while the probe ran
    CHECK(h.check(ok));
}

TEST_CASE("write health: a refused write is remembered for its time even when the probe succeeds") {
    WriteHealth h(0ms, 1h);
    h.failed(store_unavailable("sqlite receipts: database or disk is full"));
    CHECK_FALSE(h.check([]() -> StoreStatus { return Ok{}; }));
    CHECK_FALSE(h.check([]() -> StoreStatus { return Ok{}; }));
    WriteHealth brief(0ms, 0ms); // once its time has passed, up
    brief.failed(store_unavailable("sqlite receipts: database or disk is full"));
    CHECK(brief.check([]() -> StoreStatus { return Ok{}; }));
}

TEST_CASE("write health: a duplicate or a used-up credit is not the database failing") {
    WriteHealth h(0ms);
    h.failed(store_error(StoreErrorKind::Duplicate));
    h.failed(store_error(StoreErrorKind::Exhausted), Cause::Disconnected);
    CHECK(h.check([]() -> StoreStatus { return Ok{}; }));
}

TEST_CASE("write health: while healthy the probe runs at most once per interval") {
    WriteHealth h(1h);
    int probes = 0;
    auto ok = [&]() -> StoreStatus { ++probes; return Ok{}; };
    CHECK(h.check(ok));
    CHECK(h.check(ok));
    CHECK(probes == 1);
    // A lost connection is looked at again on the next check, whatever the interval.
    h.failed(unavailable(), Cause::Disconnected);
    CHECK(h.check(ok));
    CHECK(probes == 2);
}
