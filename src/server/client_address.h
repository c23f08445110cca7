// client_address.h — who is asking, for every per-client limit and the connection caps.
//
// The socket's peer is the client, unless the peer is a trusted proxy (--trusted-proxy CIDR…):
// then the one header the proxies write (--forwarded-header: X-Forwarded-For by default, or
// Forwarded, RFC 7239) is read from the right, past every trusted hop, and the first address
// that is not trusted is the client — the one the trusted proxy itself saw. Anything to its
// left was written by the client and is ignored, so a spoofed header gains nothing. The other
// header is never read: a proxy that appends X-Forwarded-For passes a client's own Forwarded
// through untouched, so believing it would let the client choose its address. Headers from an
// untrusted peer are ignored altogether.
//
// Limits count by a key: an IPv4 address, or an IPv6 address's /64 (one subscriber usually has
// a whole /64, so counting single IPv6 addresses would make every per-client limit unlimited).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/ip/address.hpp>

namespace bk::server {

struct Cidr {
    boost::asio::ip::address network;
    int prefix = 0;
    bool contains(const boost::asio::ip::address& a) const;
};

// "10.0.0.0/8,2001:db8::/32,127.0.0.1" (a bare address is a /32 or /128). False with a
// message for anything else.
bool parse_cidrs(std::string_view list, std::vector<Cidr>& out, std::string& error);

// An address as text (IPv4-mapped IPv6 becomes IPv4), or nothing when it is not one.
std::optional<boost::asio::ip::address> parse_address(std::string_view text);

enum class ForwardedHeader { XForwardedFor, Forwarded };
// "x-forwarded-for" / "forwarded" (any case); nothing for anything else.
std::optional<ForwardedHeader> parse_forwarded_header(std::string_view name);

// The client's address (see above). values: that header's values in order, each may hold
// several comma-separated hops.
std::string client_address(const std::string& peer, ForwardedHeader header, const std::vector<std::string_view>& values,
                           const std::vector<Cidr>& trusted);

// "192.0.2.7" → "192.0.2.7"; "2001:db8:1:2:a:b:c:d" → "2001:db8:1:2::/64"; anything else as is.
std::string client_key(const std::string& address);

bool is_trusted(const std::string& address, const std::vector<Cidr>& trusted);

} // namespace bk::server
