#pragma once

// Reading a statement's result into values, row by row.
// Thread-safety: pure functions over a result the caller owns.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/postgres/pg_result.h"

namespace confide::store::postgres {

// The first row read by `read(result, row)`, if there is one.
template <class Read>
auto FirstRow(const PgResult& result, Read read) -> std::optional<decltype(read(result, 0))> {
  if (result.rows() == 0) return std::nullopt;
  return read(result, 0);
}

// Every row, read by `read(result, row)`.
template <class Read>
auto AllRows(const PgResult& result, Read read) -> std::vector<decltype(read(result, 0))> {
  std::vector<decltype(read(result, 0))> rows;
  rows.reserve(static_cast<std::size_t>(result.rows()));
  for (int row = 0; row < result.rows(); ++row) rows.push_back(read(result, row));
  return rows;
}

// The first column's text.
inline std::string TextOf(const PgResult& result, int row) { return result.Text(row, 0); }
// The first column's integer.
inline std::int64_t IntOf(const PgResult& result, int row) { return result.Int(row, 0); }

}  // namespace confide::store::postgres
