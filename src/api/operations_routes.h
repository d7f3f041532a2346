#pragma once

// GET /health (the process and its database) and GET /metrics (Prometheus text format).

#include "core/clock.h"
#include "core/metrics.h"
#include "http/router.h"
#include "store/database.h"

namespace confide::api {

void AddOperationsRoutes(http::Router& router, store::Database& db, core::Metrics& metrics,
                         const core::Clock& clock);

}  // namespace confide::api
