#include "realtime/deliver.h"

#include "realtime/member.h"
#include "realtime/rooms.h"
#include "socketio/frames.h"

namespace confide::realtime {
namespace {

socketio::Namespace::Filter FilterOf(const Delivery& delivery) {
  switch (delivery.audience) {
    case Delivery::Audience::kAll:
      return {};
    case Delivery::Audience::kNotBlocking:
      return NotBlocking(delivery.user_id);
    case Delivery::Audience::kOthersNotBlocking:
      return OthersNotBlocking(delivery.user_id);
  }
  return {};
}

void Send(socketio::Namespace& nsp, Delivery& delivery) {
  std::vector<socketio::Namespace::Audience> audiences;
  audiences.reserve(delivery.parts.size());
  for (auto& part : delivery.parts) {
    socketio::Frames frames;
    if (!part.event.empty())
      frames.push_back(socketio::EventFrame(nsp.name(), part.event, part.payload_json));
    audiences.push_back({std::move(part.rooms), std::move(frames)});
  }
  nsp.Broadcast(std::move(audiences), FilterOf(delivery));
}

}  // namespace

void Deliver(socketio::Namespace& nsp, Delivery delivery) {
  switch (delivery.action) {
    case Delivery::Action::kSend:
      Send(nsp, delivery);
      return;
    case Delivery::Action::kBlock:
      nsp.ForEachIn(UserRoom(delivery.user_id),
                    [blocked = delivery.blocked_id](socketio::Socket& socket) {
                      if (Member* member = MemberOf(socket)) member->blocked.insert(blocked);
                    });
      return;
    case Delivery::Action::kUnblock:
      nsp.ForEachIn(UserRoom(delivery.user_id),
                    [blocked = delivery.blocked_id](socketio::Socket& socket) {
                      if (Member* member = MemberOf(socket)) member->blocked.erase(blocked);
                    });
      return;
    case Delivery::Action::kDisconnect:
      for (const auto& part : delivery.parts) {
        for (const auto& room : part.rooms) {
          nsp.ForEachIn(
              room, [event = part.event, payload = part.payload_json](socketio::Socket& socket) {
                socket.EmitJson(event, payload);
                socket.Disconnect(/*close_transport=*/true);
              });
        }
      }
      return;
    case Delivery::Action::kLeave:
      nsp.ForEachIn(delivery.room,
                    [left = delivery.left_room](socketio::Socket& socket) { socket.Leave(left); });
      return;
  }
}

}  // namespace confide::realtime
