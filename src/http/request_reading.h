#pragma once

// How a connection reads a request with Beast, apart from its socket: the parser's limits,
// taken from the server's options, and the answer owed to a request that could not be read.
// Connection applies both; the request reader's fuzzer applies the same to bytes alone.
//
// Thread-safety: pure functions; any thread.

#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>

#include "http/server_options.h"
#include "http/types.h"

namespace confide::http {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Bounds `parser` as `options` say: the request line and headers by max_header_bytes, the
// body by max_body_bytes.
void ApplyLimits(const ServerOptions& options, RequestParser& parser);

struct ReadRejection {
  HttpStatus status;
  std::string message;
};

// The answer to a request whose read failed with `ec`: 413 for a body over the limit, 431 for
// a header over it, 400 for malformed input. None when nobody is owed one (the peer left, or
// a deadline passed): the connection then closes without a word.
std::optional<ReadRejection> RejectionFor(boost::beast::error_code ec,
                                          const ServerOptions& options);

}  // namespace confide::http
