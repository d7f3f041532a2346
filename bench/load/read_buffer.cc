// The read buffer of a thread (see read_buffer.h).

#include "read_buffer.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace confide::load {

ssize_t ReadBuffer::Receive(int fd, const std::string& pending) {
  if (bytes_.size() < pending.size() + kChunk) bytes_.resize(pending.size() + kChunk);
  if (!pending.empty()) std::memcpy(bytes_.data(), pending.data(), pending.size());
  ssize_t got;
  do {
    got = recv(fd, bytes_.data() + pending.size(), kChunk, 0);
  } while (got < 0 && errno == EINTR);
  size_ = got > 0 ? pending.size() + static_cast<std::size_t>(got) : 0;
  return got;
}

}  // namespace confide::load
