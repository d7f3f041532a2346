#pragma once

// The checks of one recipient (one client socket) on what its room's lanes sent, as
// fanout.mjs's worker makes them: per lane, the next sequence number expected and the ones
// skipped so far; a number above the expected one marks those between as missing, one that
// was missing arrives out of order, any other one is a duplicate. Every message counted once
// goes into an FNV-like hash of the order of arrival, which must be the same for every
// recipient of a room.

#include <cstdint>
#include <memory>
#include <unordered_set>
#include <vector>

namespace confide::load {

// A send: lane and sequence number in one key.
inline std::uint64_t SendKey(std::uint32_t lane, std::uint32_t seq) {
  return (static_cast<std::uint64_t>(lane) << 32) | seq;
}

// The sends that failed, as sorted keys.
class FailedSends {
 public:
  explicit FailedSends(std::vector<std::uint64_t> keys);
  bool Contains(std::uint32_t lane, std::uint32_t seq) const;

 private:
  std::vector<std::uint64_t> keys_;
};

class Recipient {
 public:
  enum class Outcome {
    kNew,        // the next expected, or above it (the ones between are missing)
    kLate,       // one that was missing: out of order
    kDuplicate,  // received before
  };

  Recipient(std::uint32_t room, std::uint32_t rooms, std::uint32_t lanes_in_room);

  // Records `seq` of `lane`, a lane of this recipient's room.
  Outcome Accept(std::uint32_t lane, std::uint32_t seq);

  // The next sequence number expected from `lane`.
  std::uint32_t Expected(std::uint32_t lane) const { return next_[lane / rooms_]; }

  // Messages that should have arrived and did not: per lane of the room, every sequence
  // number below sent[lane] that did not fail and was never received.
  std::uint64_t Lost(const std::vector<std::uint32_t>& sent, const FailedSends& failed) const;

  std::uint32_t room() const { return room_; }
  std::uint64_t received() const { return received_; }
  std::uint64_t duplicates() const { return duplicates_; }
  std::uint64_t out_of_order() const { return out_of_order_; }
  std::uint32_t order_hash() const { return hash_; }

 private:
  std::uint32_t room_;
  std::uint32_t rooms_;
  std::vector<std::uint32_t> next_;                             // by lane / rooms
  std::unique_ptr<std::unordered_set<std::uint64_t>> missing_;  // SendKeys; made on a first gap
  std::uint64_t received_ = 0;                                  // distinct messages
  std::uint64_t duplicates_ = 0;
  std::uint64_t out_of_order_ = 0;
  std::uint32_t hash_ = 0x811c9dc5;
};

}  // namespace confide::load
