#include <cstdlib>
#include <unistd.h>
#if defined(__linux__) && !defined(__EMSCRIPTEN__)
#include <sys/random.h>
#endif

#include "service/crypto.h"

namespace bk {

uint64_t Crypto::uniform(uint64_t bound) {
    if (bound <= 1) return 0;
    const uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
    for (;;) {
        uint64_t x = 0;
        random_bytes(reinterpret_cast<uint8_t*>(&x), sizeof x);
        if (x < limit) return x % bound;
    }
}

void PortableCrypto::random_bytes(uint8_t* out, size_t len) {
    // getentropy: crypto.getRandomValues in browsers, crypto.randomFillSync under node,
    // getrandom(2) on Linux. At most 256 bytes per call.
    while (len > 0) {
        const size_t n = len > 256 ? 256 : len;
        if (getentropy(out, n) != 0) std::abort(); // never fall back to weak randomness
        out += n;
        len -= n;
    }
}

Digest PortableCrypto::hmac_sha256(std::string_view key, std::string_view message) {
    return hmac_sha256_portable(key, message);
}

} // namespace bk
