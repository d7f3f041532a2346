#include "realtime/conversation_order.h"

#include <algorithm>

namespace confide::realtime {

void ConversationOrder::InTurn(const std::string& conversation_id, std::int64_t seq,
                               const std::function<void()>& publish) {
  {
    std::unique_lock lock(mu_);
    published_.wait_for(lock, patience_, [&] {
      const auto it = last_.find(conversation_id);
      return it == last_.end() || it->second >= seq - 1;
    });
  }
  publish();
  {
    std::lock_guard lock(mu_);
    if (last_.size() >= max_tracked_) last_.clear();
    auto& last = last_[conversation_id];
    last = std::max(last, seq);
  }
  published_.notify_all();
}

}  // namespace confide::realtime
