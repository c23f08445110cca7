// The text path: logical → visual with FriBidi (bidi, joining, shaping, reordering) and the
// wrapper. Text from the server (notices, error messages) reaches it. Properties: no crash and
// no memory error (ASan); wrap_visual gives at least one line; a line is never wider than the
// limit unless it is a single word.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/digits.h"
#include "fuzz_check.h"
#include "text/bidi.h"

using namespace bk::text;

namespace {
float code_points(std::string_view s) {
    float n = 0;
    size_t i = 0;
    while (i < s.size()) { bk::next_code_point(s, i); n += 1; }
    return n;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const BaseDir dir = data[0] % 3 == 0 ? BaseDir::RTL : data[0] % 3 == 1 ? BaseDir::Auto : BaseDir::LTR;
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    (void)to_visual(text, dir);
    (void)resolves_rtl(text, dir);
    const float width = static_cast<float>(data[0] % 40 + 1);
    const auto lines = wrap_visual(text, dir, width, code_points);
    FUZZ_CHECK(!lines.empty());
    for (const std::string& line : lines)
        if (code_points(line) > width) FUZZ_CHECK(line.find(' ') == std::string::npos || code_points(line) <= width);
    return 0;
}
