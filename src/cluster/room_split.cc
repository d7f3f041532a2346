#include "cluster/room_split.h"

#include <algorithm>

#include "realtime/rooms.h"

namespace confide::cluster {
namespace {

using realtime::Delivery;

bool IsUserRoom(const std::string& room) { return room.starts_with("user:"); }

class Shares {
 public:
  void Add(const std::string& room, Delivery delivery) {
    auto it = std::find_if(shares_.begin(), shares_.end(),
                           [&](const RoomShare& share) { return share.room == room; });
    if (it == shares_.end()) {
      shares_.push_back({room, {}});
      it = std::prev(shares_.end());
    }
    it->deliveries.push_back(std::move(delivery));
  }
  std::vector<RoomShare> Take() { return std::move(shares_); }

 private:
  std::vector<RoomShare> shares_;
};

// The share of a send for `room`, one of `part`'s rooms: the sockets of the earlier rooms are
// left out.
Delivery SendShare(const Delivery& send, const std::vector<std::string>& earlier,
                   const std::string& room, const Delivery::Part& part) {
  // Everything of the send but its parts, which are the share's own.
  Delivery share;
  share.action = send.action;
  share.audience = send.audience;
  share.user_id = send.user_id;
  share.conversation_id = send.conversation_id;
  share.seq = send.seq;
  share.ephemeral = send.ephemeral;
  Delivery::Part absorbed;
  for (const auto& other : earlier) {
    if (other == room || (IsUserRoom(room) && IsUserRoom(other))) continue;
    if (std::find(absorbed.rooms.begin(), absorbed.rooms.end(), other) != absorbed.rooms.end())
      continue;
    absorbed.rooms.push_back(other);
  }
  if (!absorbed.rooms.empty()) share.parts.push_back(std::move(absorbed));
  share.parts.push_back({{room}, part.event, part.payload_json});
  return share;
}

}  // namespace

std::vector<RoomShare> SplitByRoom(const std::vector<Delivery>& change) {
  Shares shares;
  for (const auto& delivery : change) {
    switch (delivery.action) {
      case Delivery::Action::kSend: {
        std::vector<std::string> earlier;
        for (const auto& part : delivery.parts) {
          for (const auto& room : part.rooms) {
            if (!part.event.empty()) shares.Add(room, SendShare(delivery, earlier, room, part));
            earlier.push_back(room);
          }
        }
        break;
      }
      case Delivery::Action::kDisconnect:
        for (const auto& part : delivery.parts) {
          for (const auto& room : part.rooms) {
            Delivery share = delivery;
            share.parts = {{{room}, part.event, part.payload_json}};
            shares.Add(room, std::move(share));
          }
        }
        break;
      case Delivery::Action::kBlock:
      case Delivery::Action::kUnblock:
        shares.Add(realtime::UserRoom(delivery.user_id), delivery);
        break;
      case Delivery::Action::kLeave:
        shares.Add(delivery.room, delivery);
        break;
    }
  }
  return shares.Take();
}

}  // namespace confide::cluster
