// write_health.h — is the database taking writes? A database can answer reads while every
// write fails (a full disk, a file turned read-only). Stores report each failed write here,
// and health() runs a cheap write probe at most every few seconds; a write that failed in the
// last 30 seconds makes the store unhealthy (/healthz answers 503, the balancer moves on).
// Thread-safe.
#pragma once
#include <chrono>
#include <functional>
#include <mutex>

#include "service/store.h"

namespace bk::server {

class WriteHealth {
public:
    void failed(const StoreError& e);
    // Ok, or the failure of a write (the probe's or any other) in the last 30 s.
    StoreStatus check(const std::function<StoreStatus()>& probe);

private:
    using clock = std::chrono::steady_clock;
    std::mutex mu_;
    clock::time_point last_failure_{};
    StoreError failure_;
    bool failed_once_ = false;
    clock::time_point last_probe_{};
    bool probed_ = false;
};

} // namespace bk::server
