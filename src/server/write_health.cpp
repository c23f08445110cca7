#include "server/write_health.h"

#include <algorithm>

namespace bk::server {

void WriteHealth::failed(const StoreError& e) {
    if (e.kind != StoreErrorKind::Unavailable) return;
    std::lock_guard lock(mu_);
    ++failures_;
    failure_ = e;
}

StoreStatus WriteHealth::check(const std::function<StoreStatus()>& probe) {
    bool run = false;
    uint64_t before = 0; // the failures a successful probe clears: those before it began
    {
        std::lock_guard lock(mu_);
        const auto now = clock::now();
        if (failures_ > cleared_ || !probed_ || now - last_probe_ >= probe_every_) {
            probed_ = true;
            last_probe_ = now;
            run = true;
        }
        before = failures_;
    }
    if (run) {
        StoreStatus r = probe();
        if (!r) {
            failed(r.error());
        } else {
            std::lock_guard lock(mu_);
            cleared_ = std::max(cleared_, before);
        }
    }
    std::lock_guard lock(mu_);
    if (failures_ > cleared_) return failure_;
    return Ok{};
}

} // namespace bk::server
