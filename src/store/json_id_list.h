#pragma once

// Ids that a statement returns as one JSON array of strings (json_group_array in SQLite,
// json_agg in PostgreSQL), read back. The database wrote the text: anything else in it is a
// broken invariant, and throws.

#include <boost/json/parse.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace confide::store {

inline std::vector<std::string> IdsFromJsonArray(std::string_view text) {
  const boost::json::value parsed = boost::json::parse(text);
  std::vector<std::string> ids;
  for (const auto& id : parsed.as_array()) ids.emplace_back(id.as_string());
  return ids;
}

}  // namespace confide::store
