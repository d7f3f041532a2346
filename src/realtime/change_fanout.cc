#include "realtime/change_fanout.h"

#include <cstdlib>

#include "core/completion_batch.h"
#include "realtime/deliver.h"
#include "realtime/delivery_plan.h"
#include "realtime/rooms.h"

namespace confide::realtime {
namespace {

// The changes this thread's completion batch made, not published yet, by bus.
struct Unpublished {
  DeliveryBus* bus;
  std::vector<std::vector<Delivery>> changes;
};
thread_local std::vector<Unpublished> t_unpublished;

void PublishUnpublished() {
  auto unpublished = std::move(t_unpublished);
  t_unpublished.clear();
  for (const auto& [bus, changes] : unpublished) bus->Publish(changes);
}

}  // namespace

void ChangeFanout::Publish(const std::vector<domain::DomainEvent>& events) {
  for (const auto& event : events) Apply(PlanDeliveries(event));
}

void ChangeFanout::Publish(const domain::RoomEvent& event) { Apply({PlanDelivery(event)}); }

void ChangeFanout::Send(const std::vector<Delivery>& change) { Apply(change); }

void ChangeFanout::SendHere(std::vector<Delivery> change) {
  for (auto& delivery : change) Deliver(nsp_, std::move(delivery));
}

void ChangeFanout::Receive(const std::string& room, std::vector<Delivery> change) {
  if (change.empty()) return;
  // A conversation's room's share (or a message, which comes whole) is ordered; the share for
  // the users this node holds (a participant's own notice) is applied as it comes.
  if (follower_ && change.front().seq != 0 &&
      room == ConversationRoom(change.front().conversation_id)) {
    follower_->Offer(std::move(change));
    return;
  }
  SendHere(std::move(change));
}

void ChangeFanout::Follow(const std::string& conversation_id, bool present) {
  if (follower_) follower_->Follow(conversation_id, present);
}

void ChangeFanout::Known(const std::string& conversation_id, std::int64_t seq) {
  if (follower_) follower_->Known(conversation_id, seq);
}

void ChangeFanout::CatchUp() {
  if (follower_) follower_->CatchUp();
}

void ChangeFanout::Stop() {
  if (follower_) follower_->Stop();
}

void ChangeFanout::Apply(std::vector<Delivery> change) {
  if (change.empty()) return;
  if (bus_ != nullptr) {
    // The other nodes order what they receive themselves: it goes out without waiting for its
    // predecessors, at the end of its commit's completions (PublishSoon).
    if (exit_before_publish_ && change.front().seq != 0) std::_Exit(86);
    PublishSoon(change);
    if (change.front().seq == 0) {
      SendHere(std::move(change));
    } else {
      follower_->Offer(std::move(change));
    }
    return;
  }
  if (change.front().seq == 0) {
    SendHere(std::move(change));
  } else {
    // Copied: InTurn records them after `publish` has taken the change.
    const std::string conversation_id = change.front().conversation_id;
    const std::int64_t seq = change.front().seq;
    order_.InTurn(conversation_id, seq, [&] { SendHere(std::move(change)); });
  }
}

void ChangeFanout::PublishSoon(const std::vector<Delivery>& change) {
  if (!core::CompletionBatch::open()) {
    bus_->Publish({change});
    return;
  }
  if (t_unpublished.empty()) core::CompletionBatch::Defer(PublishUnpublished);
  if (t_unpublished.empty() || t_unpublished.back().bus != bus_) {
    t_unpublished.push_back({bus_, {}});
  }
  t_unpublished.back().changes.push_back(change);
}

}  // namespace confide::realtime
