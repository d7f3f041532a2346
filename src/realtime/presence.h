#pragma once

// Who is online: how many authenticated sockets each user has, across every I/O thread.
// A user comes online with their first socket and goes offline after their last.
// Thread-safety: every method may be called from any thread (one mutex; taken only when a
// socket connects or leaves, never on the fan-out path).

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace confide::realtime {

class Presence {
 public:
  // True if this is the user's first socket.
  bool Connected(const std::string& user_id);
  // True if this was the user's last socket.
  bool Disconnected(const std::string& user_id);
  bool IsOnline(const std::string& user_id) const;
  // For each of `user_ids`, whether they are online (one lock for all).
  std::vector<bool> AreOnline(const std::vector<std::string>& user_ids) const;
  std::size_t online_users() const;

 private:
  mutable std::mutex mu_;
  std::unordered_map<std::string, int> sockets_;
};

}  // namespace confide::realtime
