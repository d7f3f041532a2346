#include "http/connection_limits.h"

#include <boost/asio/ip/network_v6.hpp>

namespace confide::http {

namespace ip = boost::asio::ip;

ConnectionLimits::Slot& ConnectionLimits::Slot::operator=(Slot&& other) noexcept {
  if (this != &other) {
    Release();
    limits_ = std::move(other.limits_);
    key_ = other.key_;
  }
  return *this;
}

ConnectionLimits::Slot::~Slot() { Release(); }

void ConnectionLimits::Slot::Release() {
  if (limits_ == nullptr) return;
  limits_->Release(key_);
  limits_.reset();
}

std::shared_ptr<ConnectionLimits> ConnectionLimits::Create(Options options) {
  return std::make_shared<ConnectionLimits>(Key{}, options);
}

ip::address ConnectionLimits::KeyOf(const ip::address& peer) {
  if (!peer.is_v6()) return peer;
  const ip::address_v6 v6 = peer.to_v6();
  if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6);
  return ip::make_network_v6(v6, 64).network();
}

std::variant<ConnectionLimits::Slot, ConnectionLimits::Refusal> ConnectionLimits::Admit(
    const ip::address& peer) {
  const ip::address key = KeyOf(peer);
  std::lock_guard lock(mu_);
  if (options_.max_total != 0 && total_ >= options_.max_total) return Refusal::kTotal;
  if (options_.max_per_address != 0) {
    std::size_t& count = per_address_[key];
    if (count >= options_.max_per_address) return Refusal::kPerAddress;
    count += 1;
  }
  total_ += 1;
  return Slot(shared_from_this(), key);
}

void ConnectionLimits::Release(const ip::address& key) {
  std::lock_guard lock(mu_);
  total_ -= 1;
  if (options_.max_per_address == 0) return;
  const auto it = per_address_.find(key);
  if (it == per_address_.end()) return;
  if (--it->second == 0) per_address_.erase(it);
}

std::size_t ConnectionLimits::total() const {
  std::lock_guard lock(mu_);
  return total_;
}

std::size_t ConnectionLimits::from(const ip::address& peer) const {
  std::lock_guard lock(mu_);
  const auto it = per_address_.find(KeyOf(peer));
  return it == per_address_.end() ? 0 : it->second;
}

}  // namespace confide::http
