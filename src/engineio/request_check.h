#pragma once

// The checks an Engine.IO request passes before it reaches a session, in the reference
// server's order, and the error answers the protocol defines for each (HTTP 400 with a JSON
// body {"code":N,"message":"…"}, codes 0 to 5).
// Thread-safety: pure functions; any thread.

#include <optional>
#include <string>
#include <string_view>

#include "engineio/server_options.h"
#include "http/types.h"

namespace confide::engineio {

enum class RequestError {
  kUnknownTransport = 0,
  kUnknownSid = 1,
  kBadHandshakeMethod = 2,
  kBadRequest = 3,
  kForbidden = 4,
  kUnsupportedProtocolVersion = 5,
};

enum class TransportName { kPolling, kWebSocket };

// What a request asks for, once it passed the checks that need no session.
struct RequestTarget {
  TransportName transport = TransportName::kPolling;
  std::optional<std::string> sid;
};

// Checks transport, origin, the handshake method and protocol version (for a request
// without a sid). `upgrade` says the request came as a WebSocket upgrade.
std::optional<RequestError> CheckRequest(const http::Request& request, const ServerOptions& options,
                                         bool upgrade, RequestTarget& target);

std::string_view ErrorMessage(RequestError error);
// The 400 (or 403) answer with the JSON body the client and the test suites expect; with
// `message`, that message instead of the code's own (as the reference's allowRequest hook).
http::Response ErrorResponse(RequestError error, std::string_view message = {});

}  // namespace confide::engineio
