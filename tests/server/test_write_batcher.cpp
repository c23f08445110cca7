// server/write_batcher.h on its own, with a commit function the test controls: what stop() owes
// every spend, and that nothing is accepted after it.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <vector>

#include "server/write_batcher.h"

using namespace bk;
using namespace bk::server;

namespace {

ReceiptRecord receipt(int i) { return ReceiptRecord{"T" + std::to_string(100000000000000 + i), "0499370899", true, 20819, 1000}; }

} // namespace

TEST_CASE("write batcher: stop() answers every spend, also those a done submits meanwhile, and then refuses") {
    std::atomic<int> committed{0};
    WriteBatcher batcher([&](const std::vector<PendingWrite>& batch) -> StoreResult<std::vector<StoreResult<int>>> {
        committed += static_cast<int>(batch.size());
        return std::vector<StoreResult<int>>(batch.size(), StoreResult<int>(7));
    });
    std::mutex mu;
    std::vector<StoreResult<int>> answers;
    std::atomic<int> resubmitted{0};
    for (int i = 0; i < 50; ++i)
        REQUIRE(batcher.submit(PendingWrite{"h1", receipt(i), [&, i](StoreResult<int> r) {
            {
                std::lock_guard lock(mu);
                answers.push_back(r);
            }
            // A done that submits again (the service draws a new tracking code after a
            // Duplicate) while the batcher stops: answered too, never lost, never a crash.
            if (i % 10 == 0) {
                StoreStatus again = batcher.submit(PendingWrite{"h1", receipt(1000 + i), [&](StoreResult<int> r2) {
                    std::lock_guard lock(mu);
                    answers.push_back(r2);
                }});
                if (again) ++resubmitted;
                else {
                    std::lock_guard lock(mu);
                    answers.push_back(again.error()); // refused after the writer ended: the caller answers
                }
            }
        }}));
    batcher.stop();
    {
        std::lock_guard lock(mu);
        CHECK(answers.size() == 55); // 50 spends and the 5 submitted from their answers
    }
    auto late = batcher.submit(PendingWrite{"h1", receipt(2000), [](StoreResult<int>) { FAIL("a refused spend is not answered"); }});
    REQUIRE_FALSE(late);
    CHECK(late.error().kind == StoreErrorKind::Unavailable);
    batcher.stop(); // idempotent
}

TEST_CASE("write batcher: a spend left when the writer stops after a failed batch is answered Unavailable") {
    WriteBatcher batcher([&](const std::vector<PendingWrite>&) -> StoreResult<std::vector<StoreResult<int>>> {
        return store_unavailable("the test's database is down");
    });
    std::atomic<int> unavailable{0};
    for (int i = 0; i < 20; ++i)
        REQUIRE(batcher.submit(PendingWrite{"h1", receipt(i), [&](StoreResult<int> r) {
            if (!r && r.error().kind == StoreErrorKind::Unavailable) ++unavailable;
        }}));
    REQUIRE(batcher.submit(PendingWrite{{}, receipt(99), nullptr})); // an open-mode receipt: retried, then lost at stop
    batcher.stop();
    CHECK(unavailable == 20);
}
