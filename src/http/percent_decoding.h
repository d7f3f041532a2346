#pragma once

// Percent-decoding of URL components (path segments, query keys and values), backed by
// Boost.URL. Pure functions; safe from any thread.

#include <string>
#include <string_view>

namespace confide::http {

// Replaces `out` with the decoded form of `encoded`; with `plus_as_space`, a raw '+' decodes to
// ' ' (form encoding, used in query strings). Returns false if an escape is malformed ("%G1",
// a trailing "%"); `out` is then unspecified.
bool PercentDecode(std::string_view encoded, bool plus_as_space, std::string& out);

}  // namespace confide::http
