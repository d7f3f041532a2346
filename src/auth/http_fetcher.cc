#include "auth/http_fetcher.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <exception>
#include <optional>
#include <utility>

namespace confide::auth {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string host_header;
  std::string path;
};

Result<Target> ParseTarget(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return Error::BadRequest("not a valid URL");
  const boost::urls::url_view& u = *parsed;
  Target target;
  if (u.scheme_id() == boost::urls::scheme::https) {
    target.tls = true;
  } else if (u.scheme_id() != boost::urls::scheme::http) {
    return Error::BadRequest("the URL must start with http:// or https://");
  }
  target.host = u.host_address();
  if (target.host.empty()) return Error::BadRequest("the URL has no host");
  target.port = u.has_port() ? std::string(u.port()) : (target.tls ? "443" : "80");
  target.host_header = std::string(u.encoded_host_and_port());
  target.path = u.encoded_target().empty() ? "/" : std::string(u.encoded_target());
  return target;
}

http::request<http::empty_body> MakeRequest(const Target& target) {
  http::request<http::empty_body> request(http::verb::get, target.path, 11);
  request.set(http::field::host, target.host_header);
  request.set(http::field::user_agent, "confide");
  request.set(http::field::accept, "application/json");
  request.set(http::field::connection, "close");
  return request;
}

// Sends the request and reads the response on a connected stream (TCP or TLS).
template <class Stream>
asio::awaitable<Result<std::string>> Exchange(Stream& stream, const Target& target) {
  boost::system::error_code ec;
  auto request = MakeRequest(target);
  co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Error::Unavailable("sending the request failed: " + ec.message());
  boost::beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(HttpFetcher::kMaxBodyBytes);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Error::Unavailable("reading the response failed: " + ec.message());
  const unsigned status = parser.get().result_int();
  if (status != 200) co_return Error::Unavailable("HTTP status " + std::to_string(status));
  co_return std::move(parser.get().body());
}

asio::awaitable<Result<tcp::socket>> Connect(const Target& target) {
  auto executor = co_await asio::this_coro::executor;
  boost::system::error_code ec;
  tcp::resolver resolver(executor);
  auto endpoints = co_await resolver.async_resolve(target.host, target.port,
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Error::Unavailable("cannot resolve " + target.host + ": " + ec.message());
  tcp::socket socket(executor);
  co_await asio::async_connect(socket, endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Error::Unavailable("cannot connect to " + target.host + ": " + ec.message());
  co_return std::move(socket);
}

Result<asio::ssl::context> MakeTlsContext() {
  asio::ssl::context context(asio::ssl::context::tls_client);
  boost::system::error_code ec;
  context.set_default_verify_paths(ec);
  if (ec) return Error::Internal("cannot load the system's CA certificates: " + ec.message());
  context.set_verify_mode(asio::ssl::verify_peer, ec);
  if (ec) return Error::Internal("cannot enable certificate verification: " + ec.message());
  return context;
}

asio::awaitable<Result<std::string>> ExchangeTls(tcp::socket socket, const Target& target) {
  Result<asio::ssl::context> context = MakeTlsContext();
  if (!context.ok()) co_return std::move(context).error();
  asio::ssl::stream<tcp::socket> stream(std::move(socket), *context);
  stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
  boost::system::error_code ec;
  asio::ip::make_address(target.host, ec);
  // SNI names a host, never an address literal.
  if (ec) SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str());
  ec.clear();
  co_await stream.async_handshake(asio::ssl::stream_base::client,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Error::Unavailable("TLS handshake failed: " + ec.message());
  co_return co_await Exchange(stream, target);
}

asio::awaitable<void> Fetch(Target target, std::optional<Result<std::string>>& out) {
  Result<tcp::socket> socket = co_await Connect(target);
  if (!socket.ok()) {
    out = std::move(socket).error();
  } else if (target.tls) {
    out = co_await ExchangeTls(std::move(*socket), target);
  } else {
    out = co_await Exchange(*socket, target);
  }
}

}  // namespace

Result<std::string> HttpFetcher::Get(std::string_view url) {
  CONFIDE_ASSIGN_OR_RETURN(Target target, ParseTarget(url));
  std::optional<Result<std::string>> out;
  asio::io_context context;
  {
    std::lock_guard lock(mutex_);
    if (cancelled_) return Error::Unavailable("the fetch was cancelled");
    running_ = &context;
  }
  asio::co_spawn(context, Fetch(std::move(target), out), [&out](std::exception_ptr e) {
    if (e && !out) out = Error::Internal("the fetch failed unexpectedly");
  });
  // The deadline covers every step; what is left pending is destroyed with the context.
  context.run_for(timeout_);
  bool cancelled = false;
  {
    std::lock_guard lock(mutex_);
    running_ = nullptr;
    cancelled = cancelled_;
  }
  if (!out) return Error::Unavailable(cancelled ? "the fetch was cancelled" : "timed out");
  return std::move(*out);
}

void HttpFetcher::Cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  if (running_ != nullptr) running_->stop();
}

}  // namespace confide::auth
