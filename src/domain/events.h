#pragma once

// What happened: every state change of the MessagingService reports its events, once, so
// that the real-time gateway can broadcast them and the outbox can record them in the same
// transaction as the change. The events of a change visible in a conversation carry the
// conversation's sequence number of that change (`seq`; MessageSent: its message's seq),
// which ServiceContext::Raise takes when the service has not.

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "domain/model.h"

namespace confide::domain {

struct ConversationCreated {
  ConversationView conversation;
  std::string created_by;
};

struct MessageSent {
  MessageView message;
  ConversationType conversation_type = ConversationType::kDirect;
  std::vector<std::string> recipient_ids;  // the other active participants
};

struct MessageUpdated {
  MessageView message;
  std::int64_t seq = 0;
};

struct MessageDeleted {
  std::string message_id;
  std::string conversation_id;
  std::string sender_id;
  std::string deleted_by;
  EpochMillis deleted_at = 0;
  std::int64_t seq = 0;
};

struct MessageRead {
  std::string message_id;
  std::string conversation_id;
  std::string user_id;
  EpochMillis read_at = 0;
  std::int64_t messages_since_last_read = 0;
  std::int64_t seq = 0;
};

struct ReactionAdded {
  ReactionView reaction;
  std::string conversation_id;
  std::int64_t seq = 0;
};

struct ReactionRemoved {
  ReactionView reaction;
  std::string conversation_id;
  EpochMillis removed_at = 0;
  std::int64_t seq = 0;
};

struct UserBlocked {
  Block block;
};

struct UserUnblocked {
  std::string blocker_id;
  std::string blocked_id;
  EpochMillis at = 0;
};

struct ParticipantAdded {
  ParticipantView participant;
  std::string added_by;
  std::int64_t seq = 0;
};

struct ParticipantRemoved {
  std::string conversation_id;
  std::string user_id;
  std::string removed_by;
  EpochMillis at = 0;
  std::int64_t seq = 0;
};

// The account is gone (the admin API or the identity provider deleted it); its
// participations ended with it, each raised as ParticipantRemoved (removed_by the user).
struct UserDeleted {
  std::string user_id;
  EpochMillis at = 0;
};

// Communities and posts, as the platform's services report them (internal API); they tell
// the gateway whom to take out of a community's room, and which post rooms to check again.
struct CommunityMemberAdded {
  CommunityMember member;
};

struct CommunityMemberRemoved {
  std::string community_id;
  std::string user_id;
  EpochMillis at = 0;
};

struct PostUpserted {
  Post post;
  std::optional<std::string> previous_community_id;  // set when the post moved
};

struct PostRemoved {
  std::string post_id;
  std::string community_id;
  EpochMillis at = 0;
};

using DomainEvent =
    std::variant<ConversationCreated, MessageSent, MessageUpdated, MessageDeleted, MessageRead,
                 ReactionAdded, ReactionRemoved, UserBlocked, UserUnblocked, ParticipantAdded,
                 ParticipantRemoved, UserDeleted, CommunityMemberAdded, CommunityMemberRemoved,
                 PostUpserted, PostRemoved>;

// The result of a state change: the value the caller is answered with and the events the
// change raised (none when it changed nothing, as with an idempotent repeat).
template <class T>
struct Change {
  T value;
  std::vector<DomainEvent> events;
};

}  // namespace confide::domain
