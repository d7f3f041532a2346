#pragma once

// Letting a socket into the gateway: its token (the CONNECT's auth.token, else an
// Authorization header or a `token` query parameter of the connection) is verified, its user
// looked up (or provisioned, as for REST calls), and then either
//   - it is accepted, joins its user's room, receives `authenticated` and then
//     `presence_state` (its contacts, online or offline, with when each was last seen), and
//     the user's contacts hear `user_status_changed` online if this is the user's first
//     socket; or
//   - it is accepted only to receive `auth_error` {message, code: "AUTH_FAILED", reason} and
//     then a DISCONNECT, all delivered before the connection closes, so that the client
//     reports "io server disconnect" and does not reconnect in a loop.
// An admitted socket's token is then watched by TokenRenewal.
// Leaving is the reverse: after a user's last socket, the time is recorded as their last
// seen, and their contacts hear "offline" with it. Contacts are those the service layer
// names (ContactDirectory): none across a block.
//
// Thread-safety: OnConnect and OnLeave run on the socket's thread; the status announcements
// run on store threads and post their broadcasts.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/gateway_context.h"
#include "realtime/member.h"
#include "realtime/token_renewal.h"

namespace confide::realtime {

class Admission {
 public:
  // What admission reads of the request that opened a connection, its token's other sources:
  // the Engine.IO server keeps these (ServerOptions::kept_headers, kept_query), nothing more.
  static constexpr std::string_view kTokenHeader = "authorization";
  static constexpr std::string_view kTokenQueryParameter = "token";

  Admission(GatewayContext& context, TokenRenewal& renewal) : ctx_(context), renewal_(renewal) {}

  void OnConnect(const std::shared_ptr<socketio::Socket>& socket);
  void OnLeave(const Member& member);
  // In a cluster: a user came online (or went offline) across the cluster because of what
  // another node holds; this node tells its own sockets.
  void ChangedElsewhere(const std::string& user_id, bool online);

 private:
  struct Admitted;

  void Admit(const std::shared_ptr<socketio::Socket>& socket, const domain::IdentityClaims& claims);
  void Welcome(socketio::Socket& socket, Admitted admitted, const domain::IdentityClaims& claims);
  void Refuse(socketio::Socket& socket, const Error& error);
  std::string PresenceState(const std::vector<domain::Contact>& contacts) const;
  void AnnounceOnline(const std::string& user_id);
  void AnnounceOffline(const std::string& user_id);
  void Announce(const std::vector<std::string>& contacts, const boost::json::object& status);

  GatewayContext& ctx_;
  TokenRenewal& renewal_;
};

}  // namespace confide::realtime
