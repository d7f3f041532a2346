#pragma once

// Conversations and their participants. One implementation per backend beside it
// (sqlite/sqlite_conversation_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

using domain::EpochMillis;

// A message's place in its conversation (ConversationStore::RecordMessage).
struct MessageSlot {
  std::int64_t seq = 0;  // its sequence number
  EpochMillis at = 0;    // its time
};

// A user's participation in a conversation, with the conversation.
struct Participation {
  domain::Conversation conversation;
  domain::Participant participant;
  // The user ids of the conversation's active participants, in no particular order; read
  // only when asked for (Members::kRead).
  std::vector<std::string> members;
};

// Whether FindParticipation also reads the conversation's active members.
enum class Members : bool { kSkip, kRead };

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
  // Records a message sent at `at`: takes the conversation's next sequence number (as
  // ConversationLog::NextSeq does, in the same statement), sets last_message_at, activity_at
  // and updated_at to the message's time and adds one to message_count. The message's time is
  // `at`, or the conversation's last message's time if that is later: a message never has an
  // earlier time than one numbered before it (with several writers, `at` may be taken before
  // another writer's message commits). Throws if the conversation does not exist.
  virtual MessageSlot RecordMessage(const std::string& conversation_id, EpochMillis at) = 0;
  // The conversations `user_id` actively takes part in, most recent activity first.
  virtual std::vector<domain::Conversation> ListOf(const std::string& user_id, int offset,
                                                   int limit) = 0;
  // The conversations in which `user_id` actively takes part (any order).
  virtual std::vector<std::string> ActiveIdsOf(const std::string& user_id) = 0;

  virtual std::vector<domain::Participant> ListParticipants(const std::string& conversation_id) = 0;
  virtual std::optional<domain::Participant> FindParticipant(const std::string& conversation_id,
                                                             const std::string& user_id) = 0;
  // FindParticipant and Find (and with Members::kRead, the active members' ids) in one
  // read: nullopt if `user_id` never took part in the conversation (active or not), or there
  // is no such conversation.
  virtual std::optional<Participation> FindParticipation(const std::string& conversation_id,
                                                         const std::string& user_id,
                                                         Members members) = 0;
  // Says that FindParticipation(conversation_id, user_id, members) comes soon, so that a
  // backend whose reads are round trips may send it along with the next one. Changes nothing.
  virtual void ReadAheadParticipation(const std::string& conversation_id,
                                      const std::string& user_id, Members members) = 0;
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
