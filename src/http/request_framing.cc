#include "http/request_framing.h"

#include <boost/beast/core/string.hpp>
#include <vector>

namespace confide::http {
namespace {

constexpr FramingError kMalformed{HttpStatus::bad_request, "Malformed Transfer-Encoding"};
constexpr FramingError kNotFinalChunked{HttpStatus::bad_request,
                                        "The final transfer coding of a request must be chunked"};
constexpr FramingError kWithContentLength{
    HttpStatus::bad_request, "A request must not have both Transfer-Encoding and Content-Length"};
constexpr FramingError kInHttp10{HttpStatus::bad_request,
                                 "Transfer-Encoding is not allowed in an HTTP/1.0 request"};
constexpr FramingError kChunkedTwice{HttpStatus::bad_request,
                                     "The chunked transfer coding is applied more than once"};
constexpr FramingError kUnsupported{HttpStatus::not_implemented,
                                    "Transfer codings other than chunked are not supported"};

// RFC 9110 §5.6.2: tchar.
bool IsTokenChar(char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

std::string_view TrimSpaces(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// Appends the elements of one field's list (RFC 9110 §5.6.1: empty elements are ignored).
// An element that is not a bare token (a parameter, a quote, a space inside) is `malformed`.
void AppendCodings(std::string_view value, std::vector<std::string_view>& codings,
                   bool& malformed) {
  while (true) {
    const auto comma = value.find(',');
    const auto element = TrimSpaces(value.substr(0, comma));
    if (!element.empty()) {
      if (!IsToken(element)) malformed = true;
      codings.push_back(element);
    }
    if (comma == std::string_view::npos) return;
    value.remove_prefix(comma + 1);
  }
}

bool IsChunked(std::string_view coding) {
  return boost::beast::iequals(coding, boost::beast::string_view("chunked"));
}

}  // namespace

std::optional<FramingError> CheckFraming(const Request& request, bool parser_reads_chunked) {
  const auto [first, last] = request.equal_range(Field::transfer_encoding);
  if (first == last) return std::nullopt;
  if (request.count(Field::content_length) != 0) return kWithContentLength;
  if (request.version() < 11) return kInHttp10;
  std::vector<std::string_view> codings;
  bool malformed = false;
  for (auto it = first; it != last; ++it) {
    AppendCodings({it->value().data(), it->value().size()}, codings, malformed);
  }
  if (malformed || codings.empty()) return kMalformed;
  if (!IsChunked(codings.back())) return kNotFinalChunked;
  codings.pop_back();
  for (const auto coding : codings) {
    if (IsChunked(coding)) return kChunkedTwice;
  }
  if (!codings.empty()) return kUnsupported;
  if (!parser_reads_chunked) return kMalformed;
  return std::nullopt;
}

}  // namespace confide::http
