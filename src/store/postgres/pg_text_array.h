#pragma once

// A list of strings as one PostgreSQL text[] value in text format ({"a","b\"c"}), the
// parameter of the `= ANY($1::text[])` statements: one prepared statement serves any
// number of ids. Every element is quoted, so commas, braces, spaces and the word NULL
// stay plain text.
// Thread-safety: a pure function.

#include <span>
#include <string>

namespace confide::store::postgres {

std::string PgTextArray(std::span<const std::string> values);

}  // namespace confide::store::postgres
