#include "http/websocket_frame.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "core/utf8.h"

namespace confide::http::websocket {

// A client frame's header as sent, before any rule is checked.
struct MessageReader::WireHeader {
  bool fin = false;
  std::uint8_t reserved_bits = 0;
  std::uint8_t opcode = 0;
  bool masked = false;
  std::uint64_t payload_size = 0;
  std::array<std::uint8_t, 4> mask{};
  std::size_t size = 0;  // bytes of the header itself
};

namespace {

constexpr std::uint8_t kFinBit = 0x80;
constexpr std::uint8_t kReservedBits = 0x70;
constexpr std::uint8_t kOpcodeBits = 0x0F;
constexpr std::uint8_t kMaskBit = 0x80;
constexpr std::uint8_t kLengthBits = 0x7F;
constexpr std::uint8_t kLength16 = 126;
constexpr std::uint8_t kLength64 = 127;

bool IsControl(std::uint8_t opcode) { return (opcode & 0x08) != 0; }

bool IsKnownOpcode(std::uint8_t opcode) {
  switch (static_cast<Opcode>(opcode)) {
    case Opcode::kContinuation:
    case Opcode::kText:
    case Opcode::kBinary:
    case Opcode::kClose:
    case Opcode::kPing:
    case Opcode::kPong:
      return true;
  }
  return false;
}

MessageReader::Failure ProtocolError(std::string reason) {
  return {kCloseProtocolError, std::move(reason)};
}

std::uint64_t ReadBigEndian(const std::uint8_t* bytes, std::size_t count) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < count; ++i) value = (value << 8) | bytes[i];
  return value;
}

void WriteBigEndian(std::uint64_t value, std::uint8_t* bytes, std::size_t count) {
  for (std::size_t i = count; i-- > 0; value >>= 8) bytes[i] = static_cast<std::uint8_t>(value);
}

// Appends `masked` XOR the repeating 4-byte `mask` to `out`, eight bytes at a time (the mask
// repeats every 4 bytes, so a doubled mask lines up with every 8-byte step).
void AppendUnmasked(std::string_view masked, const std::array<std::uint8_t, 4>& mask,
                    std::string& out) {
  const std::size_t start = out.size();
  out.resize(start + masked.size());
  char* dst = out.data() + start;
  const char* src = masked.data();
  std::array<std::uint8_t, 8> doubled{};
  for (std::size_t i = 0; i < doubled.size(); ++i) doubled[i] = mask[i % 4];
  std::uint64_t mask64 = 0;
  std::memcpy(&mask64, doubled.data(), sizeof mask64);
  std::size_t i = 0;
  for (; i + 8 <= masked.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, src + i, sizeof word);
    word ^= mask64;
    std::memcpy(dst + i, &word, sizeof word);
  }
  for (; i < masked.size(); ++i) dst[i] = static_cast<char>(src[i] ^ mask[i % 4]);
}

// The longest prefix of `text` within `max_bytes` that does not end inside a UTF-8 sequence.
std::string_view CutAtSequenceBoundary(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<std::uint8_t>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

// RFC 6455 §5.5.1: empty, or a valid code followed by a UTF-8 reason.
std::optional<MessageReader::Failure> CheckClosePayload(std::string_view payload) {
  if (payload.size() == 1) return ProtocolError("close frame with a 1-byte payload");
  const auto code = CloseCode(payload);
  if (!code) return std::nullopt;
  if (!IsValidCloseCode(*code)) return ProtocolError("invalid close code " + std::to_string(*code));
  if (!core::IsValidUtf8(payload.substr(2))) {
    return MessageReader::Failure{kCloseInvalidPayload, "close reason is not valid UTF-8"};
  }
  return std::nullopt;
}

}  // namespace

FrameHeader EncodeHeader(Opcode opcode, std::uint64_t payload_size) {
  assert((payload_size >> 63) == 0);
  FrameHeader header;
  header.bytes[0] = kFinBit | static_cast<std::uint8_t>(opcode);
  if (payload_size < kLength16) {
    header.bytes[1] = static_cast<std::uint8_t>(payload_size);
    header.size = 2;
  } else if (payload_size <= 0xFFFF) {
    header.bytes[1] = kLength16;
    WriteBigEndian(payload_size, &header.bytes[2], 2);
    header.size = 4;
  } else {
    header.bytes[1] = kLength64;
    WriteBigEndian(payload_size, &header.bytes[2], 8);
    header.size = 10;
  }
  return header;
}

std::string EncodeFrame(Opcode opcode, std::string_view payload) {
  const FrameHeader header = EncodeHeader(opcode, payload.size());
  std::string frame;
  frame.reserve(header.size + payload.size());
  frame.append(header.view());
  frame.append(payload);
  return frame;
}

std::string EncodeClose(std::uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(CutAtSequenceBoundary(reason, kMaxControlPayload - 2));
  return EncodeFrame(Opcode::kClose, payload);
}

std::optional<std::uint16_t> CloseCode(std::string_view close_payload) {
  if (close_payload.size() < 2) return std::nullopt;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(close_payload.data());
  return static_cast<std::uint16_t>((bytes[0] << 8) | bytes[1]);
}

bool IsValidCloseCode(std::uint16_t code) {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
         (code >= 3000 && code <= 4999);
}

MessageReader::MessageReader(std::size_t max_message_bytes)
    : max_message_bytes_(max_message_bytes) {}

std::variant<std::size_t, MessageReader::Failure> MessageReader::Read(std::string_view input,
                                                                      std::vector<Message>& out) {
  std::size_t consumed = 0;
  while (!failure_ && !closed_) {
    const std::string_view rest = input.substr(consumed);
    const auto header = ParseHeader(rest);
    if (!header) break;
    failure_ = CheckFrame(*header);
    if (!failure_) failure_ = CheckSequence(*header);
    // Oversized frames fail above, before their payload is awaited.
    if (failure_ || header->payload_size > rest.size() - header->size) break;
    const auto payload = rest.substr(header->size, static_cast<std::size_t>(header->payload_size));
    failure_ = TakeFrame(*header, payload, out);
    consumed += header->size + payload.size();
  }
  if (failure_) return *failure_;
  return closed_ ? input.size() : consumed;
}

std::optional<MessageReader::WireHeader> MessageReader::ParseHeader(std::string_view input) {
  if (input.size() < 2) return std::nullopt;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(input.data());
  WireHeader header;
  header.fin = (bytes[0] & kFinBit) != 0;
  header.reserved_bits = bytes[0] & kReservedBits;
  header.opcode = bytes[0] & kOpcodeBits;
  header.masked = (bytes[1] & kMaskBit) != 0;
  const std::uint8_t length = bytes[1] & kLengthBits;
  const std::size_t length_bytes = length == kLength16 ? 2 : length == kLength64 ? 8 : 0;
  header.size = 2 + length_bytes + (header.masked ? 4 : 0);
  if (input.size() < header.size) return std::nullopt;
  header.payload_size = length_bytes == 0 ? length : ReadBigEndian(bytes + 2, length_bytes);
  if (header.masked) std::copy_n(bytes + 2 + length_bytes, 4, header.mask.begin());
  return header;
}

std::optional<MessageReader::Failure> MessageReader::CheckFrame(const WireHeader& header) {
  if (header.reserved_bits != 0) return ProtocolError("reserved bits set, no extension agreed");
  if (!IsKnownOpcode(header.opcode)) return ProtocolError("unknown opcode");
  if (!header.masked) return ProtocolError("client frame not masked");
  if ((header.payload_size >> 63) != 0) return ProtocolError("64-bit length with top bit set");
  if (!IsControl(header.opcode)) return std::nullopt;
  if (!header.fin) return ProtocolError("fragmented control frame");
  if (header.payload_size > kMaxControlPayload)
    return ProtocolError("control frame over 125 bytes");
  return std::nullopt;
}

std::optional<MessageReader::Failure> MessageReader::CheckSequence(const WireHeader& header) const {
  if (IsControl(header.opcode)) return std::nullopt;
  const bool continuation = header.opcode == static_cast<std::uint8_t>(Opcode::kContinuation);
  if (continuation && !open_opcode_) return ProtocolError("continuation without a message");
  if (!continuation && open_opcode_) return ProtocolError("new message inside a fragmented one");
  // open_payload_ never exceeds the limit, so the subtraction cannot wrap.
  if (header.payload_size > max_message_bytes_ - open_payload_.size()) {
    return Failure{kCloseMessageTooBig,
                   "message over " + std::to_string(max_message_bytes_) + " bytes"};
  }
  return std::nullopt;
}

std::optional<MessageReader::Failure> MessageReader::TakeFrame(const WireHeader& header,
                                                               std::string_view masked_payload,
                                                               std::vector<Message>& out) {
  if (!IsControl(header.opcode)) return TakeDataFrame(header, masked_payload, out);
  std::string payload;
  AppendUnmasked(masked_payload, header.mask, payload);
  const auto opcode = static_cast<Opcode>(header.opcode);
  if (opcode == Opcode::kClose) {
    if (auto failure = CheckClosePayload(payload)) return failure;
    closed_ = true;
  }
  out.push_back({opcode, std::move(payload)});
  return std::nullopt;
}

std::optional<MessageReader::Failure> MessageReader::TakeDataFrame(const WireHeader& header,
                                                                   std::string_view masked_payload,
                                                                   std::vector<Message>& out) {
  if (!open_opcode_) open_opcode_ = static_cast<Opcode>(header.opcode);
  AppendUnmasked(masked_payload, header.mask, open_payload_);
  if (!header.fin) return std::nullopt;
  if (open_opcode_ == Opcode::kText && !core::IsValidUtf8(open_payload_)) {
    return Failure{kCloseInvalidPayload, "text message is not valid UTF-8"};
  }
  out.push_back({*open_opcode_, std::move(open_payload_)});
  open_payload_ = std::string();
  open_opcode_.reset();
  return std::nullopt;
}

}  // namespace confide::http::websocket
