#include "api/operations_routes.h"

#include <boost/json.hpp>

#include "api/route_support.h"

namespace confide::api {
namespace {

using HttpStatus = http::HttpStatus;

void Health(store::Database& db, const core::Clock& clock, core::EpochMillis started,
            const http::ExchangePtr& ex) {
  store::Read<std::int64_t>(
      db, [](store::Transaction& tx) -> Result<std::int64_t> { return tx.SchemaVersion(); },
      [ex, &clock, started](Result<std::int64_t> version) {
        const auto uptime = (clock.NowMillis() - started) / 1000;
        boost::json::object body{{"status", version.ok() ? "ok" : "error"},
                                 {"database", version.ok() ? "ok" : "unavailable"},
                                 {"schemaVersion", version.ok() ? *version : 0},
                                 {"uptimeSeconds", uptime}};
        if (version.ok()) return ex->Respond(Json(HttpStatus::ok, body));
        // Its own body for monitors, with the request id that leads to the logged reason.
        http::LogFailure(*ex, version.error());
        body["requestId"] = ex->request_id();
        ex->Respond(Json(HttpStatus::service_unavailable, body));
      });
}

}  // namespace

void AddOperationsRoutes(http::Router& router, store::Database& db, core::Metrics& metrics,
                         const core::Clock& clock) {
  const core::EpochMillis started = clock.NowMillis();
  router.Add(http::Verb::get, "/health",
             [&db, &clock, started](http::ExchangePtr ex) { Health(db, clock, started, ex); });
  router.Add(http::Verb::get, "/metrics", [&metrics](http::ExchangePtr ex) {
    ex->Respond(http::TextResponse(HttpStatus::ok, metrics.Render(),
                                   "text/plain; version=0.0.4; charset=utf-8"));
  });
}

}  // namespace confide::api
