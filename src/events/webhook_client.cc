#include "events/webhook_client.h"

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
#include <charconv>
#include <exception>
#include <optional>
#include <variant>

namespace confide::events {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

// Enough for any status page a receiver sends back; a longer body is not read, and only
// costs the connection.
constexpr std::size_t kMaxAnswerBodyBytes = 64 * 1024;

using TlsStream = asio::ssl::stream<tcp::socket>;
using Request = http::request<http::string_body>;

struct Target {
  bool tls = false;
  std::string host;  // a name or an address, without IPv6 brackets
  std::string port;
  std::string host_header;
  std::string path;  // path and query: the request target
  std::string for_messages;
};

// An open connection to the receiver, and what was read past the last answer.
struct Connection {
  std::variant<tcp::socket, TlsStream> stream;
  boost::beast::flat_buffer buffer;
};

// Boost.URL's own port_number() wraps around above 65535 instead of refusing it.
bool IsPortNumber(std::string_view digits) {
  unsigned long port = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  return ec == std::errc() && end == digits.data() + digits.size() && port >= 1 && port <= 65535;
}

Result<Target> ParseTarget(std::string_view url) {
  if (url.empty()) return Error::BadRequest("the webhook URL is empty");
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) {
    return Error::BadRequest(
        "the webhook URL is not a valid absolute URL (expected http://host[:port]/path or "
        "https://host[:port]/path)");
  }
  const boost::urls::url_view& u = *parsed;
  Target target;
  if (u.scheme_id() == boost::urls::scheme::https) {
    target.tls = true;
  } else if (u.scheme_id() != boost::urls::scheme::http) {
    return Error::BadRequest("the webhook URL must start with http:// or https://, not " +
                             std::string(u.scheme()) + ":");
  }
  if (u.has_userinfo()) {
    return Error::BadRequest("the webhook URL must not hold a user name or password");
  }
  target.host = u.host_address();
  if (target.host.empty()) return Error::BadRequest("the webhook URL has no host");
  const bool default_port = !u.has_port() || u.port().empty();
  if (!default_port && !IsPortNumber(u.port())) {
    return Error::BadRequest("the webhook URL's port must be a number from 1 to 65535");
  }
  target.port = default_port ? (target.tls ? "443" : "80") : std::string(u.port());
  target.host_header = std::string(u.encoded_host_and_port());
  target.path = u.encoded_target().empty() ? "/" : std::string(u.encoded_target());
  target.for_messages = std::string(u.scheme()) + std::string("://") +
                        std::string(u.encoded_host_and_port()) +
                        (u.encoded_path().empty() ? "/" : std::string(u.encoded_path()));
  return target;
}

Result<std::unique_ptr<asio::ssl::context>> MakeTlsContext() {
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
  boost::system::error_code ec;
  context->set_default_verify_paths(ec);
  if (ec)
    return Error::Internal(std::string("cannot load the system's CA certificates: ") +
                           ec.message());
  context->set_verify_mode(asio::ssl::verify_peer, ec);
  if (ec)
    return Error::Internal(std::string("cannot enable certificate verification: ") + ec.message());
  return context;
}

Request MakeRequest(const Target& target, const WebhookClient::Headers& headers, std::string body) {
  Request request(http::verb::post, target.path, 11);
  request.set(http::field::host, target.host_header);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = std::move(body);
  request.prepare_payload();
  return request;
}

asio::awaitable<Result<tcp::socket>> ConnectTcp(const Target& target) {
  auto executor = co_await asio::this_coro::executor;
  boost::system::error_code ec;
  tcp::resolver resolver(executor);
  auto endpoints = co_await resolver.async_resolve(target.host, target.port,
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec)
    co_return Error::Unavailable("cannot resolve " + target.host + std::string(": ") +
                                 ec.message());
  tcp::socket socket(executor);
  co_await asio::async_connect(socket, endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Error::Unavailable(std::string("cannot connect: ") + ec.message());
  // Requests are written whole, so waiting to fill a segment only delays them.
  socket.set_option(tcp::no_delay(true), ec);
  co_return std::move(socket);
}

asio::awaitable<Result<TlsStream>> Handshake(tcp::socket socket, const Target& target,
                                             asio::ssl::context& tls) {
  TlsStream stream(std::move(socket), tls);
  stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
  boost::system::error_code ec;
  asio::ip::make_address(target.host, ec);
  // SNI names a host, never an address literal.
  if (ec) SSL_set_tlsext_host_name(stream.native_handle(), target.host.c_str());
  ec.clear();
  co_await stream.async_handshake(asio::ssl::stream_base::client,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return Error::Unavailable(std::string("TLS handshake failed: ") + ec.message());
  co_return std::move(stream);
}

asio::awaitable<Result<std::unique_ptr<Connection>>> Open(const Target& target,
                                                          asio::ssl::context* tls) {
  Result<tcp::socket> socket = co_await ConnectTcp(target);
  if (!socket.ok()) co_return std::move(socket).error();
  if (!target.tls) {
    co_return std::make_unique<Connection>(Connection{.stream = std::move(*socket), .buffer = {}});
  }
  Result<TlsStream> stream = co_await Handshake(std::move(*socket), target, *tls);
  if (!stream.ok()) co_return std::move(stream).error();
  co_return std::make_unique<Connection>(Connection{.stream = std::move(*stream), .buffer = {}});
}

// The outcome of one request on one connection.
struct Exchanged {
  Result<PostAnswer> answer = PostAnswer{};
  bool answered = false;    // a status line arrived
  bool keep_alive = false;  // the connection may carry the next request
};

// Writes the request and reads the answer on an open stream (TCP or TLS).
template <class Stream>
asio::awaitable<Exchanged> Exchange(Stream& stream, boost::beast::flat_buffer& buffer,
                                    const Request& request) {
  Exchanged out;
  boost::system::error_code ec;
  co_await http::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.answer = Error::Unavailable(std::string("sending the request failed: ") + ec.message());
    co_return out;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxAnswerBodyBytes);
  co_await http::async_read_header(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    out.answer = Error::Unavailable(std::string("no answer: ") + ec.message());
    co_return out;
  }
  out.answered = true;
  out.answer =
      PostAnswer{.status = parser.get().result_int(), .reason = std::string(parser.get().reason())};
  // The body is read only to leave the connection ready for the next request.
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  out.keep_alive = !ec && parser.get().keep_alive();
  co_return out;
}

// Sends the request on the kept connection, or on a new one; when a kept connection fails
// before any answer (the receiver closed it while idle), once more on a new one.
asio::awaitable<Result<PostAnswer>> Send(const Target& target, asio::ssl::context* tls,
                                         std::unique_ptr<Connection>& kept,
                                         const Request& request) {
  bool fresh = false;
  while (true) {
    if (!kept) {
      Result<std::unique_ptr<Connection>> opened = co_await Open(target, tls);
      if (!opened.ok()) co_return std::move(opened).error();
      kept = std::move(*opened);
      fresh = true;
    }
    Exchanged exchanged = co_await std::visit(
        [&](auto& stream) { return Exchange(stream, kept->buffer, request); }, kept->stream);
    if (!exchanged.keep_alive) kept.reset();
    if (exchanged.answered || fresh) co_return std::move(exchanged.answer);
  }
}

// Sends the request and leaves the outcome in `out`.
asio::awaitable<void> SendInto(const Target& target, asio::ssl::context* tls,
                               std::unique_ptr<Connection>& kept, const Request& request,
                               std::optional<Result<PostAnswer>>& out) {
  out = co_await Send(target, tls, kept, request);
}

}  // namespace

struct WebhookClient::State {
  Target target;
  std::unique_ptr<asio::ssl::context> tls;  // https only
  // The connection's sockets belong to the context, so the connection is destroyed first.
  std::unique_ptr<asio::io_context> context = std::make_unique<asio::io_context>();
  std::unique_ptr<Connection> connection;  // kept open between requests, or none

  // Drops the connection and the context, and with them what a Post left pending.
  void Reset() {
    connection.reset();
    context = std::make_unique<asio::io_context>();
  }
};

Result<std::unique_ptr<WebhookClient>> WebhookClient::Create(std::string_view url,
                                                             std::chrono::milliseconds timeout) {
  if (timeout <= std::chrono::milliseconds::zero()) {
    return Error::BadRequest("the webhook timeout must be positive");
  }
  auto state = std::make_unique<State>();
  CONFIDE_ASSIGN_OR_RETURN(state->target, ParseTarget(url));
  if (state->target.tls) {
    CONFIDE_ASSIGN_OR_RETURN(state->tls, MakeTlsContext());
  }
  return std::unique_ptr<WebhookClient>(new WebhookClient(std::move(state), timeout));
}

WebhookClient::WebhookClient(std::unique_ptr<State> state, std::chrono::milliseconds timeout)
    : state_(std::move(state)), timeout_(timeout) {}

WebhookClient::~WebhookClient() = default;

const std::string& WebhookClient::url_for_messages() const { return state_->target.for_messages; }

Error WebhookClient::Failure(std::string_view what) const {
  return Error::Unavailable("webhook " + state_->target.for_messages + std::string(": ") +
                            std::string(what));
}

Result<PostAnswer> WebhookClient::Post(const Headers& headers, std::string body) {
  const Request request = MakeRequest(state_->target, headers, std::move(body));
  asio::io_context& context = *state_->context;
  {
    std::lock_guard lock(mutex_);
    if (cancelled_) return Failure("delivery cancelled");
    context.restart();
    running_ = &context;
  }
  std::optional<Result<PostAnswer>> out;
  asio::co_spawn(context,
                 SendInto(state_->target, state_->tls.get(), state_->connection, request, out),
                 [&out](std::exception_ptr e) {
                   if (e && !out) out = Error::Internal("unexpected failure");
                 });
  context.run_for(timeout_);
  bool cancelled = false;
  {
    std::lock_guard lock(mutex_);
    running_ = nullptr;
    cancelled = cancelled_;
  }
  if (out && out->ok()) return std::move(*out);
  if (out) return Failure(out->error().message());
  // The deadline passed or Cancel stopped the context, with the request still under way.
  state_->Reset();
  if (cancelled) return Failure("delivery cancelled");
  return Failure(std::string("no answer within ") + std::to_string(timeout_.count()) + " ms");
}

void WebhookClient::Cancel() {
  std::lock_guard lock(mutex_);
  cancelled_ = true;
  if (running_ != nullptr) running_->stop();
}

}  // namespace confide::events
