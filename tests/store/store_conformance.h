// store_conformance.h — the one suite every storage engine passes (service/store.h is the
// contract it checks): the memory store (tests/store/test_store_memory.cpp, both runtimes),
// SQLite and PostgreSQL (test_store_sql.cpp, native). Each engine's test case calls
// check_store_conformance() with a factory that gives a fresh, empty store per call; doctest
// runs each SUBCASE on its own fresh store.
#pragma once
#include <functional>
#include <memory>

#include "service/store.h"

namespace bk::test {

struct EngineUnderTest {
    std::shared_ptr<void> owner;          // keeps the engine alive
    RegistryStore* registry = nullptr;
    CreditStore* credit = nullptr;
    SessionStore* sessions = nullptr;
    RateStore* rates = nullptr;
    MaintenanceStore* maintenance = nullptr;
    InquiryReadStore* reads = nullptr;
    std::function<void()> flush = [] {};  // waits for batched writes (SQLite's open-mode receipts)
    bool threads = true;                  // the engine may be called from several threads here
};

template <class Engine>
EngineUnderTest engine_under_test(std::shared_ptr<Engine> e) {
    EngineUnderTest t;
    t.registry = e.get();
    t.credit = e.get();
    t.sessions = e.get();
    t.rates = e.get();
    t.maintenance = e.get();
    t.reads = e.get();
    t.owner = std::move(e);
    return t;
}

void check_store_conformance(const std::function<EngineUnderTest()>& make);

} // namespace bk::test
