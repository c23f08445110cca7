// crypto.h — randomness and keyed hashing come through this interface: native uses OpenSSL,
// WASM the browser's (or node's) CSPRNG with the portable SHA-256/HMAC.
//
// Contract, for every method of every implementation:
//   - Thread safety: any thread, at once (the server's workers and I/O threads share one). No
//     state is kept between calls.
//   - Errors: none are returned. random_bytes() never hands out weak bytes: when the system's
//     generator fails it aborts the process (a server that cannot draw codes must not run on).
//     hmac_sha256() cannot fail. Neither throws.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "service/sha256.h"

namespace bk {

class Crypto {
public:
    virtual ~Crypto() = default;
    virtual void random_bytes(uint8_t* out, size_t len) = 0; // CSPRNG; aborts rather than returning weak bytes
    virtual Digest hmac_sha256(std::string_view key, std::string_view message) = 0;

    // Uniform in [0, bound) by rejection sampling (no modulo bias).
    uint64_t uniform(uint64_t bound);
};

// The platform's crypto: OpenSSL natively (crypto_openssl.cpp), getentropy + the portable HMAC
// below in WASM (crypto_system_wasm.cpp). CMake links exactly one of those two; the portable
// implementation (crypto_portable.cpp) is always linked.
std::unique_ptr<Crypto> make_system_crypto();

// Portable implementation, available on every platform (WASM uses it; native tests compare it).
class PortableCrypto final : public Crypto {
public:
    void random_bytes(uint8_t* out, size_t len) override;
    Digest hmac_sha256(std::string_view key, std::string_view message) override;
};

} // namespace bk
