#include "cluster/room_split.h"

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "realtime/rooms.h"

namespace confide::cluster {
namespace {

using realtime::Delivery;

using realtime::IsUserRoom;
using realtime::UserOfRoom;

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

// Everything of a delivery but its parts, which a share makes its own.
Delivery WithoutParts(const Delivery& delivery) {
  Delivery share;
  share.action = delivery.action;
  share.audience = delivery.audience;
  share.user_id = delivery.user_id;
  share.blocked_id = delivery.blocked_id;
  share.room = delivery.room;
  share.left_room = delivery.left_room;
  share.conversation_id = delivery.conversation_id;
  share.seq = delivery.seq;
  share.ephemeral = delivery.ephemeral;
  return share;
}

// The share of a send for `room`, one of `part`'s rooms: the sockets of the earlier rooms are
// left out.
Delivery SendShare(const Delivery& send, const std::vector<std::string>& earlier,
                   const std::string& room, const Delivery::Part& part) {
  Delivery share = WithoutParts(send);
  Delivery::Part absorbed;
  for (const auto& other : earlier) {
    if (other == room) continue;
    if (std::find(absorbed.rooms.begin(), absorbed.rooms.end(), other) != absorbed.rooms.end())
      continue;
    absorbed.rooms.push_back(other);
  }
  if (!absorbed.rooms.empty()) share.parts.push_back(std::move(absorbed));
  share.parts.push_back({{room}, part.event, part.payload_json});
  return share;
}

// A send restricted to the held users' rooms. Its parts follow the send's rooms in order: a
// held user's room keeps its part's event; another room than a user's gets nothing from this
// share (its sockets get the send from that room's share); another user's room is left out.
// Neighbouring rooms of one part and one kind share a part.
std::optional<Delivery> UsersSend(const Delivery& send,
                                  const std::function<bool(std::string_view)>& held) {
  Delivery share = WithoutParts(send);
  std::size_t kept = 0;  // parts up to the last one with an event for a held user
  const Delivery::Part* last_source = nullptr;
  bool last_muted = false;
  for (const auto& part : send.parts) {
    for (const auto& room : part.rooms) {
      bool muted = true;
      if (IsUserRoom(room)) {
        if (!held(UserOfRoom(room))) continue;
        muted = part.event.empty();
      }
      if (share.parts.empty() || last_muted != muted || (!muted && last_source != &part)) {
        share.parts.push_back(muted ? Delivery::Part{{}, "", ""}
                                    : Delivery::Part{{}, part.event, part.payload_json});
        last_source = &part;
        last_muted = muted;
      }
      share.parts.back().rooms.push_back(room);
      if (!muted) kept = share.parts.size();
    }
  }
  if (kept == 0) return std::nullopt;
  share.parts.resize(kept);
  return share;
}

}  // namespace

bool GoesWhole(const std::vector<Delivery>& change) {
  return !change.empty() && std::all_of(change.begin(), change.end(), [](const Delivery& d) {
    return d.action == Delivery::Action::kSend && d.names_every_member;
  });
}

std::vector<RoomShare> SplitByRoom(const std::vector<Delivery>& change) {
  Shares shares;
  for (const auto& delivery : change) {
    switch (delivery.action) {
      case Delivery::Action::kSend: {
        std::vector<std::string> earlier;
        for (const auto& part : delivery.parts) {
          for (const auto& room : part.rooms) {
            if (!part.event.empty() && !IsUserRoom(room)) {
              shares.Add(room, SendShare(delivery, earlier, room, part));
            }
            earlier.push_back(room);
          }
        }
        break;
      }
      case Delivery::Action::kDisconnect:
        for (const auto& part : delivery.parts) {
          for (const auto& room : part.rooms) {
            if (IsUserRoom(room)) continue;
            Delivery share = WithoutParts(delivery);
            share.parts = {{{room}, part.event, part.payload_json}};
            shares.Add(room, std::move(share));
          }
        }
        break;
      case Delivery::Action::kBlock:
      case Delivery::Action::kUnblock:
        break;
      case Delivery::Action::kLeave:
        if (!IsUserRoom(delivery.room)) shares.Add(delivery.room, delivery);
        break;
    }
  }
  return shares.Take();
}

std::vector<std::string> UsersReached(const std::vector<Delivery>& change) {
  std::vector<std::string> users;
  std::unordered_set<std::string_view> seen;  // views into the change
  const auto add = [&](std::string_view user_id) {
    if (seen.insert(user_id).second) users.emplace_back(user_id);
  };
  for (const auto& delivery : change) {
    switch (delivery.action) {
      case Delivery::Action::kSend:
      case Delivery::Action::kDisconnect:
        for (const auto& part : delivery.parts) {
          for (const auto& room : part.rooms) {
            if (IsUserRoom(room)) add(UserOfRoom(room));
          }
        }
        break;
      case Delivery::Action::kBlock:
      case Delivery::Action::kUnblock:
        add(delivery.user_id);
        break;
      case Delivery::Action::kLeave:
        if (IsUserRoom(delivery.room)) add(UserOfRoom(delivery.room));
        break;
    }
  }
  return users;
}

std::vector<Delivery> UsersShare(const std::vector<Delivery>& change,
                                 const std::function<bool(std::string_view)>& held) {
  std::vector<Delivery> share;
  for (const auto& delivery : change) {
    switch (delivery.action) {
      case Delivery::Action::kSend:
        if (auto send = UsersSend(delivery, held)) share.push_back(std::move(*send));
        break;
      case Delivery::Action::kDisconnect: {
        Delivery gone = WithoutParts(delivery);
        for (const auto& part : delivery.parts) {
          Delivery::Part theirs{{}, part.event, part.payload_json};
          for (const auto& room : part.rooms) {
            if (IsUserRoom(room) && held(UserOfRoom(room))) theirs.rooms.push_back(room);
          }
          if (!theirs.rooms.empty()) gone.parts.push_back(std::move(theirs));
        }
        if (!gone.parts.empty()) share.push_back(std::move(gone));
        break;
      }
      case Delivery::Action::kBlock:
      case Delivery::Action::kUnblock:
        if (held(delivery.user_id)) share.push_back(delivery);
        break;
      case Delivery::Action::kLeave:
        if (IsUserRoom(delivery.room) && held(UserOfRoom(delivery.room))) {
          share.push_back(delivery);
        }
        break;
    }
  }
  return share;
}

}  // namespace confide::cluster
