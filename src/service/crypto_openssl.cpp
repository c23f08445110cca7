// The native build's platform crypto: OpenSSL's RAND_bytes and HMAC.
#include <cstdlib>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstring>

#include "service/crypto.h"

namespace bk {

namespace {

class OpenSslCrypto final : public Crypto {
public:
    // OpenSSL's DRBG, drawn 512 bytes at a time per thread: each RAND_bytes() call costs about
    // as much as an inquiry's JSON, and every answer needs ten bytes for its tracking code. Bytes
    // are used once and wiped as they are handed out.
    void random_bytes(uint8_t* out, size_t len) override {
        struct Pool {
            uint8_t bytes[512];
            size_t left = 0;
            ~Pool() { OPENSSL_cleanse(bytes, sizeof bytes); }
        };
        thread_local Pool pool;
        if (len > sizeof pool.bytes / 2) {
            if (RAND_bytes(out, static_cast<int>(len)) != 1) std::abort();
            return;
        }
        if (pool.left < len) {
            if (RAND_bytes(pool.bytes, sizeof pool.bytes) != 1) std::abort();
            pool.left = sizeof pool.bytes;
        }
        uint8_t* from = pool.bytes + sizeof pool.bytes - pool.left;
        std::memcpy(out, from, len);
        OPENSSL_cleanse(from, len);
        pool.left -= len;
    }
    Digest hmac_sha256(std::string_view key, std::string_view message) override {
        Digest d{};
        unsigned int n = 0;
        HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(), d.data(), &n);
        return d;
    }
};

} // namespace

std::unique_ptr<Crypto> make_system_crypto() { return std::make_unique<OpenSslCrypto>(); }

} // namespace bk
