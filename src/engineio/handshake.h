#pragma once

// What a session keeps of the request that opened it: the client's address and the few
// header and query values the application asked for (ServerOptions::kept_headers and
// kept_query), never the whole request. A handshake may carry up to the HTTP header limit,
// and a session that is never used lives until its connect timeout: keeping only this
// bounds what an abandoned session holds.
//
// Thread-safety: an immutable value once built; shared, read-only, by the session and the
// protocol above on the session's thread.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engineio/server_options.h"
#include "http/types.h"

namespace confide::engineio {

struct Handshake {
  // Keeps `address` and, of `request`, the headers and query parameters `options` names.
  static Handshake Of(const http::Request& request, std::string address,
                      const ServerOptions& options);

  // The value of a kept header (the name in any case); nullopt if the request had none.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The first value of a kept query parameter, percent-decoded; nullopt if absent.
  std::optional<std::string_view> Query(std::string_view name) const;

  // The client's address, as the HTTP layer reports it.
  std::string address;
  std::vector<std::pair<std::string, std::string>> headers;  // name as kept, value
  std::vector<std::pair<std::string, std::string>> query;    // name, decoded value
};

}  // namespace confide::engineio
