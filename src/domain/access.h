#pragma once

// The visibility rules every operation starts with: only active participants see a
// conversation and its messages; to anyone else they do not exist (404, so existence
// does not leak).

#include <string>

#include "core/result.h"
#include "domain/model.h"
#include "domain/principal.h"
#include "store/transaction.h"

namespace confide::domain {

struct ConversationAccess {
  Conversation conversation;
  Participant participant;           // the caller's own, active
  std::vector<std::string> members;  // the active participants' user ids (WithMembers only)
};

struct MessageAccess {
  Message message;
  Conversation conversation;
  Participant participant;
};

Result<ConversationAccess> RequireConversation(store::Transaction& tx, const Principal& who,
                                               const std::string& conversation_id);
// The same for a user known only by id: a socket's user, authenticated when it connected.
Result<ConversationAccess> RequireConversation(store::Transaction& tx, const std::string& user_id,
                                               const std::string& conversation_id);
// RequireConversation, with the user ids of the conversation's active participants, caller
// included, read in the same statement.
Result<ConversationAccess> RequireConversationWithMembers(store::Transaction& tx,
                                                          const Principal& who,
                                                          const std::string& conversation_id);

Result<MessageAccess> RequireMessage(store::Transaction& tx, const Principal& who,
                                     const std::string& message_id);

// True if either user has blocked the other.
bool BlockedEitherWay(store::Transaction& tx, const std::string& a, const std::string& b);

}  // namespace confide::domain
