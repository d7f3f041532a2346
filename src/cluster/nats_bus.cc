#include "cluster/nats_bus.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <ranges>
#include <unordered_set>
#include <vector>

#include "cluster/room_split.h"
#include "core/base64.h"
#include "core/thread_name.h"
#include "realtime/delivery_codec.h"
#include "realtime/rooms.h"

namespace confide::cluster {
namespace {

using Clock = std::chrono::steady_clock;

// nats-server's max_payload unless configured otherwise.
constexpr std::size_t kDefaultMaxPayload = 1024 * 1024;

// How often the bus's thread looks for subscriptions that lingered long enough.
constexpr std::chrono::milliseconds kSweep{1'000};

std::string StatusText(natsStatus status) { return natsStatus_GetText(status); }

}  // namespace

constexpr std::string_view kRoomSubjectPrefix = "confide.room.";
constexpr std::string_view kNodeSubjectPrefix = "confide.node.";
// Messages from every node to every other: confide.all.<topic>.
constexpr std::string_view kBroadcastPrefix = "confide.all.";

std::string RoomSubject(const std::string& room) {
  return std::string(kRoomSubjectPrefix) + core::Base64UrlEncode(room);
}

std::optional<std::string> RoomOfSubject(std::string_view subject) {
  if (!subject.starts_with(kRoomSubjectPrefix)) return std::nullopt;
  return core::Base64UrlDecode(subject.substr(kRoomSubjectPrefix.size()));
}

std::string NodeSubject(const std::string& node) {
  return std::string(kNodeSubjectPrefix) + core::Base64UrlEncode(node);
}

std::string WholeSubject(const std::string& node) { return NodeSubject(node) + ".whole"; }

Result<std::unique_ptr<NatsBus>> NatsBus::Connect(NatsBusOptions options) {
  std::unique_ptr<NatsBus> bus(new NatsBus(std::move(options)));
  const NatsBusOptions& o = bus->options_;
  natsOptions* raw = nullptr;
  natsStatus s = natsOptions_Create(&raw);
  const std::unique_ptr<natsOptions, decltype(&natsOptions_Destroy)> nats_options(
      raw, natsOptions_Destroy);
  // Every server given: the client tries them in turn and reconnects to any of them.
  std::vector<std::string> urls;
  for (const auto part : std::views::split(std::string_view(o.urls), ',')) {
    std::string url(part.begin(), part.end());
    if (!url.empty()) urls.push_back(std::move(url));
  }
  std::vector<const char*> servers;
  for (const auto& url : urls) servers.push_back(url.c_str());
  if (servers.empty()) return Error::Invalid({"--nats names no server"});
  if (s == NATS_OK) {
    s = natsOptions_SetServers(raw, servers.data(), static_cast<int>(servers.size()));
  }
  if (s == NATS_OK) s = natsOptions_SetName(raw, ("confide-" + o.node_id).c_str());
  if (s == NATS_OK) s = natsOptions_SetTimeout(raw, o.connect_timeout.count());
  if (s == NATS_OK) s = natsOptions_SetNoEcho(raw, true);
  // Every server, for ever: a node outlives any one NATS server.
  if (s == NATS_OK) s = natsOptions_SetAllowReconnect(raw, true);
  if (s == NATS_OK) s = natsOptions_SetMaxReconnect(raw, -1);
  if (s == NATS_OK) s = natsOptions_SetReconnectWait(raw, 250);
  if (s == NATS_OK) s = natsOptions_SetReconnectedCB(raw, OnReconnected, bus.get());
  // One subscription per room: their messages go out through a shared pool of threads, not
  // one thread each (the order per subscription is kept).
  if (s == NATS_OK) s = natsOptions_UseGlobalMessageDelivery(raw, true);
  if (s == NATS_OK) s = natsConnection_Connect(&bus->connection_, raw);
  if (s == NATS_OK) {
    s = natsConnection_Subscribe(&bus->broadcasts_, bus->connection_,
                                 (std::string(kBroadcastPrefix) + "*").c_str(), OnBroadcastMessage,
                                 bus.get());
  }
  if (s == NATS_OK && !o.node.empty()) {
    s = natsConnection_Subscribe(&bus->users_, bus->connection_, NodeSubject(o.node).c_str(),
                                 OnNodeMessage, bus.get());
  }
  if (s == NATS_OK && !o.node.empty()) {
    s = natsConnection_Subscribe(&bus->whole_, bus->connection_, WholeSubject(o.node).c_str(),
                                 OnWholeMessage, bus.get());
  }
  if (s != NATS_OK) {
    return Error(ErrorCode::kUnavailable, "cannot connect to NATS: " + StatusText(s));
  }
  return bus;
}

NatsBus::NatsBus(NatsBusOptions options)
    : options_(std::move(options)), thread_([this] { Run(); }) {}

void NatsBus::OnReceive(Receiver receiver) {
  std::unique_lock lock(receiver_mu_);
  receiver_ = std::move(receiver);
}

void NatsBus::OnResume(std::function<void()> resumed) {
  std::unique_lock lock(receiver_mu_);
  resumed_ = std::move(resumed);
}

void NatsBus::LocateUsers(UserLocator locator) {
  std::unique_lock lock(receiver_mu_);
  locator_ = std::move(locator);
}

void NatsBus::OnBroadcast(const std::string& topic, Listener listener) {
  std::unique_lock lock(receiver_mu_);
  if (listener) {
    listeners_[topic] = std::move(listener);
  } else {
    listeners_.erase(topic);
  }
}

void NatsBus::Broadcast(const std::string& topic, const std::string& message) {
  const std::string subject = std::string(kBroadcastPrefix) + topic;
  const natsStatus s = natsConnection_Publish(connection_, subject.c_str(), message.data(),
                                              static_cast<int>(message.size()));
  if (s != NATS_OK) {
    spdlog::debug(R"("msg":"cluster broadcast not published","topic":"{}","error":"{}")", topic,
                  StatusText(s));
  }
}

void NatsBus::Close() {
  {
    std::unique_lock lock(receiver_mu_);
    receiver_ = nullptr;
    resumed_ = nullptr;
    locator_ = nullptr;
    listeners_.clear();
  }
  if (connection_ != nullptr) natsConnection_Close(connection_);
}

NatsBus::~NatsBus() {
  Close();
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  for (auto& [room, subscription] : subscriptions_) natsSubscription_Destroy(subscription.handle);
  if (broadcasts_ != nullptr) natsSubscription_Destroy(broadcasts_);
  if (users_ != nullptr) natsSubscription_Destroy(users_);
  if (whole_ != nullptr) natsSubscription_Destroy(whole_);
  if (connection_ != nullptr) natsConnection_Destroy(connection_);
}

namespace {

// The messages of one Publish: each subject's shares of the changes, in order. A subject's
// message that would outgrow what the servers take (their max_payload) goes out as it is
// before the next change's share, which starts another.
class Outgoing {
 public:
  using Send =
      std::function<void(const std::string& subject, const std::string& to, std::string bytes)>;
  Outgoing(std::size_t max_bytes, Send send) : max_bytes_(max_bytes), send_(std::move(send)) {}

  void Add(const std::string& subject, std::string_view to, std::string_view encoded_change) {
    auto [it, added] = index_.try_emplace(subject, messages_.size());
    if (added) messages_.push_back({subject, std::string(to), {}});
    Message& message = messages_[it->second];
    if (!message.changes.empty() && message.changes.size() + encoded_change.size() > max_bytes_) {
      send_(message.subject, message.to, message.changes.Take());
    }
    message.changes.Add(encoded_change);
  }
  void SendAll() {
    for (auto& message : messages_) {
      if (!message.changes.empty()) send_(message.subject, message.to, message.changes.Take());
    }
  }

 private:
  struct Message {
    std::string subject;
    std::string to;  // for the log
    realtime::ChangesMessage changes;
  };
  const std::size_t max_bytes_;
  const Send send_;
  std::vector<Message> messages_;
  std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace

void NatsBus::Publish(const std::vector<std::vector<realtime::Delivery>>& changes) {
  const bool connected = natsConnection_Status(connection_) == NATS_CONN_STATUS_CONNECTED;
  // What the servers take, as the one connected last said (its INFO); the default when none.
  const std::int64_t max_payload = natsConnection_GetMaxPayload(connection_);
  Outgoing out(max_payload > 0 ? static_cast<std::size_t>(max_payload) : kDefaultMaxPayload,
               [this](const std::string& subject, const std::string& to, std::string bytes) {
                 const natsStatus s = natsConnection_Publish(
                     connection_, subject.c_str(), bytes.data(), static_cast<int>(bytes.size()));
                 if (s != NATS_OK) {
                   spdlog::warn(R"("msg":"cluster publish failed","to":"{}","error":"{}")", to,
                                StatusText(s));
                 }
               });
  for (const auto& change : changes) {
    // What is worth nothing late is not kept for after a reconnection.
    const bool ephemeral = std::all_of(change.begin(), change.end(),
                                       [](const realtime::Delivery& d) { return d.ephemeral; });
    if (ephemeral && !connected) continue;
    const bool whole = GoesWhole(change);
    if (!whole) {
      for (const auto& share : SplitByRoom(change)) {
        out.Add(RoomSubject(share.room), share.room, realtime::EncodeChange(share.deliveries));
      }
    }
    const std::vector<std::string> users = UsersReached(change);
    if (users.empty()) continue;
    Holders holders;
    {
      std::shared_lock lock(receiver_mu_);
      if (locator_) holders = locator_(users);
    }
    if (whole) {
      if (holders.empty()) continue;
      const std::string encoded = realtime::EncodeChange(change);
      for (const auto& [node, indexes] : holders) out.Add(WholeSubject(node), node, encoded);
      continue;
    }
    for (const auto& [node, indexes] : holders) {
      std::unordered_set<std::string_view> held;
      for (const std::size_t i : indexes) held.insert(users[i]);
      const auto share =
          UsersShare(change, [&held](std::string_view user_id) { return held.contains(user_id); });
      if (!share.empty()) out.Add(NodeSubject(node), node, realtime::EncodeChange(share));
    }
  }
  out.SendAll();
}

void NatsBus::Interest(const std::string& room, bool present) {
  if (realtime::IsUserRoom(room)) return;  // their shares come on this node's subject
  {
    std::lock_guard lock(mu_);
    changes_.emplace_back(room, present);
  }
  wake_.notify_one();
}

std::size_t NatsBus::subscriptions() const {
  std::lock_guard lock(mu_);
  return subscriptions_.size();
}

void NatsBus::Run() {
  core::NameThisThread("nats-bus");
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kSweep, [this] { return stopping_ || !changes_.empty(); });
    while (!changes_.empty()) {
      auto [room, present] = std::move(changes_.front());
      changes_.pop_front();
      Subscription& subscription = subscriptions_[room];
      subscription.present = present;
      if (!present) {
        subscription.idle_since = Clock::now();
        continue;
      }
      if (subscription.handle != nullptr) continue;
      const natsStatus s = natsConnection_Subscribe(&subscription.handle, connection_,
                                                    RoomSubject(room).c_str(), OnMessage, this);
      if (s != NATS_OK) {
        subscription.handle = nullptr;
        spdlog::warn(R"("msg":"cluster subscribe failed","room":"{}","error":"{}")", room,
                     StatusText(s));
      }
    }
    const auto now = Clock::now();
    for (auto it = subscriptions_.begin(); it != subscriptions_.end();) {
      if (!it->second.present && now - it->second.idle_since >= options_.linger) {
        if (it->second.handle != nullptr) {
          natsSubscription_Unsubscribe(it->second.handle);
          natsSubscription_Destroy(it->second.handle);
        }
        it = subscriptions_.erase(it);
      } else {
        ++it;
      }
    }
  }
}

void NatsBus::OnMessage(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
  auto room = RoomOfSubject(natsMsg_GetSubject(message));
  if (!room) {
    natsMsg_Destroy(message);
    spdlog::warn(R"("msg":"cluster message refused: not a room's subject")");
    return;
  }
  static_cast<NatsBus*>(closure)->Hand(std::move(*room), message);
}

void NatsBus::OnNodeMessage(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
  static_cast<NatsBus*>(closure)->Hand("", message);
}

void NatsBus::OnWholeMessage(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
  static_cast<NatsBus*>(closure)->Hand(std::nullopt, message);
}

void NatsBus::Hand(std::optional<std::string> room, natsMsg* message) {
  auto changes = realtime::DecodeChanges(std::string_view(
      natsMsg_GetData(message), static_cast<std::size_t>(natsMsg_GetDataLength(message))));
  natsMsg_Destroy(message);
  if (!changes) {
    spdlog::warn(R"("msg":"cluster message refused: not changes")");
    return;
  }
  std::shared_lock lock(receiver_mu_);
  for (auto& change : *changes) {
    if (!receiver_) return;
    if (room) {
      receiver_(*room, std::move(change));
      continue;
    }
    // A whole change is one conversation's: it is ordered as its room's share would be.
    if (change.empty() || change.front().seq == 0) {
      spdlog::warn(R"("msg":"cluster change refused: a whole change outside a conversation")");
      continue;
    }
    const std::string conversation_room =
        realtime::ConversationRoom(change.front().conversation_id);
    receiver_(conversation_room, std::move(change));
  }
}

void NatsBus::OnBroadcastMessage(natsConnection*, natsSubscription*, natsMsg* message,
                                 void* closure) {
  auto* bus = static_cast<NatsBus*>(closure);
  const std::string_view subject = natsMsg_GetSubject(message);
  const std::string_view bytes(natsMsg_GetData(message),
                               static_cast<std::size_t>(natsMsg_GetDataLength(message)));
  if (subject.starts_with(kBroadcastPrefix)) {
    const std::string topic(subject.substr(kBroadcastPrefix.size()));
    std::shared_lock lock(bus->receiver_mu_);
    const auto it = bus->listeners_.find(topic);
    if (it != bus->listeners_.end()) it->second(bytes);
  }
  natsMsg_Destroy(message);
}

void NatsBus::OnReconnected(natsConnection*, void* closure) {
  auto* bus = static_cast<NatsBus*>(closure);
  spdlog::info(R"("msg":"cluster bus reconnected")");
  std::shared_lock lock(bus->receiver_mu_);
  if (bus->resumed_) bus->resumed_();
}

}  // namespace confide::cluster
