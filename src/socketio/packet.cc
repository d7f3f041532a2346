#include "socketio/packet.h"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serializer.hpp>
#include <charconv>
#include <utility>

#include "core/finite_json.h"

namespace confide::socketio {
namespace json = boost::json;
namespace {

constexpr std::array<std::string_view, 6> kReservedEventNames = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};
constexpr std::size_t kSerializeChunk = 4096;

Error Invalid(std::string_view what) {
  return Error::BadRequest("socket.io: " + std::string(what));
}

bool IsBinaryType(PacketType type) {
  return type == PacketType::kBinaryEvent || type == PacketType::kBinaryAck;
}

// The type on the wire: an EVENT or ACK is binary exactly when it carries attachments.
PacketType WireType(PacketType type, bool has_attachments) {
  switch (type) {
    case PacketType::kEvent:
    case PacketType::kBinaryEvent:
      return has_attachments ? PacketType::kBinaryEvent : PacketType::kEvent;
    case PacketType::kAck:
    case PacketType::kBinaryAck:
      return has_attachments ? PacketType::kBinaryAck : PacketType::kAck;
    default:
      return type;
  }
}

void AppendNumber(std::string& out, std::uint64_t n) {
  char digits[20];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, n).ptr);
}

void AppendHeader(std::string& out, PacketType type, std::string_view nsp,
                  std::optional<std::uint64_t> id, std::size_t attachments) {
  out.push_back(static_cast<char>('0' + static_cast<int>(type)));
  if (IsBinaryType(type)) {
    AppendNumber(out, attachments);
    out.push_back('-');
  }
  if (!nsp.empty() && nsp != "/") {
    out += nsp;
    out.push_back(',');
  }
  if (id) AppendNumber(out, *id);
}

// Serializes `value` compactly at the end of `out`, through a stack buffer: one copy, and no
// zero-filled growth of `out`.
void AppendJson(std::string& out, const json::value& value) {
  json::serializer serializer;
  serializer.reset(&value);
  char chunk[kSerializeChunk];
  while (!serializer.done()) {
    const auto written = serializer.read(chunk, sizeof chunk);
    out.append(written.data(), written.size());
  }
}

// --- Decoding: each Read* consumes its part of the header from the front of `rest`. ---

std::size_t CountLeadingDigits(std::string_view text) {
  std::size_t n = 0;
  while (n < text.size() && text[n] >= '0' && text[n] <= '9') ++n;
  return n;
}

// The value of a run of decimal digits, or nullopt if it exceeds `max`.
std::optional<std::uint64_t> ParseBounded(std::string_view digits, std::uint64_t max) {
  std::uint64_t value = 0;
  for (char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (digit > max || value > (max - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

Result<PacketType> ReadType(std::string_view& rest) {
  if (rest.empty() || rest.front() < '0' || rest.front() > '6') {
    return Invalid("unknown packet type");
  }
  const auto type = static_cast<PacketType>(rest.front() - '0');
  rest.remove_prefix(1);
  return type;
}

// "<n>-" with 1 <= n <= max_attachments.
Result<std::size_t> ReadAttachmentCount(std::string_view& rest, std::size_t max_attachments) {
  const std::size_t digits = CountLeadingDigits(rest);
  if (digits == 0 || digits == rest.size() || rest[digits] != '-') {
    return Invalid("invalid attachment count");
  }
  const auto count = ParseBounded(rest.substr(0, digits), max_attachments);
  if (!count) return Invalid("too many attachments");
  if (*count == 0) return Invalid("invalid attachment count");
  rest.remove_prefix(digits + 1);
  return static_cast<std::size_t>(*count);
}

// A namespace starts with '/' and runs to the first ',' (consumed) or the end; else it is "/".
std::string ReadNamespace(std::string_view& rest) {
  if (rest.empty() || rest.front() != '/') return "/";
  const std::size_t comma = rest.find(',');
  std::string nsp(rest.substr(0, comma));
  rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
  return nsp;
}

Result<std::optional<std::uint64_t>> ReadAckId(std::string_view& rest) {
  const std::size_t digits = CountLeadingDigits(rest);
  if (digits == 0) return std::optional<std::uint64_t>();
  const auto id = ParseBounded(rest.substr(0, digits), kMaxAckId);
  if (!id) return Invalid("ack id out of range");
  rest.remove_prefix(digits);
  return id;
}

// The JSON after the header; nullopt when there is none.
Result<std::optional<json::value>> ReadPayload(std::string_view rest) {
  if (rest.empty()) return std::optional<json::value>();
  boost::system::error_code ec;
  json::value value = json::parse(rest, ec);
  if (ec || !core::HasOnlyFiniteNumbers(value)) return Invalid("invalid payload");
  return std::optional<json::value>(std::move(value));
}

bool IsEventArray(const json::value& payload) {
  const json::array* array = payload.if_array();
  if (array == nullptr || array->empty()) return false;
  const json::value& name = array->front();
  return name.is_number() || (name.is_string() && !IsReservedEventName(name.get_string()));
}

// The payload rules of the reference parser, for packets a client sends.
Status ValidatePayload(PacketType type, const std::optional<json::value>& payload) {
  bool valid = false;
  switch (type) {
    case PacketType::kConnect:
      valid = !payload || payload->is_object();
      break;
    case PacketType::kDisconnect:
      valid = !payload;
      break;
    case PacketType::kEvent:
    case PacketType::kBinaryEvent:
      valid = payload && IsEventArray(*payload);
      break;
    case PacketType::kAck:
    case PacketType::kBinaryAck:
      valid = payload && payload->is_array();
      break;
    case PacketType::kConnectError:
      return Invalid("CONNECT_ERROR is sent by servers only");
  }
  if (!valid) return Invalid("invalid payload");
  return Status::Ok();
}

// --- Placeholders: {"_placeholder":true,"num":i} stands for attachment i. ---

bool IsPlaceholder(const json::object& object) {
  const json::value* marker = object.if_contains("_placeholder");
  return marker != nullptr && marker->is_bool() && marker->get_bool();
}

// Records the placeholder's index in `seen`; false if it is malformed, out of range or repeated.
bool MarkPlaceholder(const json::object& object, std::vector<bool>& seen) {
  const json::value* num = object.if_contains("num");
  if (object.size() != 2 || num == nullptr) return false;
  std::uint64_t index = 0;
  if (num->is_uint64()) {
    index = num->get_uint64();
  } else if (num->is_int64() && num->get_int64() >= 0) {
    index = static_cast<std::uint64_t>(num->get_int64());
  } else {
    return false;
  }
  if (index >= seen.size() || seen[index]) return false;
  seen[index] = true;
  return true;
}

bool CollectPlaceholders(const json::value& value, std::vector<bool>& seen) {
  const auto collect = [&](const json::value& v) { return CollectPlaceholders(v, seen); };
  if (const json::array* array = value.if_array()) {
    return std::all_of(array->begin(), array->end(), collect);
  }
  const json::object* object = value.if_object();
  if (object == nullptr) return true;
  if (IsPlaceholder(*object)) return MarkPlaceholder(*object, seen);
  return std::all_of(object->begin(), object->end(),
                     [&](const json::key_value_pair& m) { return collect(m.value()); });
}

// The placeholders of a binary packet must be exactly nums 0..count-1, each once.
Status CheckPlaceholders(const json::value& data, std::size_t count) {
  std::vector<bool> seen(count, false);
  if (!CollectPlaceholders(data, seen) ||
      std::find(seen.begin(), seen.end(), false) != seen.end()) {
    return Invalid("placeholders do not match the attachments");
  }
  return Status::Ok();
}

// A decoded text packet and the number of attachments that must follow it.
struct TextPacket {
  Packet packet;
  std::size_t attachments = 0;
};

Result<TextPacket> ParseText(std::string_view rest, std::size_t max_attachments) {
  TextPacket out;
  CONFIDE_ASSIGN_OR_RETURN(out.packet.type, ReadType(rest));
  if (IsBinaryType(out.packet.type)) {
    CONFIDE_ASSIGN_OR_RETURN(out.attachments, ReadAttachmentCount(rest, max_attachments));
  }
  out.packet.nsp = ReadNamespace(rest);
  CONFIDE_ASSIGN_OR_RETURN(out.packet.id, ReadAckId(rest));
  CONFIDE_ASSIGN_OR_RETURN(std::optional<json::value> payload, ReadPayload(rest));
  CONFIDE_RETURN_IF_ERROR(ValidatePayload(out.packet.type, payload));
  if (payload) out.packet.data = std::move(*payload);
  if (out.attachments > 0) {
    CONFIDE_RETURN_IF_ERROR(CheckPlaceholders(out.packet.data, out.attachments));
  }
  return out;
}

}  // namespace

bool IsReservedEventName(std::string_view name) {
  return std::find(kReservedEventNames.begin(), kReservedEventNames.end(), name) !=
         kReservedEventNames.end();
}

std::string EncodeText(PacketType type, std::string_view nsp, std::optional<std::uint64_t> id,
                       std::string_view json_data, std::size_t attachments) {
  std::string out;
  out.reserve(44 + nsp.size() + json_data.size());  // type, count, '-', ',', id: at most 44
  AppendHeader(out, type, nsp, id, attachments);
  out += json_data;
  return out;
}

std::string EncodeText(const Packet& packet) {
  std::string out;
  AppendHeader(out, WireType(packet.type, !packet.attachments.empty()), packet.nsp, packet.id,
               packet.attachments.size());
  if (!packet.data.is_null()) AppendJson(out, packet.data);
  return out;
}

Decoder::Decoder(std::size_t max_attachments, std::size_t max_packet_bytes)
    : max_attachments_(max_attachments), max_packet_bytes_(max_packet_bytes) {}

const std::string& Decoder::pending_namespace() const {
  static const std::string kNone;
  return pending_ ? pending_->nsp : kNone;
}

Result<std::optional<Packet>> Decoder::OnText(std::string_view text) {
  if (pending_) {
    pending_.reset();
    return Invalid("text packet while attachments are owed");
  }
  CONFIDE_ASSIGN_OR_RETURN(TextPacket parsed, ParseText(text, max_attachments_));
  if (parsed.attachments == 0) return std::optional<Packet>(std::move(parsed.packet));
  parsed.packet.attachments.reserve(parsed.attachments);
  expected_attachments_ = parsed.attachments;
  pending_bytes_ = text.size();
  pending_ = std::make_unique<Packet>(std::move(parsed.packet));
  return std::optional<Packet>();
}

Result<std::optional<Packet>> Decoder::OnBinary(std::string bytes) {
  if (!pending_) return Invalid("unexpected binary message");
  if (bytes.size() > max_packet_bytes_ - std::min(pending_bytes_, max_packet_bytes_)) {
    pending_.reset();
    return Invalid("binary packet over " + std::to_string(max_packet_bytes_) + " bytes");
  }
  pending_bytes_ += bytes.size();
  pending_->attachments.push_back(std::move(bytes));
  if (pending_->attachments.size() < expected_attachments_) return std::optional<Packet>();
  std::optional<Packet> complete = std::move(*pending_);
  pending_.reset();
  return complete;
}

}  // namespace confide::socketio
