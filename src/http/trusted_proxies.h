#pragma once

// The proxies whose X-Forwarded-For this server believes, and so the address a request
// comes from. A request from a trusted proxy comes from the right-most X-Forwarded-For address
// that is not itself a trusted proxy (each proxy appends the peer it saw, so everything left
// of that address was written by the client and proves nothing); from any other peer, the
// header is ignored and the request comes from the peer. A malformed entry ends the walk at
// the address to its right, the last one a trusted proxy vouched for. Repeated
// X-Forwarded-For fields count as one list, in order.
//
// Thread-safety: immutable after Parse; any thread.

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/network_v4.hpp>
#include <boost/asio/ip/network_v6.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "http/types.h"

namespace confide::http {

class TrustedProxies {
 public:
  // Trusts no one.
  TrustedProxies() = default;

  // Addresses ("10.1.2.3", "::1") and CIDR blocks ("10.0.0.0/8", "fd00::/8"); spaces around an
  // entry and empty entries are ignored. The error names the first entry that is neither.
  static Result<TrustedProxies> Parse(const std::vector<std::string>& entries);

  bool empty() const { return v4_.empty() && v6_.empty(); }
  bool Contains(const boost::asio::ip::address& address) const;

  // The address `request`, received from `peer`, comes from.
  boost::asio::ip::address ClientOf(const boost::asio::ip::address& peer,
                                    const Request& request) const;

  // `address` with an IPv4-mapped IPv6 address written as IPv4.
  static boost::asio::ip::address Unmapped(const boost::asio::ip::address& address);
  // One X-Forwarded-For entry: an address, with or without a port ("1.2.3.4:5", "[::1]:5").
  static std::optional<boost::asio::ip::address> ParseEntry(std::string_view entry);

 private:
  // One address or CIDR block; false if it is neither.
  bool Add(std::string_view entry);

  std::vector<boost::asio::ip::network_v4> v4_;
  std::vector<boost::asio::ip::network_v6> v6_;
};

}  // namespace confide::http
