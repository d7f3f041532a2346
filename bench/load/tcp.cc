// TCP client sockets (see tcp.h).

#include "tcp.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fatal.h"

namespace confide::load {

std::vector<Endpoint> Resolve(const std::vector<NodeAddress>& nodes) {
  std::vector<Endpoint> out;
  for (const auto& node : nodes) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (const int error = getaddrinfo(node.host.c_str(), node.port.c_str(), &hints, &found);
        error != 0 || found == nullptr) {
      Fatal("cannot resolve " + node.host + ":" + node.port + ": " + gai_strerror(error), {},
            kExitUsage);
    }
    Endpoint e;
    std::memcpy(&e.address, found->ai_addr, found->ai_addrlen);
    e.size = found->ai_addrlen;
    const bool v6 = found->ai_family == AF_INET6;
    e.host_header = (v6 ? "[" + node.host + "]" : node.host) + ":" + node.port;
    freeaddrinfo(found);
    out.push_back(std::move(e));
  }
  return out;
}

int StartConnect(const Endpoint& endpoint) {
  const int fd = socket(endpoint.address.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.size) != 0 &&
      errno != EINPROGRESS) {
    const int error = errno;
    close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

int SocketError(int fd) {
  int error = 0;
  socklen_t size = sizeof error;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) return errno;
  return error;
}

}  // namespace confide::load
