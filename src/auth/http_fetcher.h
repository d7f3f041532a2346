#pragma once

// A small blocking HTTP/1.1 GET client for documents of a few kilobytes (a JWKS): https with
// certificate and host name verification against the system's trust store, or plain http
// for local testing. Each Get has a deadline, and Cancel makes one in progress end at once.
// Thread-safety: Get is called from one thread at a time (it blocks, so never on an I/O
// thread); Cancel may be called from any thread.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace confide::auth {

class HttpFetcher {
 public:
  static constexpr std::size_t kMaxBodyBytes = 1 << 20;

  explicit HttpFetcher(std::chrono::milliseconds timeout) : timeout_(timeout) {}

  // The body of a 200 response to GET `url` (http:// or https://).
  Result<std::string> Get(std::string_view url);

  // Ends a Get in progress and fails every later one.
  void Cancel();

 private:
  const std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  bool cancelled_ = false;
  boost::asio::io_context* running_ = nullptr;  // the context of the Get in progress
};

}  // namespace confide::auth
