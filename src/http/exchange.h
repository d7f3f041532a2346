#pragma once

// One request awaiting its response: what a route handler receives. Abstract so that API
// handlers can be unit-tested with a fake exchange instead of a socket.
//
// Thread-safety: the accessors may be called from any thread but not concurrently with
// SetLogUser. Respond may be called from any thread, exactly once; the server posts the
// response to the connection's own I/O thread.

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/types.h"

namespace confide::http {

class Exchange {
 public:
  virtual ~Exchange() = default;

  virtual const Request& request() const = 0;
  // The matched pattern, e.g. "/messaging/conversations/:conversationId".
  virtual std::string_view route() const = 0;
  // A path parameter, percent-decoded (UTF-8, e.g. an emoji); "" if absent.
  virtual std::string_view Param(std::string_view name) const = 0;
  // The first value of a query parameter, percent-decoded with '+' as space.
  virtual std::optional<std::string> Query(std::string_view name) const = 0;
  // True when a query parameter is given more than once, so the API can refuse ambiguity.
  virtual bool HasRepeatedQuery(std::string_view name) const = 0;
  virtual std::string_view RemoteAddress() const = 0;
  // The request's id: in its X-Request-Id header, its log lines and any 5xx body.
  virtual std::string_view request_id() const = 0;
  // Names the user in the request log line (an id, never a token).
  virtual void SetLogUser(std::string user_id) = 0;
  // Sends the response. Exactly once; from any thread; harmless if the peer has gone.
  virtual void Respond(Response response) = 0;
  // For a request answered late (a long poll): `callback` runs, on the connection's thread,
  // if the client closes its connection before the answer is sent. Call it before Respond,
  // at most once.
  virtual void OnAbandoned(std::function<void()> callback) = 0;
  // The executor of the I/O thread the request arrived on.
  virtual boost::asio::io_context::executor_type executor() const = 0;
};

using ExchangePtr = std::shared_ptr<Exchange>;

// The response header that names the request (Exchange::request_id).
inline constexpr std::string_view kRequestIdHeader = "X-Request-Id";
using Handler = std::function<void(ExchangePtr)>;

}  // namespace confide::http
