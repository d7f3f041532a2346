#pragma once

// Socket.IO packets as the frames an Engine.IO session sends: the text packet behind the
// Engine.IO message type ('4'), as one WebSocket text frame, then one binary frame per
// attachment. Built once; a broadcast queues the same frames on every recipient.
// Thread-safety: pure functions; any thread.

#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/websocket_connection.h"
#include "socketio/packet.h"

namespace confide::socketio {

// One packet's frames: the text frame first, then its attachments.
using Frames = std::vector<http::OutboundFramePtr>;

// The frame of a text packet: "4" + `packet_text`.
http::OutboundFramePtr TextFrame(std::string_view packet_text);

// An EVENT (or BINARY_EVENT with attachments, whose placeholders `args` holds): `event`,
// then `args`.
Frames EventFrames(std::string_view nsp, std::string_view event, const boost::json::array& args,
                   std::vector<std::string> attachments = {});
// The usual case: an event with one JSON argument, already serialized.
http::OutboundFramePtr EventFrame(std::string_view nsp, std::string_view event,
                                  std::string_view payload_json);
// An ACK (or BINARY_ACK) carrying `args`.
Frames AckFrames(std::string_view nsp, std::uint64_t id, const boost::json::array& args,
                 std::vector<std::string> attachments = {});

}  // namespace confide::socketio
