// write_health.h — is the database taking writes? A database can answer reads while every
// write fails (a full disk, a file turned read-only). Stores report each failed write here, and
// health() asks check() with a cheap write probe (at most once per interval, 5 s, while healthy).
// Two kinds of failure, remembered differently:
//   - the database refused the write (a full disk, a read-only role): down for 30 s after the
//     last one, whatever the probe says, since a small probe may fit where a receipt does not;
//   - the connection to it was lost (a PostgreSQL restart): down until a probe that began after
//     the failure succeeds, and while one stands every check probes. So /healthz is 200 again as
//     soon as a restarted database takes writes (the 30 s memory kept it at 503 long after).
// Thread-safe: any thread may call either method.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

#include "service/store.h"

namespace bk::server {

class WriteHealth {
public:
    enum class Cause { Refused, Disconnected };
    explicit WriteHealth(std::chrono::milliseconds probe_every = std::chrono::seconds(5),
                         std::chrono::milliseconds remember_refused = std::chrono::seconds(30))
        : probe_every_(probe_every), remember_refused_(remember_refused) {}
    // A write failed. Only Unavailable counts: a duplicate or a used-up credit is not the
    // database failing.
    void failed(const StoreError& e, Cause cause = Cause::Refused);
    // Ok, or the last failure that still stands. Runs `probe` (on the calling thread, outside the
    // lock) when a lost connection stands or the interval has passed; the probe reports its own
    // failure through failed(), with its cause.
    StoreStatus check(const std::function<StoreStatus()>& probe);

private:
    using clock = std::chrono::steady_clock;
    const std::chrono::milliseconds probe_every_, remember_refused_;
    std::mutex mu_;                   // guards the members below
    bool refused_once_ = false;
    clock::time_point last_refused_{};
    StoreError refused_;              // the last refused write
    uint64_t disconnects_ = 0;        // writes failed for a lost connection
    uint64_t cleared_ = 0;            // of those, the ones before the last probe that succeeded
    StoreError disconnected_;         // the last one
    clock::time_point last_probe_{};
    bool probed_ = false;
};

} // namespace bk::server
