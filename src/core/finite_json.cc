#include "core/finite_json.h"

#include <algorithm>
#include <cmath>

namespace confide::core {

// The parser's depth limit (32 by default) bounds the recursion.
bool HasOnlyFiniteNumbers(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::double_:
      return std::isfinite(value.get_double());
    case boost::json::kind::array:
      return std::all_of(value.get_array().begin(), value.get_array().end(),
                         [](const boost::json::value& v) { return HasOnlyFiniteNumbers(v); });
    case boost::json::kind::object:
      return std::all_of(
          value.get_object().begin(), value.get_object().end(),
          [](const boost::json::key_value_pair& m) { return HasOnlyFiniteNumbers(m.value()); });
    default:
      return true;
  }
}

}  // namespace confide::core
