#pragma once

// Short constructors for the entities the store tests insert, whatever the backend.

#include <initializer_list>
#include <optional>
#include <string>

#include "domain/model.h"
#include "store/transaction.h"

namespace confide::store {

inline domain::User MakeUser(const std::string& id, EpochMillis at = 1) {
  return domain::User{.id = id,
                      .first_name = "First " + id,
                      .last_name = "Last " + id,
                      .avatar_url = std::nullopt,
                      .role = "client",
                      .created_at = at,
                      .updated_at = at};
}

inline domain::Conversation MakeConversation(
    const std::string& id, domain::ConversationType type = domain::ConversationType::kGroup,
    EpochMillis created_at = 1) {
  return domain::Conversation{.id = id,
                              .type = type,
                              .title = "Title " + id,
                              .created_by = "usr_1",
                              .created_at = created_at,
                              .updated_at = created_at};
}

inline domain::Participant MakeParticipant(const std::string& conversation_id,
                                           const std::string& user_id, EpochMillis at = 1) {
  return domain::Participant{.id = "part_" + conversation_id + "_" + user_id,
                             .conversation_id = conversation_id,
                             .user_id = user_id,
                             .joined_at = at};
}

// Numbered as a send numbers it: each message made gets a higher number than the ones made
// before it (numbers are not gap-free per conversation here, as no test needs them to be).
inline domain::Message MakeMessage(const std::string& id, const std::string& conversation_id,
                                   const std::string& sender_id,
                                   const std::string& content = "hello", EpochMillis at = 1) {
  static std::int64_t made = 0;
  return domain::Message{.id = id,
                         .conversation_id = conversation_id,
                         .sender_id = sender_id,
                         .content = content,
                         .created_at = at,
                         .seq = ++made};
}

// A conversation with its participants, all active.
inline void AddConversation(Transaction& tx, const std::string& id,
                            std::initializer_list<std::string> members,
                            domain::ConversationType type = domain::ConversationType::kGroup,
                            EpochMillis created_at = 1) {
  tx.conversations().Insert(MakeConversation(id, type, created_at));
  for (const auto& user : members) tx.conversations().InsertParticipant(MakeParticipant(id, user));
}

}  // namespace confide::store
