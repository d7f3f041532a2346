#include "realtime/change_fanout.h"

#include "realtime/deliver.h"
#include "realtime/delivery_plan.h"

namespace confide::realtime {

void ChangeFanout::Publish(const std::vector<domain::DomainEvent>& events) {
  for (const auto& event : events) Apply(PlanDeliveries(event), /*publish=*/true);
}

void ChangeFanout::Publish(const domain::RoomEvent& event) {
  Apply({PlanDelivery(event)}, /*publish=*/true);
}

void ChangeFanout::Send(const std::vector<Delivery>& change) { Apply(change, /*publish=*/true); }

void ChangeFanout::Receive(const std::vector<Delivery>& change) {
  Apply(change, /*publish=*/false);
}

void ChangeFanout::Apply(const std::vector<Delivery>& change, bool publish) {
  if (change.empty()) return;
  const auto deliver = [&] {
    for (const auto& delivery : change) Deliver(nsp_, delivery);
    if (publish && bus_ != nullptr) bus_->Publish(change);
  };
  if (change.front().seq == 0) {
    deliver();
  } else {
    order_.InTurn(change.front().conversation_id, change.front().seq, deliver);
  }
}

}  // namespace confide::realtime
