#include "api/block_and_search_routes.h"

#include "api/body_reader.h"
#include "api/json_views.h"
#include "api/query_reader.h"
#include "api/route_support.h"

namespace confide::api {
namespace {

using domain::Principal;
using store::Transaction;
using HttpStatus = http::HttpStatus;

Result<domain::BlockInput> ParseBlock(std::string_view body) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  domain::BlockInput input;
  input.user_id = reader.String("userId", true).value_or("");
  input.reason = reader.String("reason", false);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return input;
}

void Block(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  auto input = ParseBlock(ex->request().body());
  if (!input.ok()) return http::RespondError(*ex, input.error());
  calls.Write<std::monostate>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, input = std::move(*input)](Transaction& tx, const Principal& who) {
        return calls.service().blocks.Block(tx, who, input);
      },
      [](const std::monostate&) { return Success(HttpStatus::created); });
}

void Unblock(const ServiceCalls& calls, const http::ExchangePtr& ex,
             domain::IdentityClaims caller) {
  calls.Write<std::monostate>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, id = std::string(ex->Param("blockedUserId"))](Transaction& tx,
                                                             const Principal& who) {
        return calls.service().blocks.Unblock(tx, who, id);
      },
      [](const std::monostate&) { return NoContent(); });
}

void ListBlocks(const ServiceCalls& calls, const http::ExchangePtr& ex,
                domain::IdentityClaims caller) {
  calls.Read<std::vector<domain::BlockView>>(
      ex, std::move(caller),
      [&calls](Transaction& tx, const Principal& who) {
        return calls.service().blocks.List(tx, who);
      },
      [](const std::vector<domain::BlockView>& list) {
        return Json(HttpStatus::ok, ArrayJson(list, BlockJson));
      });
}

Result<domain::SearchInput> ParseSearch(const http::Exchange& ex) {
  QueryReader query(ex);
  domain::SearchInput input;
  input.query = query.String("query", true).value_or("");
  input.conversation_id = query.String("conversationId", false);
  input.page = query.Page(20);
  CONFIDE_RETURN_IF_ERROR(query.Finish());
  return input;
}

void Search(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  auto input = ParseSearch(*ex);
  if (!input.ok()) return http::RespondError(*ex, input.error());
  calls.Read<std::vector<domain::SearchHit>>(
      ex, std::move(caller),
      [&calls, input = std::move(*input)](Transaction& tx, const Principal& who) {
        return calls.service().search.Search(tx, who, input);
      },
      [](const std::vector<domain::SearchHit>& hits) {
        return Json(HttpStatus::ok, ArrayJson(hits, SearchHitJson));
      });
}

}  // namespace

void AddBlockRoutes(http::Router& router, const ServiceCalls& calls) {
  AddMessagingRoute(router, calls, http::Verb::post, "/block", Block);
  AddMessagingRoute(router, calls, http::Verb::get, "/block", ListBlocks);
  AddMessagingRoute(router, calls, http::Verb::delete_, "/block/:blockedUserId", Unblock);
}

void AddSearchRoutes(http::Router& router, const ServiceCalls& calls) {
  AddMessagingRoute(router, calls, http::Verb::get, "/search", Search);
}

}  // namespace confide::api
