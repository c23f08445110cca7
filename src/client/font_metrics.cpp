#include "client/font_metrics.h"

#include <cstring>

namespace bk::client {

namespace {

uint32_t be32(const uint8_t* p) { return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3]; }
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

// The offset of table `tag`, or 0 when it is absent or does not hold `need` bytes.
size_t table(const uint8_t* data, size_t size, const char* tag, size_t need) {
    if (size < 12) return 0;
    const size_t count = be16(data + 4);
    for (size_t i = 0; i < count; ++i) {
        const size_t rec = 12 + 16 * i;
        if (rec + 16 > size) return 0;
        if (std::memcmp(data + rec, tag, 4) != 0) continue;
        const size_t off = be32(data + rec + 8), len = be32(data + rec + 12);
        if (len < need || off > size || size - off < need) return 0;
        return off;
    }
    return 0;
}

} // namespace

double ttf_line_per_em(const uint8_t* data, size_t size) {
    if (!data) return 0;
    const size_t head = table(data, size, "head", 54), hhea = table(data, size, "hhea", 36);
    if (!head || !hhea) return 0;
    const double units = be16(data + head + 18);
    const auto ascent = static_cast<int16_t>(be16(data + hhea + 4));
    const auto descent = static_cast<int16_t>(be16(data + hhea + 6));
    if (units <= 0 || ascent - descent <= 0) return 0;
    return (ascent - descent) / units;
}

} // namespace bk::client
