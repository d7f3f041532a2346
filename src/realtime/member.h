#pragma once

// Who an authenticated socket belongs to, kept in the socket's data: the user's id (what the
// socket's checks and deliveries need of them; the profile is read where it is shown), the users
// they blocked (whose messages and typing they are not sent), the conversations they are typing
// in (each with the timer that ends it and what the room was last told), when the socket's
// token expires (with the timer that disconnects it then), and what the socket may still ask
// for: its events' token bucket and its database jobs in flight.
// Thread-safety: lives in its socket; used on the socket's thread only.

#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/deadline_queue.h"
#include "core/token_bucket.h"
#include "realtime/blocked_users.h"
#include "socketio/namespace.h"
#include "socketio/socket.h"

namespace confide::realtime {

// A socket's typing in one conversation. The room hears a change at most once a second: one
// that comes sooner waits for the end of that second (`relay`), and only the state by then is
// told.
struct TypingState {
  bool typing = false;            // what the socket said last, or false once it expired
  bool told = false;              // what the room was last told
  core::EpochMillis told_at = 0;  // when
  std::shared_ptr<boost::asio::steady_timer> expiry;  // ends `typing` after the typing timeout
  std::shared_ptr<boost::asio::steady_timer> relay;   // the end of the second; null if none
};

struct Member {
  std::string user_id;
  BlockedUsers blocked;
  std::unordered_map<std::string, TypingState> typing;  // by conversation
  std::int64_t token_expires_at = 0;       // "exp" of the socket's latest token, in seconds
  std::shared_ptr<core::Deadline> expiry;  // the token's (shared: a Member is copyable)
  core::TokenBucket events;                // the socket's client events (--rate-events)
  int jobs_in_flight = 0;                  // database jobs of its events not yet answered

  const std::string& id() const { return user_id; }
};

// The socket's member, or null before authentication.
Member* MemberOf(socketio::Socket& socket);
const Member* MemberOf(const socketio::Socket& socket);

// Sockets of authenticated users who have not blocked `sender`.
socketio::Namespace::Filter NotBlocking(std::string sender);
// The same, leaving out the sockets of `user` themself.
socketio::Namespace::Filter OthersNotBlocking(std::string user);

}  // namespace confide::realtime
