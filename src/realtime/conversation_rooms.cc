#include "realtime/conversation_rooms.h"

#include <boost/json/serialize.hpp>

#include "realtime/event_reply.h"
#include "realtime/rooms.h"
#include "realtime/socket_jobs.h"

namespace confide::realtime {
namespace {

std::string ConversationPayload(const std::string& conversation_id) {
  return boost::json::serialize(boost::json::object{{"conversationId", conversation_id}});
}

std::string UserPayload(const std::string& conversation_id, const std::string& user_id) {
  return boost::json::serialize(
      boost::json::object{{"conversationId", conversation_id}, {"userId", user_id}});
}

}  // namespace

void ConversationRooms::Join(socketio::Socket& socket, socketio::Event& event) {
  auto conversation_id = IdField(event, "conversationId");
  if (!conversation_id.ok()) return ReplyError(socket, event, conversation_id.error());
  const Member& member = *MemberOf(socket);
  auto& service = ctx_.service;
  auto submitted = ReadForEvent<std::monostate>(
      ctx_.db, ctx_.limits, socket,
      [&service, principal = member.principal,
       id = *conversation_id](store::Transaction& tx) -> Result<std::monostate> {
        CONFIDE_RETURN_IF_ERROR(service.conversations.CheckParticipant(tx, principal, id));
        return std::monostate{};
      },
      [this, event, id = *conversation_id](socketio::Socket& socket, Result<std::monostate> ok) {
        if (!ok.ok()) return ReplyError(socket, event, ok.error());
        const std::string& user_id = MemberOf(socket)->id();
        socket.Join(ConversationRoom(id));
        socket.EmitJson("conversation_joined", ConversationPayload(id));
        ToOthers(user_id, id, "user_joined_conversation", UserPayload(id, user_id));
        ReplyOk(socket, event, {{"conversationId", id}});
      });
  if (!submitted.ok()) ReplyError(socket, event, submitted.error());
}

void ConversationRooms::Leave(socketio::Socket& socket, socketio::Event& event) {
  auto conversation_id = IdField(event, "conversationId");
  if (!conversation_id.ok()) return ReplyError(socket, event, conversation_id.error());
  Member& member = *MemberOf(socket);
  const std::string& id = *conversation_id;
  SetTyping(socket, member, id, false);
  if (socket.InRoom(ConversationRoom(id))) {
    socket.Leave(ConversationRoom(id));
    ToOthers(member.id(), id, "user_left_conversation", UserPayload(id, member.id()));
  }
  socket.EmitJson("conversation_left", ConversationPayload(id));
  ReplyOk(socket, event, {{"conversationId", id}});
}

void ConversationRooms::Typing(socketio::Socket& socket, socketio::Event& event) {
  auto conversation_id = IdField(event, "conversationId");
  if (!conversation_id.ok()) return ReplyError(socket, event, conversation_id.error());
  const auto* payload = event.args.front().if_object();
  const auto* is_typing = payload->if_contains("isTyping");
  if (is_typing == nullptr || !is_typing->is_bool()) {
    return ReplyError(socket, event, Error::BadRequest("isTyping must be a boolean"));
  }
  if (!socket.InRoom(ConversationRoom(*conversation_id))) {
    return ReplyError(socket, event,
                      Error::BadRequest("Join the conversation before sending typing indicators"));
  }
  SetTyping(socket, *MemberOf(socket), *conversation_id, is_typing->get_bool());
  ReplyOk(socket, event);
}

// Sends a change of state only: repeating "typing" renews the timer without a broadcast.
void ConversationRooms::SetTyping(socketio::Socket& socket, Member& member,
                                  const std::string& conversation_id, bool typing) {
  const auto it = member.typing.find(conversation_id);
  const bool was_typing = it != member.typing.end();
  if (typing) {
    ArmTypingTimer(socket, member, conversation_id);
    if (!was_typing) SendTyping(member.id(), conversation_id, true);
    return;
  }
  if (!was_typing) return;
  it->second->cancel();
  member.typing.erase(it);
  SendTyping(member.id(), conversation_id, false);
}

void ConversationRooms::ArmTypingTimer(socketio::Socket& socket, Member& member,
                                       const std::string& conversation_id) {
  auto& timer = member.typing[conversation_id];
  if (timer == nullptr) timer = std::make_shared<boost::asio::steady_timer>(socket.io());
  timer->expires_after(ctx_.options.typing_timeout);
  timer->async_wait([this, weak = socket.weak_from_this(), conversation_id,
                     armed = std::weak_ptr(timer)](boost::system::error_code ec) {
    auto socket = weak.lock();
    if (ec || socket == nullptr) return;
    Member* member = MemberOf(*socket);
    if (member == nullptr) return;
    const auto it = member->typing.find(conversation_id);
    if (it == member->typing.end() || it->second != armed.lock()) return;
    member->typing.erase(it);
    SendTyping(member->id(), conversation_id, false);
  });
}

void ConversationRooms::OnLeave(Member& member) {
  for (auto& [conversation_id, timer] : member.typing) {
    timer->cancel();
    SendTyping(member.id(), conversation_id, false);
  }
  member.typing.clear();
}

void ConversationRooms::SendTyping(const std::string& user_id, const std::string& conversation_id,
                                   bool typing) {
  ToOthers(user_id, conversation_id, "typing_indicator",
           boost::json::serialize(boost::json::object{
               {"conversationId", conversation_id}, {"userId", user_id}, {"isTyping", typing}}));
}

// To the conversation's room, leaving out the user's own sockets and those who blocked them.
void ConversationRooms::ToOthers(const std::string& user_id, const std::string& conversation_id,
                                 std::string_view event, std::string_view payload_json) {
  ctx_.nsp.Broadcast(ConversationRoom(conversation_id),
                     {socketio::EventFrame(ctx_.nsp.name(), event, payload_json)},
                     OthersNotBlocking(user_id));
}

}  // namespace confide::realtime
