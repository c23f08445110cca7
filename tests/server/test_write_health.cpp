// server/write_health.h: /healthz says "down" while writes fail, and "up" again as soon as a write
// succeeds — not for a fixed time after the last failure (a PostgreSQL restart that killed one
// write in flight kept /healthz at 503 for 30 s after the database was back).
#include <doctest/doctest.h>

#include <chrono>

#include "server/write_health.h"

using namespace bk;
using namespace bk::server;
using namespace std::chrono_literals;

namespace {
StoreError unavailable() { return store_unavailable("postgres spend_and_record: terminating connection"); }
} // namespace

TEST_CASE("write health: a failed write is down until a write succeeds again") {
    WriteHealth h(0ms); // probe on every check: no waiting in a test
    int probes = 0;
    auto ok = [&]() -> StoreStatus { ++probes; return Ok{}; };
    auto failing = [&]() -> StoreStatus { ++probes; return unavailable(); };

    CHECK(h.check(ok));
    h.failed(unavailable());
    CHECK_FALSE(h.check(failing));      // still failing: down
    CHECK_FALSE(h.check(failing));
    CHECK(h.check(ok));                 // the database takes writes again: up at once
    CHECK(h.check(ok));
    CHECK(probes == 5);
}

TEST_CASE("write health: a failure after the last good write counts; one before it does not") {
    WriteHealth h(0ms);
    StoreStatus (*ok)() = [] () -> StoreStatus { return Ok{}; };
    h.failed(unavailable());
    CHECK(h.check(ok));
    h.failed(unavailable());            // another write fails after the probe: down again
    CHECK_FALSE(h.check([&]() -> StoreStatus { h.failed(unavailable()); return Ok{}; })); // it failed while the probe ran
    CHECK(h.check(ok));
}

TEST_CASE("write health: a duplicate or a used-up credit is not the database failing") {
    WriteHealth h(0ms);
    h.failed(store_error(StoreErrorKind::Duplicate));
    h.failed(store_error(StoreErrorKind::Exhausted));
    CHECK(h.check([]() -> StoreStatus { return Ok{}; }));
}

TEST_CASE("write health: while healthy the probe runs at most once per interval") {
    WriteHealth h(1h);
    int probes = 0;
    auto ok = [&]() -> StoreStatus { ++probes; return Ok{}; };
    CHECK(h.check(ok));
    CHECK(h.check(ok));
    CHECK(probes == 1);
    // A failure is looked at again on the next check, whatever the interval.
    h.failed(unavailable());
    CHECK(h.check(ok));
    CHECK(probes == 2);
}
