#pragma once

#include <boost/json/value.hpp>

namespace confide::core {

// False when `value` holds a number Boost.JSON read as infinite ("1e400", beyond a double's
// range). Such a number has no JSON form: serialized, it becomes `Infinity`, which no JSON
// reader accepts, so JSON from a client that holds one is refused rather than passed on.
bool HasOnlyFiniteNumbers(const boost::json::value& value);

}  // namespace confide::core
