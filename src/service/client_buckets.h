// client_buckets.h — a token bucket per client, in this process: `per_minute` requests a
// minute, with bursts up to the same number. For limits checked on every inquiry, where a
// database write per request would halve the throughput; with N servers a client can get up
// to N× the limit (src/server/OPERATIONS.md says so). Bounded: clients idle for a while are forgotten.
// Thread-safe.
#pragma once
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace bk {

class ClientBuckets {
public:
    explicit ClientBuckets(int per_minute) : per_minute_(per_minute) {}
    // True when the client may go on (and a token is taken); false when it must wait, with
    // the milliseconds until the next token in wait_ms. per_minute ≤ 0: no limit.
    bool take(const std::string& client, int64_t now_ms, int64_t& wait_ms);
    size_t size() const;

private:
    struct Bucket {
        double tokens = 0;
        int64_t lastMs = 0;
    };
    static constexpr size_t kMaxClients = 100000;
    const int per_minute_;
    mutable std::mutex mu_; // guards buckets_
    std::unordered_map<std::string, Bucket> buckets_;
};

} // namespace bk
