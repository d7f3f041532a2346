#include "api/webhook_routes.h"

#include <boost/json.hpp>

#include "api/body_reader.h"
#include "api/route_support.h"
#include "auth/svix_signature.h"
#include "domain/user_directory.h"
#include "domain/validation.h"

namespace confide::api {
namespace {

namespace json = boost::json;
using HttpStatus = http::HttpStatus;

// Deliveries are remembered for as long as their signature may still be accepted (a
// timestamp may be off by the tolerance either way), so a replayed one changes nothing.
constexpr core::EpochMillis kRepeatWindowMillis = 2 * auth::kSvixToleranceSeconds * 1000;

std::string_view Header(const http::Request& request, std::string_view name) {
  const auto it = request.find(name);
  if (it == request.end()) return {};
  return {it->value().data(), it->value().size()};
}

std::optional<std::string> StringAt(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

// Clerk keeps custom roles in public_metadata.role. A value this service cannot take is
// left out rather than refused: a refused delivery would only be retried by Clerk.
std::optional<std::string> RoleOf(const json::object& user) {
  const auto* meta = user.if_contains("public_metadata");
  if (meta == nullptr || !meta->is_object()) return std::nullopt;
  auto role = StringAt(meta->as_object(), "role");
  if (role && !domain::IsValidRole(*role)) return std::nullopt;
  return role;
}

std::optional<std::string> ImageOf(const json::object& user) {
  auto url = StringAt(user, "image_url");
  if (url && !domain::IsWebUrl(*url)) return std::nullopt;
  return url;
}

// Milliseconds since the epoch at `key`, if it holds a non-negative integer.
std::optional<core::EpochMillis> MillisAt(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64() && v->get_int64() >= 0) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= INT64_MAX)
    return static_cast<core::EpochMillis>(v->get_uint64());
  return std::nullopt;
}

// A Clerk event and what it asks of the directory: an upsert, a deletion, or nothing. Its
// time is the user's updated_at, else the event's timestamp (both milliseconds).
struct ClerkEvent {
  std::string type;
  domain::IdentityEvent identity;
};

Result<ClerkEvent> ParseClerkEvent(std::string_view body, std::string_view delivery_id) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  ClerkEvent event;
  event.type = reader.String("type", true).value_or("");
  auto data = reader.Object("data", true);
  const auto timestamp = reader.Integer("timestamp", false);
  CONFIDE_RETURN_IF_ERROR(reader.FinishAllowingUnknown());
  auto id = StringAt(*data, "id");
  if (!id) return Error::Invalid({"data.id must be a string"});
  auto& identity = event.identity;
  identity.delivery_id = std::string(delivery_id);
  identity.occurred_at = MillisAt(*data, "updated_at");
  if (!identity.occurred_at && timestamp && *timestamp >= 0) identity.occurred_at = *timestamp;
  if (event.type == "user.created" || event.type == "user.updated") {
    identity.upsert = domain::UserUpsert{*id, StringAt(*data, "first_name").value_or(""),
                                         StringAt(*data, "last_name").value_or(""), ImageOf(*data),
                                         RoleOf(*data)};
  } else if (event.type == "user.deleted") {
    identity.deleted_id = *id;
  }
  return event;
}

void Receive(const ServiceCalls& calls, const core::Clock& clock, const WebhookOptions& options,
             const http::ExchangePtr& ex) {
  if (options.clerk_secret.empty()) {
    return http::RespondError(
        *ex, Error::Unavailable("The Clerk webhook is not configured: set --clerk-webhook-secret"));
  }
  const auto& request = ex->request();
  auth::SvixHeaders headers{Header(request, "svix-id"), Header(request, "svix-timestamp"),
                            Header(request, "svix-signature")};
  if (auto ok = auth::VerifySvixSignature(headers, request.body(), options.clerk_secret,
                                          clock.NowMillis());
      !ok.ok()) {
    return http::RespondError(*ex, ok.error());
  }
  auto event = ParseClerkEvent(request.body(), headers.id);
  if (!event.ok()) return http::RespondError(*ex, event.error());
  using Outcome = domain::Change<domain::IdentityOutcome>;
  store::Write<Outcome>(
      calls.db(),
      [&calls, identity = std::move(event->identity)](store::Transaction& tx) {
        return calls.service().users.ApplyIdentityEvent(tx, identity, kRepeatWindowMillis);
      },
      [&calls, ex, type = std::move(event->type)](Result<Outcome> result) {
        if (!result.ok()) return http::RespondError(*ex, result.error());
        calls.NotifyCommitted(result->events);
        ex->Respond(
            Json(HttpStatus::ok,
                 {{"success", true}, {"type", type}, {"outcome", domain::Name(result->value)}}));
      });
}

}  // namespace

void AddWebhookRoutes(http::Router& router, const ServiceCalls& calls, const core::Clock& clock,
                      WebhookOptions options) {
  router.Add(http::Verb::post, "/webhooks/clerk",
             [&calls, &clock, options = std::move(options)](http::ExchangePtr ex) {
               Receive(calls, clock, options, ex);
             });
}

}  // namespace confide::api
