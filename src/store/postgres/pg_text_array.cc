#include "store/postgres/pg_text_array.h"

namespace confide::store::postgres {

// Inside double quotes only a double quote and a backslash are special; each is escaped
// with a backslash.
std::string PgTextArray(std::span<const std::string> values) {
  std::string literal = "{";
  for (const auto& value : values) {
    if (literal.size() > 1) literal.push_back(',');
    literal.push_back('"');
    for (char c : value) {
      if (c == '"' || c == '\\') literal.push_back('\\');
      literal.push_back(c);
    }
    literal.push_back('"');
  }
  literal.push_back('}');
  return literal;
}

}  // namespace confide::store::postgres
