#pragma once

// Reading a prepared statement's rows into values, and the one parameter of the statements
// that take any number of ids.
// Thread-safety: as the statement's.

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/sqlite/borrowed_statement.h"

namespace confide::store::sqlite {

// The first row read by `read`, if there is one.
template <class Read>
auto FirstRow(BorrowedStatement& statement, Read read)
    -> std::optional<decltype(read(*statement))> {
  if (!statement->Step()) return std::nullopt;
  return read(*statement);
}

// Every row, read by `read`.
template <class Read>
auto AllRows(BorrowedStatement& statement, Read read) -> std::vector<decltype(read(*statement))> {
  std::vector<decltype(read(*statement))> rows;
  while (statement->Step()) rows.push_back(read(*statement));
  return rows;
}

// The ids as a JSON array, the one parameter of the `IN (SELECT value FROM json_each(?1))`
// statements: one prepared statement serves any number of ids.
inline std::string JsonArray(std::span<const std::string> ids) {
  boost::json::array array;
  array.reserve(ids.size());
  for (const auto& id : ids) array.emplace_back(id);
  return boost::json::serialize(array);
}

}  // namespace confide::store::sqlite
