#include "server/write_batcher.h"

namespace bk::server {

WriteBatcher::WriteBatcher(Commit commit, size_t max_queue) : commit_(std::move(commit)), max_queue_(max_queue) {
    thread_ = std::thread([this] { run(); });
}

WriteBatcher::~WriteBatcher() { stop(); }

void WriteBatcher::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
    // What the writer could not write (it stopped after a failed batch): every spend is answered.
    std::vector<PendingWrite> left;
    {
        std::lock_guard lock(mu_);
        stopped_ = true;
        for (PendingWrite& w : queue_) left.push_back(std::move(w));
        queue_.clear();
        spends_waiting_ = 0;
    }
    const StoreError gone = store_unavailable("write queue: stopped before this was written");
    answer(left, nullptr, &gone);
    idle_.notify_all();
}

StoreStatus WriteBatcher::submit(PendingWrite w) { return enqueue(w); }

StoreStatus WriteBatcher::submit_spend(std::string code_hash, ReceiptRecord receipt, SpendDone done) {
    PendingWrite w{std::move(code_hash), std::move(receipt), std::move(done)};
    StoreStatus queued = enqueue(w);
    if (!queued) w.done(queued.error()); // refused: still ours to answer
    return queued;
}

StoreStatus WriteBatcher::enqueue(PendingWrite& w) {
    bool wake = false;
    {
        std::lock_guard lock(mu_);
        if (stopped_) return store_unavailable("write queue: stopped");
        if (queue_.size() >= max_queue_)
            return store_unavailable("write queue: full (the database is not keeping up)");
        if (w.codeHash.empty()) {
            if (!open_.insert(w.receipt.trackingCode).second) return store_error(StoreErrorKind::Duplicate);
        } else {
            ++spends_waiting_;
        }
        queue_.push_back(std::move(w));
        // Only a writer that waits for this write is woken: waking it for every write (to find
        // it must wait on) was a thread switch per open-mode inquiry.
        wake = waiting_ == Waiting::ForWork || (waiting_ == Waiting::ForCompany && (spends_waiting_ > 0 || queue_.size() >= kCompany));
    }
    if (wake) wake_.notify_one();
    return Ok{};
}

std::optional<ReceiptRecord> WriteBatcher::find(const std::string& tracking_code) const {
    std::lock_guard lock(mu_);
    if (!open_.count(tracking_code)) return std::nullopt;
    for (const PendingWrite& w : queue_)
        if (w.codeHash.empty() && w.receipt.trackingCode == tracking_code) return w.receipt;
    for (const PendingWrite& w : inflight_)
        if (w.codeHash.empty() && w.receipt.trackingCode == tracking_code) return w.receipt;
    return std::nullopt;
}

void WriteBatcher::flush() {
    std::unique_lock lock(mu_);
    idle_.wait(lock, [this] { return (queue_.empty() && !writing_) || stopping_; });
}

void WriteBatcher::run() {
    std::unique_lock lock(mu_);
    for (;;) {
        waiting_ = Waiting::ForWork;
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return; // stopping, and nothing left
        // Open-mode receipts alone wait a moment for company (tens per transaction instead of
        // one); a spend never does: its batch is what queued while the last one committed.
        waiting_ = Waiting::ForCompany;
        if (spends_waiting_ == 0 && !stopping_)
            wake_.wait_for(lock, std::chrono::milliseconds(2), [this] { return stopping_ || spends_waiting_ > 0 || queue_.size() >= kCompany; });
        waiting_ = Waiting::No;
        inflight_.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
        queue_.clear();
        spends_waiting_ = 0;
        writing_ = true;
        lock.unlock();

        StoreResult<std::vector<StoreResult<int>>> written = store_unavailable("write batch: not written");
        try {
            written = commit_(inflight_);
            if (written && written->size() != inflight_.size()) written = store_unavailable("write batch: a result is missing");
        } catch (const std::exception& e) {
            written = store_unavailable(std::string("write batch: ") + e.what());
        } catch (...) {
            written = store_unavailable("write batch: unknown exception");
        }

        lock.lock();
        std::vector<PendingWrite> batch;
        batch.swap(inflight_);
        std::vector<PendingWrite> retry; // open-mode receipts of a failed batch
        for (PendingWrite& w : batch)
            if (w.codeHash.empty()) {
                if (written) open_.erase(w.receipt.trackingCode);
                else retry.push_back(std::move(w));
            }
        for (auto it = retry.rbegin(); it != retry.rend(); ++it) queue_.push_front(std::move(*it));
        const bool failed = !written;
        lock.unlock();

        answer(batch, written ? &*written : nullptr, written ? nullptr : &written.error());

        lock.lock();
        writing_ = false; // only now: flush() returns after the answers
        idle_.notify_all();
        if (failed && !retry.empty()) {
            if (stopping_) return; // the receipts left are lost, as the store's contract says
            wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; }); // the database is in trouble: a pause
        }
    }
}

void WriteBatcher::answer(std::vector<PendingWrite>& batch, const std::vector<StoreResult<int>>* results, const StoreError* failure) {
    for (size_t i = 0; i < batch.size(); ++i) {
        PendingWrite& w = batch[i];
        if (w.codeHash.empty() || !w.done) continue;
        try {
            if (results) w.done((*results)[i]);
            else w.done(*failure);
        } catch (...) { /* the caller's answer failed: it is theirs to log; the writer goes on */ }
    }
}

} // namespace bk::server
