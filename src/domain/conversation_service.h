#pragma once

// Conversations and their participants: create (DIRECT ones are unique per pair), list,
// read one, add participants, remove or leave.
// Thread-safety: stateless between calls; each call runs on the store thread of its job.

#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "domain/events.h"
#include "domain/inputs.h"
#include "domain/principal.h"
#include "domain/service_context.h"
#include "store/transaction.h"

namespace confide::domain {

struct CreatedConversation {
  ConversationView view;
  bool created = true;  // false: an existing DIRECT conversation was returned
};

// An entry of a conversation's log: a change kept as the gateway sent it, or a message sent
// (its new_message entry), read as it is now and shown as sent (ViewBuilder::AsSent).
using ConversationLogEntry = std::variant<store::ConversationLogRecord, MessageView>;

// A page of a conversation's log, and where the log ends.
struct ConversationLogPage {
  std::vector<ConversationLogEntry> events;  // ascending by seq
  std::int64_t last_seq = 0;                 // the conversation's newest sequence number
  bool has_more = false;                     // entries the caller may see follow this page
};

class ConversationService {
 public:
  explicit ConversationService(ServiceContext& context) : ctx_(context) {}

  Result<Change<CreatedConversation>> Create(store::Transaction& tx, const Principal& who,
                                             const CreateConversationInput& input);
  Result<std::vector<ConversationView>> List(store::Transaction& tx, const Principal& who,
                                             const PageRequest& page);
  Result<ConversationView> Get(store::Transaction& tx, const Principal& who,
                               const std::string& conversation_id);
  // Ok if the user is an active participant (who may follow the conversation live);
  // 404 otherwise, as for every other way of looking at it. By id: a socket keeps only its
  // user's id once it is authenticated.
  Status CheckParticipant(store::Transaction& tx, const std::string& user_id,
                          const std::string& conversation_id);
  // The conversation's log after `after_seq`, oldest first: active participants only (404),
  // leaving out the messages of users the caller blocked. At most 1,000 entries a page.
  Result<ConversationLogPage> Events(store::Transaction& tx, const Principal& who,
                                     const ConversationEventsInput& input);
  // The server's own read of the log, for no one in particular: up to `limit` entries after
  // `after_seq`, every message included (a gateway leaves out, per socket, what its user
  // blocked). The gateway of a cluster fills what it missed of a conversation with it.
  ConversationLogPage Replay(store::Transaction& tx, const std::string& conversation_id,
                             std::int64_t after_seq, int limit);
  Result<Change<ConversationView>> AddParticipants(store::Transaction& tx, const Principal& who,
                                                   const AddParticipantsInput& input);
  // An ADMIN removes someone else; anyone removes themself (leaves).
  Result<Change<std::monostate>> RemoveParticipant(store::Transaction& tx, const Principal& who,
                                                   const std::string& conversation_id,
                                                   const std::string& user_id);

 private:
  ConversationLogPage ReadLog(store::Transaction& tx, const std::string& conversation_id,
                              const std::string& viewer_id, std::int64_t after_seq, int limit);

  // The distinct ids other than the caller's, checked to name existing users.
  Result<std::vector<std::string>> OtherUsers(store::Transaction& tx, const Principal& who,
                                              const std::vector<std::string>& ids);
  Status CheckNewConversation(const CreateConversationInput& input, ConversationType type,
                              std::size_t others) const;
  Participant NewParticipant(const std::string& conversation_id, const std::string& user_id,
                             ParticipantRole role, EpochMillis at);

  ServiceContext& ctx_;
};

// Keeps a conversation administered: when its last ADMIN leaves (or their account is
// deleted), the longest-standing member becomes ADMIN.
void EnsureAdmin(store::Transaction& tx, const std::string& conversation_id);

}  // namespace confide::domain
