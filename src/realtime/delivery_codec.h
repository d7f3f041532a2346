#pragma once

// Deliveries as bytes, for another node: a message of changes, each a change's deliveries
// (one conversation's change, or the deliveries of one room), each event's payload kept as the
// text it is, with nothing to escape or parse. A change is encoded once (EncodeChange), however
// many messages carry it; a message (ChangesMessage) is a format byte (2), the number of
// changes, then each change: the number of its deliveries, then each one's action, audience
// and ephemeral flag (a byte each), its seq (8 bytes), its user_id, blocked_id, room, left_room
// and conversation_id, and its parts: their number, then each one's rooms (their number, then
// each), event and payload. Numbers are little-endian, 4 bytes unless said; a text is its
// length and its bytes. Decoding refuses anything that is not such a message, whole (a count
// the bytes left cannot hold, bytes left over): a node applies all of a message or none of it.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/delivery.h"

namespace confide::realtime {

// One change, for ChangesMessage::Add.
std::string EncodeChange(const std::vector<Delivery>& change);

// A message of changes, in the order added.
class ChangesMessage {
 public:
  ChangesMessage();
  void Add(std::string_view encoded_change);
  bool empty() const { return count_ == 0; }
  // The message's bytes so far.
  std::size_t size() const { return bytes_.size(); }
  // The message's bytes; the message is empty again after.
  std::string Take();

 private:
  std::string bytes_;
  std::uint32_t count_ = 0;
};

// A message of these changes (for tests and a single change).
std::string EncodeChanges(const std::vector<std::vector<Delivery>>& changes);
std::optional<std::vector<std::vector<Delivery>>> DecodeChanges(std::string_view bytes);

}  // namespace confide::realtime
