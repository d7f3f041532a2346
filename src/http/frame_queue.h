#pragma once

// A first-in first-out queue of outbound frames that holds no memory while empty: a vector
// read from a moving head, compacted as it drains, and let go once empty. A connection keeps
// one, and most connections are idle most of the time (a std::deque allocates a block even
// when empty).
// Thread-safety: none; owned by one connection, on its thread.

#include <cstddef>
#include <utility>
#include <vector>

#include "http/outbound_frame.h"

namespace confide::http {

class FrameQueue {
 public:
  bool empty() const { return head_ == frames_.size(); }
  std::size_t size() const { return frames_.size() - head_; }
  const OutboundFramePtr& front() const { return frames_[head_]; }
  auto begin() const { return frames_.begin() + static_cast<std::ptrdiff_t>(head_); }
  auto end() const { return frames_.end(); }

  void push_back(OutboundFramePtr frame) { frames_.push_back(std::move(frame)); }

  void pop_front() {
    frames_[head_++].reset();
    if (empty()) {
      clear();
    } else if (head_ >= 64 && head_ * 2 >= frames_.size()) {
      frames_.erase(frames_.begin(), begin());  // keep the live part at the front
      head_ = 0;
    }
  }

  void clear() {
    std::vector<OutboundFramePtr>().swap(frames_);
    head_ = 0;
  }

 private:
  std::vector<OutboundFramePtr> frames_;
  std::size_t head_ = 0;
};

}  // namespace confide::http
