#include "events/nats_batch_acks.h"

#include <algorithm>
#include <utility>

namespace confide::events {

void NatsBatchAcks::Start(std::span<const OutboxEvent> batch) {
  std::lock_guard lock(mutex_);
  seqs_.clear();
  for (const OutboxEvent& event : batch) seqs_.push_back(event.seq);
  states_.assign(batch.size(), State::kPending);
  reasons_.assign(batch.size(), std::string());
  failed_ = false;
}

void NatsBatchAcks::Acknowledge(std::int64_t seq) {
  std::lock_guard lock(mutex_);
  if (auto index = IndexOf(seq)) states_[*index] = State::kStored;
}

void NatsBatchAcks::Fail(std::int64_t seq, std::string reason) {
  std::lock_guard lock(mutex_);
  if (auto index = IndexOf(seq)) {
    states_[*index] = State::kFailed;
    reasons_[*index] = std::move(reason);
    failed_ = true;
  }
}

bool NatsBatchAcks::HasFailure() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

NatsBatchAcks::Summary NatsBatchAcks::Finish() {
  std::lock_guard lock(mutex_);
  Summary summary;
  const auto first_missing =
      std::find_if(states_.begin(), states_.end(), [](State s) { return s != State::kStored; });
  summary.stored_prefix = static_cast<std::size_t>(first_missing - states_.begin());
  if (first_missing != states_.end()) {
    summary.stored_beyond_prefix =
        std::find(first_missing, states_.end(), State::kStored) != states_.end();
    if (*first_missing == State::kFailed) {
      summary.failure = std::move(reasons_[summary.stored_prefix]);
    }
  }
  seqs_.clear();
  states_.clear();
  reasons_.clear();
  failed_ = false;
  return summary;
}

std::optional<std::size_t> NatsBatchAcks::IndexOf(std::int64_t seq) const {
  const auto it = std::lower_bound(seqs_.begin(), seqs_.end(), seq);
  if (it == seqs_.end() || *it != seq) return std::nullopt;
  return static_cast<std::size_t>(it - seqs_.begin());
}

}  // namespace confide::events
