#pragma once

// What callers ask of the MessagingService, already typed (the API layer has checked JSON
// types and enum spellings); the service checks every rule on them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::domain {

struct PageRequest {
  int page = 1;
  int limit = 20;
};

struct CreateConversationInput {
  std::vector<std::string> participant_ids;
  std::optional<ConversationType> type;
  std::optional<std::string> title;
};

struct ListMessagesInput {
  std::string conversation_id;
  PageRequest page{1, 50};
  // At most one cursor: messages older than `before`, or newer than `after`.
  std::optional<std::string> before;
  std::optional<std::string> after;
};

// A conversation's log from a position on (GET /conversations/:id/events).
struct ConversationEventsInput {
  std::string conversation_id;
  std::int64_t after_seq = 0;
  int limit = 100;
};

struct SendMessageInput {
  std::string conversation_id;
  std::string content;
  std::optional<MessageType> type;
  std::optional<std::string> reply_to_id;
  std::optional<std::string> attachment_url;
  std::optional<std::string> attachment_name;
  std::optional<std::int64_t> attachment_size;
};

struct EditMessageInput {
  std::string message_id;
  std::string content;
};

struct BlockInput {
  std::string user_id;
  std::optional<std::string> reason;
};

struct SearchInput {
  std::string query;
  std::optional<std::string> conversation_id;
  PageRequest page{1, 20};
};

struct AddParticipantsInput {
  std::string conversation_id;
  std::vector<std::string> participant_ids;
};

// A user's profile as an administrator, an identity provider's webhook or `confide users`
// gives it.
struct UserUpsert {
  std::string id;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> avatar_url;
  std::optional<std::string> role;  // nullopt keeps the current role ("client" for a new user)
};

// A change to a user that the identity provider reports (Clerk's webhook), its signature
// already verified.
struct IdentityEvent {
  std::string delivery_id;                 // the provider's id of the delivery (svix-id)
  std::optional<EpochMillis> occurred_at;  // when the provider made the change, if it says
  std::optional<UserUpsert> upsert;        // user.created, user.updated
  std::optional<std::string> deleted_id;   // user.deleted
};

}  // namespace confide::domain
