// demo_backend.h — the whole backend in one object, in memory: the WASM demo (no server) runs
// this in the page, and tests use it as the Demo transport's backend.
#pragma once
#include <memory>

#include "core/clock.h"
#include "service/crypto.h"
#include "service/direct_transport.h"
#include "service/memory_store.h"
#include "service/registry_generator.h"
#include "service/service.h"
#include "service/sms.h"

namespace bk {

struct DemoOptions {
    uint64_t seed = 1405;
    uint64_t persons = 400;
    GregorianDate today{2026, 1, 1};   // the registry's coverage dates are drawn around this day
    ServiceConfig config;              // hmacKey is generated when empty
};

class DemoBackend {
public:
    DemoBackend(const Clock& clock, DemoOptions options = {});

    Service& service() { return *service_; }
    DirectTransport& transport() { return *transport_; }
    Outbox& outbox() { return outbox_; }
    MemoryStore& store() { return store_; }
    const DemoSamples& samples() const { return samples_; }

private:
    MemoryStore store_;
    Outbox outbox_;
    DirectSms sms_{outbox_};
    std::unique_ptr<Crypto> crypto_;
    std::unique_ptr<Service> service_;
    std::unique_ptr<DirectTransport> transport_;
    DemoSamples samples_;
};

} // namespace bk
