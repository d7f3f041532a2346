#pragma once

// RFC 6455 framing for the server side of our own WebSocket connection: headers and whole
// frames to send (FIN set, never masked, never fragmented), and MessageReader, which turns
// the masked, possibly fragmented frames a client sends into messages.
// Headers are separate from payloads so one encoded payload can be queued for many sockets
// and written behind its header in one gather write.
// No extension is negotiated (see websocket_handshake.h), so every RSV bit must be 0.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace confide::http::websocket {

enum class Opcode : std::uint8_t {
  kContinuation = 0x0,
  kText = 0x1,
  kBinary = 0x2,
  kClose = 0x8,
  kPing = 0x9,
  kPong = 0xA,
};

// Close status codes (RFC 6455 §7.4.1) the server sends.
inline constexpr std::uint16_t kCloseNormal = 1000;
inline constexpr std::uint16_t kCloseGoingAway = 1001;
inline constexpr std::uint16_t kCloseProtocolError = 1002;
inline constexpr std::uint16_t kCloseInvalidPayload = 1007;
inline constexpr std::uint16_t kClosePolicyViolation = 1008;
inline constexpr std::uint16_t kCloseMessageTooBig = 1009;
inline constexpr std::uint16_t kCloseInternalError = 1011;

// The largest payload of a control frame (close, ping, pong).
inline constexpr std::size_t kMaxControlPayload = 125;

// A server frame header, 2 to 10 bytes, held by value so it can sit in a write queue.
struct FrameHeader {
  std::array<std::uint8_t, 10> bytes{};
  std::uint8_t size = 0;

  std::string_view view() const { return {reinterpret_cast<const char*>(bytes.data()), size}; }
};

// The header of an unmasked final frame of `payload_size` bytes (at most 2^63 - 1), with the
// shortest length form that holds it.
FrameHeader EncodeHeader(Opcode opcode, std::uint64_t payload_size);

// Header and payload in one string: for control frames and tests.
std::string EncodeFrame(Opcode opcode, std::string_view payload);

// A close frame: `code` big-endian, then `reason` cut to keep the payload within 125 bytes
// without splitting a UTF-8 sequence. (A close without a code is EncodeFrame(kClose, "").)
std::string EncodeClose(std::uint16_t code, std::string_view reason);

// The status code at the front of a close frame's payload; nullopt when it carries none.
std::optional<std::uint16_t> CloseCode(std::string_view close_payload);

// True for a code a peer may send in a close frame (RFC 6455 §7.4 and the IANA registry):
// 1000-1003, 1007-1014 and 3000-4999.
bool IsValidCloseCode(std::uint16_t code);

// Reads the frames a client sends: checks each against RFC 6455, unmasks payloads straight
// into the message being built, reassembles fragmented data messages, validates UTF-8 of
// text, and hands out control frames as soon as they arrive (even between fragments).
// The caller owns the bytes: it passes what it has buffered and drops what was consumed.
// After a close frame, input is discarded (the client may send nothing more, §5.5.1).
// Thread-safety: none; one reader per connection, used on that connection's executor.
class MessageReader {
 public:
  // A data message (kText or kBinary, fragments joined) or a control frame (kPing, kPong,
  // kClose; a kClose carries the raw close payload, see CloseCode).
  struct Message {
    Opcode opcode;
    std::string payload;
  };

  // Why the client broke the protocol: close the connection with this code and reason.
  struct Failure {
    std::uint16_t close_code;
    std::string reason;
  };

  // A data message over `max_message_bytes` (all fragments together) fails with 1009.
  explicit MessageReader(std::size_t max_message_bytes);

  // Consumes the complete frames at the front of `input` and appends each finished message
  // or control frame to `out`, in order. Returns the number of bytes consumed (a trailing
  // partial frame is left for the caller to pass again with more bytes), or a Failure after
  // which the connection must be closed with that code. Messages appended before a Failure
  // were complete and valid. Once failed, the reader returns the same Failure forever.
  std::variant<std::size_t, Failure> Read(std::string_view input, std::vector<Message>& out);

 private:
  struct WireHeader;

  // The header at the front of `input`, or nullopt until all of its bytes have arrived.
  static std::optional<WireHeader> ParseHeader(std::string_view input);
  // The rules a frame must follow on its own (masking, opcode, RSV bits, lengths).
  static std::optional<Failure> CheckFrame(const WireHeader& header);
  // The rules that depend on the frames before it (fragmentation, message size).
  std::optional<Failure> CheckSequence(const WireHeader& header) const;
  std::optional<Failure> TakeFrame(const WireHeader& header, std::string_view masked_payload,
                                   std::vector<Message>& out);
  std::optional<Failure> TakeDataFrame(const WireHeader& header, std::string_view masked_payload,
                                       std::vector<Message>& out);

  std::size_t max_message_bytes_;
  // The opcode of a fragmented data message whose final frame has not arrived yet.
  std::optional<Opcode> open_opcode_;
  // The unmasked payload of the message being read.
  std::string open_payload_;
  std::optional<Failure> failure_;
  bool closed_ = false;
};

}  // namespace confide::http::websocket
