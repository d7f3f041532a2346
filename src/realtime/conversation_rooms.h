#pragma once

// The conversation events of the spec's gateway:
//   join_conversation {conversationId}   active participants only (checked by the service
//       layer); the socket joins the room, gets conversation_joined, the others in the room
//       get user_joined_conversation {conversationId, userId}.
//   leave_conversation {conversationId}  conversation_left to the socket,
//       user_left_conversation to the room.
//   typing_indicator {conversationId, isTyping}  for a joined conversation: the others in
//       the room (not those who blocked the typist) get {conversationId, userId, isTyping}.
//       Only changes are sent, at most one a second per socket and conversation: a change
//       that comes sooner waits for the end of that second, and the state then is sent (or
//       nothing, if it is what the room was last told). A typing state ends by itself after
//       the typing timeout, when the socket leaves the room, and when it disconnects; its end
//       is sent as isTyping: false (at once on disconnection).
//
// Thread-safety: every method runs on the socket's thread.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "realtime/gateway_context.h"
#include "realtime/member.h"
#include "socketio/event.h"

namespace confide::realtime {

// The least time between two typing changes the room hears from one socket in one
// conversation.
inline constexpr core::EpochMillis kTypingRelayIntervalMs = 1000;

class ConversationRooms {
 public:
  explicit ConversationRooms(GatewayContext& context) : ctx_(context) {}

  void Join(socketio::Socket& socket, socketio::Event& event);
  void Leave(socketio::Socket& socket, socketio::Event& event);
  void Typing(socketio::Socket& socket, socketio::Event& event);
  // The socket is gone: its typing states end.
  void OnLeave(Member& member);

 private:
  using TypingFire = std::function<void(socketio::Socket&, Member&, const std::string&)>;

  void SetTyping(socketio::Socket& socket, Member& member, const std::string& conversation_id,
                 bool typing);
  void Relay(socketio::Socket& socket, Member& member, const std::string& conversation_id);
  static void ArmTypingTimer(socketio::Socket& socket,
                             std::shared_ptr<boost::asio::steady_timer>& slot,
                             std::chrono::milliseconds after, const std::string& conversation_id,
                             TypingFire fire);
  void SendTyping(const std::string& user_id, const std::string& conversation_id, bool typing);
  // `ephemeral`: Delivery::ephemeral.
  void ToOthers(const std::string& user_id, const std::string& conversation_id,
                std::string_view event, std::string_view payload_json, bool ephemeral = false);

  GatewayContext& ctx_;
};

}  // namespace confide::realtime
