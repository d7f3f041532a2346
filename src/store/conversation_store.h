#pragma once

// Conversations and their participants. One implementation per backend beside it
// (sqlite/sqlite_conversation_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

using domain::EpochMillis;

class ConversationStore {
 public:
  virtual ~ConversationStore() = default;

  virtual std::optional<domain::Conversation> Find(const std::string& id) = 0;
  // The DIRECT conversation of two users, whatever the order of the pair.
  virtual std::optional<std::string> FindDirect(const std::string& user_a,
                                                const std::string& user_b) = 0;
  // Until the transaction ends, no other transaction gets past LockDirectPair for the same
  // two users, in either order: creating their DIRECT conversation (FindDirect, then Insert)
  // happens once, however many writers try at once.
  virtual void LockDirectPair(const std::string& user_a, const std::string& user_b) = 0;
  virtual void Insert(const domain::Conversation& c) = 0;
  // Records a new message: sets last_message_at and updated_at, adds one to message_count.
  virtual void RecordMessage(const std::string& conversation_id, EpochMillis at) = 0;
  // The conversations `user_id` actively takes part in, most recent activity first.
  virtual std::vector<domain::Conversation> ListOf(const std::string& user_id, int offset,
                                                   int limit) = 0;
  // The conversations in which `user_id` actively takes part (any order).
  virtual std::vector<std::string> ActiveIdsOf(const std::string& user_id) = 0;

  virtual std::vector<domain::Participant> ListParticipants(const std::string& conversation_id) = 0;
  // The user ids of the conversation's active participants, in no particular order.
  virtual std::vector<std::string> ActiveParticipantIds(const std::string& conversation_id) = 0;
  virtual std::optional<domain::Participant> FindParticipant(const std::string& conversation_id,
                                                             const std::string& user_id) = 0;
  // Stores the participant unless the user has a participation in the conversation already
  // (perhaps from a transaction that committed meanwhile): then false, and nothing changes.
  virtual bool InsertParticipant(const domain::Participant& p) = 0;
  // Writes role, is_active, left_at and last_read_message_id of an existing participant.
  virtual void UpdateParticipant(const domain::Participant& p) = 0;
  // Deactivates every participation of a user (the user was deleted).
  virtual void DeactivateParticipations(const std::string& user_id, EpochMillis at) = 0;
  // The distinct ids of the other active participants of every active conversation in which
  // `user_id` actively takes part, sorted (whose presence the user is shown).
  virtual std::vector<std::string> ContactsOf(const std::string& user_id) = 0;
};

}  // namespace confide::store
