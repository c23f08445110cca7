#include "service/demo_backend.h"

namespace bk {

DemoBackend::DemoBackend(const Clock& clock, DemoOptions options) : crypto_(make_system_crypto()) {
    if (options.config.hmacKey.empty()) {
        uint8_t key[32];
        crypto_->random_bytes(key, sizeof key);
        options.config.hmacKey.assign(reinterpret_cast<const char*>(key), sizeof key);
    }
    RegistryGenOptions gen;
    gen.seed = options.seed;
    gen.persons = options.persons;
    gen.today = options.today;
    generate_registry(gen, [this](const PersonRecord& p) { (void)store_.put_person(p); }); // in memory: cannot fail
    samples_ = demo_samples(options.seed);
    service_ = std::make_unique<Service>(options.config, Stores{store_, store_, store_, store_, store_}, *crypto_, clock, sms_);
    transport_ = std::make_unique<DirectTransport>(*service_, "demo");
}

} // namespace bk
