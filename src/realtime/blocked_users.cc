#include "realtime/blocked_users.h"

#include <algorithm>

namespace confide::realtime {

BlockedUsers::BlockedUsers(std::vector<std::string> ids) : ids_(std::move(ids)) {
  std::sort(ids_.begin(), ids_.end());
  ids_.erase(std::unique(ids_.begin(), ids_.end()), ids_.end());
  ids_.shrink_to_fit();
}

bool BlockedUsers::contains(std::string_view id) const {
  return std::binary_search(ids_.begin(), ids_.end(), id, std::less<>());
}

void BlockedUsers::insert(std::string id) {
  const auto at = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (at == ids_.end() || *at != id) ids_.insert(at, std::move(id));
}

void BlockedUsers::erase(std::string_view id) {
  const auto at = std::lower_bound(ids_.begin(), ids_.end(), id, std::less<>());
  if (at != ids_.end() && *at == id) ids_.erase(at);
}

}  // namespace confide::realtime
