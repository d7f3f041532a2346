#pragma once

// An Engine.IO v4 server: answers handshakes, creates sessions, and routes each later request
// of a session (polls, posts, the WebSocket of an upgrade) to the I/O thread that owns it.
// Sessions are kept per I/O thread (a shard) with no lock: a session id names its shard, so a
// request arriving on another thread is posted there, and an upgrade's socket is moved there.
// A handshake beyond the sessions allowed, in total or from its client address, is refused
// with 403 {"code":4,"message":…}, the answer of the reference's allowRequest hook.
//
// Thread-safety: construct and AddRoutes at start-up; HandleRequest and HandleUpgrade run on
// the I/O thread the request arrived on; CloseAll and stats() from any thread. The server must
// outlive the I/O threads' work (stop them before destroying it).

#include <boost/asio/io_context.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "engineio/server_options.h"
#include "engineio/server_stats.h"
#include "engineio/session.h"
#include "engineio/session_quota.h"
#include "http/exchange.h"
#include "http/router.h"
#include "http/upgrade.h"

namespace confide::engineio {

class Server {
 public:
  // Called on a new session's thread once it is open; returns the listener for its messages.
  using OpenHandler = std::function<std::unique_ptr<Session::Listener>(std::shared_ptr<Session>)>;

  Server(ServerOptions options, std::vector<boost::asio::io_context*> shards, OpenHandler on_open);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Serves options().path: its HTTP requests and its WebSocket upgrades.
  void AddRoutes(http::Router& router);
  void HandleRequest(const http::ExchangePtr& exchange);
  void HandleUpgrade(http::Upgrade upgrade);
  // Closes every session, each on its own thread (for a server shutting down).
  void CloseAll(std::string_view reason);
  // Once the I/O threads have stopped, and before their io_contexts go: lets go of every
  // session, so that none outlives the io_context its timers and sockets belong to.
  void DropAll();

  const ServerOptions& options() const { return options_; }
  const ServerStats& stats() const { return stats_; }

 private:
  struct Shard final : SessionRegistry {
    Shard(boost::asio::io_context& context, ServerStats& counters, SessionQuota& places)
        : io(context), all(counters), quota(places) {}
    void Remove(const std::string& id) override;
    ServerStats& stats() override { return all; }
    std::shared_ptr<Session> Find(const std::string& id) const;

    boost::asio::io_context& io;
    ServerStats& all;
    SessionQuota& quota;
    // By id; the key views the session's own id, which lives as long as its entry.
    std::unordered_map<std::string_view, std::shared_ptr<Session>> sessions;
  };

  std::size_t ShardOf(const boost::asio::execution_context& context) const;
  std::optional<std::size_t> ShardOfSid(std::string_view sid) const;
  // A new session, once its client address has a place; else why it has none.
  std::variant<std::shared_ptr<Session>, SessionQuota::Refusal> Create(std::size_t shard,
                                                                       const http::Request& request,
                                                                       std::string address);
  void Route(Shard& shard, const http::ExchangePtr& exchange, const std::string& sid,
             bool websocket_transport);

  const ServerOptions options_;
  OpenHandler on_open_;
  ServerStats stats_;
  SessionQuota quota_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace confide::engineio
