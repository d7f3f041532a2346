#pragma once

// An event a client emitted: its name, its arguments, the binary attachments their
// placeholders refer to, and the id of the acknowledgement it asks for.

#include <boost/json/array.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace confide::socketio {

struct Event {
  std::string name;
  boost::json::array args;  // after the name
  std::vector<std::string> attachments;
  std::optional<std::uint64_t> ack_id;  // answer with Socket::Ack
};

}  // namespace confide::socketio
