#include "core/messages.h"

namespace bk {

std::string substitute(std::string text, std::string_view key, std::string_view value) {
    const std::string token = "{" + std::string(key) + "}";
    for (size_t pos = text.find(token); pos != std::string::npos; pos = text.find(token, pos + value.size()))
        text.replace(pos, token.size(), value);
    return text;
}

} // namespace bk
