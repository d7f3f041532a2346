#pragma once

// The HTTP/1.1 server every route of the product runs on. One acceptor; N I/O threads, each
// running its own io_context (shared-nothing); accepted connections are handed round-robin
// to them and stay on one thread for life. Handlers run on the I/O thread and may answer
// later from any thread (see Exchange).
//
// Shutdown: StopAccepting, then WaitIdle(grace), then Stop (or let the destructor stop it).
// Exchanges must not outlive the Server: answer or drop them before destroying it.
//
// Routes may still be added to the router between construction and Start (a protocol layer
// that needs io_contexts() first, say); not after.
//
// Thread-safety: construct, Start, Stop and destroy from one owning thread; port(),
// in_flight(), StopAccepting() and WaitIdle() from any thread (StopAccepting also from a
// handler on an I/O thread).

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/metrics.h"
#include "http/router.h"
#include "http/server_options.h"

namespace confide::http {

class IoWorker;
class Listener;
struct ServerContext;

class Server {
 public:
  Server(ServerOptions options, std::shared_ptr<const Router> router, core::Metrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens, then starts the I/O threads. Throws std::runtime_error naming the
  // address and the reason if it cannot listen (the port is taken, say).
  void Start();
  // The bound port (the chosen one when options.port was 0).
  std::uint16_t port() const { return port_; }
  // Closes the listener: new connections are refused. Connections waiting for a request close
  // now; those with a request in flight answer it with "Connection: close" and then close.
  void StopAccepting();
  // True once no request is in flight, false if `timeout` passes first.
  bool WaitIdle(std::chrono::milliseconds timeout);
  // Stops the io_contexts and joins the threads. Idempotent; also done by the destructor.
  void Stop();
  std::size_t in_flight() const;
  // One per I/O thread, so later components can keep per-thread state.
  std::vector<boost::asio::io_context*> io_contexts();

 private:
  void CloseListener();

  // Destroyed last: connections, destroyed with the workers, refer to it.
  std::unique_ptr<ServerContext> context_;
  std::vector<std::unique_ptr<IoWorker>> workers_;
  std::shared_ptr<Listener> listener_;
  std::uint16_t port_ = 0;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopped_{false};
};

}  // namespace confide::http
