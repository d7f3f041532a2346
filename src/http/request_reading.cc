#include "http/request_reading.h"

#include <fmt/format.h>

#include <boost/beast/http/error.hpp>
#include <cstdint>

namespace confide::http {
namespace {

namespace bhttp = boost::beast::http;

// An error of the HTTP parser itself, as opposed to the stream ending early.
bool IsParseError(boost::beast::error_code ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
         ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

}  // namespace

void ApplyLimits(const ServerOptions& options, RequestParser& parser) {
  parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
  parser.body_limit(options.max_body_bytes);
}

std::optional<ReadRejection> RejectionFor(boost::beast::error_code ec,
                                          const ServerOptions& options) {
  if (ec == bhttp::error::body_limit) {
    return ReadRejection{
        HttpStatus::payload_too_large,
        fmt::format("Request body is larger than {} bytes", options.max_body_bytes)};
  }
  if (ec == bhttp::error::header_limit) {
    return ReadRejection{HttpStatus::request_header_fields_too_large,
                         "Request Header Fields Too Large"};
  }
  if (IsParseError(ec)) return ReadRejection{HttpStatus::bad_request, "Bad Request"};
  return std::nullopt;
}

}  // namespace confide::http
