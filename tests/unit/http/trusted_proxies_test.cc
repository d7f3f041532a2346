#include "http/trusted_proxies.h"

#include <gtest/gtest.h>

namespace confide::http {
namespace {

namespace ip = boost::asio::ip;

TrustedProxies Trust(std::vector<std::string> entries) {
  auto proxies = TrustedProxies::Parse(entries);
  EXPECT_TRUE(proxies.ok()) << proxies.error().message();
  return proxies.ok() ? *proxies : TrustedProxies();
}

std::string ClientOf(const TrustedProxies& proxies, std::string_view peer,
                     std::initializer_list<std::string> forwarded) {
  Request request{Verb::get, "/", 11};
  for (const auto& value : forwarded) request.insert("X-Forwarded-For", value);
  return proxies.ClientOf(ip::make_address(peer), request).to_string();
}

TEST(TrustedProxiesTest, ParsesAddressesAndBlocksAndRefusesTheRest) {
  const auto proxies = Trust({" 10.0.0.0/8", "", "192.0.2.1", "fd00::/8", "::1"});
  EXPECT_TRUE(proxies.Contains(ip::make_address("10.200.0.1")));
  EXPECT_TRUE(proxies.Contains(ip::make_address("::ffff:10.0.0.1")));
  EXPECT_TRUE(proxies.Contains(ip::make_address("192.0.2.1")));
  EXPECT_FALSE(proxies.Contains(ip::make_address("192.0.2.2")));
  EXPECT_TRUE(proxies.Contains(ip::make_address("fd12::5")));
  EXPECT_TRUE(proxies.Contains(ip::make_address("::1")));
  EXPECT_FALSE(proxies.Contains(ip::make_address("fe80::1")));
  for (const std::string bad :
       {"10.0.0.0/33", "proxy.example", "10.0.0", "fd00::/129", "1.2.3.4/"}) {
    const auto parsed = TrustedProxies::Parse({bad});
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.error().message().find(bad), std::string::npos) << parsed.error().message();
  }
  EXPECT_TRUE(Trust({}).empty());
}

TEST(TrustedProxiesTest, AnUntrustedPeerIsTheClientWhateverItForwards) {
  const auto proxies = Trust({"10.0.0.0/8"});
  EXPECT_EQ(ClientOf(proxies, "192.0.2.9", {"203.0.113.7"}), "192.0.2.9");
  EXPECT_EQ(ClientOf(TrustedProxies(), "10.0.0.1", {"203.0.113.7"}), "10.0.0.1");
}

TEST(TrustedProxiesTest, ATrustedPeerForwardsTheRightMostUntrustedAddress) {
  const auto proxies = Trust({"10.0.0.0/8"});
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"198.51.100.1, 203.0.113.7"}), "203.0.113.7");
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"198.51.100.1", "203.0.113.7, 10.2.3.4"}),
            "203.0.113.7");
  EXPECT_EQ(ClientOf(proxies, "::ffff:10.0.0.1", {"2001:db8::7"}), "2001:db8::7");
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {}), "10.0.0.1");
  // Every address trusted: the left-most, the farthest hop known.
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"10.9.9.9, 10.1.1.1"}), "10.9.9.9");
}

TEST(TrustedProxiesTest, AcceptsPortsAndBracketsAndStopsAtWhatItCannotRead) {
  const auto proxies = Trust({"10.0.0.0/8"});
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"203.0.113.7:4711"}), "203.0.113.7");
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"[2001:db8::7]:443"}), "2001:db8::7");
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"[2001:db8::7]"}), "2001:db8::7");
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"203.0.113.7, unknown"}), "10.0.0.1");
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"unknown, 10.3.3.3"}), "10.3.3.3");
  EXPECT_EQ(ClientOf(proxies, "10.0.0.1", {"203.0.113.7, "}), "10.0.0.1");
}

}  // namespace
}  // namespace confide::http
