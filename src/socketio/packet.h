#pragma once

// Socket.IO v5 packets as the default parser writes them inside Engine.IO messages:
//   <type digit> [<attachment count> "-"] [<namespace> ","] [<ack id>] [<JSON payload>]
// A binary packet (BINARY_EVENT, BINARY_ACK) is that text, whose data holds
// {"_placeholder":true,"num":i} objects, followed by its attachments as binary messages.
// Placeholders stay JSON objects in `data` both ways; nothing substitutes the buffers.
// Pure code: no I/O, nothing about what the events mean.
// Thread-safety: the functions are safe from any thread; a Decoder belongs to one connection
// and is used from that connection's thread only.

#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace confide::socketio {

enum class PacketType : int {
  kConnect = 0,
  kDisconnect = 1,
  kEvent = 2,
  kAck = 3,
  kConnectError = 4,
  kBinaryEvent = 5,
  kBinaryAck = 6,
};

struct Packet {
  PacketType type = PacketType::kEvent;
  std::string nsp = "/";
  std::optional<std::uint64_t> id;
  boost::json::value data;               // null when the packet has none
  std::vector<std::string> attachments;  // binary buffers, in placeholder order
};

// The largest ack id accepted: a JavaScript peer cannot count past 2^53 - 1 exactly.
inline constexpr std::uint64_t kMaxAckId = (std::uint64_t{1} << 53) - 1;

// True for the event names the protocol reserves (connect, connect_error, disconnect,
// disconnecting, newListener, removeListener): never accepted from, nor sent to, a client.
bool IsReservedEventName(std::string_view name);

// Writes a packet's text from already serialized JSON (empty `json_data`: no payload). The
// namespace is written only when it is not "/" (or empty), always followed by ','; the
// attachment count only for BINARY_EVENT and BINARY_ACK.
std::string EncodeText(PacketType type, std::string_view nsp, std::optional<std::uint64_t> id,
                       std::string_view json_data, std::size_t attachments = 0);

// Writes a packet's text, serializing `data` compactly in its key order (its numbers must be
// finite). An EVENT or ACK goes out as BINARY_EVENT or BINARY_ACK exactly when it has
// attachments, which the caller then sends as binary messages, in order.
std::string EncodeText(const Packet& packet);

// Reassembles Socket.IO packets from the Engine.IO messages of one connection: a text message
// is a packet, or the header of a binary packet whose attachments follow as binary messages.
// Validates as the reference server does, a little more strictly: any Error means the
// connection must be closed. After an Error the decoder has forgotten any partial packet.
// A binary packet is bounded as a whole: its text and attachments together may take at most
// `max_packet_bytes` (the reference bounds each message alone, so ten attachments could make
// it hold ten times its limit).
class Decoder {
 public:
  explicit Decoder(std::size_t max_attachments = 10, std::size_t max_packet_bytes = 1'000'000);

  // Returns a packet when one is complete, nullopt when attachments are still owed; an Error
  // for anything invalid (the connection must then be closed).
  Result<std::optional<Packet>> OnText(std::string_view text);
  Result<std::optional<Packet>> OnBinary(std::string bytes);

  // True while a binary packet waits for attachments.
  bool awaiting_attachments() const { return pending_ != nullptr; }
  // The namespace of the binary packet waiting for attachments ("" when none waits).
  const std::string& pending_namespace() const;

 private:
  std::size_t max_attachments_;
  std::size_t max_packet_bytes_;
  std::unique_ptr<Packet> pending_;  // a binary packet waiting for its attachments
  std::size_t expected_attachments_ = 0;
  std::size_t pending_bytes_ = 0;  // of the pending packet: its text and attachments so far
};

}  // namespace confide::socketio
