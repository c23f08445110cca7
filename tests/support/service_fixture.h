// service_fixture.h — a Service over a MemoryStore with a manual clock and an outbox, seeded
// with the synthetic registry. Shared by the service and flow tests.
#pragma once
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/jalali.h"
#include "core/digits.h"
#include "core/messages.h"
#include "core/mobile.h"
#include "service/crypto.h"
#include "service/memory_store.h"
#include "service/registry_generator.h"
#include "service/service.h"
#include "service/sms.h"

namespace bk::test {

// 2026-11-25 08:00 Tehran (04:30 UTC): 1405/09/04.
constexpr int64_t kStartMs = 1795581000000;
constexpr uint64_t kSeed = 42;
inline GregorianDate kToday{2026, 11, 25};

inline ServiceConfig test_config() {
    ServiceConfig c;
    c.hmacKey = "test-key-0123456789abcdef0123456789abcdef";
    return c;
}

struct ServiceFixture {
    explicit ServiceFixture(ServiceConfig config = test_config(), uint64_t persons = 200)
        : clock(kStartMs), crypto(make_system_crypto()),
          service(std::move(config), Stores{store, store, store, store, store}, *crypto, clock, sms) {
        RegistryGenOptions o;
        o.seed = kSeed;
        o.persons = persons;
        o.today = kToday;
        generate_registry(o, [this](const PersonRecord& p) { (void)store.put_person(p); });
        samples = demo_samples(kSeed);
    }

    // Requests a code by SMS and returns it as read from the outbox ("" on failure).
    std::string sms_code(const std::string& mobile, const std::string& ip = "10.0.0.1") {
        auto r = service.request_code({mobile}, ip);
        if (!r) return "";
        auto m = outbox.latest(check_mobile(mobile).normalized);
        if (!m) return "";
        return code_from_sms_text(m->text).value_or("");
    }

    // A verified session for a fresh code.
    std::string session(const std::string& mobile = "09121232580") {
        const std::string code = sms_code(mobile);
        auto v = service.verify_code({mobile, code}, "10.0.0.1");
        return v ? v->sessionToken : "";
    }

    ManualClock clock;
    MemoryStore store;
    Outbox outbox;
    DirectSms sms{outbox};
    std::unique_ptr<Crypto> crypto;
    Service service;
    DemoSamples samples;
};

} // namespace bk::test
