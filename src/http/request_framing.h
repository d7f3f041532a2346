#pragma once

// Whether a request's header frames its body in the one way every HTTP/1.1 reader agrees on
// (RFC 9112 §6). A body whose length two readers could see differently — a proxy in front
// of the server and the server itself — lets one request hide another inside it (request
// smuggling), so such a request is refused and its connection closed:
//   - a Transfer-Encoding whose final coding is not chunked, or that is not a list of tokens,
//     or that applies chunked twice: 400;
//   - Transfer-Encoding together with Content-Length, or in an HTTP/1.0 request: 400;
//   - a coding other than chunked before the final chunked (gzip, say): 501, since this
//     server decodes none.
// Repeated Transfer-Encoding fields count as one list, in order. A folded line (obs-fold)
// reaches this check as a space, which no coding contains.
//
// Thread-safety: a pure function; any thread.

#include <optional>
#include <string_view>

#include "http/types.h"

namespace confide::http {

struct FramingError {
  HttpStatus status;
  std::string_view message;
};

// Checks the header of `request` once it is parsed, before its body is read.
// `parser_reads_chunked` is what the HTTP parser made of the same fields: a request this
// check finds chunked must be read as chunked, or it is refused too.
std::optional<FramingError> CheckFraming(const Request& request, bool parser_reads_chunked);

}  // namespace confide::http
