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
  // How far the conversation went when the socket joined: in a cluster, everything after
  // reaches it, over the bus or from the database.
  auto submitted = ReadForEvent<std::int64_t>(
      ctx_.db, ctx_.limits, socket,
      [&service, user_id = member.user_id,
       id = *conversation_id](store::Transaction& tx) -> Result<std::int64_t> {
        CONFIDE_RETURN_IF_ERROR(service.conversations.CheckParticipant(tx, user_id, id));
        return tx.log().LastSeq(id);
      },
      [this, event, id = *conversation_id](socketio::Socket& socket, Result<std::int64_t> seq) {
        if (!seq.ok()) return ReplyError(socket, event, seq.error());
        const std::string& user_id = MemberOf(socket)->id();
        socket.Join(ConversationRoom(id));
        ctx_.fanout.Known(id, *seq);
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

// Records the socket's state: "typing" (re)arms its expiry, so that a renewal that changes
// nothing still keeps it alive; the room hears of a change through Relay.
void ConversationRooms::SetTyping(socketio::Socket& socket, Member& member,
                                  const std::string& conversation_id, bool typing) {
  auto found = member.typing.find(conversation_id);
  if (found == member.typing.end()) {
    if (!typing) return;  // not typing, and the room knows it
    found = member.typing.emplace(conversation_id, TypingState{}).first;
  }
  TypingState& state = found->second;
  state.typing = typing;
  if (typing) {
    ArmTypingTimer(socket, state.expiry, ctx_.options.typing_timeout, conversation_id,
                   [this](socketio::Socket& socket, Member& member, const std::string& id) {
                     member.typing.at(id).typing = false;
                     Relay(socket, member, id);
                   });
  } else if (state.expiry) {
    state.expiry->cancel();
  }
  Relay(socket, member, conversation_id);
}

// Tells the room a change at most once a second: at once if the room was last told a second
// ago or more, otherwise at the end of that second, when the state then is told (so a
// change undone meanwhile is never told). A state the room knows to be "not typing" is
// forgotten once its second is over.
void ConversationRooms::Relay(socketio::Socket& socket, Member& member,
                              const std::string& conversation_id) {
  const auto found = member.typing.find(conversation_id);
  if (found == member.typing.end()) return;
  TypingState& state = found->second;
  if (state.relay) return;  // a relay is due at the end of the second; it tells the latest
  const core::EpochMillis now = ctx_.clock.NowMillis();
  auto wait = state.told_at + kTypingRelayIntervalMs - now;
  if (state.typing != state.told && wait <= 0) {
    state.told = state.typing;
    state.told_at = now;
    SendTyping(member.id(), conversation_id, state.told);
    wait = kTypingRelayIntervalMs;
  }
  const bool idle = !state.typing && !state.told;
  if (state.typing == state.told && !idle) return;  // the room knows; nothing to wait for
  if (idle && wait <= 0) {
    member.typing.erase(found);
    return;
  }
  ArmTypingTimer(socket, state.relay, std::chrono::milliseconds(wait), conversation_id,
                 [this](socketio::Socket& socket, Member& member, const std::string& id) {
                   member.typing.at(id).relay.reset();
                   Relay(socket, member, id);
                 });
}

// Arms `slot`'s timer (made on first use) to run `fire` after `after`, on the socket's thread,
// if the socket, its typing state and this very timer are still there.
void ConversationRooms::ArmTypingTimer(socketio::Socket& socket,
                                       std::shared_ptr<boost::asio::steady_timer>& slot,
                                       std::chrono::milliseconds after,
                                       const std::string& conversation_id, TypingFire fire) {
  if (slot == nullptr) slot = std::make_shared<boost::asio::steady_timer>(socket.io());
  slot->expires_after(after);
  slot->async_wait([weak = socket.weak_from_this(), conversation_id, armed = std::weak_ptr(slot),
                    fire = std::move(fire)](boost::system::error_code ec) {
    auto socket = weak.lock();
    if (ec || socket == nullptr) return;
    Member* member = MemberOf(*socket);
    if (member == nullptr) return;
    const auto it = member->typing.find(conversation_id);
    const auto timer = armed.lock();
    if (it == member->typing.end() || timer == nullptr ||
        (it->second.expiry != timer && it->second.relay != timer)) {
      return;
    }
    fire(*socket, *member, conversation_id);
  });
}

// The socket is gone: the room hears at once that it stopped typing wherever it was told
// otherwise.
void ConversationRooms::OnLeave(Member& member) {
  for (auto& [conversation_id, state] : member.typing) {
    if (state.expiry) state.expiry->cancel();
    if (state.relay) state.relay->cancel();
    if (state.told) SendTyping(member.id(), conversation_id, false);
  }
  member.typing.clear();
}

void ConversationRooms::SendTyping(const std::string& user_id, const std::string& conversation_id,
                                   bool typing) {
  ToOthers(user_id, conversation_id, "typing_indicator",
           boost::json::serialize(boost::json::object{
               {"conversationId", conversation_id}, {"userId", user_id}, {"isTyping", typing}}),
           /*ephemeral=*/true);
}

// To the conversation's room, leaving out the user's own sockets and those who blocked them.
void ConversationRooms::ToOthers(const std::string& user_id, const std::string& conversation_id,
                                 std::string_view event, std::string_view payload_json,
                                 bool ephemeral) {
  Delivery delivery;
  delivery.ephemeral = ephemeral;
  delivery.parts.push_back(
      {{ConversationRoom(conversation_id)}, std::string(event), std::string(payload_json)});
  delivery.audience = Delivery::Audience::kOthersNotBlocking;
  delivery.user_id = user_id;
  ctx_.fanout.Send({delivery});
}

}  // namespace confide::realtime
