#pragma once

// Deliveries as bytes, for another node: a change's deliveries (one conversation's change, or
// the deliveries of one room), each event's payload kept as the text it is, with nothing to
// escape or parse. The layout: a format byte (1); the number of deliveries; then each one's
// action, audience and ephemeral flag (a byte each), its seq (8 bytes), its user_id,
// blocked_id, room, left_room and conversation_id, and its parts: their number, then each
// one's rooms (their number, then each), event and payload. Numbers are little-endian, 4 bytes
// unless said; a text is its length and its bytes. Decoding refuses anything that is not such
// a change, whole (a count the bytes left cannot hold, bytes left over): a node applies all of
// a change or none of it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/delivery.h"

namespace confide::realtime {

std::string EncodeDeliveries(const std::vector<Delivery>& change);
std::optional<std::vector<Delivery>> DecodeDeliveries(std::string_view bytes);

}  // namespace confide::realtime
