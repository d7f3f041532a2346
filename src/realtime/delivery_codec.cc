#include "realtime/delivery_codec.h"

#include <cstdint>

namespace confide::realtime {
namespace {

// The first byte of every message; another layout gets another number.
constexpr std::uint8_t kFormat = 2;
// The format byte and the count of changes.
constexpr std::size_t kHeader = 1 + 4;
constexpr std::uint8_t kLastAction = static_cast<std::uint8_t>(Delivery::Action::kLeave);
constexpr std::uint8_t kLastAudience =
    static_cast<std::uint8_t>(Delivery::Audience::kOthersNotBlocking);
// The fewest bytes a delivery, a part and a string take: what a count read may promise.
constexpr std::size_t kMinDelivery = 3 + 8 + 5 * 4 + 4;
constexpr std::size_t kMinPart = 4 + 4 + 4;
constexpr std::size_t kMinString = 4;
constexpr std::size_t kMinChange = 4;

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  void U8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(std::uint32_t v) { Little(v, 4); }
  void I64(std::int64_t v) { Little(static_cast<std::uint64_t>(v), 8); }
  void String(std::string_view s) {
    U32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
  }

 private:
  void Little(std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out_.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  std::string& out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  // An unsigned or signed number of sizeof(Number) bytes, little-endian.
  template <class Number>
  bool Read(Number& v) {
    if (in_.size() < sizeof(Number)) return false;
    std::uint64_t wide = 0;
    for (std::size_t i = 0; i < sizeof(Number); ++i) {
      wide |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[i])) << (8 * i);
    }
    in_.remove_prefix(sizeof(Number));
    v = static_cast<Number>(wide);
    return true;
  }
  bool String(std::string& s) {
    std::uint32_t size = 0;
    if (!Read(size) || size > in_.size()) return false;
    s.assign(in_.data(), size);
    in_.remove_prefix(size);
    return true;
  }
  // A count of things of at least `min_size` bytes each: no more than the bytes left hold.
  bool Count(std::uint32_t& n, std::size_t min_size) {
    return Read(n) && n <= in_.size() / min_size;
  }
  bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

std::size_t SizeOf(const std::vector<Delivery>& change) {
  std::size_t size = 4;
  for (const auto& d : change) {
    size += kMinDelivery + d.user_id.size() + d.blocked_id.size() + d.room.size() +
            d.left_room.size() + d.conversation_id.size();
    for (const auto& part : d.parts) {
      size += kMinPart + part.event.size() + part.payload_json.size();
      for (const auto& room : part.rooms) size += kMinString + room.size();
    }
  }
  return size;
}

// The 4 bytes of `v` at `at`, little-endian.
void Patch(std::string& bytes, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
}

bool ReadDelivery(Reader& in, Delivery& d) {
  std::uint8_t action = 0, audience = 0, ephemeral = 0;
  if (!in.Read(action) || action > kLastAction || !in.Read(audience) || audience > kLastAudience ||
      !in.Read(ephemeral) || ephemeral > 1 || !in.Read(d.seq) || d.seq < 0) {
    return false;
  }
  d.action = static_cast<Delivery::Action>(action);
  d.audience = static_cast<Delivery::Audience>(audience);
  d.ephemeral = ephemeral == 1;
  for (std::string* field :
       {&d.user_id, &d.blocked_id, &d.room, &d.left_room, &d.conversation_id}) {
    if (!in.String(*field)) return false;
  }
  std::uint32_t parts = 0;
  if (!in.Count(parts, kMinPart)) return false;
  d.parts.resize(parts);
  for (auto& part : d.parts) {
    std::uint32_t rooms = 0;
    if (!in.Count(rooms, kMinString)) return false;
    part.rooms.resize(rooms);
    for (auto& room : part.rooms) {
      if (!in.String(room)) return false;
    }
    if (!in.String(part.event) || !in.String(part.payload_json)) return false;
  }
  return true;
}

}  // namespace

std::string EncodeChange(const std::vector<Delivery>& change) {
  std::string bytes;
  bytes.reserve(SizeOf(change));
  Writer out(bytes);
  out.U32(static_cast<std::uint32_t>(change.size()));
  for (const auto& d : change) {
    out.U8(static_cast<std::uint8_t>(d.action));
    out.U8(static_cast<std::uint8_t>(d.audience));
    out.U8(d.ephemeral ? 1 : 0);
    out.I64(d.seq);
    for (const std::string* field :
         {&d.user_id, &d.blocked_id, &d.room, &d.left_room, &d.conversation_id}) {
      out.String(*field);
    }
    out.U32(static_cast<std::uint32_t>(d.parts.size()));
    for (const auto& part : d.parts) {
      out.U32(static_cast<std::uint32_t>(part.rooms.size()));
      for (const auto& room : part.rooms) out.String(room);
      out.String(part.event);
      out.String(part.payload_json);
    }
  }
  return bytes;
}

ChangesMessage::ChangesMessage() { bytes_.assign(kHeader, '\0'); }

void ChangesMessage::Add(std::string_view encoded_change) {
  bytes_.append(encoded_change);
  ++count_;
}

std::string ChangesMessage::Take() {
  bytes_[0] = static_cast<char>(kFormat);
  Patch(bytes_, 1, count_);
  std::string bytes = std::move(bytes_);
  bytes_.assign(kHeader, '\0');
  count_ = 0;
  return bytes;
}

std::string EncodeChanges(const std::vector<std::vector<Delivery>>& changes) {
  ChangesMessage message;
  for (const auto& change : changes) message.Add(EncodeChange(change));
  return message.Take();
}

std::optional<std::vector<std::vector<Delivery>>> DecodeChanges(std::string_view bytes) {
  Reader in(bytes);
  std::uint8_t format = 0;
  std::uint32_t count = 0;
  if (!in.Read(format) || format != kFormat || !in.Count(count, kMinChange)) return std::nullopt;
  std::vector<std::vector<Delivery>> changes(count);
  for (auto& change : changes) {
    std::uint32_t deliveries = 0;
    if (!in.Count(deliveries, kMinDelivery)) return std::nullopt;
    change.resize(deliveries);
    for (auto& delivery : change) {
      if (!ReadDelivery(in, delivery)) return std::nullopt;
    }
  }
  if (!in.done()) return std::nullopt;
  return changes;
}

}  // namespace confide::realtime
