#pragma once

// The HTTP side of the webhook sink: a small blocking HTTP/1.1 POST client for one URL
// (http://, or https:// with the certificate and host name checked against the system's
// trust store), which keeps its connection open between requests while the receiver allows
// it. Each Post has a deadline covering every step (resolve, connect, TLS handshake, send,
// answer); Cancel ends one in progress at once and fails every later one.
// Thread-safety: Post is called from one thread at a time, never an I/O thread (it blocks,
// on an io_context of the client's own); Cancel may be called from any thread.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace confide::events {

// The status line of a receiver's answer.
struct PostAnswer {
  unsigned status = 0;
  std::string reason;
};

class WebhookClient {
 public:
  using Headers = std::vector<std::pair<std::string_view, std::string>>;

  // Checks the URL (an error says what is wrong with it, as kBadRequest) and, for https,
  // loads the system's CA certificates. Connects only when the first Post needs it.
  static Result<std::unique_ptr<WebhookClient>> Create(std::string_view url,
                                                       std::chrono::milliseconds timeout);
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;
  ~WebhookClient();

  // POSTs `body` with `headers` (Host and Content-Length are added), on the kept connection
  // or a new one, and returns the answer's status, whatever it is. A kept connection that
  // fails before any answer (the receiver closed it while idle) is replaced, and the request
  // sent once more, within the same deadline. Errors (kUnavailable) name the URL and the
  // failure: connection refused, timed out, TLS, cancelled.
  Result<PostAnswer> Post(const Headers& headers, std::string body);

  // Ends a Post in progress and fails every later one.
  void Cancel();

  // The URL as errors name it: scheme, host, port and path (no query, which may hold a key).
  const std::string& url_for_messages() const;

 private:
  struct State;  // the URL, the TLS context, the io_context and the kept connection
  explicit WebhookClient(std::unique_ptr<State> state, std::chrono::milliseconds timeout);
  Error Failure(std::string_view what) const;

  const std::unique_ptr<State> state_;
  const std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  bool cancelled_ = false;                      // guarded by mutex_
  boost::asio::io_context* running_ = nullptr;  // guarded by mutex_: the context of a Post
};

}  // namespace confide::events
