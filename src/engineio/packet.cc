#include "engineio/packet.h"

#include <utility>

#include "core/base64.h"

namespace confide::engineio {
namespace {

constexpr char kRecordSeparator = '\x1e';
constexpr char kBinaryMarker = 'b';

bool IsPacketType(char c) { return c >= '0' && c <= '6'; }

Result<Packet> DecodeBase64Message(std::string_view base64) {
  auto bytes = core::Base64Decode(base64);
  if (!bytes) return Error::BadRequest("engine.io: invalid base64 in a binary packet");
  return DecodeBinary(std::move(*bytes));
}

}  // namespace

Result<Packet> DecodeText(std::string_view text) {
  if (text.empty()) return Error::BadRequest("engine.io: empty packet");
  const char first = text.front();
  if (first == kBinaryMarker) return DecodeBase64Message(text.substr(1));
  if (!IsPacketType(first)) return Error::BadRequest("engine.io: unknown packet type");
  return Packet{static_cast<PacketType>(first), std::string(text.substr(1)), false};
}

Packet DecodeBinary(std::string bytes) {
  return Packet{PacketType::kMessage, std::move(bytes), true};
}

std::string EncodeText(const Packet& packet) {
  std::string out;
  AppendRecord(out, packet);
  return out;
}

void AppendRecord(std::string& body, const Packet& packet) {
  if (!body.empty()) body.push_back(kRecordSeparator);
  if (packet.binary) {
    body.push_back(kBinaryMarker);
    body += core::Base64Encode(packet.data);
    return;
  }
  body.push_back(static_cast<char>(packet.type));
  body += packet.data;
}

Result<std::vector<Packet>> DecodePayload(std::string_view body) {
  std::vector<Packet> packets;
  while (true) {
    const auto end = body.find(kRecordSeparator);
    CONFIDE_ASSIGN_OR_RETURN(Packet packet, DecodeText(body.substr(0, end)));
    packets.push_back(std::move(packet));
    if (end == std::string_view::npos) return packets;
    body.remove_prefix(end + 1);
  }
}

}  // namespace confide::engineio
