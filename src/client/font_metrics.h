// font_metrics.h — Dear ImGui sizes a font by its line height (hhea ascent − descent), CSS by
// its em. Vazirmatn's line is 1.5625 em, so "16 px" in ImGui is a 10 px em: too small to read
// on a phone. This reads the two numbers from the TrueType tables, so the client can ask ImGui
// for the line height that gives the em it wants. Pure: no ImGui.
#pragma once
#include <cstddef>
#include <cstdint>

namespace bk::client {

// (ascent − descent) / unitsPerEm from the 'hhea' and 'head' tables; 0 when the data is not a
// TrueType font or a table is missing or truncated.
double ttf_line_per_em(const uint8_t* data, size_t size);

} // namespace bk::client
