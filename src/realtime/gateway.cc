#include "realtime/gateway.h"

#include "realtime/event_reply.h"
#include "realtime/member.h"
#include "realtime/rooms.h"

namespace confide::realtime {

Gateway::Gateway(socketio::Server& io, store::Database& db, domain::MessagingService& service,
                 const api::Authenticator& authenticator, const core::Clock& clock,
                 GatewayOptions options, DeliveryBus* bus)
    : context_{io.Of(kNamespace),
               db,
               service,
               authenticator,
               clock,
               options,
               {},
               EventLimits(options, clock),
               ChangeFanout(io.Of(kNamespace), bus,
                            bus == nullptr ? nullptr
                                           : std::make_unique<ConversationFollower>(
                                                 io.Of(kNamespace), db, service.conversations),
                            options.exit_before_publish)},
      renewal_(context_),
      admission_(context_, renewal_),
      conversations_(context_),
      communities_(context_) {
  if (bus != nullptr) {
    // Another node's deliveries for the rooms this process has sockets in.
    bus->OnReceive([this](const std::string& room, std::vector<Delivery> change) {
      context_.fanout.Receive(room, std::move(change));
    });
    bus->OnResume([this] { context_.fanout.CatchUp(); });
    bus->LocateUsers([this](const std::vector<std::string>& user_ids) {
      return context_.presence.HeldElsewhere(user_ids);
    });
    cluster_presence_ = std::make_unique<ClusterPresence>(
        context_.presence, *bus, options.node_id, [this](const std::string& user_id, bool online) {
          admission_.ChangedElsewhere(user_id, online);
        });
    context_.cluster_presence = cluster_presence_.get();
    context_.nsp.OnInterest([this, bus](const std::string& room, bool present) {
      bus->Interest(room, present);
      if (auto conversation = ConversationOfRoom(room))
        context_.fanout.Follow(*conversation, present);
    });
  }
  context_.nsp.OnConnect(
      [this](const std::shared_ptr<socketio::Socket>& socket) { admission_.OnConnect(socket); });
  context_.nsp.OnEvent(
      [this](socketio::Socket& socket, socketio::Event& event) { OnEvent(socket, event); });
  context_.nsp.OnDisconnect(
      [this](socketio::Socket& socket, std::string_view) { OnDisconnect(socket); });
}

void Gateway::Stop() {
  if (cluster_presence_) cluster_presence_->Stop();
  context_.fanout.Stop();
}

void Gateway::OnEvent(socketio::Socket& socket, socketio::Event& event) {
  Member* member = MemberOf(socket);
  if (member == nullptr) return;  // only admitted sockets are connected
  if (auto admitted = context_.limits.AdmitEvent(*member); !admitted.ok()) {
    return ReplyError(socket, event, admitted.error());
  }
  const std::string& name = event.name;
  if (name == "join_conversation") return conversations_.Join(socket, event);
  if (name == "leave_conversation") return conversations_.Leave(socket, event);
  if (name == "typing_indicator") return conversations_.Typing(socket, event);
  if (name == "join_community") return communities_.JoinCommunity(socket, event);
  if (name == "join_post") return communities_.JoinPost(socket, event);
  if (name == "reauthenticate") return renewal_.Reauthenticate(socket, event);
  ReplyError(socket, event, Error::BadRequest("Unknown event: " + name));
}

void Gateway::OnDisconnect(socketio::Socket& socket) {
  Member* member = MemberOf(socket);
  if (member == nullptr) return;
  conversations_.OnLeave(*member);
  renewal_.OnLeave(*member);
  admission_.OnLeave(*member);
}

}  // namespace confide::realtime
