// Who the client is (server/client_address.h): the socket's peer, or what a trusted proxy vouches
// for in the one header it writes; IPv6 counted by /64.
#include <doctest/doctest.h>

#include "server/client_address.h"

using namespace bk::server;

namespace {

std::vector<Cidr> cidrs(const char* list) {
    std::vector<Cidr> out;
    std::string error;
    REQUIRE(parse_cidrs(list, out, error));
    return out;
}

} // namespace

TEST_CASE("client address: the peer unless it is a trusted proxy; then the right-most untrusted hop") {
    const auto trusted = cidrs("127.0.0.1,10.0.0.0/8,fd00::/8");
    const auto xff = ForwardedHeader::XForwardedFor;
    CHECK(client_address("203.0.113.9", xff, {"198.51.100.1"}, trusted) == "203.0.113.9"); // not a proxy: header ignored
    CHECK(client_address("127.0.0.1", xff, {"198.51.100.1"}, trusted) == "198.51.100.1");
    CHECK(client_address("127.0.0.1", xff, {"1.2.3.4, 198.51.100.1, 10.1.2.3"}, trusted) == "198.51.100.1");
    CHECK(client_address("127.0.0.1", xff, {"1.2.3.4", "198.51.100.1"}, trusted) == "198.51.100.1"); // two header lines
    CHECK(client_address("127.0.0.1", xff, {"[2001:db8::5]:4711"}, trusted) == "2001:db8::5");
    CHECK(client_address("127.0.0.1", xff, {"192.0.2.7:80"}, trusted) == "192.0.2.7");
    CHECK(client_address("127.0.0.1", xff, {"10.0.0.1, 10.0.0.2"}, trusted) == "10.0.0.1");    // all trusted: the left-most seen
    CHECK(client_address("127.0.0.1", xff, {"198.51.100.1, garbage"}, trusted) == "127.0.0.1"); // a bad hop stops the walk
    CHECK(client_address("127.0.0.1", xff, {}, trusted) == "127.0.0.1");
    CHECK(client_address("::ffff:127.0.0.1", xff, {"198.51.100.1"}, trusted) == "198.51.100.1"); // v4-mapped peer
    CHECK(client_address("127.0.0.1", xff, {"198.51.100.1"}, {}) == "127.0.0.1");               // no --trusted-proxy
}

TEST_CASE("client address: Forwarded (RFC 7239) only when the proxies are said to write it") {
    const auto trusted = cidrs("127.0.0.1");
    const auto fwd = ForwardedHeader::Forwarded;
    CHECK(client_address("127.0.0.1", fwd, {"for=192.0.2.60;proto=http;by=203.0.113.43"}, trusted) == "192.0.2.60");
    CHECK(client_address("127.0.0.1", fwd, {"for=198.51.100.9, for=\"[2001:db8:cafe::17]:4711\""}, trusted) == "2001:db8:cafe::17");
    CHECK(client_address("127.0.0.1", fwd, {"For=unknown"}, trusted) == "127.0.0.1");
    CHECK(client_address("127.0.0.1", fwd, {"proto=https"}, trusted) == "127.0.0.1");
    CHECK(parse_forwarded_header("X-Forwarded-For") == ForwardedHeader::XForwardedFor);
    CHECK(parse_forwarded_header("forwarded") == ForwardedHeader::Forwarded);
    CHECK_FALSE(parse_forwarded_header("x-real-ip").has_value());
}

TEST_CASE("client key: IPv4 as is, IPv6 by its /64") {
    CHECK(client_key("192.0.2.7") == "192.0.2.7");
    CHECK(client_key("2001:db8:1:2:a:b:c:d") == "2001:db8:1:2::/64");
    CHECK(client_key("2001:db8:1:2::99") == "2001:db8:1:2::/64");
    CHECK(client_key("2001:db8:1:3::1") == "2001:db8:1:3::/64");
    CHECK(client_key("::ffff:192.0.2.7") == "192.0.2.7");
    CHECK(client_key("not an address") == "not an address");
}

TEST_CASE("trusted proxies: CIDR lists") {
    std::vector<Cidr> out;
    std::string error;
    CHECK(parse_cidrs("10.0.0.0/8, 2001:db8::/32,127.0.0.1", out, error));
    CHECK(out.size() == 3);
    CHECK(is_trusted("10.200.1.1", out));
    CHECK_FALSE(is_trusted("11.0.0.1", out));
    CHECK(is_trusted("2001:db8:ffff::1", out));
    CHECK_FALSE(is_trusted("2001:db9::1", out));
    CHECK_FALSE(parse_cidrs("10.0.0.0/33", out, error));
    CHECK(error == "bad prefix length: 10.0.0.0/33");
    CHECK_FALSE(parse_cidrs("example.org", out, error));
}
