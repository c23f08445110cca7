#include "server/write_health.h"

namespace bk::server {

namespace {
constexpr auto kProbeEvery = std::chrono::seconds(5);
constexpr auto kRemember = std::chrono::seconds(30);
} // namespace

void WriteHealth::failed(const StoreError& e) {
    if (e.kind != StoreErrorKind::Unavailable) return; // a duplicate or no credit is not the database failing
    std::lock_guard lock(mu_);
    last_failure_ = clock::now();
    failure_ = e;
    failed_once_ = true;
}

StoreStatus WriteHealth::check(const std::function<StoreStatus()>& probe) {
    bool run = false;
    {
        std::lock_guard lock(mu_);
        const auto now = clock::now();
        if (!probed_ || now - last_probe_ >= kProbeEvery) {
            probed_ = true;
            last_probe_ = now;
            run = true;
        }
    }
    if (run) {
        StoreStatus r = probe();
        if (!r) failed(r.error());
    }
    std::lock_guard lock(mu_);
    if (failed_once_ && clock::now() - last_failure_ < kRemember) return failure_;
    return Ok{};
}

} // namespace bk::server
