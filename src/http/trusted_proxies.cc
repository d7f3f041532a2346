#include "http/trusted_proxies.h"

#include <fmt/format.h>

#include <algorithm>

namespace confide::http {
namespace {

namespace ip = boost::asio::ip;

constexpr std::string_view kForwardedFor = "X-Forwarded-For";

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::optional<ip::address> ParseAddress(std::string_view text) {
  boost::system::error_code ec;
  const auto address = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return TrustedProxies::Unmapped(address);
}

bool InV4(const ip::network_v4& network, const ip::address_v4& address) {
  const auto mask = network.netmask().to_uint();
  return (address.to_uint() & mask) == (network.address().to_uint() & mask);
}

bool InV6(const ip::network_v6& network, const ip::address_v6& address) {
  const auto want = network.address().to_bytes();
  const auto have = address.to_bytes();
  unsigned bits = network.prefix_length();
  for (std::size_t i = 0; i < want.size() && bits > 0; ++i) {
    const unsigned take = std::min(bits, 8U);
    const auto mask = static_cast<unsigned char>(0xFF << (8 - take));
    if ((want[i] & mask) != (have[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

// Appends the entries of one X-Forwarded-For field, left to right.
void AppendEntries(std::string_view value, std::vector<std::string_view>& entries) {
  while (true) {
    const auto comma = value.find(',');
    entries.push_back(Trim(value.substr(0, comma)));
    if (comma == std::string_view::npos) return;
    value.remove_prefix(comma + 1);
  }
}

}  // namespace

Result<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies out;
  for (const auto& raw : entries) {
    const std::string_view entry = Trim(raw);
    if (entry.empty()) continue;
    if (!out.Add(entry)) {
      return Error::BadRequest(
          fmt::format("'{}' is not an IP address or a CIDR block (such as 10.0.0.0/8)", entry));
    }
  }
  return out;
}

bool TrustedProxies::Add(std::string_view entry) {
  boost::system::error_code ec;
  if (entry.find('/') == std::string_view::npos) {
    const auto address = ParseAddress(entry);
    if (!address) return false;
    if (address->is_v4()) v4_.emplace_back(address->to_v4(), 32);
    if (address->is_v6()) v6_.emplace_back(address->to_v6(), 128);
    return true;
  }
  if (entry.find(':') == std::string_view::npos) {
    const auto network = ip::make_network_v4(std::string(entry), ec);
    if (!ec) v4_.push_back(network);
    return !ec;
  }
  const auto network = ip::make_network_v6(std::string(entry), ec);
  if (!ec) v6_.push_back(network);
  return !ec;
}

ip::address TrustedProxies::Unmapped(const ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

bool TrustedProxies::Contains(const ip::address& address) const {
  const ip::address plain = Unmapped(address);
  if (plain.is_v4()) {
    return std::any_of(v4_.begin(), v4_.end(),
                       [&](const auto& network) { return InV4(network, plain.to_v4()); });
  }
  return std::any_of(v6_.begin(), v6_.end(),
                     [&](const auto& network) { return InV6(network, plain.to_v6()); });
}

std::optional<ip::address> TrustedProxies::ParseEntry(std::string_view entry) {
  if (entry.starts_with('[')) {
    const auto close = entry.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const auto rest = entry.substr(close + 1);
    if (!rest.empty() && !rest.starts_with(':')) return std::nullopt;
    const auto address = ParseAddress(entry.substr(1, close - 1));
    if (!address || !address->is_v6()) return std::nullopt;
    return address;
  }
  if (auto address = ParseAddress(entry)) return address;
  // An IPv4 address with a port.
  const auto colon = entry.find(':');
  if (colon == std::string_view::npos || entry.find(':', colon + 1) != std::string_view::npos) {
    return std::nullopt;
  }
  auto address = ParseAddress(entry.substr(0, colon));
  if (!address || !address->is_v4()) return std::nullopt;
  return address;
}

ip::address TrustedProxies::ClientOf(const ip::address& peer, const Request& request) const {
  ip::address client = Unmapped(peer);
  if (empty() || !Contains(client)) return client;
  std::vector<std::string_view> entries;
  const auto [first, last] = request.equal_range(kForwardedFor);
  for (auto field = first; field != last; ++field) {
    AppendEntries({field->value().data(), field->value().size()}, entries);
  }
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    const auto address = ParseEntry(*it);
    if (!address) return client;
    client = *address;
    if (!Contains(client)) return client;
  }
  return client;
}

}  // namespace confide::http
