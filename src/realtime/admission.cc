#include "realtime/admission.h"

#include <boost/json/serialize.hpp>

#include "core/public_error.h"
#include "core/time_format.h"
#include "realtime/event_reply.h"
#include "realtime/rooms.h"
#include "realtime/socket_jobs.h"

namespace confide::realtime {
namespace {

// The token of the CONNECT's auth, else of the connection's Authorization header or `token`
// query parameter (for clients that cannot set auth).
std::string TokenOf(const socketio::Socket& socket) {
  if (const auto* token = socket.auth().if_contains("token"); token && token->is_string()) {
    return std::string(token->get_string());
  }
  const auto& handshake = socket.handshake();
  if (const auto header = handshake.Header(Admission::kTokenHeader)) {
    const auto bearer = api::Authenticator::BearerToken(*header);
    if (!bearer.empty()) return std::string(bearer);
  }
  return std::string(handshake.Query(Admission::kTokenQueryParameter).value_or(""));
}

}  // namespace

// Who the user is, whom they blocked and whose presence concerns them, read (or
// provisioned) in one job.
struct Admission::Admitted {
  domain::Principal principal;
  std::vector<std::string> blocked;
  std::vector<domain::Contact> contacts;

  static Admitted Of(domain::MessagingService& service, store::Transaction& tx,
                     domain::Principal principal) {
    auto blocked = service.blocks.BlockedIds(tx, principal);
    auto contacts = service.contacts.ContactsOf(tx, principal.id());
    return {std::move(principal), std::move(blocked), std::move(contacts)};
  }
};

void Admission::OnConnect(const std::shared_ptr<socketio::Socket>& socket) {
  const std::string token = TokenOf(*socket);
  if (token.empty()) return Refuse(*socket, Error::Unauthorized("No token provided"));
  auto claims = ctx_.authenticator.IdentifyToken(token);
  if (!claims.ok()) return Refuse(*socket, claims.error());
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
        return std::optional<Admitted>(Admitted::Of(service, tx, std::move(*principal)));
      },
      [this, &service, claims](socketio::Socket& socket, Result<std::optional<Admitted>> read) {
        if (!read.ok()) return Refuse(socket, read.error());
        if (*read) return Welcome(socket, std::move(**read), claims);
        WriteForSocket<Admitted>(
            ctx_.db, socket.shared_from_this(),
            [&service, claims](store::Transaction& tx) -> Result<Admitted> {
              CONFIDE_ASSIGN_OR_RETURN(auto principal, service.users.Authenticate(tx, claims));
              return Admitted::Of(service, tx, std::move(principal));
            },
            [this, claims](socketio::Socket& socket, Result<Admitted> written) {
              if (!written.ok()) return Refuse(socket, written.error());
              Welcome(socket, std::move(*written), claims);
            });
      });
}

void Admission::Welcome(socketio::Socket& socket, Admitted admitted,
                        const domain::IdentityClaims& claims) {
  if (socket.state() != socketio::Socket::State::kConnecting) return;
  const std::string user_id = admitted.principal.id();
  const std::string& role = admitted.principal.user.role;
  socket.data() = Member{user_id, BlockedUsers(std::move(admitted.blocked)), {}};
  socket.Accept();
  renewal_.Start(socket, *MemberOf(socket), claims);
  socket.Join(UserRoom(user_id));
  // The other nodes hear of the user before the client does: what they commit for the user
  // once the client knows it is in reaches this socket.
  const auto came = ctx_.presence.Connected(user_id);
  if (came.here && ctx_.cluster_presence)
    ctx_.cluster_presence->ChangedHere(user_id, true, came.version);
  socket.EmitJson("authenticated",
                  boost::json::serialize(boost::json::object{
                      {"userId", user_id},
                      {"role", role},
                      {"message", "Successfully authenticated"},
                      {"timestamp", core::FormatTimestamp(ctx_.clock.NowMillis())}}));
  if (came.anywhere) AnnounceOnline(user_id);
  socket.EmitJson("presence_state", PresenceState(admitted.contacts));
}

// {users: [{userId, status, lastSeenAt}]}: lastSeenAt is null for a user online now.
std::string Admission::PresenceState(const std::vector<domain::Contact>& contacts) const {
  std::vector<std::string> ids;
  ids.reserve(contacts.size());
  for (const auto& contact : contacts) ids.push_back(contact.user_id);
  const std::vector<bool> online = ctx_.presence.AreOnline(ids);
  boost::json::array users;
  users.reserve(contacts.size());
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    boost::json::value last_seen = nullptr;
    if (!online[i] && contacts[i].last_seen_at) {
      last_seen = core::FormatTimestamp(*contacts[i].last_seen_at);
    }
    users.push_back({{"userId", contacts[i].user_id},
                     {"status", online[i] ? "online" : "offline"},
                     {"lastSeenAt", std::move(last_seen)}});
  }
  return boost::json::serialize(boost::json::object{{"users", std::move(users)}});
}

// `reason` says what was wrong with the token or the user; a failure of ours is told only by
// its class's fixed message and the request id of its log line.
void Admission::Refuse(socketio::Socket& socket, const Error& error) {
  boost::json::object refusal{{"message", "Authentication failed"},
                              {"code", "AUTH_FAILED"},
                              {"reason", core::PublicMessage(error)}};
  const std::string request_id = LogFailure(socket, "admission", error);
  if (core::IsServerFailure(error.code())) refusal["requestId"] = request_id;
  socket.Accept();
  socket.EmitJson("auth_error", boost::json::serialize(refusal));
  socket.Disconnect(/*close_transport=*/true);
}

void Admission::OnLeave(const Member& member) {
  const auto went = ctx_.presence.Disconnected(member.id());
  if (went.here && ctx_.cluster_presence) {
    ctx_.cluster_presence->ChangedHere(member.id(), false, went.version);
  }
  if (went.anywhere) AnnounceOffline(member.id());
}

void Admission::ChangedElsewhere(const std::string& user_id, bool online) {
  if (online) {
    AnnounceOnline(user_id);
  } else {
    AnnounceOffline(user_id);
  }
}

// Tells the user's contacts' sockets here (in a cluster, every node tells its own). They are
// read first; by the time they are known the user may
// have changed state again, and then nothing is sent. Announcements are the server's own jobs
// (store::JobOrigin::kServer): a full queue does not lose them, and at most one per admitted
// socket, which was itself a client's job, can be made.
void Admission::AnnounceOnline(const std::string& user_id) {
  const auto at = ctx_.clock.NowMillis();
  auto& service = ctx_.service;
  store::Read<std::vector<std::string>>(
      ctx_.db,
      [&service, user_id](store::Transaction& tx) -> Result<std::vector<std::string>> {
        return service.contacts.ContactIdsOf(tx, user_id);
      },
      [this, user_id, at](Result<std::vector<std::string>> contacts) {
        if (!contacts.ok() || !ctx_.presence.IsOnline(user_id)) return;
        Announce(*contacts, boost::json::object{{"userId", user_id},
                                                {"status", "online"},
                                                {"timestamp", core::FormatTimestamp(at)}});
      },
      store::JobOrigin::kServer);
}

// Records when the user was last seen, then tells their contacts, with that time.
void Admission::AnnounceOffline(const std::string& user_id) {
  struct Seen {
    domain::EpochMillis at;
    std::vector<std::string> contacts;
  };
  auto& service = ctx_.service;
  store::Write<Seen>(
      ctx_.db,
      [&service, user_id](store::Transaction& tx) -> Result<Seen> {
        const domain::EpochMillis at = service.contacts.RecordSeen(tx, user_id);
        return Seen{at, service.contacts.ContactIdsOf(tx, user_id)};
      },
      [this, user_id](Result<Seen> seen) {
        if (!seen.ok() || ctx_.presence.IsOnline(user_id)) return;
        const std::string at = core::FormatTimestamp(seen->at);
        Announce(
            seen->contacts,
            boost::json::object{
                {"userId", user_id}, {"status", "offline"}, {"timestamp", at}, {"lastSeenAt", at}});
      },
      store::JobOrigin::kServer);
}

void Admission::Announce(const std::vector<std::string>& contacts,
                         const boost::json::object& status) {
  if (contacts.empty()) return;
  Delivery::Part part{{}, "user_status_changed", boost::json::serialize(status)};
  part.rooms.reserve(contacts.size());
  for (const auto& contact : contacts) part.rooms.push_back(UserRoom(contact));
  Delivery delivery;
  delivery.parts.push_back(std::move(part));
  ctx_.fanout.SendHere({delivery});
}

}  // namespace confide::realtime
