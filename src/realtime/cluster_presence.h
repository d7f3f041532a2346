#pragma once

// Presence across the nodes of a cluster. Each node tells the others which users it holds:
// at once when one comes or goes here (a delta), and every `heartbeat` all of them (which
// also says the node is alive). A node not heard from for `silence` is dead or cut off: its
// users are offline unless another node holds them. Whose state changes across the cluster,
// `changed` is told, on every node: each node tells its own sockets (Admission).
//
// Thread-safety: every method may be called from any thread; `changed` runs on the bus's
// threads or this object's own.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "realtime/delivery_bus.h"
#include "realtime/presence.h"

namespace confide::realtime {

struct ClusterPresenceOptions {
  std::chrono::milliseconds heartbeat{1'000};
  std::chrono::milliseconds silence{3'000};
  std::size_t part_size = 2'000;
};

std::string EncodePresence(const NodePresence& message);
std::optional<NodePresence> DecodePresence(std::string_view bytes);

class ClusterPresence {
 public:
  using Changed = std::function<void(const std::string& user_id, bool online)>;

  // `node`: this process's name in the cluster (its node id and a number of this start).
  ClusterPresence(Presence& presence, DeliveryBus& bus, std::string node, Changed changed,
                  ClusterPresenceOptions options = {});
  ~ClusterPresence();
  ClusterPresence(const ClusterPresence&) = delete;
  ClusterPresence& operator=(const ClusterPresence&) = delete;

  // A user's first socket here came (`online`), or their last went (Presence's Transition).
  void ChangedHere(const std::string& user_id, bool online, std::uint64_t version);
  // Stops the heartbeat and what it calls. Idempotent.
  void Stop();

 private:
  void Run();
  void Receive(NodePresence message);
  void Tell(const Presence::Changes& changes);

  Presence& presence_;
  DeliveryBus& bus_;
  const std::string node_;
  const ClusterPresenceOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  Changed changed_;        // guarded by mu_ (cleared by Stop)
  bool stopping_ = false;  // guarded by mu_
  // The parts of each node's full list received so far (all of one version).
  std::mutex parts_mu_;
  std::map<std::string, NodePresence> parts_;  // guarded by parts_mu_
  std::thread thread_;
};

}  // namespace confide::realtime
