#include "http/io_worker.h"

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <memory>
#include <vector>

#include "core/logging.h"
#include "core/thread_name.h"
#include "http/connection.h"

namespace confide::http {

IoWorker::IoWorker(unsigned index)
    : index_(index), request_ids_(index), work_(boost::asio::make_work_guard(io_)) {}

IoWorker::~IoWorker() { Stop(); }

void IoWorker::Start() {
  thread_ = std::thread([this] { Run(); });
}

void IoWorker::Run() {
  core::NameThisThread("io-" + std::to_string(index_));
  // Handlers do not throw by design; should one, log it and keep serving the other sockets.
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error(R"("msg":"uncaught exception on an I/O thread","error":{})",
                    core::JsonQuote(e.what()));
    }
  }
}

void IoWorker::Stop() {
  work_.reset();
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

void IoWorker::CloseIdleConnections() {
  boost::asio::post(io_, [this] {
    // Closing may end a connection's life; keep each alive while the set is walked.
    std::vector<std::shared_ptr<Connection>> open;
    open.reserve(connections_.size());
    for (Connection* c : connections_) {
      if (auto alive = c->weak_from_this().lock()) open.push_back(std::move(alive));
    }
    for (const auto& c : open) c->CloseIfIdle();
  });
}

}  // namespace confide::http
