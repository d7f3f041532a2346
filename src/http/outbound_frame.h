#pragma once

// One WebSocket frame to send: header and payload, built once and shared, immutable, by
// every connection it is queued on.

#include <memory>
#include <string>

#include "http/websocket_frame.h"

namespace confide::http {

struct OutboundFrame {
  websocket::FrameHeader header;
  std::string payload;
};
using OutboundFramePtr = std::shared_ptr<const OutboundFrame>;

OutboundFramePtr MakeFrame(websocket::Opcode opcode, std::string payload);

}  // namespace confide::http
