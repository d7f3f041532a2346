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

void GetUser(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller) {
  RunAsAdmin(
      calls, ex, std::move(caller),
      [&calls, id = std::string(ex->Param("userId"))](store::Transaction& tx) -> JsonResult {
        CONFIDE_ASSIGN_OR_RETURN(auto user, calls.service().users.Get(tx, id));
        return UserJson(user);
      },
      HttpStatus::ok);
}

void PutUser(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller) {
  auto input = ParseUser(ex->request().body(), std::string(ex->Param("userId")));
  if (!input.ok()) return http::RespondError(*ex, input.error());
  RunAsAdmin(
      calls, ex, std::move(caller),
      [&calls, input = std::move(*input)](store::Transaction& tx) -> JsonResult {
        CONFIDE_ASSIGN_OR_RETURN(auto user, calls.service().users.Upsert(tx, input));
        return UserJson(user);
      },
      HttpStatus::ok);
}

// The user's sockets are disconnected and their conversations hear that they left.
void DeleteUser(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller) {
  RunAdminChange(calls, ex, std::move(caller),
                 [&calls, id = std::string(ex->Param("userId"))](
                     store::Transaction& tx) -> Result<AdminChange> {
                   CONFIDE_ASSIGN_OR_RETURN(auto change, calls.service().users.Delete(tx, id));
                   return AdminChange{HttpStatus::no_content, nullptr, std::move(change.events)};
                 });
}

// The key, or a valid token; a 401 otherwise. A wrong key is no key: the token decides.
Result<AdminCaller> IdentifyAdmin(const Authenticator& authenticator,
                                  const http::Request& request) {
  if (authenticator.HasAdminKey(request)) return AdminCaller{};
  CONFIDE_ASSIGN_OR_RETURN(auto claims, authenticator.Identify(request));
  return AdminCaller{std::move(claims)};
}

}  // namespace

void AddAdminRoute(http::Router& router, const ServiceCalls& calls, http::Verb method,
                   std::string_view pattern, AdminRoute route) {
  router.Add(method, pattern, [&calls, route = std::move(route)](http::ExchangePtr ex) {
    auto caller = IdentifyAdmin(calls.authenticator(), ex->request());
    if (!caller.ok()) return http::RespondError(*ex, caller.error());
    route(calls, ex, std::move(*caller));
  });
}

void RunAsAdminThen(const ServiceCalls& calls, AdminCaller caller, AdminWork work, AdminDone done) {
  store::Write<boost::json::value>(
      calls.db(),
      [&calls, claims = std::move(caller.token),
       work = std::move(work)](store::Transaction& tx) -> JsonResult {
        if (claims) {
          CONFIDE_ASSIGN_OR_RETURN(auto who, calls.service().users.Authenticate(tx, *claims));
          if (!who.is_platform_admin()) return Error::Forbidden("Administrator access required");
        }
        return work(tx);
      },
      std::move(done));
}

void RunAsAdmin(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller,
                AdminWork work, HttpStatus success) {
  RunAsAdminThen(calls, std::move(caller), std::move(work), [ex, success](JsonResult result) {
    if (!result.ok()) return http::RespondError(*ex, result.error());
    if (success == HttpStatus::no_content) return ex->Respond(NoContent());
    ex->Respond(Json(success, *result));
  });
}

void RunAdminChange(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller,
                    std::function<Result<AdminChange>(store::Transaction&)> work) {
  auto outcome = std::make_shared<AdminChange>();
  RunAsAdminThen(
      calls, std::move(caller),
      [work = std::move(work), outcome](store::Transaction& tx) -> JsonResult {
        CONFIDE_ASSIGN_OR_RETURN(*outcome, work(tx));
        return std::move(outcome->body);
      },
      [&calls, ex, outcome](JsonResult result) {
        if (!result.ok()) return http::RespondError(*ex, result.error());
        calls.NotifyCommitted(outcome->events);
        if (outcome->status == HttpStatus::no_content) return ex->Respond(NoContent());
        ex->Respond(Json(outcome->status, *result));
      });
}

void AddAdminRoutes(http::Router& router, const ServiceCalls& calls) {
  constexpr std::string_view kUser = "/admin/users/:userId";
  AddAdminRoute(router, calls, http::Verb::get, kUser, GetUser);
  AddAdminRoute(router, calls, http::Verb::put, kUser, PutUser);
  AddAdminRoute(router, calls, http::Verb::delete_, kUser, DeleteUser);
}

}  // namespace confide::api
