#include "api/conversation_routes.h"

#include <boost/json/parse.hpp>

#include "api/body_reader.h"
#include "api/json_views.h"
#include "api/query_reader.h"
#include "api/route_support.h"
#include "core/time_format.h"

namespace confide::api {
namespace {

using domain::Change;
using domain::ConversationView;
using domain::Principal;
using store::Transaction;
using HttpStatus = http::HttpStatus;

const std::vector<std::string> kConversationTypes = {"DIRECT", "GROUP", "SUPPORT", "THERAPY"};

// participantIds is counted, its ids checked and its repeats removed here, before any job
// exists: a list longer than a conversation may be never reaches the database.
Result<domain::CreateConversationInput> ParseCreate(std::string_view body,
                                                    std::size_t max_participants) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  domain::CreateConversationInput input;
  input.participant_ids =
      reader.IdArray("participantIds", true, max_participants).value_or(std::vector<std::string>{});
  if (auto type = reader.OneOf("type", kConversationTypes, false)) {
    input.type = domain::ParseConversationType(*type);
  }
  input.title = reader.String("title", false);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return input;
}

Result<std::vector<std::string>> ParseParticipantIds(std::string_view body,
                                                     std::size_t max_participants) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  auto ids = reader.IdArray("participantIds", true, max_participants);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return std::move(*ids);
}

void Create(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  auto input = ParseCreate(ex->request().body(), calls.service().limits().max_participants);
  if (!input.ok()) return http::RespondError(*ex, input.error());
  calls.Write<domain::CreatedConversation>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, input = std::move(*input)](Transaction& tx, const Principal& who) {
        return calls.service().conversations.Create(tx, who, input);
      },
      [](const domain::CreatedConversation& c) {
        return Json(c.created ? HttpStatus::created : HttpStatus::ok, ConversationJson(c.view));
      });
}

void List(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  QueryReader query(*ex);
  const auto page = query.Page(20);
  if (auto status = query.Finish(); !status.ok()) {
    return http::RespondError(*ex, status.error());
  }
  calls.Read<std::vector<ConversationView>>(
      ex, std::move(caller),
      [&calls, page](Transaction& tx, const Principal& who) {
        return calls.service().conversations.List(tx, who, page);
      },
      [](const std::vector<ConversationView>& list) {
        return Json(HttpStatus::ok, ArrayJson(list, ConversationJson));
      });
}

void Get(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  calls.Read<ConversationView>(
      ex, std::move(caller),
      [&calls, id = std::string(ex->Param("conversationId"))](Transaction& tx,
                                                              const Principal& who) {
        return calls.service().conversations.Get(tx, who, id);
      },
      [](const ConversationView& c) { return Json(HttpStatus::ok, ConversationJson(c)); });
}

Result<domain::ConversationEventsInput> ParseEvents(const http::Exchange& ex) {
  QueryReader query(ex);
  domain::ConversationEventsInput input;
  input.conversation_id = std::string(ex.Param("conversationId"));
  input.after_seq = query.NonNegativeInteger("afterSeq", 0);
  input.limit = query.PositiveInteger("limit", input.limit);
  CONFIDE_RETURN_IF_ERROR(query.Finish());
  return input;
}

// {events: [{seq, type, data, occurredAt}], lastSeq, hasMore}: `data` is the payload the
// gateway sent with the event named `type`.
boost::json::value LogPageJson(const domain::ConversationLogPage& page) {
  boost::json::array events;
  events.reserve(page.events.size());
  for (const auto& entry : page.events) {
    if (const auto* sent = std::get_if<domain::MessageView>(&entry)) {
      const auto& m = sent->message;
      events.push_back({{"seq", m.seq},
                        {"type", "new_message"},
                        {"data", MessageJson(*sent)},
                        {"occurredAt", core::FormatTimestamp(m.created_at)}});
      continue;
    }
    const auto& kept = std::get<store::ConversationLogRecord>(entry);
    events.push_back({{"seq", kept.seq},
                      {"type", kept.type},
                      {"data", boost::json::parse(kept.payload)},
                      {"occurredAt", core::FormatTimestamp(kept.occurred_at)}});
  }
  return {{"events", std::move(events)}, {"lastSeq", page.last_seq}, {"hasMore", page.has_more}};
}

void Events(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  auto input = ParseEvents(*ex);
  if (!input.ok()) return http::RespondError(*ex, input.error());
  calls.Read<domain::ConversationLogPage>(
      ex, std::move(caller),
      [&calls, input = std::move(*input)](Transaction& tx, const Principal& who) {
        return calls.service().conversations.Events(tx, who, input);
      },
      [](const domain::ConversationLogPage& page) {
        return Json(HttpStatus::ok, LogPageJson(page));
      });
}

void AddParticipants(const ServiceCalls& calls, const http::ExchangePtr& ex,
                     domain::IdentityClaims caller) {
  auto ids = ParseParticipantIds(ex->request().body(), calls.service().limits().max_participants);
  if (!ids.ok()) return http::RespondError(*ex, ids.error());
  domain::AddParticipantsInput input{std::string(ex->Param("conversationId")), std::move(*ids)};
  calls.Write<ConversationView>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, input = std::move(input)](Transaction& tx, const Principal& who) {
        return calls.service().conversations.AddParticipants(tx, who, input);
      },
      [](const ConversationView& c) { return Json(HttpStatus::created, ConversationJson(c)); });
}

void RemoveParticipant(const ServiceCalls& calls, const http::ExchangePtr& ex,
                       domain::IdentityClaims caller) {
  calls.Write<std::monostate>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, conversation = std::string(ex->Param("conversationId")),
       user = std::string(ex->Param("userId"))](Transaction& tx, const Principal& who) {
        return calls.service().conversations.RemoveParticipant(tx, who, conversation, user);
      },
      [](const std::monostate&) { return NoContent(); });
}

void MarkRead(const ServiceCalls& calls, const http::ExchangePtr& ex,
              domain::IdentityClaims caller) {
  calls.Write<domain::ReadState>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, id = std::string(ex->Param("conversationId"))](Transaction& tx,
                                                              const Principal& who) {
        return calls.service().receipts.MarkConversationRead(tx, who, id);
      },
      [](const domain::ReadState& s) { return Json(HttpStatus::ok, ReadStateJson(s)); });
}

}  // namespace

void AddConversationRoutes(http::Router& router, const ServiceCalls& calls) {
  auto route = [&](http::Verb verb, std::string_view path, ServiceRoute fn) {
    AddMessagingRoute(router, calls, verb, path, fn);
  };
  route(http::Verb::post, "/conversations", Create);
  route(http::Verb::get, "/conversations", List);
  route(http::Verb::get, "/conversations/:conversationId", Get);
  route(http::Verb::get, "/conversations/:conversationId/events", Events);
  route(http::Verb::post, "/conversations/:conversationId/participants", AddParticipants);
  route(http::Verb::delete_, "/conversations/:conversationId/participants/:userId",
        RemoveParticipant);
  route(http::Verb::post, "/conversations/:conversationId/read", MarkRead);
}

}  // namespace confide::api
