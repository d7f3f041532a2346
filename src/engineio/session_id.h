#pragma once

// Engine.IO session ids as this server issues them: a prefix of the server's choosing (in a
// cluster, the node's name and a dot, so that a load balancer can send a request to the node
// that owns its session), 20 characters of randomness (120 bits: the id is what authenticates
// a poll), then the number of the I/O shard that owns the session.
//
// Thread-safety: pure functions, callable from any thread.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace confide::engineio {

// A new session id for the session owned by `shard`.
std::string NewSessionId(std::string_view prefix, std::size_t shard);

// The shard that owns the session `sid`, if this server (prefix, shards) could have issued
// it; nullopt for anything else, such as another node's session: an unknown session.
std::optional<std::size_t> ShardOfSessionId(std::string_view sid, std::string_view prefix,
                                            std::size_t shards);

}  // namespace confide::engineio
