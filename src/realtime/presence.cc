#include "realtime/presence.h"

namespace confide::realtime {

bool Presence::Connected(const std::string& user_id) {
  std::lock_guard lock(mu_);
  return ++sockets_[user_id] == 1;
}

bool Presence::Disconnected(const std::string& user_id) {
  std::lock_guard lock(mu_);
  const auto it = sockets_.find(user_id);
  if (it == sockets_.end()) return false;
  if (--it->second > 0) return false;
  sockets_.erase(it);
  return true;
}

bool Presence::IsOnline(const std::string& user_id) const {
  std::lock_guard lock(mu_);
  return sockets_.contains(user_id);
}

std::vector<bool> Presence::AreOnline(const std::vector<std::string>& user_ids) const {
  std::vector<bool> online;
  online.reserve(user_ids.size());
  std::lock_guard lock(mu_);
  for (const auto& id : user_ids) online.push_back(sockets_.contains(id));
  return online;
}

std::size_t Presence::online_users() const {
  std::lock_guard lock(mu_);
  return sockets_.size();
}

}  // namespace confide::realtime
