#include "realtime/member.h"

namespace confide::realtime {

Member* MemberOf(socketio::Socket& socket) { return std::any_cast<Member>(&socket.data()); }

const Member* MemberOf(const socketio::Socket& socket) {
  return std::any_cast<Member>(&socket.data());
}

socketio::Namespace::Filter NotBlocking(std::string sender) {
  return [sender = std::move(sender)](const socketio::Socket& socket) {
    const Member* member = MemberOf(socket);
    return member != nullptr && !member->blocked.contains(sender);
  };
}

socketio::Namespace::Filter OthersNotBlocking(std::string user) {
  return [user = std::move(user)](const socketio::Socket& socket) {
    const Member* member = MemberOf(socket);
    return member != nullptr && member->id() != user && !member->blocked.contains(user);
  };
}

}  // namespace confide::realtime
