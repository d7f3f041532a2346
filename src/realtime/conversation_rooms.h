#pragma once

// The conversation events of the spec's gateway:
//   join_conversation {conversationId}   active participants only (checked by the service
//       layer); the socket joins the room, gets conversation_joined, the others in the room
//       get user_joined_conversation {conversationId, userId}.
//   leave_conversation {conversationId}  conversation_left to the socket,
//       user_left_conversation to the room.
//   typing_indicator {conversationId, isTyping}  for a joined conversation: the others in
//       the room (not those who blocked the typist) get {conversationId, userId, isTyping}.
//       A typing state ends by itself after the typing timeout, when the socket leaves the
//       room, and when it disconnects; its end is sent as isTyping: false.
//
// Thread-safety: every method runs on the socket's thread.

#include <string>

#include "realtime/gateway_context.h"
#include "realtime/member.h"
#include "socketio/event.h"

namespace confide::realtime {

class ConversationRooms {
 public:
  explicit ConversationRooms(GatewayContext& context) : ctx_(context) {}

  void Join(socketio::Socket& socket, socketio::Event& event);
  void Leave(socketio::Socket& socket, socketio::Event& event);
  void Typing(socketio::Socket& socket, socketio::Event& event);
  // The socket is gone: its typing states end.
  void OnLeave(Member& member);

 private:
  void SetTyping(socketio::Socket& socket, Member& member, const std::string& conversation_id,
                 bool typing);
  void ArmTypingTimer(socketio::Socket& socket, Member& member, const std::string& conversation_id);
  void SendTyping(const std::string& user_id, const std::string& conversation_id, bool typing);
  void ToOthers(const std::string& user_id, const std::string& conversation_id,
                std::string_view event, std::string_view payload_json);

  GatewayContext& ctx_;
};

}  // namespace confide::realtime
