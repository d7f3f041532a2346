#include "api/message_routes.h"

#include "api/body_reader.h"
#include "api/json_views.h"
#include "api/query_reader.h"
#include "api/route_support.h"

namespace confide::api {
namespace {

using domain::MessageView;
using domain::Principal;
using store::Transaction;
using HttpStatus = http::HttpStatus;

const std::vector<std::string> kMessageTypes = {"TEXT",  "IMAGE", "FILE",
                                                "AUDIO", "VIDEO", "SYSTEM"};

Result<domain::SendMessageInput> ParseSend(std::string_view body) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  domain::SendMessageInput input;
  input.content = reader.String("content", true).value_or("");
  if (auto type = reader.OneOf("messageType", kMessageTypes, false)) {
    input.type = domain::ParseMessageType(*type);
  }
  input.reply_to_id = reader.String("replyToId", false);
  input.attachment_url = reader.String("attachmentUrl", false);
  input.attachment_name = reader.String("attachmentName", false);
  input.attachment_size = reader.Integer("attachmentSize", false);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return input;
}

Result<std::string> ParseContentOnly(std::string_view body) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  auto content = reader.String("content", true);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return std::move(*content);
}

Result<domain::ListMessagesInput> ParseList(const http::Exchange& ex) {
  QueryReader query(ex);
  domain::ListMessagesInput input;
  input.conversation_id = std::string(ex.Param("conversationId"));
  input.page = query.Page(50);
  input.before = query.String("before", false);
  input.after = query.String("after", false);
  CONFIDE_RETURN_IF_ERROR(query.Finish());
  if ((input.before || input.after) && ex.Query("page")) {
    return Error::BadRequest("page cannot be combined with before or after");
  }
  return input;
}

void List(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  auto input = ParseList(*ex);
  if (!input.ok()) return http::RespondError(*ex, input.error());
  calls.Read<std::vector<MessageView>>(
      ex, std::move(caller),
      [&calls, input = std::move(*input)](Transaction& tx, const Principal& who) {
        return calls.service().messages.List(tx, who, input);
      },
      [](const std::vector<MessageView>& list) {
        return Json(HttpStatus::ok, ArrayJson(list, MessageJson));
      });
}

void Send(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  auto input = ParseSend(ex->request().body());
  if (!input.ok()) return http::RespondError(*ex, input.error());
  input->conversation_id = std::string(ex->Param("conversationId"));
  const std::string lane = input->conversation_id;
  auto shared = std::make_shared<const domain::SendMessageInput>(std::move(*input));
  calls.Write<MessageView>(
      ex, std::move(caller), WriteKind::kMessage,
      [&calls, shared](Transaction& tx, const Principal& who) {
        return calls.service().messages.Send(tx, who, *shared);
      },
      [](const MessageView& m) { return Json(HttpStatus::created, MessageJson(m)); }, lane,
      [&calls, shared](Transaction& tx, const std::string& caller_id) {
        calls.service().messages.ReadAheadForSend(tx, caller_id, *shared);
      });
}

void Edit(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  auto content = ParseContentOnly(ex->request().body());
  if (!content.ok()) return http::RespondError(*ex, content.error());
  domain::EditMessageInput input{std::string(ex->Param("messageId")), std::move(*content)};
  calls.Write<MessageView>(
      ex, std::move(caller), WriteKind::kMessage,
      [&calls, input = std::move(input)](Transaction& tx, const Principal& who) {
        return calls.service().messages.Edit(tx, who, input);
      },
      [](const MessageView& m) { return Json(HttpStatus::ok, MessageJson(m)); });
}

void Delete(const ServiceCalls& calls, const http::ExchangePtr& ex, domain::IdentityClaims caller) {
  calls.Write<std::monostate>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, id = std::string(ex->Param("messageId"))](Transaction& tx, const Principal& who) {
        return calls.service().messages.Delete(tx, who, id);
      },
      [](const std::monostate&) { return NoContent(); });
}

void MarkRead(const ServiceCalls& calls, const http::ExchangePtr& ex,
              domain::IdentityClaims caller) {
  calls.Write<domain::ReadState>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, id = std::string(ex->Param("messageId"))](Transaction& tx, const Principal& who) {
        return calls.service().receipts.MarkRead(tx, who, id);
      },
      [](const domain::ReadState& s) { return Json(HttpStatus::ok, ReadStateJson(s)); });
}

Result<std::string> ParseEmoji(std::string_view body) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  auto emoji = reader.String("emoji", true);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return std::move(*emoji);
}

void AddReaction(const ServiceCalls& calls, const http::ExchangePtr& ex,
                 domain::IdentityClaims caller) {
  auto emoji = ParseEmoji(ex->request().body());
  if (!emoji.ok()) return http::RespondError(*ex, emoji.error());
  calls.Write<domain::ReactionView>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, id = std::string(ex->Param("messageId")), emoji = std::move(*emoji)](
          Transaction& tx, const Principal& who) {
        return calls.service().reactions.Add(tx, who, id, emoji);
      },
      [](const domain::ReactionView& r) { return Json(HttpStatus::created, ReactionJson(r)); });
}

void RemoveReaction(const ServiceCalls& calls, const http::ExchangePtr& ex,
                    domain::IdentityClaims caller) {
  calls.Write<std::monostate>(
      ex, std::move(caller), WriteKind::kOther,
      [&calls, id = std::string(ex->Param("messageId")), emoji = std::string(ex->Param("emoji"))](
          Transaction& tx, const Principal& who) {
        return calls.service().reactions.Remove(tx, who, id, emoji);
      },
      [](const std::monostate&) { return NoContent(); });
}

}  // namespace

void AddMessageRoutes(http::Router& router, const ServiceCalls& calls) {
  auto route = [&](http::Verb verb, std::string_view path, ServiceRoute fn) {
    AddMessagingRoute(router, calls, verb, path, fn);
  };
  route(http::Verb::get, "/conversations/:conversationId/messages", List);
  route(http::Verb::post, "/conversations/:conversationId/messages", Send);
  route(http::Verb::put, "/messages/:messageId", Edit);
  route(http::Verb::delete_, "/messages/:messageId", Delete);
  route(http::Verb::post, "/messages/:messageId/read", MarkRead);
  route(http::Verb::post, "/messages/:messageId/reactions", AddReaction);
  route(http::Verb::delete_, "/messages/:messageId/reactions/:emoji", RemoveReaction);
}

}  // namespace confide::api
