#pragma once

// The cluster's DeliveryBus on core NATS (cnats). A room's deliveries travel on a subject of
// their own, confide.room.<the room's name in base64url>; a node subscribes to the subject of
// every room it has a socket in, and keeps the subscription a while (`linger`) after its
// last socket left, so that sockets coming and going do not churn the servers' interest.
// Users' rooms are the exception: what a change has for them goes to each node that holds
// some of those users (as presence says), in one message per node on the node's own subject,
// confide.node.<its name in base64url>. A change that names every member of its conversation
// (a message) is not split at all: it goes whole, the same bytes, to each node holding one of
// them, on confide.node.<its name in base64url>.whole, and not on the conversation room's
// subject (only members' sockets are in that room). A message to a conversation's sixty
// members is then one NATS message per other node holding members, whatever their number.
// The node does not receive what it publishes itself (no echo): it applied that already.
// The connection reconnects by itself, to any of the servers given; what was published
// meanwhile is not replayed by NATS (the conversation logs are the record).
//
// Thread-safety: as DeliveryBus. Interest queues the change for the bus's own thread, which
// subscribes and unsubscribes; messages are received on cnats' delivery threads.

#include <nats/nats.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/result.h"
#include "realtime/delivery_bus.h"

namespace confide::cluster {

struct NatsBusOptions {
  std::string urls;     // comma-separated nats:// URLs
  std::string node_id;  // the connection's name on the servers
  std::string node;     // this process in the cluster, as presence names it
  std::chrono::milliseconds linger{10'000};
  std::chrono::milliseconds connect_timeout{2'000};
};

// The subject of a room's deliveries, and the room of such a subject.
std::string RoomSubject(const std::string& room);
std::optional<std::string> RoomOfSubject(std::string_view subject);
// The subject of the deliveries for the users a node holds.
std::string NodeSubject(const std::string& node);
// The subject of the changes that go whole to a node (GoesWhole).
std::string WholeSubject(const std::string& node);

class NatsBus final : public realtime::DeliveryBus {
 public:
  // Connects to the servers; an error when none answers within the timeout.
  static Result<std::unique_ptr<NatsBus>> Connect(NatsBusOptions options);
  ~NatsBus() override;
  NatsBus(const NatsBus&) = delete;
  NatsBus& operator=(const NatsBus&) = delete;

  void OnReceive(Receiver receiver) override;
  void OnResume(std::function<void()> resumed) override;
  void LocateUsers(UserLocator locator) override;
  void Publish(const std::vector<std::vector<realtime::Delivery>>& changes) override;
  void Interest(const std::string& room, bool present) override;
  void OnBroadcast(const std::string& topic, Listener listener) override;
  void Broadcast(const std::string& topic, const std::string& message) override;

  // Stops receiving: the receiver is not called once this returns. Before what it refers to
  // goes; the bus itself may go later.
  void Close();

  // The rooms subscribed to now (for tests and statistics).
  std::size_t subscriptions() const;

 private:
  struct Subscription {
    natsSubscription* handle = nullptr;
    bool present = false;
    std::chrono::steady_clock::time_point idle_since;
  };

  explicit NatsBus(NatsBusOptions options);
  void Run();
  static void OnMessage(natsConnection* connection, natsSubscription* subscription,
                        natsMsg* message, void* closure);
  static void OnReconnected(natsConnection* connection, void* closure);
  static void OnNodeMessage(natsConnection* connection, natsSubscription* subscription,
                            natsMsg* message, void* closure);
  static void OnWholeMessage(natsConnection* connection, natsSubscription* subscription,
                             natsMsg* message, void* closure);
  // Decodes a message of changes for `room` (empty: this node's users; none: whole changes,
  // each for its conversation's room) and hands them to the receiver; takes the message.
  void Hand(std::optional<std::string> room, natsMsg* message);
  static void OnBroadcastMessage(natsConnection* connection, natsSubscription* subscription,
                                 natsMsg* message, void* closure);

  const NatsBusOptions options_;
  natsConnection* connection_ = nullptr;  // set once, by Connect
  std::shared_mutex receiver_mu_;
  Receiver receiver_;                                    // guarded by receiver_mu_
  std::function<void()> resumed_;                        // guarded by receiver_mu_
  UserLocator locator_;                                  // guarded by receiver_mu_
  std::unordered_map<std::string, Listener> listeners_;  // by topic; guarded by receiver_mu_
  natsSubscription* broadcasts_ = nullptr;               // set once, by Connect
  natsSubscription* users_ = nullptr;                    // set once, by Connect
  natsSubscription* whole_ = nullptr;                    // set once, by Connect
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::pair<std::string, bool>> changes_;             // guarded by mu_
  std::unordered_map<std::string, Subscription> subscriptions_;  // guarded by mu_
  bool stopping_ = false;                                        // guarded by mu_
  std::thread thread_;
};

}  // namespace confide::cluster
