#pragma once

// Loopback ports for servers that tests run as child processes.
// Thread-safety: free functions.

namespace confide::testing {

// A port of 127.0.0.1 the kernel just handed out, so no other server holds it. Throws
// std::system_error if no socket can be bound.
int FreePort();

// True when something listens on 127.0.0.1:<port>.
bool AcceptsConnections(int port);

}  // namespace confide::testing
