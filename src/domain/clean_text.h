#pragma once

// Text from a source the service cannot refuse (the claims of a verified token), made to fit
// the rules the admin API enforces on the same fields before it is stored: invalid UTF-8
// becomes U+FFFD; control characters (C0 with NUL, tab and line breaks, DEL, C1) and the
// bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can
// make a name display as something else, are removed; what is left is cut to a length in
// code points (as CheckText counts), at a code point boundary.
// Thread-safety: a pure function; any thread.

#include <cstddef>
#include <string>
#include <string_view>

namespace confide::domain {

std::string CleanText(std::string_view text, std::size_t max_code_points);

}  // namespace confide::domain
