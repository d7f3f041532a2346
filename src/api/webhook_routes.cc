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

// What a Clerk event asks of the directory: an upsert, a deletion, or nothing.
struct ClerkEvent {
  std::string type;
  std::optional<domain::UserUpsert> upsert;
  std::optional<std::string> deleted_id;
};

Result<ClerkEvent> ParseClerkEvent(std::string_view body) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  ClerkEvent event;
  event.type = reader.String("type", true).value_or("");
  auto data = reader.Object("data", true);
  CONFIDE_RETURN_IF_ERROR(reader.FinishAllowingUnknown());
  auto id = StringAt(*data, "id");
  if (!id) return Error::Invalid({"data.id must be a string"});
  if (event.type == "user.created" || event.type == "user.updated") {
    event.upsert = domain::UserUpsert{*id, StringAt(*data, "first_name").value_or(""),
                                      StringAt(*data, "last_name").value_or(""), ImageOf(*data),
                                      RoleOf(*data)};
  } else if (event.type == "user.deleted") {
    event.deleted_id = *id;
  }
  return event;
}

Result<json::value> Apply(const ServiceCalls& calls, store::Transaction& tx,
                          const ClerkEvent& event) {
  const auto& users = calls.service().users;
  if (event.upsert) {
    CONFIDE_RETURN_IF_ERROR(users.Upsert(tx, *event.upsert));
  } else if (event.deleted_id) {
    auto deleted = users.Delete(tx, *event.deleted_id);
    // Deleting an unknown or already deleted user is already done: Clerk may retry.
    if (!deleted.ok() && deleted.error().code() != ErrorCode::kNotFound) {
      return std::move(deleted).error();
    }
  }
  return json::value(json::object{{"success", true}, {"type", event.type}});
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
  auto event = ParseClerkEvent(request.body());
  if (!event.ok()) return http::RespondError(*ex, event.error());
  store::Write<json::value>(
      calls.db(),
      [&calls, event = std::move(*event)](store::Transaction& tx) {
        return Apply(calls, tx, event);
      },
      [ex](Result<json::value> result) {
        if (!result.ok()) return http::RespondError(*ex, result.error());
        ex->Respond(Json(HttpStatus::ok, *result));
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
