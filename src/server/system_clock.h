// system_clock.h — the server's clock: the system's wall clock.
#pragma once
#include <chrono>

#include "core/clock.h"

namespace bk::server {

class SystemClock final : public Clock {
public:
    int64_t now_ms() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
};

} // namespace bk::server
