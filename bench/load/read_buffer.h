#pragma once

// The one read buffer of a thread. Every recv() lands in it, after the bytes the connection
// had left unparsed (an incomplete frame or response, copied back from the connection's own
// small buffer), so that the common case, whole frames, is parsed where it was received
// without any copy or allocation.

#include <sys/types.h>

#include <cstddef>
#include <string>
#include <vector>

namespace confide::load {

class ReadBuffer {
 public:
  static constexpr std::size_t kChunk = 256 * 1024;  // one recv() at most

  ReadBuffer() : bytes_(kChunk) {}

  // Copies `pending` to the start of the buffer and receives after it from `fd`. Returns what
  // recv() returned (0 at the end of the stream, -1 with errno set); when positive, data()
  // and size() cover `pending` followed by the bytes received. `pending` is left as it was.
  ssize_t Receive(int fd, const std::string& pending);

  char* data() { return bytes_.data(); }
  std::size_t size() const { return size_; }

 private:
  std::vector<char> bytes_;
  std::size_t size_ = 0;
};

}  // namespace confide::load
