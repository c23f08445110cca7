// clock.h — time comes in through this interface so tests control it.
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
