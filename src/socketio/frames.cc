#include "socketio/frames.h"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace confide::socketio {
namespace {

using http::websocket::Opcode;

Frames WithAttachments(std::string text, std::vector<std::string> attachments) {
  Frames frames;
  frames.reserve(1 + attachments.size());
  frames.push_back(http::MakeFrame(Opcode::kText, std::move(text)));
  for (auto& bytes : attachments) {
    frames.push_back(http::MakeFrame(Opcode::kBinary, std::move(bytes)));
  }
  return frames;
}

std::string EventArray(std::string_view event, std::string_view args_json) {
  std::string array = "[";
  array += boost::json::serialize(boost::json::string_view(event.data(), event.size()));
  if (!args_json.empty()) {
    array += ',';
    array += args_json;
  }
  array += ']';
  return array;
}

std::string EventArray(std::string_view event, const boost::json::array& args) {
  boost::json::array all;
  all.reserve(args.size() + 1);
  all.emplace_back(boost::json::string_view(event.data(), event.size()));
  for (const auto& arg : args) all.push_back(arg);
  return boost::json::serialize(all);
}

}  // namespace

http::OutboundFramePtr TextFrame(std::string_view packet_text) {
  std::string text;
  text.reserve(1 + packet_text.size());
  text += '4';
  text += packet_text;
  return http::MakeFrame(Opcode::kText, std::move(text));
}

Frames EventFrames(std::string_view nsp, std::string_view event, const boost::json::array& args,
                   std::vector<std::string> attachments) {
  const auto type = attachments.empty() ? PacketType::kEvent : PacketType::kBinaryEvent;
  std::string text(1, '4');
  text += EncodeText(type, nsp, std::nullopt, EventArray(event, args), attachments.size());
  return WithAttachments(std::move(text), std::move(attachments));
}

http::OutboundFramePtr EventFrame(std::string_view nsp, std::string_view event,
                                  std::string_view payload_json) {
  return TextFrame(
      EncodeText(PacketType::kEvent, nsp, std::nullopt, EventArray(event, payload_json)));
}

Frames AckFrames(std::string_view nsp, std::uint64_t id, const boost::json::array& args,
                 std::vector<std::string> attachments) {
  const auto type = attachments.empty() ? PacketType::kAck : PacketType::kBinaryAck;
  std::string text(1, '4');
  text += EncodeText(type, nsp, id, boost::json::serialize(args), attachments.size());
  return WithAttachments(std::move(text), std::move(attachments));
}

}  // namespace confide::socketio
