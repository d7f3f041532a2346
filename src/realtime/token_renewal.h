#pragma once

// Keeps an admitted socket's token current. A socket may stay only as long as the token it
// was admitted with would still be accepted (its "exp" plus the leeway); then it receives
// auth_error {message, code: "TOKEN_EXPIRED"} and is disconnected. Before that, the client
// renews in band:
//   reauthenticate {token}  the new token must verify and name the same user; the socket's
//       expiry moves to the new token's, and the ack is {ok: true, expiresAt}. Otherwise
//       {ok: false, error, code} and the socket keeps its current expiry.
//
// Thread-safety: every method runs on the socket's thread.

#include <memory>

#include "realtime/gateway_context.h"
#include "realtime/member.h"
#include "socketio/event.h"

namespace confide::realtime {

class TokenRenewal {
 public:
  explicit TokenRenewal(GatewayContext& context) : ctx_(context) {}

  // Starts the clock of an admitted socket's token (`claims` is what it was admitted with).
  void Start(socketio::Socket& socket, Member& member, const domain::IdentityClaims& claims);
  void Reauthenticate(socketio::Socket& socket, socketio::Event& event);
  // The socket is gone: its clock stops.
  void OnLeave(Member& member);

 private:
  void Arm(socketio::Socket& socket, Member& member, domain::EpochMillis valid_until);

  GatewayContext& ctx_;
};

}  // namespace confide::realtime
