#include "text/bidi.h"

extern "C" {
#include <fribidi.h>
}

#include "core/digits.h"

namespace bk::text {

namespace {

std::vector<FriBidiChar> to_utf32(std::string_view s) {
    std::vector<FriBidiChar> out;
    out.reserve(s.size());
    size_t i = 0;
    while (i < s.size()) out.push_back(next_code_point(s, i));
    return out;
}

// Controls that have done their job once the text is shaped and ordered: ZWSP, ZWNJ, ZWJ, LRM,
// RLM, embeddings/overrides, isolates, BOM. Drawn, they would be boxes.
bool invisible(FriBidiChar c) {
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF;
}

// The next paragraph separator (bidi class B: LF, CR, CR LF, FS/GS/RS, NEL, U+2029) at or after
// `from`: its byte offset (npos when none) and its length in bytes.
size_t find_paragraph_break(std::string_view s, size_t from, size_t& len) {
    size_t i = from;
    while (i < s.size()) {
        const size_t at = i;
        const char32_t c = next_code_point(s, i);
        if (c == '\r' && i < s.size() && s[i] == '\n') { len = i + 1 - at; return at; }
        if (c == '\n' || c == '\r' || (c >= 0x1C && c <= 0x1E) || c == 0x85 || c == 0x2029) { len = i - at; return at; }
    }
    len = 0;
    return std::string_view::npos;
}

std::string paragraph_to_visual(std::string_view logical, BaseDir dir);

FriBidiParType par_type(BaseDir dir) {
    switch (dir) {
    case BaseDir::RTL: return FRIBIDI_PAR_RTL;
    case BaseDir::LTR: return FRIBIDI_PAR_LTR;
    case BaseDir::Auto: break;
    }
    return FRIBIDI_PAR_ON;
}

} // namespace

bool resolves_rtl(std::string_view logical, BaseDir dir) {
    if (dir != BaseDir::Auto) return dir == BaseDir::RTL;
    std::vector<FriBidiChar> str = to_utf32(logical);
    std::vector<FriBidiCharType> types(str.size());
    fribidi_get_bidi_types(str.data(), static_cast<FriBidiStrIndex>(str.size()), types.data());
    const FriBidiParType p = fribidi_get_par_direction(types.data(), static_cast<FriBidiStrIndex>(str.size()));
    return p == FRIBIDI_PAR_RTL;
}

std::string to_visual(std::string_view logical, BaseDir dir) {
    // Each paragraph is ordered on its own (the bidi algorithm's rule P1), and they stay in
    // logical order, one per line.
    size_t sep_len = 0;
    size_t sep = find_paragraph_break(logical, 0, sep_len);
    if (sep == std::string_view::npos) return paragraph_to_visual(logical, dir);
    std::string out;
    size_t start = 0;
    for (;;) {
        out += paragraph_to_visual(logical.substr(start, (sep == std::string_view::npos ? logical.size() : sep) - start), dir);
        if (sep == std::string_view::npos) break;
        out += '\n';
        start = sep + sep_len;
        sep = find_paragraph_break(logical, start, sep_len);
    }
    return out;
}

namespace {

std::string paragraph_to_visual(std::string_view logical, BaseDir dir) {
    std::vector<FriBidiChar> str = to_utf32(logical);
    const FriBidiStrIndex len = static_cast<FriBidiStrIndex>(str.size());
    if (len == 0) return {};

    std::vector<FriBidiCharType> types(len);
    std::vector<FriBidiBracketType> brackets(len);
    std::vector<FriBidiLevel> levels(len);
    std::vector<FriBidiArabicProp> joining(len);

    fribidi_get_bidi_types(str.data(), len, types.data());
    fribidi_get_bracket_types(str.data(), len, types.data(), brackets.data());
    FriBidiParType base = par_type(dir);
    if (!fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), len, &base, levels.data()))
        return std::string(logical);

    fribidi_get_joining_types(str.data(), len, joining.data());
    fribidi_join_arabic(types.data(), len, levels.data(), joining.data());
    const FriBidiFlags flags = FRIBIDI_FLAGS_DEFAULT | FRIBIDI_FLAGS_ARABIC;
    fribidi_shape(flags, levels.data(), len, joining.data(), str.data());
    if (!fribidi_reorder_line(flags, types.data(), len, 0, base, levels.data(), str.data(), nullptr)) return std::string(logical);

    std::string out;
    out.reserve(logical.size() + 8);
    for (FriBidiChar c : str)
        if (!invisible(c)) append_utf8(out, c);
    return out;
}

} // namespace

std::vector<std::string> wrap_visual(std::string_view logical, BaseDir dir, float max_width,
                                     const std::function<float(std::string_view visual)>& measure) {
    std::vector<std::string> lines;
    size_t para_start = 0;
    while (para_start <= logical.size()) {
        size_t sep_len = 0;
        size_t para_end = find_paragraph_break(logical, para_start, sep_len);
        if (para_end == std::string_view::npos) para_end = logical.size();
        const std::string_view para = logical.substr(para_start, para_end - para_start);
        // One direction for every line of a paragraph, decided on the whole of it (as to_visual
        // decides it for each paragraph).
        const BaseDir line_dir = resolves_rtl(para, dir) ? BaseDir::RTL : BaseDir::LTR;

        std::string line;   // logical text of the line being filled
        size_t pos = 0;
        bool any = false;
        while (pos < para.size()) {
            size_t sp = para.find(' ', pos);
            if (sp == std::string_view::npos) sp = para.size();
            const std::string_view word = para.substr(pos, sp - pos);
            pos = sp + 1;
            if (word.empty()) continue;
            std::string candidate = line.empty() ? std::string(word) : line + " " + std::string(word);
            if (!line.empty() && measure(to_visual(candidate, line_dir)) > max_width) {
                lines.push_back(to_visual(line, line_dir));
                line = std::string(word);
            } else {
                line = std::move(candidate);
            }
            any = true;
        }
        if (!line.empty() || !any) lines.push_back(to_visual(line, line_dir));
        if (para_end == logical.size()) break;
        para_start = para_end + sep_len;
    }
    return lines;
}

} // namespace bk::text
