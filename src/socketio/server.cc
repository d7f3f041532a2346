#include "socketio/server.h"

#include "socketio/client.h"

namespace confide::socketio {
namespace {

// What the session owns: it hands the session's messages and end to the client.
class ClientListener final : public engineio::Session::Listener {
 public:
  explicit ClientListener(std::shared_ptr<Client> client) : client_(std::move(client)) {}
  void OnMessage(engineio::Packet packet) override { client_->OnMessage(std::move(packet)); }
  void OnClose(std::string_view reason) override { client_->OnClose(reason); }

 private:
  std::shared_ptr<Client> client_;
};

}  // namespace

Server::Server(ServerOptions options, std::vector<boost::asio::io_context*> shards)
    : options_(options), shards_(std::move(shards)) {
  for (std::size_t i = 0; i < shards_.size(); ++i) stats_.push_back(std::make_unique<ShardStats>());
}

Namespace& Server::Of(const std::string& name) {
  if (Namespace* existing = Find(name)) return *existing;
  namespaces_.push_back(std::make_unique<Namespace>(name, shards_));
  return *namespaces_.back();
}

Namespace* Server::Find(std::string_view name) const {
  for (const auto& nsp : namespaces_) {
    if (nsp->name() == name) return nsp.get();
  }
  return nullptr;
}

std::size_t Server::ShardOf(const boost::asio::io_context& io) const {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (shards_[i] == &io) return i;
  }
  return 0;
}

std::unique_ptr<engineio::Session::Listener> Server::Open(
    const std::shared_ptr<engineio::Session>& session) {
  const std::size_t shard = ShardOf(session->io());
  auto client = std::make_shared<Client>(*this, session, shard, *shards_[shard]);
  client->Start();
  return std::make_unique<ClientListener>(std::move(client));
}

StatsTotals Server::totals() const {
  StatsTotals totals;
  for (const auto& s : stats_) {
    totals.sockets += s->sockets.load(std::memory_order_relaxed);
    totals.events_in += s->events_in.load(std::memory_order_relaxed);
    totals.packets_out += s->packets_out.load(std::memory_order_relaxed);
  }
  return totals;
}

}  // namespace confide::socketio
