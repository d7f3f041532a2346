#pragma once

// Reading a JWT payload (RFC 7519): the JSON object, its NumericDate claims and the Claims.
// Only string values are taken for profile claims; a claim of another type is ignored.
// Thread-safety: pure functions, callable from any thread.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/claims.h"
#include "core/result.h"

namespace confide::auth {

// The payload's JSON object; anything else is a malformed token.
Result<boost::json::object> ParsePayload(std::string_view json);

// The largest NumericDate read, in seconds (some 31 million years): a larger one, or a smaller
// negative one, is clamped to it, so that callers may add a leeway and count the result in
// milliseconds without overflow.
inline constexpr std::int64_t kMaxNumericDate = 1'000'000'000'000'000;

// The NumericDate claim `name` in whole seconds, clamped to ±kMaxNumericDate, or nullopt when
// absent; a value that is not a number is an error.
Result<std::optional<std::int64_t>> NumericDate(const boost::json::object& payload,
                                                std::string_view name);

// The Claims of a payload; fails when "sub" is missing, empty or not a string.
Result<Claims> ClaimsFromPayload(const boost::json::object& payload);

}  // namespace confide::auth
