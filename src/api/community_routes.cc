#include "api/community_routes.h"

#include <boost/json/serialize.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "api/admin_routes.h"
#include "api/body_reader.h"
#include "api/json_views.h"
#include "api/query_reader.h"
#include "api/route_support.h"

namespace confide::api {
namespace {

namespace json = boost::json;
using domain::RoomEvent;
using HttpStatus = http::HttpStatus;
using JsonResult = Result<json::value>;
using Publisher = std::shared_ptr<const domain::RoomPublisher>;

// A PUT that created its record answers 201; one that found it in place, 200.
template <class T>
HttpStatus UpsertStatus(const domain::Upserted<T>& upserted) {
  return upserted.created ? HttpStatus::created : HttpStatus::ok;
}

// The membership routes take no body; an empty one or {} is fine, anything else is refused.
Status CheckNoBody(std::string_view body) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  return reader.Finish();
}

void PutMember(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller) {
  if (auto body = CheckNoBody(ex->request().body()); !body.ok()) {
    return http::RespondError(*ex, body.error());
  }
  RunAdminChange(
      calls, ex, std::move(caller),
      [&calls, community = std::string(ex->Param("communityId")),
       user = std::string(ex->Param("userId"))](store::Transaction& tx) -> Result<AdminChange> {
        CONFIDE_ASSIGN_OR_RETURN(auto change,
                                 calls.service().communities.AddMember(tx, community, user));
        return AdminChange{UpsertStatus(change.value), CommunityMemberJson(change.value.record),
                           std::move(change.events)};
      });
}

void DeleteMember(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller) {
  RunAdminChange(
      calls, ex, std::move(caller),
      [&calls, community = std::string(ex->Param("communityId")),
       user = std::string(ex->Param("userId"))](store::Transaction& tx) -> Result<AdminChange> {
        CONFIDE_ASSIGN_OR_RETURN(auto change,
                                 calls.service().communities.RemoveMember(tx, community, user));
        return AdminChange{HttpStatus::no_content, nullptr, std::move(change.events)};
      });
}

void ListMembers(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller) {
  QueryReader query(*ex);
  const auto page = query.Page(20);
  if (auto checked = query.Finish(); !checked.ok()) {
    return http::RespondError(*ex, checked.error());
  }
  RunAsAdmin(
      calls, ex, std::move(caller),
      [&calls, community = std::string(ex->Param("communityId")),
       page](store::Transaction& tx) -> JsonResult {
        CONFIDE_ASSIGN_OR_RETURN(auto members,
                                 calls.service().communities.ListMembers(tx, community, page));
        return ArrayJson(members, CommunityMemberJson);
      },
      HttpStatus::ok);
}

Result<std::string> ParseCommunityId(std::string_view body) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  auto community_id = reader.String("communityId", true);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return std::move(*community_id);
}

void PutPost(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller) {
  auto community = ParseCommunityId(ex->request().body());
  if (!community.ok()) return http::RespondError(*ex, community.error());
  RunAdminChange(
      calls, ex, std::move(caller),
      [&calls, post = std::string(ex->Param("postId")),
       community = std::move(*community)](store::Transaction& tx) -> Result<AdminChange> {
        CONFIDE_ASSIGN_OR_RETURN(auto change,
                                 calls.service().communities.UpsertPost(tx, post, community));
        return AdminChange{UpsertStatus(change.value), PostJson(change.value.record),
                           std::move(change.events)};
      });
}

void DeletePost(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller) {
  RunAdminChange(
      calls, ex, std::move(caller),
      [&calls,
       post = std::string(ex->Param("postId"))](store::Transaction& tx) -> Result<AdminChange> {
        CONFIDE_ASSIGN_OR_RETURN(auto change, calls.service().communities.RemovePost(tx, post));
        return AdminChange{HttpStatus::no_content, nullptr, std::move(change.events)};
      });
}

// {"event": "new_comment", "data": <any JSON, optional>}. The event name's rules are the
// directory's (CheckRoomEvent); here only the JSON types are checked.
Result<RoomEvent> ParseRoomEvent(std::string_view body, RoomEvent::Kind kind, std::string id) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  RoomEvent event{.kind = kind, .id = std::move(id)};
  event.event = reader.String("event", true).value_or("");
  const auto data = reader.Value("data", false);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  event.data_json = json::serialize(data.value_or(nullptr));
  return event;
}

// Checks the event in a job (a post must exist), then hands it to the publisher after the
// job, answering 202: delivery to the room's sockets happens later, on their own threads.
void Publish(const ServiceCalls& calls, const Publisher& publisher, const http::ExchangePtr& ex,
             AdminCaller caller, RoomEvent::Kind kind, std::string_view param) {
  auto parsed = ParseRoomEvent(ex->request().body(), kind, std::string(ex->Param(param)));
  if (!parsed.ok()) return http::RespondError(*ex, parsed.error());
  auto event = std::make_shared<RoomEvent>(std::move(*parsed));
  RunAsAdminThen(
      calls, std::move(caller),
      [&calls, publisher, event](store::Transaction& tx) -> JsonResult {
        CONFIDE_RETURN_IF_ERROR(calls.service().communities.CheckRoomEvent(tx, *event));
        if (!*publisher) return Error::Unavailable("The real-time gateway is not running");
        return json::value(nullptr);
      },
      [publisher, ex, event](JsonResult result) {
        if (!result.ok()) return http::RespondError(*ex, result.error());
        (*publisher)(std::move(*event));
        ex->Respond(Json(HttpStatus::accepted, json::object{{"delivered", "queued"}}));
      });
}

}  // namespace

void AddCommunityRoutes(http::Router& router, const ServiceCalls& calls,
                        domain::RoomPublisher publisher) {
  auto route = [&](http::Verb verb, std::string_view pattern, AdminRoute fn) {
    AddAdminRoute(router, calls, verb, pattern, std::move(fn));
  };
  constexpr std::string_view kMember = "/internal/communities/:communityId/members/:userId";
  route(http::Verb::put, kMember, PutMember);
  route(http::Verb::delete_, kMember, DeleteMember);
  route(http::Verb::get, "/internal/communities/:communityId/members", ListMembers);
  route(http::Verb::put, "/internal/posts/:postId", PutPost);
  route(http::Verb::delete_, "/internal/posts/:postId", DeletePost);

  auto shared = std::make_shared<const domain::RoomPublisher>(std::move(publisher));
  auto publish = [&](std::string_view pattern, RoomEvent::Kind kind, std::string_view param) {
    route(http::Verb::post, pattern,
          [shared, kind, param](const ServiceCalls& calls, const http::ExchangePtr& ex,
                                AdminCaller caller) {
            Publish(calls, shared, ex, std::move(caller), kind, param);
          });
  };
  publish("/internal/communities/:communityId/events", RoomEvent::Kind::kCommunity, "communityId");
  publish("/internal/posts/:postId/events", RoomEvent::Kind::kPost, "postId");
}

}  // namespace confide::api
