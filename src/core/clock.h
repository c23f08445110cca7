// clock.h — time comes in through this interface so tests control it.
//
// Contract: now_ms() may be called from any thread at once, never fails and never throws. It is
// wall-clock time (it may step when the system's clock is set); code that measures durations
// uses std::chrono::steady_clock instead. ManualClock is for single-threaded tests: set_ms()
// and advance_*() must not run while another thread reads it.
#pragma once
#include <cstdint>

namespace bk {

class Clock {
public:
    virtual ~Clock() = default;
    virtual int64_t now_ms() const = 0; // milliseconds since the Unix epoch, UTC
};

// A clock tests move by hand.
class ManualClock final : public Clock {
public:
    explicit ManualClock(int64_t start_ms = 0) : now_(start_ms) {}
    int64_t now_ms() const override { return now_; }
    void set_ms(int64_t t) { now_ = t; }
    void advance_ms(int64_t d) { now_ += d; }
    void advance_s(int64_t s) { now_ += s * 1000; }

private:
    int64_t now_;
};

} // namespace bk
