#pragma once

// The messaging entities as the rules see them, and the views the API returns (an entity
// with the rows it is shown with: a message with its sender, reply preview, reactions and
// read receipts). Plain values: no I/O, no wire format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace confide::domain {

using core::EpochMillis;

enum class ConversationType { kDirect, kGroup, kSupport, kTherapy };
enum class ParticipantRole { kAdmin, kMember };
enum class MessageType { kText, kImage, kFile, kAudio, kVideo, kSystem };

// Wire names: "DIRECT", "ADMIN", "TEXT", ...
std::string_view Name(ConversationType t);
std::string_view Name(ParticipantRole r);
std::string_view Name(MessageType t);
// Event names, lower case: "direct", "text", ...
std::string LowerName(ConversationType t);
std::string LowerName(MessageType t);
std::optional<ConversationType> ParseConversationType(std::string_view s);
std::optional<MessageType> ParseMessageType(std::string_view s);
std::optional<ParticipantRole> ParseParticipantRole(std::string_view s);

// True for message types that carry a file and so need the attachment fields.
bool NeedsAttachment(MessageType t);
// DIRECT and THERAPY conversations are private (events say so downstream).
bool IsPrivate(ConversationType t);

struct User {
  std::string id;
  std::string first_name;
  std::string last_name;
  std::optional<std::string> avatar_url;
  std::string role = "client";
  EpochMillis created_at = 0;
  EpochMillis updated_at = 0;
  std::optional<EpochMillis> deleted_at;
  std::optional<EpochMillis> last_seen_at;  // when their last real-time socket left
};

struct Conversation {
  std::string id;
  ConversationType type = ConversationType::kDirect;
  std::optional<std::string> title;
  std::string created_by;
  EpochMillis created_at = 0;
  EpochMillis updated_at = 0;
  std::optional<EpochMillis> last_message_at;
  bool is_active = true;
  std::int64_t message_count = 0;
};

struct Participant {
  std::string id;
  std::string conversation_id;
  std::string user_id;
  ParticipantRole role = ParticipantRole::kMember;
  EpochMillis joined_at = 0;
  std::optional<EpochMillis> left_at;
  bool is_active = true;
  // The newest message this participant has read; ids are time-ordered.
  std::optional<std::string> last_read_message_id;
};

struct Message {
  std::string id;
  std::string conversation_id;
  std::string sender_id;
  std::string content;
  MessageType type = MessageType::kText;
  EpochMillis created_at = 0;
  bool is_edited = false;
  std::optional<EpochMillis> edited_at;
  bool is_deleted = false;
  std::optional<EpochMillis> deleted_at;
  std::optional<std::string> reply_to_id;
  std::optional<std::string> attachment_url;
  std::optional<std::string> attachment_name;
  std::optional<std::int64_t> attachment_size;
  // The conversation's sequence number of the change that sent it (store::Transaction::
  // NextConversationSeq).
  std::int64_t seq = 0;
};

struct Reaction {
  std::string id;
  std::string message_id;
  std::string user_id;
  std::string emoji;
  EpochMillis created_at = 0;
};

struct ReadReceipt {
  std::string id;
  std::string message_id;
  std::string user_id;
  EpochMillis read_at = 0;
};

struct Block {
  std::string blocker_id;
  std::string blocked_id;
  std::optional<std::string> reason;
  EpochMillis created_at = 0;
};

// A user's membership of a community. Communities and posts belong to the platform; confide
// keeps only what the real-time gateway checks joins against.
struct CommunityMember {
  std::string community_id;
  std::string user_id;
  EpochMillis joined_at = 0;
};

struct Post {
  std::string id;
  std::string community_id;
  EpochMillis created_at = 0;
};

// ---- Views: an entity with what it is shown with. ----

struct ParticipantView {
  Participant participant;
  User user;
};

struct ReactionView {
  Reaction reaction;
  User user;
};

struct ReadReceiptView {
  ReadReceipt receipt;
  User user;
};

struct ReplyPreview {
  std::string id;
  std::string content;
  bool is_deleted = false;
  User sender;
};

struct MessageView {
  Message message;
  User sender;
  std::optional<ReplyPreview> reply_to;
  std::vector<ReactionView> reactions;
  std::vector<ReadReceiptView> read_receipts;
};

struct ConversationView {
  Conversation conversation;
  std::vector<ParticipantView> participants;
  // The newest message the viewer may see, if any (with its sender only).
  std::optional<MessageView> last_message;
  std::int64_t unread_count = 0;
};

struct SearchHit {
  Message message;
  User sender;
  Conversation conversation;
};

}  // namespace confide::domain
