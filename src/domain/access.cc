#include "domain/access.h"

#include "domain/validation.h"

namespace confide::domain {

namespace {

Result<ConversationAccess> Require(store::Transaction& tx, const std::string& user_id,
                                   const std::string& conversation_id, store::Members members) {
  if (!IsId(conversation_id)) return Error::NotFound("Conversation not found");
  auto found = tx.conversations().FindParticipation(conversation_id, user_id, members);
  if (!found || !found->participant.is_active || !found->conversation.is_active) {
    return Error::NotFound("Conversation not found");
  }
  return ConversationAccess{std::move(found->conversation), std::move(found->participant),
                            std::move(found->members)};
}

}  // namespace

Result<ConversationAccess> RequireConversation(store::Transaction& tx, const Principal& who,
                                               const std::string& conversation_id) {
  return Require(tx, who.id(), conversation_id, store::Members::kSkip);
}

Result<ConversationAccess> RequireConversation(store::Transaction& tx, const std::string& user_id,
                                               const std::string& conversation_id) {
  return Require(tx, user_id, conversation_id, store::Members::kSkip);
}

Result<ConversationAccess> RequireConversationWithMembers(store::Transaction& tx,
                                                          const Principal& who,
                                                          const std::string& conversation_id) {
  return Require(tx, who.id(), conversation_id, store::Members::kRead);
}

Result<MessageAccess> RequireMessage(store::Transaction& tx, const Principal& who,
                                     const std::string& message_id) {
  if (!IsId(message_id)) return Error::NotFound("Message not found");
  auto message = tx.messages().Find(message_id);
  if (!message) return Error::NotFound("Message not found");
  auto access = RequireConversation(tx, who, message->conversation_id);
  if (!access) return Error::NotFound("Message not found");
  return MessageAccess{std::move(*message), std::move(access->conversation),
                       std::move(access->participant)};
}

bool BlockedEitherWay(store::Transaction& tx, const std::string& a, const std::string& b) {
  return tx.blocks().Find(a, b).has_value() || tx.blocks().Find(b, a).has_value();
}

}  // namespace confide::domain
