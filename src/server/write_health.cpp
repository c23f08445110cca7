#include "server/write_health.h"

#include <algorithm>

namespace bk::server {

void WriteHealth::failed(const StoreError& e, Cause cause) {
    if (e.kind != StoreErrorKind::Unavailable) return;
    std::lock_guard lock(mu_);
    if (cause == Cause::Disconnected) {
        ++disconnects_;
        disconnected_ = e;
    } else {
        refused_once_ = true;
        last_refused_ = clock::now();
        refused_ = e;
    }
}

StoreStatus WriteHealth::check(const std::function<StoreStatus()>& probe) {
    bool run = false;
    uint64_t before = 0; // the lost connections a successful probe clears: those before it began
    {
        std::lock_guard lock(mu_);
        const auto now = clock::now();
        if (disconnects_ > cleared_ || !probed_ || now - last_probe_ >= probe_every_) {
            probed_ = true;
            last_probe_ = now;
            run = true;
        }
        before = disconnects_;
    }
    if (run) {
        if (probe()) { // a failed probe was reported by the store, with its cause
            std::lock_guard lock(mu_);
            cleared_ = std::max(cleared_, before);
        }
    }
    std::lock_guard lock(mu_);
    if (refused_once_ && clock::now() - last_refused_ < remember_refused_) return refused_;
    if (disconnects_ > cleared_) return disconnected_;
    return Ok{};
}

} // namespace bk::server
