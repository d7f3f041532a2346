#include "http/listener.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "core/logging.h"
#include "http/connection.h"
#include "http/io_worker.h"
#include "http/server_context.h"

namespace confide::http {
namespace {

// After a failed accept (out of file descriptors, say), wait before trying again rather
// than spin on the same error.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

}  // namespace

Listener::Listener(boost::asio::io_context& io, std::vector<IoWorker*> workers,
                   ServerContext& context)
    : acceptor_(io.get_executor()),
      retry_timer_(io.get_executor()),
      workers_(std::move(workers)),
      context_(context) {}

confide::Status Listener::Open(const boost::asio::ip::tcp::endpoint& endpoint) {
  boost::system::error_code ec;
  const auto fail = [&](std::string_view step) {
    return Error::Unavailable(fmt::format("cannot {} on {}:{}: {}", step,
                                          endpoint.address().to_string(), endpoint.port(),
                                          ec.message()));
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec) return fail("open a socket");
  // Lets a restarted server bind while old connections sit in TIME_WAIT; a live listener
  // on the port still makes bind fail.
  acceptor_.set_option(boost::asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("set SO_REUSEADDR");
  acceptor_.bind(endpoint, ec);
  if (ec) return fail("bind");
  acceptor_.listen(boost::asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  port_ = acceptor_.local_endpoint(ec).port();
  return Status::Ok();
}

void Listener::Accept() {
  IoWorker& worker = *workers_[next_];
  next_ = (next_ + 1) % workers_.size();
  acceptor_.async_accept(worker.io().get_executor(),
                         [self = shared_from_this(), &worker](auto ec, auto socket) {
                           self->OnAccept(worker, ec, std::move(socket));
                         });
}

void Listener::OnAccept(IoWorker& worker, boost::system::error_code ec, Connection::Socket socket) {
  if (!acceptor_.is_open()) return;
  if (ec) {
    spdlog::warn(R"("msg":"accept failed","error":{})", core::JsonQuote(ec.message()));
    return RetryLater();
  }
  auto slot = Admit(socket);
  if (!slot) {
    Accept();
    return;
  }
  // Built here, started on its own thread, where it will live.
  auto connection =
      std::make_shared<Connection>(std::move(socket), std::move(*slot), context_, worker);
  boost::asio::post(worker.io(), [connection = std::move(connection)] { connection->Start(); });
  Accept();
}

// A place for the new connection under the caps, or none: the socket is then closed at once,
// unread, and the refusal counted.
std::optional<ConnectionLimits::Slot> Listener::Admit(Connection::Socket& socket) {
  boost::system::error_code ec;
  const auto peer = socket.remote_endpoint(ec);
  if (ec) {
    socket.close(ec);  // gone already
    return std::nullopt;
  }
  auto admission = context_.limits->Admit(peer.address());
  if (auto* slot = std::get_if<ConnectionLimits::Slot>(&admission)) return std::move(*slot);
  context_.metrics.ConnectionRefused(std::get<ConnectionLimits::Refusal>(admission));
  socket.close(ec);
  return std::nullopt;
}

void Listener::RetryLater() {
  retry_timer_.expires_after(kAcceptRetryDelay);
  retry_timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
    if (!ec && self->acceptor_.is_open()) self->Accept();
  });
}

void Listener::Close() {
  boost::system::error_code ec;
  acceptor_.close(ec);
  retry_timer_.cancel();
}

}  // namespace confide::http
