#include "http/server.h"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <stdexcept>
#include <thread>

#include "core/usable_cpus.h"
#include "http/io_worker.h"
#include "http/listener.h"
#include "http/server_context.h"

namespace confide::http {
namespace {

int ThreadCount(int configured) {
  if (configured > 0) return configured;
  return core::UsableCpus();
}

// Start-up may block: resolving a host name here is the one lookup the server makes.
boost::asio::ip::tcp::endpoint EndpointFor(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address(host, ec);
  if (!ec) return {address, port};
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  const auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) {
    throw std::runtime_error(fmt::format("cannot resolve listen host {}: {}", host, ec.message()));
  }
  return results.begin()->endpoint();
}

}  // namespace

Server::Server(ServerOptions options, std::shared_ptr<const Router> router, core::Metrics& metrics)
    : context_(std::make_unique<ServerContext>(std::move(options), std::move(router), metrics)) {
  const int threads = ThreadCount(context_->options.io_threads);
  for (int i = 0; i < threads; ++i)
    workers_.push_back(std::make_unique<IoWorker>(static_cast<unsigned>(i)));
}

Server::~Server() {
  Stop();
  // Workers go first, with the connections queued on them, while context_ still lives.
  listener_.reset();
  workers_.clear();
}

void Server::Start() {
  if (started_) throw std::logic_error("http::Server started twice");
  context_->metrics.Prepare();
  const auto endpoint = EndpointFor(context_->options.host, context_->options.port);
  std::vector<IoWorker*> workers;
  for (const auto& w : workers_) workers.push_back(w.get());
  listener_ = std::make_shared<Listener>(workers_.front()->io(), std::move(workers), *context_);
  if (auto status = listener_->Open(endpoint); !status.ok()) {
    throw std::runtime_error(status.error().message());
  }
  port_ = listener_->port();
  listener_->Accept();
  for (const auto& w : workers_) w->Start();
  started_ = true;
}

void Server::CloseListener() {
  if (listener_ == nullptr) return;
  auto& io = workers_.front()->io();
  if (!started_ || stopped_ || io.get_executor().running_in_this_thread()) {
    listener_->Close();
    return;
  }
  // The acceptor belongs to its thread; close it there and wait, so that on return the
  // port refuses connections.
  std::promise<void> closed;
  boost::asio::post(io, [&] {
    listener_->Close();
    closed.set_value();
  });
  closed.get_future().wait();
}

void Server::StopAccepting() {
  context_->stopping.store(true);
  CloseListener();
  for (const auto& w : workers_) w->CloseIdleConnections();
}

bool Server::WaitIdle(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (context_->metrics.in_flight() > 0) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

void Server::Stop() {
  if (stopped_) return;
  for (const auto& w : workers_) w->Stop();
  stopped_ = true;
  CloseListener();
}

std::size_t Server::in_flight() const {
  return static_cast<std::size_t>(std::max<std::int64_t>(0, context_->metrics.in_flight()));
}

std::vector<boost::asio::io_context*> Server::io_contexts() {
  std::vector<boost::asio::io_context*> out;
  for (const auto& w : workers_) out.push_back(&w->io());
  return out;
}

}  // namespace confide::http
