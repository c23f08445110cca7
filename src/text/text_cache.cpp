#include "text/text_cache.h"

namespace bk::text {

namespace {
std::string key_of(std::string_view logical, BaseDir dir) {
    std::string k;
    k.reserve(logical.size() + 1);
    k += static_cast<char>('0' + static_cast<int>(dir));
    k.append(logical);
    return k;
}
} // namespace

const std::string& TextCache::visual(std::string_view logical, BaseDir dir) {
    std::string key = key_of(logical, dir);
    auto it = visual_.find(key);
    if (it != visual_.end()) { ++hits_; return it->second; }
    ++misses_;
    return visual_.emplace(std::move(key), to_visual(logical, dir)).first->second;
}

const std::vector<std::string>& TextCache::wrapped(std::string_view logical, BaseDir dir, float max_width,
                                                   const std::function<float(std::string_view)>& measure, int style) {
    std::string key = key_of(logical, dir) + '\x01' + std::to_string(static_cast<int>(max_width)) + '/' + std::to_string(style);
    auto it = wrapped_.find(key);
    if (it != wrapped_.end()) { ++hits_; return it->second; }
    ++misses_;
    return wrapped_.emplace(std::move(key), wrap_visual(logical, dir, max_width, measure)).first->second;
}

void TextCache::trim() {
    if (visual_.size() >= kMaxEntries) visual_.clear();
    if (wrapped_.size() >= kMaxEntries) wrapped_.clear();
}

void TextCache::clear() {
    visual_.clear();
    wrapped_.clear();
}

} // namespace bk::text
