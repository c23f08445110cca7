// The memory store (tests and the in-page demo) against the storage contract.
#include <doctest/doctest.h>

#include "service/memory_store.h"
#include "store/store_conformance.h"

TEST_CASE("store conformance: memory") {
    bk::test::check_store_conformance([] { return bk::test::engine_under_test(std::make_shared<bk::MemoryStore>()); });
}
