#pragma once

// POST /webhooks/clerk: keeps users in sync with a Clerk instance (user.created,
// user.updated, user.deleted), verified by Svix signature.

#include <string>

#include "api/service_calls.h"
#include "core/clock.h"
#include "http/router.h"

namespace confide::api {

struct WebhookOptions {
  std::string clerk_secret;  // "whsec_…"; empty: the route answers 503
};

void AddWebhookRoutes(http::Router& router, const ServiceCalls& calls, const core::Clock& clock,
                      WebhookOptions options);

}  // namespace confide::api
