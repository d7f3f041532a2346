#include "engineio/server.h"

#include <boost/asio/post.hpp>

#include "engineio/request_check.h"
#include "engineio/session_id.h"
#include "http/websocket_handshake.h"

namespace confide::engineio {
namespace {

void Reject(http::Upgrade upgrade, RequestError error) {
  http::RejectUpgrade(std::move(upgrade.socket),
                      error == RequestError::kForbidden ? http::HttpStatus::forbidden
                                                        : http::HttpStatus::bad_request,
                      ErrorMessage(error));
}

std::string_view RefusalMessage(SessionQuota::Refusal refusal) {
  return refusal == SessionQuota::Refusal::kPerAddress ? "Too many sessions from this address"
                                                       : "Too many sessions";
}

}  // namespace

Server::Server(ServerOptions options, std::vector<boost::asio::io_context*> shards,
               OpenHandler on_open)
    : options_(std::move(options)),
      on_open_(std::move(on_open)),
      quota_(options_.max_sessions, options_.max_sessions_per_address) {
  for (auto* io : shards) shards_.push_back(std::make_unique<Shard>(*io, stats_, quota_));
}

// A session leaves: its client address gets its place back.
void Server::Shard::Remove(const std::string& id) {
  const auto it = sessions.find(id);
  if (it == sessions.end()) return;
  quota.Give(it->second->handshake()->address);
  sessions.erase(it);
}

std::shared_ptr<Session> Server::Shard::Find(const std::string& id) const {
  const auto it = sessions.find(id);
  if (it == sessions.end() || it->second->state() == Session::State::kClosed) return nullptr;
  return it->second;
}

void Server::AddRoutes(http::Router& router) {
  router.AddPrefix(options_.path, [this](http::ExchangePtr ex) { HandleRequest(ex); });
  router.AddUpgrade(options_.path,
                    [this](http::Upgrade upgrade) { HandleUpgrade(std::move(upgrade)); });
}

std::size_t Server::ShardOf(const boost::asio::execution_context& context) const {
  for (std::size_t i = 0; i < shards_.size(); ++i) {
    if (&shards_[i]->io == &context) return i;
  }
  return 0;  // not one of ours (a test calling directly): the first shard
}

std::optional<std::size_t> Server::ShardOfSid(std::string_view sid) const {
  return ShardOfSessionId(sid, options_.sid_prefix, shards_.size());
}

std::variant<std::shared_ptr<Session>, SessionQuota::Refusal> Server::Create(
    std::size_t shard, const http::Request& request, std::string address) {
  if (const auto refusal = quota_.Take(address)) return *refusal;
  Shard& home = *shards_[shard];
  auto session = std::make_shared<Session>(
      NewSessionId(options_.sid_prefix, shard), home.io, options_, home,
      std::make_shared<const Handshake>(Handshake::Of(request, std::move(address), options_)));
  home.sessions.emplace(session->id(), session);
  return session;
}

void Server::HandleRequest(const http::ExchangePtr& exchange) {
  const http::Request& request = exchange->request();
  RequestTarget target;
  if (auto error = CheckRequest(request, options_, /*upgrade=*/false, target)) {
    return exchange->Respond(ErrorResponse(*error));
  }
  if (!target.sid) {
    auto created = Create(ShardOf(exchange->executor().context()), request,
                          std::string(exchange->RemoteAddress()));
    if (const auto* refusal = std::get_if<SessionQuota::Refusal>(&created)) {
      return exchange->Respond(ErrorResponse(RequestError::kForbidden, RefusalMessage(*refusal)));
    }
    const auto& session = std::get<std::shared_ptr<Session>>(created);
    session->OpenPolling(exchange);
    session->SetListener(on_open_(session));
    return;
  }
  const auto shard = ShardOfSid(*target.sid);
  if (!shard) return exchange->Respond(ErrorResponse(RequestError::kUnknownSid));
  Shard& home = *shards_[*shard];
  boost::asio::post(home.io, [this, &home, exchange, sid = std::move(*target.sid),
                              websocket = target.transport == TransportName::kWebSocket] {
    Route(home, exchange, sid, websocket);
  });
}

// On the session's thread.
void Server::Route(Shard& shard, const http::ExchangePtr& exchange, const std::string& sid,
                   bool websocket_transport) {
  // A closed session still registered answers for itself (a poll that raced the close).
  const auto it = shard.sessions.find(sid);
  if (it == shard.sessions.end()) {
    return exchange->Respond(ErrorResponse(RequestError::kUnknownSid));
  }
  const auto session = it->second;
  if (session->state() == Session::State::kClosed) {
    if (exchange->request().method() == http::Verb::get && !websocket_transport) {
      return session->OnPoll(exchange);
    }
    return exchange->Respond(ErrorResponse(RequestError::kUnknownSid));
  }
  // A plain HTTP request must use the session's current transport (no polling after the
  // upgrade, no HTTP request claiming to be the WebSocket).
  if (websocket_transport || session->transport() != Session::Transport::kPolling) {
    return exchange->Respond(ErrorResponse(RequestError::kBadRequest));
  }
  switch (exchange->request().method()) {
    case http::Verb::get:
      return session->OnPoll(exchange);
    case http::Verb::post:
      return session->OnPost(exchange);
    default:
      // Polling knows only GET and POST; any other method is the client's mistake.
      return exchange->Respond(ErrorResponse(RequestError::kBadRequest));
  }
}

void Server::HandleUpgrade(http::Upgrade upgrade) {
  RequestTarget target;
  if (auto error = CheckRequest(upgrade.request, options_, /*upgrade=*/true, target)) {
    return Reject(std::move(upgrade), *error);
  }
  auto key = http::websocket::AcceptKey(upgrade.request);
  if (target.transport != TransportName::kWebSocket ||
      !http::websocket::IsUpgradeRequest(upgrade.request) || !key.ok()) {
    return Reject(std::move(upgrade), RequestError::kBadRequest);
  }
  if (!target.sid) {
    auto created =
        Create(ShardOf(upgrade.socket.get_executor().context()), upgrade.request, upgrade.remote);
    if (const auto* refusal = std::get_if<SessionQuota::Refusal>(&created)) {
      return http::RejectUpgrade(std::move(upgrade.socket), http::HttpStatus::forbidden,
                                 RefusalMessage(*refusal));
    }
    const auto& session = std::get<std::shared_ptr<Session>>(created);
    session->OpenWebSocket(std::move(upgrade), *key);
    session->SetListener(on_open_(session));
    return;
  }
  const auto shard = ShardOfSid(*target.sid);
  if (!shard) return Reject(std::move(upgrade), RequestError::kUnknownSid);
  Shard& home = *shards_[*shard];
  upgrade.socket = http::MoveSocket(std::move(upgrade.socket), home.io);
  boost::asio::post(home.io, [&home, upgrade = std::move(upgrade), key = std::move(*key),
                              sid = std::move(*target.sid)]() mutable {
    auto session = home.Find(sid);
    if (session == nullptr) return Reject(std::move(upgrade), RequestError::kUnknownSid);
    session->OnProbe(std::move(upgrade), key);
  });
}

void Server::CloseAll(std::string_view reason) {
  for (auto& shard : shards_) {
    boost::asio::post(shard->io, [&home = *shard, reason = std::string(reason)] {
      auto sessions = home.sessions;  // closing edits the map
      for (auto& [id, session] : sessions) session->Close(reason);
    });
  }
}

void Server::DropAll() {
  for (auto& shard : shards_) shard->sessions.clear();
}

}  // namespace confide::engineio
