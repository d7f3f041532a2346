#include "http/connection.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "core/logging.h"
#include "http/connection_exchange.h"
#include "http/error_reply.h"
#include "http/io_worker.h"
#include "http/request_framing.h"
#include "http/request_reading.h"
#include "http/responses.h"
#include "http/server_context.h"

namespace confide::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// How long a closing connection keeps reading what the client still sends, so that the
// client receives our last answer (a 413, say) instead of a reset.
constexpr std::chrono::seconds kLingerTime{1};

// What a kept-alive connection reads at once when its next request begins.
constexpr std::size_t kFirstReadBytes = 4096;

std::string_view PathOf(std::string_view target) { return target.substr(0, target.find('?')); }

std::string_view View(beast::string_view text) { return {text.data(), text.size()}; }

bool MustHaveNoBody(HttpStatus status) {
  const unsigned code = static_cast<unsigned>(status);
  return code < 200 || code == 204 || code == 304;
}

}  // namespace

Connection::Connection(Socket socket, ConnectionLimits::Slot slot, ServerContext& context,
                       IoWorker& worker)
    : context_(context),
      worker_(worker),
      executor_(socket.get_executor()),
      stream_(std::move(socket)),
      slot_(std::move(slot)) {
  beast::error_code ec;
  // Small answers on a kept-alive connection must not wait for Nagle's timer.
  stream_.socket().set_option(boost::asio::ip::tcp::no_delay(true), ec);
  const auto peer = stream_.socket().remote_endpoint(ec);
  if (!ec) {
    peer_ = TrustedProxies::Unmapped(peer.address());
    peer_text_ = peer_.to_string();
  }
  context_.metrics.ConnectionOpened();
}

Connection::~Connection() {
  worker_.Untrack(this);
  context_.metrics.ConnectionClosed();
}

void Connection::Start() {
  worker_.Track(this);
  Read();
}

void Connection::CloseIfIdle() {
  if (state_ != State::kReading || buffer_.size() != 0 || parser_->got_some()) return;
  // A request already in the socket's buffer, not yet read, is served (with "Connection:
  // close") rather than reset.
  beast::error_code ec;
  if (stream_.socket().available(ec) > 0 && !ec) return;
  Close();
}

void Connection::Read() {
  if (context_.stopping.load(std::memory_order_relaxed)) return Close();
  state_ = State::kReading;
  parser_.emplace();
  ApplyLimits(context_.options, *parser_);
  if (current_.sequence == 0) {
    // A new connection is both idle and in its first request's header.
    stream_.expires_after(std::min(context_.options.header_timeout, context_.options.idle_timeout));
    return ReadHeader();
  }
  if (buffer_.size() != 0) {
    stream_.expires_after(context_.options.header_timeout);  // a pipelined request
    return ReadHeader();
  }
  AwaitRequest();
}

// Between requests: waits, up to the idle timeout, for the next request's first bytes.
void Connection::AwaitRequest() {
  stream_.expires_after(context_.options.idle_timeout);
  stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                          beast::bind_front_handler(&Connection::OnFirstBytes, shared_from_this()));
}

void Connection::OnFirstBytes(beast::error_code ec, std::size_t bytes) {
  if (state_ == State::kClosed) return;
  buffer_.commit(bytes);
  if (ec) return Close();  // the peer left, or the idle timeout fired
  stream_.expires_after(context_.options.header_timeout);
  ReadHeader();
}

// Reads the request line and headers under the deadline already set, then checks the body's
// framing before any of the body is read.
void Connection::ReadHeader() {
  bhttp::async_read_header(stream_, buffer_, *parser_,
                           beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
}

void Connection::OnHeader(beast::error_code ec, std::size_t bytes) {
  if (state_ == State::kClosed) return;
  if (ec) return OnReadError(ec);
  header_bytes_ = bytes;
  if (const auto error = CheckFraming(parser_->get(), parser_->chunked())) {
    return Reject(error->status, error->message);
  }
  if (parser_->is_done()) return Dispatch(bytes);
  stream_.expires_after(context_.options.idle_timeout);
  bhttp::async_read(stream_, buffer_, *parser_,
                    beast::bind_front_handler(&Connection::OnRead, shared_from_this()));
}

void Connection::OnRead(beast::error_code ec, std::size_t bytes) {
  if (state_ == State::kClosed) return;
  if (ec) return OnReadError(ec);
  Dispatch(header_bytes_ + bytes);
}

void Connection::OnReadError(beast::error_code ec) {
  if (auto rejection = RejectionFor(ec, context_.options)) {
    return Reject(rejection->status, rejection->message);
  }
  Close();  // the peer left, or a deadline passed
}

// Answers what could not be read as a request, then closes: the stream is not trustworthy.
void Connection::Reject(HttpStatus status, std::string_view message) {
  Begin(parser_->get(), buffer_.size());
  current_.keep_alive = false;
  Finish(current_.sequence, ErrorResponse(status, message), {});
}

// Records the request as the one awaiting an answer.
void Connection::Begin(const Request& request, std::size_t bytes) {
  state_ = State::kAwaitingResponse;
  current_.sequence += 1;
  current_.verb = request.method();
  current_.version = request.version() == 10 ? 10 : 11;
  current_.keep_alive = request.keep_alive();
  current_.route_id = -1;
  current_.request_id = worker_.request_ids().Next();
  current_.path.assign(PathOf(View(request.target())));
  current_.origin.assign(View(request[Field::origin]));
  if (context_.options.trusted_proxies.empty()) {
    current_.remote.assign(peer_text_);
  } else {
    current_.remote = context_.options.trusted_proxies.ClientOf(peer_, request).to_string();
  }
  current_.bytes_in = bytes;
  current_.start = std::chrono::steady_clock::now();
  context_.metrics.RequestStarted();
  stream_.expires_never();  // a handler may take its time; the idle timeout is for reading
}

std::shared_ptr<ConnectionExchange> Connection::TakeExchange() {
  // Reusable only when no handler still holds it. use_count() is a relaxed read, and a
  // handler thread's last reads of the exchange (before it let go) must also happen before
  // the reuse overwrites them: letting go of a second reference here is an acquire-release
  // step on the count that thread released, which orders them. (An acquire fence would too,
  // but ThreadSanitizer, which checks this, does not see fences.)
  if (spare_ != nullptr && spare_.use_count() == 1) {
    std::shared_ptr<ConnectionExchange> exchange = spare_;
    spare_.reset();
    return exchange;
  }
  spare_.reset();
  return std::make_shared<ConnectionExchange>(executor_);
}

void Connection::Dispatch(std::size_t bytes) {
  auto exchange = TakeExchange();
  exchange->mutable_request() = parser_->release();
  Begin(exchange->request(), bytes);
  exchange->Reset(shared_from_this(), current_.sequence, current_.remote, current_.request_id);
  Route(exchange);
}

void Connection::Route(const std::shared_ptr<ConnectionExchange>& exchange) {
  const Request& request = exchange->request();
  Router::Match& match = exchange->match();
  const bool preflight = context_.cors.enabled() && CorsPolicy::IsPreflight(request);
  context_.router->Find(preflight ? Verb::options : request.method(), current_.path, match);
  current_.route_id = match.route_id;
  if (!preflight && request.find(Field::upgrade) != request.end()) {
    if (const UpgradeHandler* upgrade = context_.router->FindUpgrade(current_.path)) {
      return HandOver(*upgrade, exchange);
    }
  }
  if (preflight && (match.handler != nullptr || match.method_not_allowed)) {
    // A prefix route takes any method, so grant the one asked for.
    const std::string_view methods = match.method_not_allowed
                                         ? std::string_view(match.allow)
                                         : View(request[Field::access_control_request_method]);
    return exchange->Respond(context_.cors.Preflight(request, methods));
  }
  if (!match.bad_param.empty()) {
    return exchange->Respond(ErrorResponse(
        HttpStatus::bad_request, fmt::format("Failed to decode param '{}'", match.bad_param)));
  }
  if (match.handler != nullptr) return CallHandler(*match.handler, exchange);
  if (match.method_not_allowed) {
    Response response = ErrorResponse(HttpStatus::method_not_allowed, "Method Not Allowed");
    response.set(Field::allow, match.allow);
    return exchange->Respond(std::move(response));
  }
  // NestJS's wording, with the target as sent (Express's originalUrl).
  exchange->Respond(ErrorResponse(
      HttpStatus::not_found,
      fmt::format("Cannot {} {}", View(request.method_string()), View(request.target()))));
}

void Connection::CallHandler(const Handler& handler,
                             const std::shared_ptr<ConnectionExchange>& exchange) {
  try {
    handler(exchange);
  } catch (const std::exception& e) {
    Error error = Error::Internal("the route's handler threw").WithDetail(e.what());
    if (exchange->responded()) return LogFailure(*exchange, error);
    RespondError(*exchange, error);
  }
}

// Gives the socket, the request and any bytes read past it to the protocol that takes over;
// this connection is done.
void Connection::HandOver(const UpgradeHandler& handler,
                          const std::shared_ptr<ConnectionExchange>& exchange) {
  const auto unread = buffer_.data();
  Upgrade upgrade{std::move(exchange->mutable_request()), stream_.release_socket(),
                  std::string(static_cast<const char*>(unread.data()), unread.size()),
                  current_.remote, std::move(slot_)};
  buffer_.consume(buffer_.size());
  state_ = State::kClosed;
  Response switched;
  switched.result(HttpStatus::switching_protocols);
  Record(switched, {});
  context_.metrics.RequestFinished();
  exchange->HandedOver();
  try {
    handler(std::move(upgrade));
  } catch (const std::exception& e) {
    spdlog::error(R"("msg":"upgrade handler threw","requestId":{},"route":{},"error":{})",
                  core::JsonQuote(current_.request_id), core::JsonQuote(exchange->route()),
                  core::JsonQuote(e.what()));
  }
}

void Connection::WatchPeer(std::uint64_t sequence, std::function<void()> on_gone) {
  if (state_ != State::kAwaitingResponse || sequence != current_.sequence) return;
  stream_.socket().async_wait(
      Socket::wait_read,
      [self = shared_from_this(), sequence, on_gone = std::move(on_gone)](beast::error_code ec) {
        if (self->state_ != State::kAwaitingResponse || sequence != self->current_.sequence ||
            ec == boost::asio::error::operation_aborted) {
          return;
        }
        // Readable with nothing to read is the peer's FIN (or a reset); bytes are a pipelined
        // request, and the peer is still there.
        beast::error_code available_ec;
        if (!ec && self->stream_.socket().available(available_ec) > 0 && !available_ec) return;
        self->context_.metrics.RequestFinished();
        self->Close();
        on_gone();
      });
}

void Connection::Finish(std::uint64_t sequence, Response response, std::string_view user) {
  if (state_ != State::kAwaitingResponse || sequence != current_.sequence) return;
  state_ = State::kWriting;
  Shape(response);
  Record(response, user);
  response_ = std::move(response);
  stream_.expires_after(context_.options.idle_timeout);
  bhttp::async_write(stream_, response_,
                     beast::bind_front_handler(&Connection::OnWrite, shared_from_this()));
}

void Connection::Recycle(std::shared_ptr<ConnectionExchange> exchange) {
  spare_ = std::move(exchange);
}

// Fits a handler's response to the request it answers: version, keep-alive, CORS, length,
// request id.
void Connection::Shape(Response& response) const {
  const bool handler_keeps_alive = response.keep_alive();
  response.set(kRequestIdHeader, current_.request_id);
  response.version(current_.version);
  response.keep_alive(current_.keep_alive && handler_keeps_alive &&
                      !context_.stopping.load(std::memory_order_relaxed));
  if (context_.cors.enabled()) context_.cors.Decorate(current_.origin, response);
  if (MustHaveNoBody(response.result())) response.body().clear();
  if (current_.verb == Verb::head) {
    // HEAD announces the length a GET would send, and sends no body.
    const auto length = response.body().size();
    response.body().clear();
    response.content_length(length);
  } else {
    response.prepare_payload();
  }
}

void Connection::Record(const Response& response, std::string_view user) {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - current_.start).count();
  context_.metrics.Record(worker_.metrics_cache(), current_.verb, current_.route_id,
                          response.result(), seconds);
  if (!context_.options.log_requests || !spdlog::should_log(spdlog::level::info)) return;
  const auto route = current_.route_id < 0
                         ? std::string("null")
                         : core::JsonQuote(context_.router->pattern(current_.route_id));
  spdlog::info(R"("msg":"request","requestId":{},"method":{},"route":{},"path":{},"status":{},)"
               R"("ms":{:.3f},"bytesIn":{},"bytesOut":{},"remote":{},"user":{})",
               core::JsonQuote(current_.request_id),
               core::JsonQuote(View(bhttp::to_string(current_.verb))), route,
               core::JsonQuote(current_.path), response.result_int(), seconds * 1e3,
               current_.bytes_in, response.body().size(), core::JsonQuote(current_.remote),
               user.empty() ? std::string("null") : core::JsonQuote(user));
}

void Connection::OnWrite(beast::error_code ec, std::size_t /*bytes*/) {
  context_.metrics.RequestFinished();
  if (ec) return Close();
  if (!response_.keep_alive()) return Linger();
  Read();
}

// Half-closes, then discards input until the client closes or kLingerTime passes.
void Connection::Linger() {
  state_ = State::kClosed;
  beast::error_code ec;
  stream_.socket().shutdown(Socket::shutdown_send, ec);
  if (ec) return Close();
  stream_.expires_after(kLingerTime);
  buffer_.clear();
  Drain();
}

void Connection::Drain() {
  stream_.async_read_some(buffer_.prepare(4096),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec) return self->Close();
                            self->Drain();
                          });
}

void Connection::Close() {
  state_ = State::kClosed;
  stream_.close();
  slot_ = {};
}

}  // namespace confide::http
