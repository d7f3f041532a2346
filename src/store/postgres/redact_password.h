#pragma once

// What may be logged of a libpq connection string: the same text with any password replaced
// by "***". It reads both forms libpq takes: a URI (postgres://user:secret@host/db, and a
// password=... query parameter) and keyword/value pairs (host=h password=secret).
// Thread-safety: pure functions.

#include <string>
#include <string_view>

namespace confide::store::postgres {

std::string RedactPassword(std::string_view conninfo);

// `text` (a message of libpq's about `conninfo`, which may quote a malformed part of it) with
// every occurrence of a password of `conninfo` replaced by "***".
std::string ScrubPasswords(std::string_view text, std::string_view conninfo);

// True when `conninfo` is a URI (postgres:// or postgresql://) rather than keyword/value pairs.
bool IsConnectionUri(std::string_view conninfo);

}  // namespace confide::store::postgres
