// The checks of one recipient (see recipient.h).

#include "recipient.h"

#include <algorithm>

namespace confide::load {

FailedSends::FailedSends(std::vector<std::uint64_t> keys) : keys_(std::move(keys)) {
  std::sort(keys_.begin(), keys_.end());
}

bool FailedSends::Contains(std::uint32_t lane, std::uint32_t seq) const {
  return std::binary_search(keys_.begin(), keys_.end(), SendKey(lane, seq));
}

Recipient::Recipient(std::uint32_t room, std::uint32_t rooms, std::uint32_t lanes_in_room)
    : room_(room), rooms_(rooms), next_(lanes_in_room, 0) {}

Recipient::Outcome Recipient::Accept(std::uint32_t lane, std::uint32_t seq) {
  std::uint32_t& next = next_[lane / rooms_];
  Outcome outcome = Outcome::kNew;
  if (seq >= next) {
    if (seq > next) {
      if (!missing_) missing_ = std::make_unique<std::unordered_set<std::uint64_t>>();
      for (std::uint32_t k = next; k < seq; ++k) missing_->insert(SendKey(lane, k));
    }
    next = seq + 1;
  } else if (missing_ && missing_->erase(SendKey(lane, seq)) > 0) {
    ++out_of_order_;
    outcome = Outcome::kLate;
  } else {
    ++duplicates_;
    return Outcome::kDuplicate;
  }
  ++received_;
  // As fanout.mjs: Math.imul(h ^ (lane * 1000003 + seq), 16777619) >>> 0.
  hash_ = (hash_ ^ (lane * 1000003u + seq)) * 16777619u;
  return outcome;
}

std::uint64_t Recipient::Lost(const std::vector<std::uint32_t>& sent,
                              const FailedSends& failed) const {
  std::uint64_t lost = 0;
  for (std::uint32_t lane = room_; lane < sent.size(); lane += rooms_) {
    for (std::uint32_t seq = next_[lane / rooms_]; seq < sent[lane]; ++seq) {
      if (!failed.Contains(lane, seq)) ++lost;
    }
  }
  if (missing_) {
    for (const auto key : *missing_) {
      const auto lane = static_cast<std::uint32_t>(key >> 32);
      const auto seq = static_cast<std::uint32_t>(key);
      if (seq < sent[lane] && !failed.Contains(lane, seq)) ++lost;
    }
  }
  return lost;
}

}  // namespace confide::load
