// libFuzzer target for the HTTP request reader: arbitrary client bytes read the way a
// Connection reads them — Beast's request parser under the server's limits (ApplyLimits), the
// header first and its framing checked (CheckFraming) before the body, one request after
// another while keep-alive holds, the socket delivering a few bytes at a time — and each failed
// read turned into its answer (RejectionFor). It must never crash; every read that fails before
// the client left is answered (400, 413 or 431; 400 or 501 for framing); a request read has at
// most max_body_bytes of body, as many as its Content-Length says; and how the bytes were cut
// into reads changes neither the requests read nor the answer (but see the end of the file).
//
// Input: one byte choosing the limits, one the read size, then the bytes of the connection.
// Build and run: see tests/fuzz/README.md.

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/beast/_experimental/test/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "http/request_framing.h"
#include "http/request_reading.h"

namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using confide::http::Field;
using confide::http::HttpStatus;
using confide::http::Request;
using confide::http::ServerOptions;

void Check(bool condition) {
  if (!condition) std::abort();
}

// What a connection made of its bytes: each request read, then how it stopped.
struct Outcome {
  std::vector<std::string> requests;  // method, target, version and body of each
  int answer = 0;                     // the rejection's status; 0: closed without one

  bool operator==(const Outcome&) const = default;
};

// The fields Connection::Begin records of a request, read or only partly parsed.
std::string Summary(const Request& request) {
  const auto origin = request[Field::origin];
  std::string out(request.method_string());
  out.append(" ").append(request.target());
  out.append(request.version() == 10 ? " 1.0 " : " 1.1 ");
  out.append(request.keep_alive() ? "keep-alive " : "close ");
  out.append(origin.data(), origin.size()).append("\n").append(request.body());
  return out;
}

void CheckRequest(const confide::http::RequestParser& parser, const ServerOptions& options) {
  const Request& request = parser.get();
  Check(request.body().size() <= options.max_body_bytes);
  if (!parser.chunked() && parser.content_length()) {
    Check(request.body().size() == *parser.content_length());
  }
}

Outcome ReadConnection(std::string_view wire, std::size_t read_size, const ServerOptions& options) {
  boost::asio::io_context io;
  beast::test::stream stream(io);
  stream.read_size(read_size);
  stream.append({wire.data(), wire.size()});
  stream.close_remote();
  beast::flat_buffer buffer;
  Outcome outcome;
  while (true) {
    confide::http::RequestParser parser;
    confide::http::ApplyLimits(options, parser);
    beast::error_code ec;
    bhttp::read_header(stream, buffer, parser, ec);
    if (!ec) {
      if (const auto framing = confide::http::CheckFraming(parser.get(), parser.chunked())) {
        Check(framing->status == HttpStatus::bad_request ||
              framing->status == HttpStatus::not_implemented);
        outcome.answer = static_cast<int>(framing->status);
        return outcome;
      }
      if (!parser.is_done()) bhttp::read(stream, buffer, parser, ec);
    }
    if (ec) {
      (void)Summary(parser.get());  // Connection::Reject records the partial request
      const auto rejection = confide::http::RejectionFor(ec, options);
      if (!rejection) {
        Check(ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message);
        return outcome;
      }
      Check(rejection->status == HttpStatus::bad_request ||
            rejection->status == HttpStatus::payload_too_large ||
            rejection->status == HttpStatus::request_header_fields_too_large);
      Check((rejection->status == HttpStatus::payload_too_large) ==
            (ec == bhttp::error::body_limit));
      Check(!rejection->message.empty());
      outcome.answer = static_cast<int>(rejection->status);
      return outcome;
    }
    CheckRequest(parser, options);
    outcome.requests.push_back(Summary(parser.get()));
    if (!parser.get().keep_alive()) return outcome;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // Zero: the server's defaults. Otherwise small limits, which inputs of a few kilobytes reach.
  ServerOptions options;
  if (data[0] != 0) {
    options.max_header_bytes = 32 + std::size_t{data[0]} % 16 * 64;
    options.max_body_bytes = std::size_t{data[0]} / 16 * 64;
  }
  const std::size_t read_size = 1 + data[1] % 128;
  const std::string_view wire(reinterpret_cast<const char*>(data + 2), size - 2);

  const Outcome in_pieces = ReadConnection(wire, read_size, options);
  const Outcome at_once = ReadConnection(wire, wire.size() + 1, options);
  // Beast enforces the header limit at the granularity of what it has buffered: a header a
  // few bytes over max_header_bytes is refused (431) or read, depending on the reads (a header
  // far over it is always refused), so one reading may serve a request the other refused, or
  // refuse a later one. Up to that header, the requests read agree.
  if (in_pieces.answer == 431 || at_once.answer == 431) {
    const auto& fewer = in_pieces.requests.size() < at_once.requests.size() ? in_pieces : at_once;
    const auto& more = &fewer == &in_pieces ? at_once : in_pieces;
    Check(std::equal(fewer.requests.begin(), fewer.requests.end(), more.requests.begin()));
    return 0;
  }
  // Otherwise the same requests, and the same answer; except for a last header that is
  // refused: Beast checks a header's bytes as they come only until it first waits for more,
  // so of a header that is malformed, too large and perhaps never ended (the client closed
  // first), the fault found first (400, 431, or none: unfinished) depends on how much of it
  // each read brought. Either way nothing of it is served.
  Check(in_pieces.requests == at_once.requests);
  const auto header_refused = [](int answer) {
    return answer == 0 || answer == 400 || answer == 431;
  };
  Check(in_pieces.answer == at_once.answer ||
        (header_refused(in_pieces.answer) && header_refused(at_once.answer)));
  return 0;
}
