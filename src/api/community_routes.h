#pragma once

// The internal API through which the platform's other services keep communities and posts in
// sync and publish events into their real-time rooms; administrators only (the X-Admin-Key
// header, or a token whose user has the role "admin"):
//   PUT, DELETE /internal/communities/:communityId/members/:userId
//   GET         /internal/communities/:communityId/members?page&limit
//   PUT, DELETE /internal/posts/:postId
//   POST        /internal/communities/:communityId/events, /internal/posts/:postId/events

#include "api/service_calls.h"
#include "domain/room_event.h"
#include "http/router.h"

namespace confide::api {

// `publisher` takes the events of the two /events routes; while it is null (no real-time
// gateway runs) they answer 503.
void AddCommunityRoutes(http::Router& router, const ServiceCalls& calls,
                        domain::RoomPublisher publisher);

}  // namespace confide::api
