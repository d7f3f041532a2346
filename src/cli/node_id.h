#pragma once

// A node's name (--node-id): in its log lines, its metrics, and at the head of every
// Engine.IO session id it issues, so that a load balancer can route by it. Letters a-z,
// digits and '-', 1 to 32 of them.
//
// Thread-safety: pure functions, but HostName and the random default are for start-up.

#include <cstdint>
#include <string>
#include <string_view>

namespace confide::cli {

inline constexpr std::size_t kMaxNodeIdLength = 32;

bool IsNodeId(std::string_view id);

// The name a node takes when none is given: its host name (lowercased; any other character
// than a-z, 0-9 and '-' becomes '-'; shortened to fit), '-' and its port. With port 0 (the
// system picks one when listening), 4 random hex digits stand for the port.
std::string DefaultNodeId(std::string_view host_name, std::uint16_t port);

// This machine's host name, or "" if it cannot be read.
std::string HostName();

}  // namespace confide::cli
