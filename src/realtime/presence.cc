#include "realtime/presence.h"

#include <algorithm>

namespace confide::realtime {

Presence::Transition Presence::Connected(const std::string& user_id) {
  std::lock_guard lock(mu_);
  if (++sockets_[user_id] > 1) return {};
  ++version_;
  return {.here = true, .anywhere = !remote_.contains(user_id), .version = version_};
}

Presence::Transition Presence::Disconnected(const std::string& user_id) {
  std::lock_guard lock(mu_);
  const auto it = sockets_.find(user_id);
  if (it == sockets_.end()) return {};
  if (--it->second > 0) return {};
  sockets_.erase(it);
  ++version_;
  return {.here = true, .anywhere = !remote_.contains(user_id), .version = version_};
}

bool Presence::HeldAnywhere(const std::string& user_id) const {
  return sockets_.contains(user_id) || remote_.contains(user_id);
}

bool Presence::IsOnline(const std::string& user_id) const {
  std::lock_guard lock(mu_);
  return HeldAnywhere(user_id);
}

std::vector<bool> Presence::AreOnline(const std::vector<std::string>& user_ids) const {
  std::vector<bool> online;
  online.reserve(user_ids.size());
  std::lock_guard lock(mu_);
  for (const auto& id : user_ids) online.push_back(HeldAnywhere(id));
  return online;
}

std::vector<std::pair<std::string, std::vector<std::size_t>>> Presence::HeldElsewhere(
    const std::vector<std::string>& user_ids) const {
  std::vector<std::pair<std::string, std::vector<std::size_t>>> holders;
  std::lock_guard lock(mu_);
  for (std::size_t i = 0; i < user_ids.size(); ++i) {
    if (!remote_.contains(user_ids[i])) continue;
    for (const auto& [name, node] : nodes_) {
      if (!node.users.contains(user_ids[i])) continue;
      auto it = std::find_if(holders.begin(), holders.end(),
                             [&name](const auto& holder) { return holder.first == name; });
      if (it == holders.end()) {
        holders.push_back({name, {}});
        it = std::prev(holders.end());
      }
      it->second.push_back(i);
    }
  }
  return holders;
}

std::size_t Presence::online_users() const {
  std::lock_guard lock(mu_);
  return sockets_.size();
}

std::size_t Presence::users_anywhere() const {
  std::lock_guard lock(mu_);
  std::size_t count = sockets_.size();
  for (const auto& [user, nodes] : remote_) {
    if (!sockets_.contains(user)) ++count;
  }
  return count;
}

NodePresence Presence::Here(const std::string& node) const {
  NodePresence here{.node = node, .full = true};
  std::lock_guard lock(mu_);
  here.version = version_;
  here.online.reserve(sockets_.size());
  for (const auto& [user, count] : sockets_) here.online.push_back(user);
  return here;
}

Presence::Changes Presence::Apply(const NodePresence& message, Clock::time_point now) {
  Changes changes;
  std::lock_guard lock(mu_);
  Node& node = nodes_[message.node];
  node.heard = now;
  if (message.version < node.version || (message.version == node.version && !message.full)) {
    return changes;
  }
  node.version = message.version;
  const auto add = [&](const std::string& user) {
    if (!node.users.insert(user).second) return;
    const bool was = HeldAnywhere(user);
    ++remote_[user];
    if (!was) changes.emplace_back(user, true);
  };
  const auto remove = [&](const std::string& user) {
    if (node.users.erase(user) == 0) return;
    const auto it = remote_.find(user);
    if (--it->second == 0) remote_.erase(it);
    if (!HeldAnywhere(user)) changes.emplace_back(user, false);
  };
  if (message.full) {
    const std::unordered_set<std::string> online(message.online.begin(), message.online.end());
    std::vector<std::string> gone;
    for (const auto& user : node.users) {
      if (!online.contains(user)) gone.push_back(user);
    }
    for (const auto& user : gone) remove(user);
  } else {
    for (const auto& user : message.offline) remove(user);
  }
  for (const auto& user : message.online) add(user);
  return changes;
}

void Presence::Heard(const std::string& node, Clock::time_point now) {
  std::lock_guard lock(mu_);
  nodes_[node].heard = now;
}

Presence::Changes Presence::Expire(Clock::time_point before) {
  Changes changes;
  std::lock_guard lock(mu_);
  for (auto it = nodes_.begin(); it != nodes_.end();) {
    if (it->second.heard >= before) {
      ++it;
      continue;
    }
    for (const auto& user : it->second.users) {
      const auto held = remote_.find(user);
      if (--held->second == 0) remote_.erase(held);
      if (!HeldAnywhere(user)) changes.emplace_back(user, false);
    }
    it = nodes_.erase(it);
  }
  return changes;
}

}  // namespace confide::realtime
