#include "domain/receipt_service.h"

#include "domain/access.h"

namespace confide::domain {

std::optional<DomainEvent> ReceiptService::Read(store::Transaction& tx, Participant& reader,
                                                const Message& message) {
  const auto previous = reader.last_read_message_id;
  // Ids are time-ordered, so comparing them compares positions in the conversation.
  if (!previous || *previous < message.id) {
    reader.last_read_message_id = message.id;
    tx.conversations().UpdateParticipant(reader);
  }
  if (message.sender_id == reader.user_id) return std::nullopt;  // own messages need no receipt
  if (tx.receipts().Find(message.id, reader.user_id)) return std::nullopt;
  const EpochMillis now = ctx_.Now();
  const bool stored = tx.receipts().Insert(ReadReceipt{.id = ctx_.ids.Next("receipt_"),
                                                       .message_id = message.id,
                                                       .user_id = reader.user_id,
                                                       .read_at = now});
  if (!stored) return std::nullopt;  // read meanwhile, by another of the reader's requests
  const auto since =
      tx.messages().CountFromOthers(message.conversation_id, reader.user_id, previous, message.id);
  return MessageRead{message.id, message.conversation_id, reader.user_id, now, since};
}

ReadState ReceiptService::StateOf(store::Transaction& tx, const Participant& reader) {
  return {reader.last_read_message_id,
          tx.messages().CountFromOthers(reader.conversation_id, reader.user_id,
                                        reader.last_read_message_id, std::nullopt)};
}

Result<Change<ReadState>> ReceiptService::MarkRead(store::Transaction& tx, const Principal& who,
                                                   const std::string& message_id) {
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireMessage(tx, who, message_id));
  Change<ReadState> change;
  if (auto event = Read(tx, access.participant, access.message)) {
    ctx_.Raise(tx, change, std::move(*event));
  }
  change.value = StateOf(tx, access.participant);
  return change;
}

Result<Change<ReadState>> ReceiptService::MarkConversationRead(store::Transaction& tx,
                                                               const Principal& who,
                                                               const std::string& conversation_id) {
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireConversation(tx, who, conversation_id));
  Change<ReadState> change;
  if (auto newest = tx.messages().LastVisible(conversation_id, who.id())) {
    if (auto event = Read(tx, access.participant, *newest)) {
      ctx_.Raise(tx, change, std::move(*event));
    }
  }
  change.value = StateOf(tx, access.participant);
  return change;
}

}  // namespace confide::domain
