#include "engineio/request_check.h"

#include <fmt/format.h>

#include "http/query_string.h"

namespace confide::engineio {
namespace {

// The reference refuses an Origin with characters a header value may not hold.
bool IsValidOrigin(std::string_view origin) {
  for (const unsigned char c : origin) {
    if (c != '\t' && (c < 0x20 || c == 0x7f)) return false;
  }
  return true;
}

std::string_view View(boost::beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

std::optional<RequestError> CheckRequest(const http::Request& request, const ServerOptions& options,
                                         bool upgrade, RequestTarget& target) {
  const auto query = http::QueryString::OfTarget(View(request.target()));
  const auto transport = query.Get("transport");
  if (transport == "polling" && options.allow_polling) {
    target.transport = TransportName::kPolling;
  } else if (transport == "websocket" && options.allow_websocket) {
    target.transport = TransportName::kWebSocket;
  } else {
    return RequestError::kUnknownTransport;
  }
  if (!IsValidOrigin(View(request[http::Field::origin]))) return RequestError::kBadRequest;
  target.sid = query.Get("sid");
  const auto eio = query.Get("EIO");
  if (target.sid) {
    if (eio != "4") return RequestError::kBadRequest;
    return std::nullopt;
  }
  if (request.method() != http::Verb::get) return RequestError::kBadHandshakeMethod;
  if (target.transport == TransportName::kWebSocket && !upgrade) return RequestError::kBadRequest;
  if (eio != "4") return RequestError::kUnsupportedProtocolVersion;
  return std::nullopt;
}

std::string_view ErrorMessage(RequestError error) {
  switch (error) {
    case RequestError::kUnknownTransport:
      return "Transport unknown";
    case RequestError::kUnknownSid:
      return "Session ID unknown";
    case RequestError::kBadHandshakeMethod:
      return "Bad handshake method";
    case RequestError::kBadRequest:
      return "Bad request";
    case RequestError::kForbidden:
      return "Forbidden";
    case RequestError::kUnsupportedProtocolVersion:
      return "Unsupported protocol version";
  }
  return "Bad request";
}

http::Response ErrorResponse(RequestError error, std::string_view message) {
  http::Response response;
  response.result(error == RequestError::kForbidden ? http::HttpStatus::forbidden
                                                    : http::HttpStatus::bad_request);
  response.set(http::Field::content_type, "application/json");
  response.body() = fmt::format(R"({{"code":{},"message":"{}"}})", static_cast<int>(error),
                                message.empty() ? ErrorMessage(error) : message);
  return response;
}

}  // namespace confide::engineio
