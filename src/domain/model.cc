#include "domain/model.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

namespace confide::domain {
namespace {

constexpr std::array<std::pair<ConversationType, std::string_view>, 4> kConversationTypes{{
    {ConversationType::kDirect, "DIRECT"},
    {ConversationType::kGroup, "GROUP"},
    {ConversationType::kSupport, "SUPPORT"},
    {ConversationType::kTherapy, "THERAPY"},
}};

constexpr std::array<std::pair<MessageType, std::string_view>, 6> kMessageTypes{{
    {MessageType::kText, "TEXT"},
    {MessageType::kImage, "IMAGE"},
    {MessageType::kFile, "FILE"},
    {MessageType::kAudio, "AUDIO"},
    {MessageType::kVideo, "VIDEO"},
    {MessageType::kSystem, "SYSTEM"},
}};

constexpr std::array<std::pair<ParticipantRole, std::string_view>, 2> kRoles{{
    {ParticipantRole::kAdmin, "ADMIN"},
    {ParticipantRole::kMember, "MEMBER"},
}};

template <class E, std::size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [e, name] : table) {
    if (e == value) return name;
  }
  return "";
}

template <class E, std::size_t N>
std::optional<E> ParseIn(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view s) {
  for (const auto& [e, name] : table) {
    if (name == s) return e;
  }
  return std::nullopt;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string_view Name(ConversationType t) { return NameIn(kConversationTypes, t); }
std::string_view Name(ParticipantRole r) { return NameIn(kRoles, r); }
std::string_view Name(MessageType t) { return NameIn(kMessageTypes, t); }
std::string LowerName(ConversationType t) { return Lower(Name(t)); }
std::string LowerName(MessageType t) { return Lower(Name(t)); }

std::optional<ConversationType> ParseConversationType(std::string_view s) {
  return ParseIn(kConversationTypes, s);
}
std::optional<MessageType> ParseMessageType(std::string_view s) {
  return ParseIn(kMessageTypes, s);
}
std::optional<ParticipantRole> ParseParticipantRole(std::string_view s) {
  return ParseIn(kRoles, s);
}

bool NeedsAttachment(MessageType t) {
  return t == MessageType::kImage || t == MessageType::kFile || t == MessageType::kAudio ||
         t == MessageType::kVideo;
}

bool IsPrivate(ConversationType t) {
  return t == ConversationType::kDirect || t == ConversationType::kTherapy;
}

}  // namespace confide::domain
