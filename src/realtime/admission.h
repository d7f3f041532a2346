#pragma once

// Letting a socket into the gateway: its token (the CONNECT's auth.token, else an
// Authorization header or a `token` query parameter of the connection) is verified, its user
// looked up (or provisioned, as for REST calls), and then either
//   - it is accepted, joins its user's room, receives `authenticated`, and the user's
//     contacts hear `user_status_changed` online if this is the user's first socket; or
//   - it is accepted only to receive `auth_error` {message, code: "AUTH_FAILED"} and then a
//     DISCONNECT, all delivered before the connection closes, so that the client reports
//     "io server disconnect" and does not reconnect in a loop.
// Leaving is the reverse: after a user's last socket, their contacts hear "offline".
//
// Thread-safety: OnConnect and OnLeave run on the socket's thread; the status announcements
// run on store threads and post their broadcasts.

#include <memory>
#include <string>
#include <vector>

#include "realtime/gateway_context.h"
#include "realtime/member.h"

namespace confide::realtime {

class Admission {
 public:
  explicit Admission(GatewayContext& context) : ctx_(context) {}

  void OnConnect(const std::shared_ptr<socketio::Socket>& socket);
  void OnLeave(const Member& member);

 private:
  void Admit(const std::shared_ptr<socketio::Socket>& socket, const domain::IdentityClaims& claims);
  void Welcome(socketio::Socket& socket, Member member);
  void Refuse(socketio::Socket& socket, std::string_view reason);
  void AnnounceStatus(const std::string& user_id, bool online);

  GatewayContext& ctx_;
};

}  // namespace confide::realtime
