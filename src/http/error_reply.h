#pragma once

// How a request that failed is answered and recorded, in one place for every route. The
// client gets the error as ErrorResponse writes it: its own message for the caller's
// mistakes, and for a failure of ours only its class's fixed message and the request id. The
// operator gets a log line with the same request id and what the client is not told: the
// error's own message and its detail (an SQLite message, an exception's what()).
// Thread-safety: any thread, as Exchange::Respond.

#include "core/result.h"
#include "http/exchange.h"

namespace confide::http {

// Logs the failure (see LogFailure) and answers it. Exactly once per exchange, as Respond.
void RespondError(Exchange& exchange, const Error& error);

// The log line of RespondError, for a failure of ours (error for kInternal, warning for the
// rest) or any error that carries a detail; nothing for the caller's plain mistakes. Use it
// alone for a failure whose request is answered in another way, or has been already.
void LogFailure(const Exchange& exchange, const Error& error);

}  // namespace confide::http
