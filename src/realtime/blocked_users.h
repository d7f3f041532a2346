#pragma once

// The users one user blocked, as their socket keeps them: a sorted list of ids, asked on
// every delivery to the socket ("did this user block the sender?"). Most users block nobody,
// so an empty list costs no allocation; a lookup is a binary search, and a block or an unblock
// (rare) moves the tail of the list.
// Thread-safety: none; it lives in one socket's member record.

#include <string>
#include <string_view>
#include <vector>

namespace confide::realtime {

class BlockedUsers {
 public:
  BlockedUsers() = default;
  // Duplicates are kept once.
  explicit BlockedUsers(std::vector<std::string> ids);

  bool contains(std::string_view id) const;
  void insert(std::string id);
  void erase(std::string_view id);
  std::size_t size() const { return ids_.size(); }

 private:
  std::vector<std::string> ids_;  // sorted, unique
};

}  // namespace confide::realtime
