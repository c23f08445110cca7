// write_batcher.h — group commit: one thread takes every receipt waiting to be written and hands
// them to the store in one transaction, then answers each. Both SQL stores write their inquiries
// through one of these, so the write path is the same on both:
//
//     workers / I/O threads ──submit()──▶ queue ──▶ writer thread: commit(batch) in ONE transaction
//                                                        │ committed: each spend's own result
//                                                        │ failed:    every spend Unavailable,
//                                                        ▼            open-mode receipts back in the queue
//                                           done(result) for each spend, after the commit
//
// Two kinds of write share the queue:
//   - a spend (PendingWrite::codeHash set): one credit and its receipt. Its `done` is called once,
//     after the transaction that holds it committed or failed; nothing is answered before it is
//     durable, so kill -9 loses nothing answered. A failed commit answers every spend of the batch
//     Unavailable, and none of them is spent (the transaction rolled back).
//   - an open-mode receipt (codeHash empty, no `done`): nobody waits for it. It is readable
//     through find() until written, and a failed batch puts it back to be tried again.
// The writer never waits while spends are queued: a batch is whatever came in during the last
// commit, so batches grow with the load and a lone spend waits for no one. Only open-mode
// receipts wait a moment (2 ms) for company.
//
// Thread safety: submit(), find() and flush() from any thread. `commit` runs on the
// writer thread only, never two at once; each `done` too, outside every lock here, so it
// may submit again (a new tracking code after a Duplicate). An exception from commit counts as a
// failed commit; one from a `done` is caught and dropped — none leaves the writer thread.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "service/store.h"

namespace bk::server {

struct PendingWrite {
    std::string codeHash;   // the code to spend one credit from; empty: an open-mode receipt
    ReceiptRecord receipt;
    SpendDone done;         // a spend's answer (null for an open-mode receipt)
};

class WriteBatcher {
public:
    // Writes batch[0…n) in one transaction. On commit: results[i] for batch[i] — the credit left,
    // or Exhausted / NotFound / Duplicate for a spend that could not be made (and was not: the
    // rest of the batch is kept); an open-mode receipt's result is ignored. On failure: the error,
    // and nothing of the batch is in the database.
    using Commit = std::function<StoreResult<std::vector<StoreResult<int>>>(const std::vector<PendingWrite>& batch)>;

    // `max_queue`: submit() refuses more than this many waiting.
    explicit WriteBatcher(Commit commit, size_t max_queue = 100000);
    // Writes what is queued (answering every spend, also those a `done` submits meanwhile), then
    // stops the thread; a spend that could not be written by then is answered Unavailable.
    // Afterwards submit() refuses (Unavailable) while find() still answers. Idempotent;
    // the owner calls it before what `commit` uses goes away.
    void stop();
    ~WriteBatcher(); // stop()
    WriteBatcher(const WriteBatcher&) = delete;
    WriteBatcher& operator=(const WriteBatcher&) = delete;

    // Queues a write. Unavailable when the queue is full (the database is not keeping up); then a
    // spend's `done` is not called. Duplicate for an open-mode receipt whose tracking code is
    // queued already.
    StoreStatus submit(PendingWrite w);
    // A spend: submit() with its refusal answered too — `done` is called exactly once, with
    // Unavailable when the queue refuses it (that status is also returned, for the store's health).
    StoreStatus submit_spend(std::string code_hash, ReceiptRecord receipt, SpendDone done);
    // An open-mode receipt still on its way to the database.
    std::optional<ReceiptRecord> find(const std::string& tracking_code) const;
    // Waits until nothing is queued or being written (every spend answered).
    void flush();

private:
    StoreStatus enqueue(PendingWrite& w); // moves from w only when it queues it
    void run();
    void answer(std::vector<PendingWrite>& batch, const std::vector<StoreResult<int>>* results, const StoreError* failure);

    const Commit commit_;
    const size_t max_queue_;

    mutable std::mutex mu_;               // guards every member below
    std::condition_variable wake_, idle_;
    std::deque<PendingWrite> queue_;
    std::vector<PendingWrite> inflight_;  // the batch being written (read-only while writing)
    std::unordered_set<std::string> open_;// tracking codes of open-mode receipts queued or in flight
    size_t spends_waiting_ = 0;           // spends in queue_
    static constexpr size_t kCompany = 256; // open-mode receipts enough for a batch without waiting
    enum class Waiting { No, ForWork, ForCompany };
    Waiting waiting_ = Waiting::No;       // what the writer thread waits for
    bool writing_ = false;
    bool stopping_ = false;               // stop() was called: the writer finishes the queue and ends
    bool stopped_ = false;                // … and has ended: submit() refuses
    std::thread thread_;                  // last: starts after the members it uses
};

} // namespace bk::server
