#include "server/client_address.h"
#include "server/http_text.h"

#include <cctype>
#include <optional>

namespace bk::server {

namespace asio = boost::asio;

namespace {

// Splits header values at commas into hops, left to right.
std::vector<std::string_view> hops(const std::vector<std::string_view>& values) {
    std::vector<std::string_view> out;
    for (std::string_view v : values) {
        size_t start = 0;
        for (;;) {
            const size_t comma = v.find(',', start);
            out.push_back(trim_ows(v.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
            if (comma == std::string_view::npos) break;
            start = comma + 1;
        }
    }
    return out;
}

// One X-Forwarded-For hop: "192.0.2.1", "192.0.2.1:4711", "2001:db8::1", "[2001:db8::1]:4711".
std::optional<asio::ip::address> xff_hop(std::string_view h) {
    if (!h.empty() && h.front() == '[') {
        const size_t close = h.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        return parse_address(h.substr(1, close - 1));
    }
    if (auto a = parse_address(h)) return a;
    const size_t colon = h.rfind(':');
    if (colon != std::string_view::npos && h.find(':') == colon) return parse_address(h.substr(0, colon)); // v4:port
    return std::nullopt;
}

// One Forwarded element: "for=192.0.2.60;proto=http", "for=\"[2001:db8::1]:4711\"".
std::optional<asio::ip::address> forwarded_hop(std::string_view element) {
    size_t start = 0;
    for (;;) {
        const size_t semi = element.find(';', start);
        std::string_view pair = trim_ows(element.substr(start, semi == std::string_view::npos ? std::string_view::npos : semi - start));
        if (pair.size() > 4 && (pair.substr(0, 4) == "for=" || pair.substr(0, 4) == "For=" || pair.substr(0, 4) == "FOR=")) {
            std::string_view v = pair.substr(4);
            if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
            return xff_hop(v); // "unknown" and obfuscated identifiers are not addresses
        }
        if (semi == std::string_view::npos) return std::nullopt;
        start = semi + 1;
    }
}

} // namespace

std::optional<asio::ip::address> parse_address(std::string_view text) {
    boost::system::error_code ec;
    auto a = asio::ip::make_address(std::string(trim_ows(text)), ec);
    if (ec) return std::nullopt;
    if (a.is_v6() && a.to_v6().is_v4_mapped()) return asio::ip::address(asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()));
    return a;
}

bool Cidr::contains(const asio::ip::address& a) const {
    if (a.is_v4() != network.is_v4()) return false;
    if (a.is_v4()) {
        const uint32_t mask = prefix == 0 ? 0 : ~uint32_t(0) << (32 - prefix);
        return (a.to_v4().to_uint() & mask) == (network.to_v4().to_uint() & mask);
    }
    const auto x = a.to_v6().to_bytes(), y = network.to_v6().to_bytes();
    int bits = prefix;
    for (size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
        const uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
        if ((x[i] & mask) != (y[i] & mask)) return false;
    }
    return true;
}

bool parse_cidrs(std::string_view list, std::vector<Cidr>& out, std::string& error) {
    out.clear();
    for (std::string_view item : hops({list})) {
        if (item.empty()) continue;
        const size_t slash = item.find('/');
        auto a = parse_address(item.substr(0, slash));
        if (!a) { error = "not an address: " + std::string(item); return false; }
        int prefix = a->is_v4() ? 32 : 128;
        if (slash != std::string_view::npos) {
            const std::string p(item.substr(slash + 1));
            char* end = nullptr;
            const long n = std::strtol(p.c_str(), &end, 10);
            if (p.empty() || *end || n < 0 || n > prefix) { error = "bad prefix length: " + std::string(item); return false; }
            prefix = static_cast<int>(n);
        }
        out.push_back(Cidr{*a, prefix});
    }
    return true;
}

bool is_trusted(const std::string& address, const std::vector<Cidr>& trusted) {
    auto a = parse_address(address);
    if (!a) return false;
    for (const Cidr& c : trusted)
        if (c.contains(*a)) return true;
    return false;
}

std::optional<ForwardedHeader> parse_forwarded_header(std::string_view name) {
    auto lower = [](std::string_view s) {
        std::string out(s);
        for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return out;
    };
    const std::string n = lower(name);
    if (n == "x-forwarded-for") return ForwardedHeader::XForwardedFor;
    if (n == "forwarded") return ForwardedHeader::Forwarded;
    return std::nullopt;
}

std::string client_address(const std::string& peer, ForwardedHeader header, const std::vector<std::string_view>& values,
                           const std::vector<Cidr>& trusted) {
    auto peer_addr = parse_address(peer);
    const std::string peer_text = peer_addr ? peer_addr->to_string() : peer;
    if (trusted.empty() || !is_trusted(peer_text, trusted)) return peer_text;
    const bool use_forwarded = header == ForwardedHeader::Forwarded;
    const std::vector<std::string_view> list = hops(values);
    std::string nearest = peer_text; // the last trusted hop seen, from the right
    for (auto it = list.rbegin(); it != list.rend(); ++it) {
        auto a = use_forwarded ? forwarded_hop(*it) : xff_hop(*it);
        if (!a) return nearest; // not an address (a misconfigured proxy): go no further left
        const std::string text = a->to_string();
        if (!is_trusted(text, trusted)) return text;
        nearest = text;
    }
    return nearest;
}

std::string client_key(const std::string& address) {
    auto a = parse_address(address);
    if (!a) return address;
    if (a->is_v4()) return a->to_string();
    auto bytes = a->to_v6().to_bytes();
    for (size_t i = 8; i < 16; ++i) bytes[i] = 0;
    return asio::ip::address_v6(bytes).to_string() + "/64";
}

} // namespace bk::server
