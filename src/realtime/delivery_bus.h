#pragma once

// Carries deliveries between the nodes of a cluster. The node that made a change applies its
// deliveries to its own sockets and publishes them; every other node whose sockets are in one
// of their rooms receives them and applies them to its own. Which rooms this process has
// sockets in, the namespace reports (Interest); which nodes hold a user's sockets, presence
// (LocateUsers).
//
// Thread-safety: every method may be called from any thread; Interest from an I/O thread
// under the namespace's census lock, so it only queues. The receiver runs on the bus's
// threads, never an I/O thread.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "realtime/delivery.h"

namespace confide::realtime {

class DeliveryBus {
 public:
  // The share of a change for the sockets of `room`; an empty room: for the sockets of the
  // users this node holds. A change that names every member of its conversation comes whole,
  // for its conversation's room (and the rooms of the members this node holds).
  using Receiver = std::function<void(const std::string& room, std::vector<Delivery> change)>;
  // Which of `user_ids` each other node holds: the node, and their indexes in `user_ids`.
  using Holders = std::vector<std::pair<std::string, std::vector<std::size_t>>>;
  using UserLocator = std::function<Holders(const std::vector<std::string>& user_ids)>;

  virtual ~DeliveryBus() = default;

  // Set once, before the first Interest.
  virtual void OnReceive(Receiver receiver) = 0;
  // Set once, before the first Interest: called when the bus was cut off and is back, so
  // that what it may have lost meanwhile is read from the database.
  virtual void OnResume(std::function<void()> resumed) = 0;
  // Set once, before the first Publish: a change's share for users' rooms, and a change that
  // names every member of its conversation, go to the nodes the locator names, not to a
  // room's subscribers.
  virtual void LocateUsers(UserLocator locator) = 0;
  // The deliveries of changes, already applied here, for the other nodes, in order. Several
  // at once (those of one commit) travel together: one message to each node or room.
  virtual void Publish(const std::vector<std::vector<Delivery>>& changes) = 0;
  // This process has a socket in `room` now (`present`), or no longer. Users' rooms need not
  // be told: their shares come by node.
  virtual void Interest(const std::string& room, bool present) = 0;

  // Messages from every node to every other on a `topic` (presence, statistics). A null
  // receiver stops the topic's; it returns once no receiver of it runs any more.
  using Listener = std::function<void(std::string_view message)>;
  virtual void OnBroadcast(const std::string& topic, Listener listener) = 0;
  virtual void Broadcast(const std::string& topic, const std::string& message) = 0;
};

}  // namespace confide::realtime
