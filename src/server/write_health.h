// write_health.h — is the database taking writes? A database can answer reads while every
// write fails (a full disk, a file turned read-only). Stores report each failed write here, and
// health() asks check() with a cheap write probe. Down from a failed write until a probe that
// began after it succeeds: while a failure stands, every check probes again, so /healthz is 200
// again as soon as the database takes writes (a PostgreSQL restart that killed one write in
// flight used to keep it at 503 for 30 s). While healthy, the probe runs at most once per
// interval (5 s). Thread-safe: any thread may call either method.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

#include "service/store.h"

namespace bk::server {

class WriteHealth {
public:
    explicit WriteHealth(std::chrono::milliseconds probe_every = std::chrono::seconds(5)) : probe_every_(probe_every) {}
    // A write failed. Only Unavailable counts: a duplicate or a used-up credit is not the
    // database failing.
    void failed(const StoreError& e);
    // Ok, or the failure of the last write that failed (the probe's or any other) when no probe
    // has succeeded since. Runs `probe` (on the calling thread, outside the lock) when a failure
    // stands or the interval has passed.
    StoreStatus check(const std::function<StoreStatus()>& probe);

private:
    using clock = std::chrono::steady_clock;
    const std::chrono::milliseconds probe_every_;
    std::mutex mu_;             // guards the members below
    uint64_t failures_ = 0;     // failed writes so far
    uint64_t cleared_ = 0;      // failures before the start of the last probe that succeeded
    StoreError failure_;        // the last one
    clock::time_point last_probe_{};
    bool probed_ = false;
};

} // namespace bk::server
