#include "engineio/handshake.h"

#include <boost/beast/core/string.hpp>

#include "http/query_string.h"

namespace confide::engineio {
namespace {

std::string_view View(boost::beast::string_view s) { return {s.data(), s.size()}; }

std::optional<std::string_view> Find(const std::vector<std::pair<std::string, std::string>>& kept,
                                     std::string_view name, bool any_case) {
  for (const auto& [key, value] : kept) {
    if (any_case ? boost::beast::iequals(key, name) : key == name) return value;
  }
  return std::nullopt;
}

}  // namespace

Handshake Handshake::Of(const http::Request& request, std::string address,
                        const ServerOptions& options) {
  Handshake handshake;
  handshake.address = std::move(address);
  for (const auto& name : options.kept_headers) {
    if (const auto it = request.find(name); it != request.end()) {
      handshake.headers.emplace_back(name, View(it->value()));
    }
  }
  const auto query = http::QueryString::OfTarget(View(request.target()));
  for (const auto& name : options.kept_query) {
    if (auto value = query.Get(name)) handshake.query.emplace_back(name, std::move(*value));
  }
  return handshake;
}

std::optional<std::string_view> Handshake::Header(std::string_view name) const {
  return Find(headers, name, /*any_case=*/true);
}

std::optional<std::string_view> Handshake::Query(std::string_view name) const {
  return Find(query, name, /*any_case=*/false);
}

}  // namespace confide::engineio
