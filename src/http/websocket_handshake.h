#pragma once

// The server's half of the RFC 6455 opening handshake (§4.2): recognizing an upgrade
// request, checking its key and version, and the 101 response that completes it.
// No extension (permessage-deflate included) and no subprotocol is ever accepted, so the
// frames that follow are plain RFC 6455 frames (see websocket_frame.h).
// Thread-safety: pure functions, callable from any thread.

#include <string>
#include <string_view>

#include "core/result.h"
#include "http/types.h"

namespace confide::http::websocket {

// The only protocol version spoken; a refusal for another version should name it in a
// Sec-WebSocket-Version header (RFC 6455 §4.4).
inline constexpr std::string_view kProtocolVersion = "13";

// True for a GET whose Upgrade lists "websocket" and whose Connection lists "upgrade"
// (tokens in comma-separated lists, compared without regard to case).
bool IsUpgradeRequest(const Request& request);

// The Sec-WebSocket-Accept value for a request whose Sec-WebSocket-Version is "13" and whose
// Sec-WebSocket-Key is padded standard base64 of 16 bytes; Error::BadRequest otherwise.
Result<std::string> AcceptKey(const Request& request);

// The complete bytes of the 101 Switching Protocols response that accepts the upgrade.
std::string SwitchingProtocols(std::string_view accept_key);

}  // namespace confide::http::websocket
