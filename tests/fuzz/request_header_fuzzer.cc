// libFuzzer target for what a connection decides from a request's header before it reads the
// body: arbitrary bytes through Beast's header parser, then CheckFraming and
// TrustedProxies::ClientOf. Neither may crash; a request CheckFraming lets through with a
// Transfer-Encoding must be one the parser reads as chunked, without Content-Length; and the
// client address is always the peer or an address the header holds.
// Build and run: see tests/fuzz/README.md.

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/request_framing.h"
#include "http/trusted_proxies.h"

namespace {

namespace http = confide::http;

void Check(bool condition) {
  if (!condition) std::abort();
}

const http::TrustedProxies& Proxies() {
  static const auto proxies = *http::TrustedProxies::Parse({"127.0.0.0/8", "10.0.0.0/8", "::1"});
  return proxies;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  boost::beast::http::request_parser<boost::beast::http::string_body> parser;
  parser.header_limit(16 * 1024);
  parser.eager(false);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  const http::Request& request = parser.get();

  const auto error = http::CheckFraming(request, parser.chunked());
  if (!error && request.count(http::Field::transfer_encoding) != 0) {
    Check(parser.chunked());
    Check(request.count(http::Field::content_length) == 0);
  }

  const auto peer = boost::asio::ip::make_address("127.0.0.1");
  const auto client = Proxies().ClientOf(peer, request);
  if (client != peer) {
    const std::string text = client.to_string();
    const std::string_view header(reinterpret_cast<const char*>(data), size);
    Check(client.is_v6() || header.find(text) != std::string_view::npos);
  }
  return 0;
}
