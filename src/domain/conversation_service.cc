#include "domain/conversation_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "domain/access.h"
#include "domain/validation.h"
#include "domain/view_builder.h"

namespace confide::domain {
namespace {

// How many log entries one page of GET /conversations/:id/events holds at most.
constexpr int kMaxLogPage = 1'000;

}  // namespace

// Linear in the ids (a hash set, one batched lookup), and counted before anything else: no
// list, however long, costs more than a conversation's worth of work.
Result<std::vector<std::string>> ConversationService::OtherUsers(
    store::Transaction& tx, const Principal& who, const std::vector<std::string>& ids) {
  if (ids.size() > ctx_.limits.max_participants) {
    return Error::Invalid({fmt::format("participantIds must contain no more than {} elements",
                                       ctx_.limits.max_participants)});
  }
  Problems problems;
  std::vector<std::string> others;
  std::unordered_set<std::string_view> seen;
  for (const auto& id : ids) {
    if (problems.empty()) CheckId(problems, "each value in participantIds", id);
    if (id != who.id() && seen.insert(id).second) others.push_back(id);
  }
  CONFIDE_RETURN_IF_ERROR(ToStatus(std::move(problems)));
  std::unordered_set<std::string> known;
  for (auto& user : tx.users().FindMany(others)) {
    if (!user.deleted_at) known.insert(std::move(user.id));
  }
  std::vector<std::string> unknown;
  for (const auto& id : others) {
    if (!known.contains(id)) unknown.push_back(id);
  }
  if (!unknown.empty()) {
    return Error::BadRequest("Unknown users in participantIds: " + ListSome(unknown));
  }
  return others;
}

Status ConversationService::CheckNewConversation(const CreateConversationInput& input,
                                                 ConversationType type, std::size_t others) const {
  Problems problems;
  if (others == 0) problems.push_back("participantIds must name at least one other user");
  if (type == ConversationType::kDirect && others > 1) {
    problems.push_back("a DIRECT conversation has exactly two participants");
  }
  if (others + 1 > ctx_.limits.max_participants) {
    problems.push_back(
        fmt::format("a conversation has at most {} participants", ctx_.limits.max_participants));
  }
  if (input.title) {
    CheckText(problems, "title", *input.title,
              {.max_length = ctx_.limits.max_title_length,
               .allow_blank = true,
               .allow_line_breaks = false});
  }
  return ToStatus(std::move(problems));
}

Participant ConversationService::NewParticipant(const std::string& conversation_id,
                                                const std::string& user_id, ParticipantRole role,
                                                EpochMillis at) {
  return Participant{.id = ctx_.ids.Next("part_"),
                     .conversation_id = conversation_id,
                     .user_id = user_id,
                     .role = role,
                     .joined_at = at};
}

Result<Change<CreatedConversation>> ConversationService::Create(
    store::Transaction& tx, const Principal& who, const CreateConversationInput& input) {
  CONFIDE_ASSIGN_OR_RETURN(auto others, OtherUsers(tx, who, input.participant_ids));
  const ConversationType type = input.type.value_or(others.size() == 1 ? ConversationType::kDirect
                                                                       : ConversationType::kGroup);
  CONFIDE_RETURN_IF_ERROR(CheckNewConversation(input, type, others.size()));

  ViewBuilder views(tx);
  if (type == ConversationType::kDirect) {
    if (BlockedEitherWay(tx, who.id(), others.front())) {
      return Error::Forbidden("You cannot start a conversation with this user");
    }
    tx.conversations().LockDirectPair(who.id(), others.front());
    if (auto existing = tx.conversations().FindDirect(who.id(), others.front())) {
      auto conversation = tx.conversations().Find(*existing);
      return Change<CreatedConversation>{
          {views.OneConversation(std::move(*conversation), who.id()), false}, {}};
    }
  }

  const EpochMillis now = ctx_.Now();
  Conversation conversation{.id = ctx_.ids.Next("conv_"),
                            .type = type,
                            .created_by = who.id(),
                            .created_at = now,
                            .updated_at = now};
  if (input.title && !IsBlank(*input.title)) conversation.title = input.title;
  tx.conversations().Insert(conversation);
  tx.conversations().InsertParticipant(
      NewParticipant(conversation.id, who.id(), ParticipantRole::kAdmin, now));
  for (const auto& id : others) {
    tx.conversations().InsertParticipant(
        NewParticipant(conversation.id, id, ParticipantRole::kMember, now));
  }
  auto view = views.OneConversation(std::move(conversation), who.id());
  Change<CreatedConversation> change{{view, true}, {}};
  ctx_.Raise(tx, change, ConversationCreated{std::move(view), who.id()});
  return change;
}

Result<std::vector<ConversationView>> ConversationService::List(store::Transaction& tx,
                                                                const Principal& who,
                                                                const PageRequest& page) {
  CONFIDE_RETURN_IF_ERROR(CheckPage(page));
  auto conversations =
      tx.conversations().ListOf(who.id(), (page.page - 1) * page.limit, page.limit);
  return ViewBuilder(tx).Conversations(std::move(conversations), who.id());
}

Result<ConversationView> ConversationService::Get(store::Transaction& tx, const Principal& who,
                                                  const std::string& conversation_id) {
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireConversation(tx, who, conversation_id));
  return ViewBuilder(tx).OneConversation(std::move(access.conversation), who.id());
}

Status ConversationService::CheckParticipant(store::Transaction& tx, const std::string& user_id,
                                             const std::string& conversation_id) {
  CONFIDE_RETURN_IF_ERROR(RequireConversation(tx, user_id, conversation_id));
  return Status::Ok();
}

Result<ConversationLogPage> ConversationService::Events(store::Transaction& tx,
                                                        const Principal& who,
                                                        const ConversationEventsInput& input) {
  CONFIDE_RETURN_IF_ERROR(RequireConversation(tx, who, input.conversation_id));
  if (input.limit < 1 || input.limit > kMaxLogPage) {
    return Error::Invalid({fmt::format("limit must be an integer between 1 and {}", kMaxLogPage)});
  }
  return ReadLog(tx, input.conversation_id, who.id(), input.after_seq, input.limit);
}

ConversationLogPage ConversationService::Replay(store::Transaction& tx,
                                                const std::string& conversation_id,
                                                std::int64_t after_seq, int limit) {
  return ReadLog(tx, conversation_id, /*viewer_id=*/"", after_seq, limit);
}

ConversationLogPage ConversationService::ReadLog(store::Transaction& tx,
                                                 const std::string& conversation_id,
                                                 const std::string& viewer_id,
                                                 std::int64_t after_seq, int limit) {
  ConversationLogPage page;
  page.last_seq = tx.log().LastSeq(conversation_id);
  // The first `limit` of the kept changes and the messages, merged by seq.
  auto kept = tx.log().After(conversation_id, after_seq, limit);
  auto sent = ViewBuilder(tx).AsSent(
      tx.messages().NumberedAfter(conversation_id, viewer_id, after_seq, limit));
  auto k = kept.begin();
  auto s = sent.begin();
  std::int64_t last = after_seq;
  while (static_cast<int>(page.events.size()) < limit && (k != kept.end() || s != sent.end())) {
    if (s == sent.end() || (k != kept.end() && k->seq < s->message.seq)) {
      last = k->seq;
      page.events.emplace_back(std::move(*k++));
    } else {
      last = s->message.seq;
      page.events.emplace_back(std::move(*s++));
    }
  }
  page.has_more = static_cast<int>(page.events.size()) == limit && last < page.last_seq;
  return page;
}

Result<Change<ConversationView>> ConversationService::AddParticipants(
    store::Transaction& tx, const Principal& who, const AddParticipantsInput& input) {
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireConversation(tx, who, input.conversation_id));
  if (access.conversation.type == ConversationType::kDirect) {
    return Error::BadRequest("Participants cannot be added to a DIRECT conversation");
  }
  if (access.participant.role != ParticipantRole::kAdmin) {
    return Error::Forbidden("Only conversation admins can add participants");
  }
  CONFIDE_ASSIGN_OR_RETURN(auto others, OtherUsers(tx, who, input.participant_ids));
  if (others.empty()) {
    return Error::Invalid({"participantIds must name at least one other user"});
  }
  std::unordered_map<std::string, Participant> current;
  std::size_t total = 0;
  for (auto& p : tx.conversations().ListParticipants(input.conversation_id)) {
    if (p.is_active) ++total;
    std::string user_id = p.user_id;
    current.emplace(std::move(user_id), std::move(p));
  }
  const EpochMillis now = ctx_.Now();
  ViewBuilder views(tx);
  views.Preload(others);  // one lookup for the events' participant views
  Change<ConversationView> change;
  for (const auto& id : others) {
    const auto it = current.find(id);
    if (it != current.end() && it->second.is_active) continue;  // already in: idempotent
    if (++total > ctx_.limits.max_participants) {
      return Error::BadRequest(
          fmt::format("a conversation has at most {} participants", ctx_.limits.max_participants));
    }
    Participant p = NewParticipant(input.conversation_id, id, ParticipantRole::kMember, now);
    if (it != current.end()) {  // a former participant comes back
      p.id = it->second.id;
      p.last_read_message_id = it->second.last_read_message_id;
      tx.conversations().UpdateParticipant(p);
    } else if (!tx.conversations().InsertParticipant(p)) {
      --total;
      continue;  // added meanwhile, by another request: that one reports it
    }
    ctx_.Raise(tx, change, ParticipantAdded{views.OneParticipant(std::move(p)), who.id()});
  }
  change.value = views.OneConversation(std::move(access.conversation), who.id());
  return change;
}

Result<Change<std::monostate>> ConversationService::RemoveParticipant(
    store::Transaction& tx, const Principal& who, const std::string& conversation_id,
    const std::string& user_id) {
  CONFIDE_ASSIGN_OR_RETURN(auto access, RequireConversation(tx, who, conversation_id));
  if (access.conversation.type == ConversationType::kDirect) {
    return Error::BadRequest("Participants cannot leave or be removed from a DIRECT conversation");
  }
  const bool leaving = user_id == who.id();
  if (!leaving && access.participant.role != ParticipantRole::kAdmin) {
    return Error::Forbidden("Only conversation admins can remove other participants");
  }
  if (!IsId(user_id)) return Error::NotFound("Participant not found");
  auto target = leaving ? std::optional(access.participant)
                        : tx.conversations().FindParticipant(conversation_id, user_id);
  if (!target || !target->is_active) return Error::NotFound("Participant not found");
  const EpochMillis now = ctx_.Now();
  target->is_active = false;
  target->left_at = now;
  target->role = ParticipantRole::kMember;
  tx.conversations().UpdateParticipant(*target);
  EnsureAdmin(tx, conversation_id);
  Change<std::monostate> change;
  ctx_.Raise(tx, change, ParticipantRemoved{conversation_id, user_id, who.id(), now});
  return change;
}

void EnsureAdmin(store::Transaction& tx, const std::string& conversation_id) {
  auto participants = tx.conversations().ListParticipants(conversation_id);
  std::erase_if(participants, [](const Participant& p) { return !p.is_active; });
  if (participants.empty()) return;
  for (const auto& p : participants) {
    if (p.role == ParticipantRole::kAdmin) return;
  }
  auto longest = std::min_element(
      participants.begin(), participants.end(), [](const Participant& a, const Participant& b) {
        return std::tie(a.joined_at, a.id) < std::tie(b.joined_at, b.id);
      });
  longest->role = ParticipantRole::kAdmin;
  tx.conversations().UpdateParticipant(*longest);
}

}  // namespace confide::domain
