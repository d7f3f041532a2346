#pragma once

// Names every HTTP request, so that what a client was told (the X-Request-Id header, the
// requestId of a 5xx body) leads an operator to the log lines of that request. An id is
// "<process>-<worker>-<n>", e.g. "9f3a07c2d1-0-1a": the process part is random, drawn once,
// so ids of one run are unique and ids of two runs are unlikely to meet; the rest is the I/O
// thread's number and its own counter, so naming a request costs no system call and no lock.
// Thread-safety: one source per I/O thread; Next only on that thread. ProcessTag: any thread.

#include <cstdint>
#include <string>

namespace confide::http {

class RequestIdSource {
 public:
  explicit RequestIdSource(unsigned worker_index);

  std::string Next();

  // Ten random hex digits, the same for the life of the process.
  static const std::string& ProcessTag();

 private:
  std::string prefix_;
  std::uint64_t count_ = 0;
};

}  // namespace confide::http
