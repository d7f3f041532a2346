#pragma once

// TCP client sockets: the nodes' addresses resolved once, non-blocking connects with
// TCP_NODELAY, and the error a connect ended with.

#include <sys/socket.h>

#include <string>
#include <vector>

#include "plan.h"

namespace confide::load {

struct Endpoint {
  sockaddr_storage address{};
  socklen_t size = 0;
  std::string host_header;  // host:port, for the Host header
};

// The first address of each node; exits through Fatal() if one does not resolve.
std::vector<Endpoint> Resolve(const std::vector<NodeAddress>& nodes);

// A non-blocking, close-on-exec TCP socket with TCP_NODELAY whose connect has started (or
// finished); -1 with errno set on failure.
int StartConnect(const Endpoint& endpoint);

// The pending error of a socket (SO_ERROR): 0 once a connect succeeded.
int SocketError(int fd);

}  // namespace confide::load
