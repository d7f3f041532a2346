#pragma once

// How the gateway answers a client event: the acknowledgement the client asked for
// ({ok: true, …} or {ok: false, error, code}), and on failure the spec's `error` event
// {message, code}. `code` is the error's class ("BAD_REQUEST", "NOT_FOUND", "FORBIDDEN",
// "RATE_LIMITED", "INTERNAL", …). A failure of ours is told only by its class's fixed
// message and a requestId, which the log line of its detail also carries.
// Thread-safety: on the socket's thread.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/result.h"
#include "socketio/event.h"
#include "socketio/socket.h"

namespace confide::realtime {

// Acknowledges success with `fields` added to {ok: true}.
void ReplyOk(socketio::Socket& socket, const socketio::Event& event,
             boost::json::object fields = {});
// Emits `error` {message, code[, requestId][, retryAfterMs]} and acknowledges {ok: false,
// error: message, code[, requestId][, retryAfterMs]}: retryAfterMs when the error says when
// to try again (a rate limit, a full queue).
void ReplyError(socketio::Socket& socket, const socketio::Event& event, const Error& error);

// For a failure of ours (or any error with a detail): logs it under a new request id, which
// it returns; "" for the caller's plain mistakes, which are not logged. `what` names what
// failed (an event's name, "admission").
std::string LogFailure(const socketio::Socket& socket, std::string_view what, const Error& error);

// The string field `name` of the event's first argument, checked as an id; an error naming
// the field otherwise.
Result<std::string> IdField(const socketio::Event& event, std::string_view name);

}  // namespace confide::realtime
