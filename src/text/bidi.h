// bidi.h — logical → visual text for ImGui, which draws glyphs left to right one by one:
// FriBidi resolves bidi levels, joins and shapes Arabic script into presentation forms (with the
// lam-alef ligature), mirrors brackets and reorders; invisible controls are dropped afterwards.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace bk::text {

enum class BaseDir {
    RTL,   // UI strings: the paragraph is right-to-left whatever it starts with
    Auto,  // user text: the first strong character decides (Latin-only text stays LTR)
    LTR,
};

// One line, logical UTF-8 in, visual UTF-8 out. Text with paragraph separators (LF, CR, CR LF,
// U+2029, NEL, FS/GS/RS) is ordered one paragraph at a time; the paragraphs come out in order,
// joined by '\n'.
std::string to_visual(std::string_view logical, BaseDir dir);

// The direction a paragraph resolves to (Auto looks at the first strong character).
bool resolves_rtl(std::string_view logical, BaseDir dir);

// Wraps a logical paragraph at spaces so that each line's visual width (as `measure` reports
// it) fits max_width, then makes each line visual: wrap first, reorder each line after. A word
// wider than max_width stands on a line of its own. A paragraph separator (as for to_visual)
// always breaks.
std::vector<std::string> wrap_visual(std::string_view logical, BaseDir dir, float max_width,
                                     const std::function<float(std::string_view visual)>& measure);

} // namespace bk::text
