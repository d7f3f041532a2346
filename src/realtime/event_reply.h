#pragma once

// How the gateway answers a client event: the acknowledgement the client asked for
// ({ok: true, …} or {ok: false, error}), and on failure the spec's `error` event.
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
// Emits `error` {message} and acknowledges {ok: false, error: message}.
void ReplyError(socketio::Socket& socket, const socketio::Event& event, std::string_view message);

// The string field `name` of the event's first argument, checked as an id; an error naming
// the field otherwise.
Result<std::string> IdField(const socketio::Event& event, std::string_view name);

}  // namespace confide::realtime
