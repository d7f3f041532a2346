#include "realtime/token_renewal.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "core/time_format.h"
#include "realtime/event_reply.h"

namespace confide::realtime {

void TokenRenewal::Start(socketio::Socket& socket, Member& member,
                         const domain::IdentityClaims& claims) {
  member.token_expires_at = claims.expires_at;
  Arm(socket, member, claims.valid_until);
}

void TokenRenewal::Reauthenticate(socketio::Socket& socket, socketio::Event& event) {
  const auto* payload = event.args.empty() ? nullptr : event.args.front().if_object();
  const auto* token = payload == nullptr ? nullptr : payload->if_contains("token");
  if (token == nullptr || !token->is_string() || token->get_string().empty()) {
    return ReplyError(socket, event, Error::BadRequest("token must be a non-empty string"));
  }
  auto claims = ctx_.authenticator.IdentifyToken(token->get_string());
  if (!claims.ok()) return ReplyError(socket, event, claims.error());
  Member& member = *MemberOf(socket);
  if (claims->subject != member.id()) {
    return ReplyError(socket, event, Error::Forbidden("The token is for another user"));
  }
  Start(socket, member, *claims);
  ReplyOk(socket, event, {{"expiresAt", core::FormatTimestamp(claims->expires_at * 1000)}});
}

void TokenRenewal::OnLeave(Member& member) {
  if (member.expiry) member.expiry->Cancel();
}

// One deadline per socket, moved by each renewal: when it passes, the socket's time is up.
// The clock counts nanoseconds, which overflow past some 292 years: a token valid for longer
// than a century (exp may be millions of years away) is waited on for a century, as good as
// never.
void TokenRenewal::Arm(socketio::Socket& socket, Member& member, domain::EpochMillis valid_until) {
  constexpr std::chrono::milliseconds kLongestWait = std::chrono::hours(24 * 365 * 100);
  if (member.expiry == nullptr) member.expiry = std::make_shared<core::Deadline>();
  const auto left = std::chrono::milliseconds(valid_until - ctx_.clock.NowMillis());
  member.expiry->Arm(core::DeadlineQueue::Of(socket.io()),
                     std::clamp(left, std::chrono::milliseconds(0), kLongestWait),
                     socket.weak_from_this(), [](const std::shared_ptr<void>& target) {
                       auto& expired = *static_cast<socketio::Socket*>(target.get());
                       if (!expired.connected()) return;
                       expired.EmitJson("auth_error", boost::json::serialize(boost::json::object{
                                                          {"message", "Token has expired"},
                                                          {"code", "TOKEN_EXPIRED"}}));
                       expired.Disconnect(/*close_transport=*/true);
                     });
}

}  // namespace confide::realtime
