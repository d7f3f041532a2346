#pragma once

// Cross-origin rules for browsers calling the API from another origin: which origins may,
// the headers that tell the browser so, and the answer to a preflight. An origin is allowed
// if configured exactly, or if "*" is configured (the origin is then echoed, since
// credentials are allowed and a literal "*" would be refused by the browser).
// A disallowed origin gets no CORS headers at all, so the browser refuses the response.
// Thread-safety: immutable after construction; safe from any thread.

#include <string>
#include <string_view>
#include <vector>

#include "http/types.h"

namespace confide::http {

class CorsPolicy {
 public:
  // Empty `origins`: CORS is off.
  explicit CorsPolicy(std::vector<std::string> origins);

  bool enabled() const { return !origins_.empty(); }
  bool Allows(std::string_view origin) const;

  // OPTIONS with Origin and Access-Control-Request-Method: the browser asking permission.
  static bool IsPreflight(const Request& request);

  // Adds Access-Control-Allow-Origin/-Credentials, Vary, and Access-Control-Expose-Headers
  // (so that a page may read the X-Request-Id of an answer) when `origin` is allowed.
  void Decorate(std::string_view origin, Response& response) const;

  // A 204 granting `methods` (e.g. "GET, POST") and the requested headers to an allowed
  // origin; without CORS headers otherwise. Decorate still applies to it.
  Response Preflight(const Request& request, std::string_view methods) const;

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace confide::http
