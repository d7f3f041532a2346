#include "api/admin_routes.h"

#include "api/body_reader.h"
#include "api/json_views.h"
#include "api/route_support.h"

namespace confide::api {
namespace {

using HttpStatus = http::HttpStatus;
using JsonResult = Result<boost::json::value>;

Result<domain::UserUpsert> ParseUser(std::string_view body, std::string id) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  domain::UserUpsert input;
  input.id = std::move(id);
  input.first_name = reader.String("firstName", true).value_or("");
  input.last_name = reader.String("lastName", true).value_or("");
  input.avatar_url = reader.String("avatarUrl", false);
  input.role = reader.String("role", false);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return input;
}

void GetUser(const ServiceCalls& calls, const http::ExchangePtr& ex) {
  RunAsAdmin(
      calls, ex,
      [&calls, id = std::string(ex->Param("userId"))](store::Transaction& tx) -> JsonResult {
        CONFIDE_ASSIGN_OR_RETURN(auto user, calls.service().users.Get(tx, id));
        return UserJson(user);
      },
      HttpStatus::ok);
}

void PutUser(const ServiceCalls& calls, const http::ExchangePtr& ex) {
  auto input = ParseUser(ex->request().body(), std::string(ex->Param("userId")));
  if (!input.ok()) return ex->Respond(http::ErrorResponse(input.error()));
  RunAsAdmin(
      calls, ex,
      [&calls, input = std::move(*input)](store::Transaction& tx) -> JsonResult {
        CONFIDE_ASSIGN_OR_RETURN(auto user, calls.service().users.Upsert(tx, input));
        return UserJson(user);
      },
      HttpStatus::ok);
}

// The user's sockets are disconnected and their conversations hear that they left.
void DeleteUser(const ServiceCalls& calls, const http::ExchangePtr& ex) {
  RunAdminChange(calls, ex,
                 [&calls, id = std::string(ex->Param("userId"))](
                     store::Transaction& tx) -> Result<AdminChange> {
                   CONFIDE_ASSIGN_OR_RETURN(auto change, calls.service().users.Delete(tx, id));
                   return AdminChange{HttpStatus::no_content, nullptr, std::move(change.events)};
                 });
}

}  // namespace

void RunAsAdminThen(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminWork work,
                    AdminDone done) {
  const bool has_key = calls.authenticator().HasAdminKey(ex->request());
  std::optional<domain::IdentityClaims> claims;
  if (!has_key) {
    auto identified = calls.authenticator().Identify(ex->request());
    if (!identified.ok()) return done(identified.error());
    claims = std::move(*identified);
  }
  store::Write<boost::json::value>(
      calls.db(),
      [&calls, claims = std::move(claims),
       work = std::move(work)](store::Transaction& tx) -> JsonResult {
        if (claims) {
          CONFIDE_ASSIGN_OR_RETURN(auto who, calls.service().users.Authenticate(tx, *claims));
          if (!who.is_platform_admin()) return Error::Forbidden("Administrator access required");
        }
        return work(tx);
      },
      std::move(done));
}

void RunAsAdmin(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminWork work,
                HttpStatus success) {
  RunAsAdminThen(calls, ex, std::move(work), [ex, success](JsonResult result) {
    if (!result.ok()) return ex->Respond(http::ErrorResponse(result.error()));
    if (success == HttpStatus::no_content) return ex->Respond(NoContent());
    ex->Respond(Json(success, *result));
  });
}

void RunAdminChange(const ServiceCalls& calls, const http::ExchangePtr& ex,
                    std::function<Result<AdminChange>(store::Transaction&)> work) {
  auto outcome = std::make_shared<AdminChange>();
  RunAsAdminThen(
      calls, ex,
      [work = std::move(work), outcome](store::Transaction& tx) -> JsonResult {
        CONFIDE_ASSIGN_OR_RETURN(*outcome, work(tx));
        return std::move(outcome->body);
      },
      [&calls, ex, outcome](JsonResult result) {
        if (!result.ok()) return ex->Respond(http::ErrorResponse(result.error()));
        calls.NotifyCommitted(outcome->events);
        if (outcome->status == HttpStatus::no_content) return ex->Respond(NoContent());
        ex->Respond(Json(outcome->status, *result));
      });
}

void AddAdminRoutes(http::Router& router, const ServiceCalls& calls) {
  auto route = [&](http::Verb verb, ServiceRoute fn) {
    router.Add(verb, "/admin/users/:userId", [&calls, fn](http::ExchangePtr ex) { fn(calls, ex); });
  };
  route(http::Verb::get, GetUser);
  route(http::Verb::put, PutUser);
  route(http::Verb::delete_, DeleteUser);
}

}  // namespace confide::api
