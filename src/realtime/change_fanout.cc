#include "realtime/change_fanout.h"

#include "realtime/deliver.h"
#include "realtime/delivery_plan.h"

namespace confide::realtime {

void ChangeFanout::Publish(const std::vector<domain::DomainEvent>& events) {
  for (const auto& event : events) Apply(PlanDeliveries(event));
}

void ChangeFanout::Publish(const domain::RoomEvent& event) { Apply({PlanDelivery(event)}); }

void ChangeFanout::Apply(const std::vector<Delivery>& change) {
  const auto deliver = [&] {
    for (const auto& delivery : change) Deliver(nsp_, delivery);
  };
  if (change.empty() || change.front().seq == 0) {
    deliver();
  } else {
    order_.InTurn(change.front().conversation_id, change.front().seq, deliver);
  }
}

}  // namespace confide::realtime
