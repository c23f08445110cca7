#include "service/client_buckets.h"

#include <algorithm>
#include <cmath>

namespace bk {

bool ClientBuckets::take(const std::string& client, int64_t now_ms, int64_t& wait_ms) {
    wait_ms = 0;
    if (per_minute_ <= 0) return true;
    const double rate = per_minute_ / 60000.0; // tokens per millisecond
    std::lock_guard lock(mu_);
    if (buckets_.size() >= kMaxClients) {
        // Forget the clients whose buckets are full again (idle at least a minute): they lose nothing.
        for (auto it = buckets_.begin(); it != buckets_.end();)
            it = now_ms - it->second.lastMs >= 60000 ? buckets_.erase(it) : std::next(it);
        if (buckets_.size() >= kMaxClients) buckets_.clear(); // under a flood of fresh addresses
    }
    auto [it, fresh] = buckets_.try_emplace(client, Bucket{static_cast<double>(per_minute_), now_ms});
    Bucket& b = it->second;
    if (!fresh) {
        b.tokens = std::min<double>(per_minute_, b.tokens + std::max<int64_t>(0, now_ms - b.lastMs) * rate);
        b.lastMs = std::max(b.lastMs, now_ms);
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return true;
    }
    wait_ms = static_cast<int64_t>(std::ceil((1.0 - b.tokens) / rate));
    return false;
}

size_t ClientBuckets::size() const {
    std::lock_guard lock(mu_);
    return buckets_.size();
}

} // namespace bk
