// sha256.h — portable SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), used by the WASM build
// where OpenSSL is not available; native tests cross-check it against OpenSSL.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bk {

using Digest = std::array<uint8_t, 32>;

class Sha256 {
public:
    Sha256();
    void update(const uint8_t* data, size_t len);
    void update(std::string_view s) { update(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }
    Digest finish();

private:
    void block(const uint8_t* p);
    uint32_t h_[8];
    uint8_t buf_[64];
    size_t buf_len_ = 0;
    uint64_t total_ = 0;
};

Digest sha256(std::string_view data);
Digest hmac_sha256_portable(std::string_view key, std::string_view message);
std::string to_hex(const uint8_t* data, size_t len);
inline std::string to_hex(const Digest& d) { return to_hex(d.data(), d.size()); }

} // namespace bk
