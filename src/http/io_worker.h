#pragma once

// One I/O thread and the io_context it runs, with the state its connections share and no
// other thread touches: the set of open connections (so shutdown can close the idle ones),
// the metrics cache and the source of request ids. Shared-nothing: a connection lives its whole
// life on one worker.
//
// Thread-safety: io(), Start(), Stop() and CloseIdleConnections() may be called from any
// thread (Start and Stop from the owner only); Track, Untrack, metrics_cache() and
// request_ids() only on the worker's own thread, or once the thread has stopped.

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <optional>
#include <thread>
#include <unordered_set>

#include "http/request_id_source.h"
#include "http/request_metrics.h"

namespace confide::http {

class Connection;

class IoWorker {
 public:
  // `index` tells this worker's request ids from the other workers'.
  explicit IoWorker(unsigned index);
  ~IoWorker();
  IoWorker(const IoWorker&) = delete;
  IoWorker& operator=(const IoWorker&) = delete;

  boost::asio::io_context& io() { return io_; }

  void Start();
  // Stops the io_context and joins the thread. Pending handlers stay queued until the
  // worker is destroyed. Idempotent.
  void Stop();

  // Closes, on the worker's thread, every connection waiting for a new request.
  void CloseIdleConnections();

  void Track(Connection* connection) { connections_.insert(connection); }
  void Untrack(Connection* connection) { connections_.erase(connection); }
  RequestMetrics::ThreadCache& metrics_cache() { return metrics_cache_; }
  RequestIdSource& request_ids() { return request_ids_; }

 private:
  void Run();

  // Declared before io_ so that connections destroyed with the io_context's queued handlers
  // can still untrack themselves.
  std::unordered_set<Connection*> connections_;
  RequestMetrics::ThreadCache metrics_cache_;
  unsigned index_;
  RequestIdSource request_ids_;
  boost::asio::io_context io_{1};  // concurrency hint: one thread runs it
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

}  // namespace confide::http
