#pragma once

// Reads query parameters (page, limit, ids, text) into typed values, collecting problems
// as BodyReader does; a parameter given twice is refused rather than guessed at.
// Thread-safety: one reader per request, on the thread handling it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "domain/inputs.h"
#include "http/exchange.h"

namespace confide::api {

class QueryReader {
 public:
  explicit QueryReader(const http::Exchange& exchange) : exchange_(exchange) {}

  std::optional<std::string> String(std::string_view name, bool required);
  // A positive integer, or the default when absent.
  int PositiveInteger(std::string_view name, int fallback);
  // An integer >= 0 (a position such as afterSeq), or the default when absent.
  std::int64_t NonNegativeInteger(std::string_view name, std::int64_t fallback);
  // page and limit with these defaults, their ranges checked as the service checks them.
  domain::PageRequest Page(int default_limit);

  Status Finish();

 private:
  const http::Exchange& exchange_;
  std::vector<std::string> problems_;
};

}  // namespace confide::api
