#pragma once

// What a client may be told of an Error. The caller's own mistakes (4xx classes) are told as
// the error says; failures of ours (internal, unavailable) get one fixed message per class,
// and their detail stays in the log. Every class has a stable code name for the real-time
// gateway ("NOT_FOUND", "RATE_LIMITED", …).
// Thread-safety: pure functions; any thread.

#include <string>
#include <string_view>

#include "core/result.h"

namespace confide::core {

// "BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "METHOD_NOT_ALLOWED", "CONFLICT",
// "PAYLOAD_TOO_LARGE", "RATE_LIMITED", "INTERNAL", "UNAVAILABLE".
std::string_view ErrorCodeName(ErrorCode code);

// True for the classes whose text a client never sees: kInternal and kUnavailable.
bool IsServerFailure(ErrorCode code);

// The fixed message of a server failure's class ("Internal server error", "Service
// unavailable"); the error's own messages, joined, otherwise.
std::string PublicMessage(const Error& error);

}  // namespace confide::core
