// text_cache.h — a frame re-shapes nothing that did not change: visual strings and wrapped
// paragraphs are kept by (logical text, direction[, width]). References it returns stay valid
// until trim() or clear(), which the client calls only between frames.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "text/bidi.h"

namespace bk::text {

class TextCache {
public:
    const std::string& visual(std::string_view logical, BaseDir dir = BaseDir::RTL);
    // measure is only called on a miss; width is rounded to whole pixels for the key, and
    // `style` tells layouts measured with different fonts apart.
    const std::vector<std::string>& wrapped(std::string_view logical, BaseDir dir, float max_width,
                                            const std::function<float(std::string_view)>& measure, int style = 0);
    // Between frames: drops everything once the cache has grown past its bound (user text
    // changes every keystroke, so it must stay bounded).
    void trim();
    // Dropped when the font changes (widths change with it).
    void clear();

    uint64_t hits() const { return hits_; }
    uint64_t misses() const { return misses_; }
    size_t size() const { return visual_.size() + wrapped_.size(); }

private:
    static constexpr size_t kMaxEntries = 4096;
    std::unordered_map<std::string, std::string> visual_;
    std::unordered_map<std::string, std::vector<std::string>> wrapped_;
    uint64_t hits_ = 0, misses_ = 0;
};

} // namespace bk::text
