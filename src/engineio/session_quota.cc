#include "engineio/session_quota.h"

namespace confide::engineio {

SessionQuota::SessionQuota(std::size_t max_total, std::size_t max_per_address)
    : max_total_(max_total), max_per_address_(max_per_address) {}

std::optional<SessionQuota::Refusal> SessionQuota::Take(const std::string& address) {
  std::lock_guard lock(mu_);
  if (total_ >= max_total_) return Refusal::kTotal;
  const auto it = counts_.find(address);
  if (it != counts_.end() && it->second >= max_per_address_) return Refusal::kPerAddress;
  if (it == counts_.end() && max_per_address_ == 0) return Refusal::kPerAddress;
  ++counts_[address];
  ++total_;
  return std::nullopt;
}

void SessionQuota::Give(const std::string& address) {
  std::lock_guard lock(mu_);
  const auto it = counts_.find(address);
  if (it == counts_.end()) return;
  --total_;
  if (--it->second == 0) counts_.erase(it);
}

std::size_t SessionQuota::total() const {
  std::lock_guard lock(mu_);
  return total_;
}

std::size_t SessionQuota::of(const std::string& address) const {
  std::lock_guard lock(mu_);
  const auto it = counts_.find(address);
  return it == counts_.end() ? 0 : it->second;
}

}  // namespace confide::engineio
