#pragma once

// The names of the gateway's rooms. Every socket of a user is in that user's room; sockets
// join a conversation's, a community's or a post's room by asking for it.

#include <optional>
#include <string>
#include <string_view>

namespace confide::realtime {

inline std::string UserRoom(std::string_view user_id) { return "user:" + std::string(user_id); }
inline std::string ConversationRoom(std::string_view conversation_id) {
  return "conversation:" + std::string(conversation_id);
}
inline std::string CommunityRoom(std::string_view community_id) {
  return "community:" + std::string(community_id);
}
inline std::string PostRoom(std::string_view post_id) { return "post:" + std::string(post_id); }

inline bool IsUserRoom(std::string_view room) { return room.starts_with("user:"); }
// The user whose room `room` is, which must be a user's.
inline std::string_view UserOfRoom(std::string_view room) { return room.substr(5); }

// The conversation whose room `room` is; none for another room.
inline std::optional<std::string> ConversationOfRoom(std::string_view room) {
  constexpr std::string_view kPrefix = "conversation:";
  if (!room.starts_with(kPrefix)) return std::nullopt;
  return std::string(room.substr(kPrefix.size()));
}

}  // namespace confide::realtime
