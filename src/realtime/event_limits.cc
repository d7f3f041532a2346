#include "realtime/event_limits.h"

#include "core/rate_limiter.h"

namespace confide::realtime {

Status EventLimits::AdmitEvent(Member& member) const {
  if (const auto wait = member.events.Take(options_.socket_events, clock_.NowMillis()); wait > 0) {
    if (options_.socket_events_refused != nullptr) options_.socket_events_refused->Add();
    return core::TooManyRequests("events", wait);
  }
  if (options_.user_events != nullptr) {
    if (const auto wait = options_.user_events->Take(member.id()); wait > 0) {
      return core::TooManyRequests("events", wait);
    }
  }
  return Status::Ok();
}

Status EventLimits::AdmitJob(const Member& member) const {
  if (member.jobs_in_flight < options_.max_socket_jobs) return Status::Ok();
  if (options_.socket_jobs_refused != nullptr) options_.socket_jobs_refused->Add();
  return Error(ErrorCode::kTooManyRequests,
               "Too many requests in flight on this socket: wait for their answers");
}

}  // namespace confide::realtime
