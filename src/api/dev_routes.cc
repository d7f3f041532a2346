#include "api/dev_routes.h"

#include <boost/json/object.hpp>

#include "api/body_reader.h"
#include "api/route_support.h"
#include "domain/user_directory.h"
#include "domain/validation.h"

namespace confide::api {
namespace {

using HttpStatus = http::HttpStatus;

constexpr std::size_t kMaxNameLength = 100;  // as profiles allow

// The body of POST /dev/token, checked by the rules a user profile follows.
Result<DevIdentity> ParseIdentity(std::string_view body) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  DevIdentity who;
  auto user_id = reader.String("userId", true);
  who.first_name = reader.String("firstName", false).value_or("");
  who.last_name = reader.String("lastName", false).value_or("");
  who.role = reader.String("role", false).value_or("client");
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  who.user_id = std::move(*user_id);
  domain::Problems problems;
  domain::CheckId(problems, "userId", who.user_id);
  const domain::TextRule name{
      .max_length = kMaxNameLength, .allow_blank = true, .allow_line_breaks = false};
  domain::CheckText(problems, "firstName", who.first_name, name);
  domain::CheckText(problems, "lastName", who.last_name, name);
  if (!domain::IsValidRole(who.role)) {
    problems.push_back("role must be a short lower-case word (letters, digits, _ or -)");
  }
  CONFIDE_RETURN_IF_ERROR(domain::ToStatus(std::move(problems)));
  return who;
}

void MintToken(const DevTokenMinter& mint, const http::ExchangePtr& ex) {
  auto who = ParseIdentity(ex->request().body());
  if (!who.ok()) return http::RespondError(*ex, who.error());
  ex->SetLogUser(who->user_id);
  ex->Respond(Json(HttpStatus::created, boost::json::object{{"token", mint(*who)}}));
}

}  // namespace

void AddDevRoutes(http::Router& router, DevTokenMinter mint) {
  const bool minting = static_cast<bool>(mint);
  router.Add(http::Verb::get, "/dev/status", [minting](http::ExchangePtr ex) {
    ex->Respond(
        Json(HttpStatus::ok, boost::json::object{{"dev", true}, {"tokenMinting", minting}}));
  });
  if (!minting) return;
  router.Add(http::Verb::post, "/dev/token",
             [mint = std::move(mint)](http::ExchangePtr ex) { MintToken(mint, ex); });
}

}  // namespace confide::api
