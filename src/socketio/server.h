#pragma once

// A Socket.IO v5 server on top of an Engine.IO server: the namespaces the application
// declares, and a Client for every Engine.IO session. Connecting to an undeclared namespace
// gets a CONNECT_ERROR "Invalid namespace".
//
// Thread-safety: declare namespaces (Of) at start-up, before the Engine.IO server serves;
// Open runs on each new session's thread; stats() from any thread.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engineio/session.h"
#include "socketio/namespace.h"
#include "socketio/stats.h"

namespace confide::socketio {

struct ServerOptions {
  // A connection that has joined no namespace by then is closed.
  std::chrono::milliseconds connect_timeout{45000};
  // Binary attachments one packet may carry.
  std::size_t max_attachments = 10;
  // Bytes one packet may take, its text and all its attachments together (the Engine.IO
  // maxPayload): a binary packet that grows past it closes the connection.
  std::size_t max_packet_bytes = 1'000'000;
};

class Server {
 public:
  Server(ServerOptions options, std::vector<boost::asio::io_context*> shards);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The namespace named `name` ("/messaging"), declared on first use.
  Namespace& Of(const std::string& name);
  Namespace* Find(std::string_view name) const;

  // The Engine.IO server's open handler: a Client for the new session.
  std::unique_ptr<engineio::Session::Listener> Open(
      const std::shared_ptr<engineio::Session>& session);

  const ServerOptions& options() const { return options_; }
  ShardStats& stats(std::size_t shard) { return *stats_[shard]; }
  StatsTotals totals() const;
  std::size_t shard_count() const { return shards_.size(); }

 private:
  std::size_t ShardOf(const boost::asio::io_context& io) const;

  const ServerOptions options_;
  std::vector<boost::asio::io_context*> shards_;
  std::vector<std::unique_ptr<Namespace>> namespaces_;
  std::vector<std::unique_ptr<ShardStats>> stats_;
};

}  // namespace confide::socketio
