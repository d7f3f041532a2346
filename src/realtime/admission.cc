#include "realtime/admission.h"

#include <boost/json/serialize.hpp>

#include "core/time_format.h"
#include "http/query_string.h"
#include "realtime/rooms.h"
#include "realtime/socket_jobs.h"
#include "socketio/frames.h"

namespace confide::realtime {
namespace {

// Who the user is and whom they blocked, read (or provisioned) in one job.
struct Admitted {
  domain::Principal principal;
  std::vector<std::string> blocked;
};

std::string_view View(boost::beast::string_view s) { return {s.data(), s.size()}; }

// The token of the CONNECT's auth, else of the connection's Authorization header or `token`
// query parameter (for clients that cannot set auth).
std::string TokenOf(const socketio::Socket& socket) {
  if (const auto* token = socket.auth().if_contains("token"); token && token->is_string()) {
    return std::string(token->get_string());
  }
  const auto& request = socket.request();
  if (const auto it = request.find(http::Field::authorization); it != request.end()) {
    const auto bearer = api::Authenticator::BearerToken(View(it->value()));
    if (!bearer.empty()) return std::string(bearer);
  }
  return http::QueryString::OfTarget(View(request.target())).Get("token").value_or("");
}

}  // namespace

void Admission::OnConnect(const std::shared_ptr<socketio::Socket>& socket) {
  const std::string token = TokenOf(*socket);
  if (token.empty()) return Refuse(*socket, "No token provided");
  auto claims = ctx_.authenticator.IdentifyToken(token);
  if (!claims.ok()) return Refuse(*socket, claims.error().message());
  Admit(socket, *claims);
}

// Looks the user up in a read; a user to provision (or whose profile the token updates) is
// looked up again in a write.
void Admission::Admit(const std::shared_ptr<socketio::Socket>& socket,
                      const domain::IdentityClaims& claims) {
  auto& service = ctx_.service;
  ReadForSocket<std::optional<Admitted>>(
      ctx_.db, socket,
      [&service, claims](store::Transaction& tx) -> Result<std::optional<Admitted>> {
        CONFIDE_ASSIGN_OR_RETURN(auto principal, service.users.TryAuthenticate(tx, claims));
        if (!principal) return std::optional<Admitted>();
        auto blocked = service.blocks.BlockedIds(tx, *principal);
        return std::optional<Admitted>(Admitted{std::move(*principal), std::move(blocked)});
      },
      [this, &service, claims](socketio::Socket& socket, Result<std::optional<Admitted>> read) {
        if (!read.ok()) return Refuse(socket, read.error().message());
        if (*read)
          return Welcome(socket, Member{std::move((*read)->principal),
                                        {(*read)->blocked.begin(), (*read)->blocked.end()},
                                        {}});
        WriteForSocket<Admitted>(
            ctx_.db, socket.shared_from_this(),
            [&service, claims](store::Transaction& tx) -> Result<Admitted> {
              CONFIDE_ASSIGN_OR_RETURN(auto principal, service.users.Authenticate(tx, claims));
              auto blocked = service.blocks.BlockedIds(tx, principal);
              return Admitted{std::move(principal), std::move(blocked)};
            },
            [this](socketio::Socket& socket, Result<Admitted> written) {
              if (!written.ok()) return Refuse(socket, written.error().message());
              Welcome(socket, Member{std::move(written->principal),
                                     {written->blocked.begin(), written->blocked.end()},
                                     {}});
            });
      });
}

void Admission::Welcome(socketio::Socket& socket, Member member) {
  if (socket.state() != socketio::Socket::State::kConnecting) return;
  const std::string user_id = member.id();
  const std::string role = member.principal.user.role;
  socket.data() = std::move(member);
  socket.Accept();
  socket.Join(UserRoom(user_id));
  socket.EmitJson("authenticated",
                  boost::json::serialize(boost::json::object{
                      {"userId", user_id},
                      {"role", role},
                      {"message", "Successfully authenticated"},
                      {"timestamp", core::FormatTimestamp(ctx_.clock.NowMillis())}}));
  if (ctx_.presence.Connected(user_id)) AnnounceStatus(user_id, true);
}

void Admission::Refuse(socketio::Socket& socket, std::string_view reason) {
  socket.Accept();
  socket.EmitJson(
      "auth_error",
      boost::json::serialize(boost::json::object{
          {"message", "Authentication failed"}, {"code", "AUTH_FAILED"}, {"reason", reason}}));
  socket.Disconnect(/*close_transport=*/true);
}

void Admission::OnLeave(const Member& member) {
  if (ctx_.presence.Disconnected(member.id())) AnnounceStatus(member.id(), false);
}

// Tells everyone who shares a conversation with the user. The contacts are read first; by
// the time they are known the user may have changed state again, and then nothing is sent.
void Admission::AnnounceStatus(const std::string& user_id, bool online) {
  const auto at = ctx_.clock.NowMillis();
  auto& service = ctx_.service;
  store::Read<std::vector<std::string>>(
      ctx_.db,
      [&service, user_id](store::Transaction& tx) -> Result<std::vector<std::string>> {
        return service.communities.ContactsOf(tx, user_id);
      },
      [this, user_id, online, at](Result<std::vector<std::string>> contacts) {
        if (!contacts.ok() || contacts->empty()) return;
        if (ctx_.presence.IsOnline(user_id) != online) return;
        std::vector<std::string> rooms;
        rooms.reserve(contacts->size());
        for (const auto& contact : *contacts) rooms.push_back(UserRoom(contact));
        const std::string payload =
            boost::json::serialize(boost::json::object{{"userId", user_id},
                                                       {"status", online ? "online" : "offline"},
                                                       {"timestamp", core::FormatTimestamp(at)}});
        ctx_.nsp.Broadcast(std::move(rooms),
                           {socketio::EventFrame(ctx_.nsp.name(), "user_status_changed", payload)});
      });
}

}  // namespace confide::realtime
