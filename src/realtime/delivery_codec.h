#pragma once

// Deliveries as bytes, for another node: a change's deliveries (one conversation's change, or
// the deliveries of one room) as a JSON array, each event's payload kept as the text it is.
// Decoding refuses anything that is not such an array, whole: a node applies all of a change
// or none of it.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/delivery.h"

namespace confide::realtime {

std::string EncodeDeliveries(const std::vector<Delivery>& change);
std::optional<std::vector<Delivery>> DecodeDeliveries(std::string_view bytes);

}  // namespace confide::realtime
