#pragma once

// Who is online: how many authenticated sockets each user has here, across every I/O thread,
// and, in a cluster, which users the other nodes hold (as their presence messages said). A
// user is online while any node holds one of their sockets.
// Thread-safety: every method may be called from any thread (one mutex; taken when a socket
// connects or leaves, when a node's presence message comes, and once per change published to
// the other nodes, never on the path that delivers to this node's sockets).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace confide::realtime {

// What another node says of its users: all of them (`full`), or those that came and went
// since its previous message. `version` grows with every change on that node.
struct NodePresence {
  std::string node;  // the node's id and the start it is of: a restarted node is another
  std::uint64_t version = 0;
  bool full = false;
  std::vector<std::string> online;
  std::vector<std::string> offline;
  // A full list too long for one message comes in `parts` messages of the same version.
  int part = 0;
  int parts = 1;
};

class Presence {
 public:
  using Clock = std::chrono::steady_clock;
  // A socket came or went: whether it was the user's first (last) here, and anywhere.
  struct Transition {
    bool here = false;
    bool anywhere = false;
    std::uint64_t version = 0;  // of this node's users, after the change (if `here`)
  };
  // Users who came online (true) or went offline (false) across the cluster.
  using Changes = std::vector<std::pair<std::string, bool>>;

  Transition Connected(const std::string& user_id);
  Transition Disconnected(const std::string& user_id);
  // Anywhere in the cluster.
  bool IsOnline(const std::string& user_id) const;
  // For each of `user_ids`, whether they are online (one lock for all).
  std::vector<bool> AreOnline(const std::vector<std::string>& user_ids) const;
  // Which of `user_ids` each other node holds: the node, and their indexes in `user_ids`.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> HeldElsewhere(
      const std::vector<std::string>& user_ids) const;
  // Users with a socket here.
  std::size_t online_users() const;
  // Users with a socket on any node.
  std::size_t users_anywhere() const;

  // This node's users and the version of that list, for the other nodes.
  NodePresence Here(const std::string& node) const;
  // Another node's message; returns whose state changed across the cluster. A message older
  // than one already applied from that node is ignored.
  Changes Apply(const NodePresence& message, Clock::time_point now);
  // The node is alive (it sent part of a message).
  void Heard(const std::string& node, Clock::time_point now);
  // Forgets the nodes not heard from since `before` (dead, or cut off).
  Changes Expire(Clock::time_point before);

 private:
  struct Node {
    std::uint64_t version = 0;
    Clock::time_point heard;
    std::unordered_set<std::string> users;
  };
  // Under mu_.
  bool HeldAnywhere(const std::string& user_id) const;

  mutable std::mutex mu_;
  std::unordered_map<std::string, int> sockets_;
  std::uint64_t version_ = 0;
  std::unordered_map<std::string, Node> nodes_;
  std::unordered_map<std::string, int> remote_;  // per user: how many other nodes hold them
};

}  // namespace confide::realtime
