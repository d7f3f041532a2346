#include "store/postgres/pg_conversation_store.h"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "store/json_id_list.h"
#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"

namespace confide::store::postgres {

std::optional<domain::Conversation> PgConversationStore::Find(const std::string& id) {
  return FirstRow(session_.ExecPrepared(sql::kFindConversation, PgParams().Add(id)),
                  ConversationFrom);
}

std::optional<std::string> PgConversationStore::FindDirect(const std::string& user_a,
                                                           const std::string& user_b) {
  return FirstRow(
      session_.ExecPrepared(sql::kFindDirectConversation, PgParams().Add(user_a).Add(user_b)),
      TextOf);
}

void PgConversationStore::LockDirectPair(const std::string& user_a, const std::string& user_b) {
  RequireWritable("ConversationStore::LockDirectPair");
  session_.Defer(sql::kLockDirectPair, PgParams().Add(user_a).Add(user_b));
}

void PgConversationStore::Insert(const domain::Conversation& c) {
  RequireWritable("ConversationStore::Insert");
  session_.Defer(sql::kInsertConversation, ConversationParams(c));
}

MessageSlot PgConversationStore::RecordMessage(const std::string& conversation_id, EpochMillis at) {
  RequireWritable("ConversationStore::RecordMessage");
  const auto slot = FirstRow(session_.ExecPrepared(sql::kRecordMessageInConversation,
                                                   PgParams().Add(conversation_id).Add(at)),
                             [](const PgResult& r, int row) {
                               return MessageSlot{.seq = r.Int(row, 0), .at = r.Int(row, 1)};
                             });
  if (!slot) throw std::logic_error("RecordMessage: no conversation " + conversation_id);
  return *slot;
}

std::vector<domain::Conversation> PgConversationStore::ListOf(const std::string& user_id,
                                                              int offset, int limit) {
  if (limit <= 0) return {};
  const PgParams params = PgParams().Add(user_id).Add(std::max(offset, 0)).Add(limit);
  return AllRows(session_.ExecPrepared(sql::kListConversationsOf, params), ConversationFrom);
}

std::vector<std::string> PgConversationStore::ActiveIdsOf(const std::string& user_id) {
  return AllRows(session_.ExecPrepared(sql::kActiveConversationIdsOf, PgParams().Add(user_id)),
                 TextOf);
}

std::vector<domain::Participant> PgConversationStore::ListParticipants(
    const std::string& conversation_id) {
  auto participants =
      AllRows(session_.ExecPrepared(sql::kListParticipants, PgParams().Add(conversation_id)),
              ParticipantFrom);
  // Sorted here rather than in SQL, as SQLite's store does: a conversation has few
  // participants.
  std::sort(participants.begin(), participants.end(), [](const auto& a, const auto& b) {
    return std::tie(a.joined_at, a.id) < std::tie(b.joined_at, b.id);
  });
  return participants;
}

std::optional<domain::Participant> PgConversationStore::FindParticipant(
    const std::string& conversation_id, const std::string& user_id) {
  return FirstRow(
      session_.ExecPrepared(sql::kFindParticipant, PgParams().Add(conversation_id).Add(user_id)),
      ParticipantFrom);
}

namespace {

std::string_view ParticipationStatement(Members members) {
  return members == Members::kRead ? sql::kFindParticipationWithMembers : sql::kFindParticipation;
}

}  // namespace

void PgConversationStore::ReadAheadParticipation(const std::string& conversation_id,
                                                 const std::string& user_id, Members members) {
  session_.ReadAhead(ParticipationStatement(members), PgParams().Add(conversation_id).Add(user_id));
}

std::optional<Participation> PgConversationStore::FindParticipation(
    const std::string& conversation_id, const std::string& user_id, Members members) {
  const std::string_view statement = ParticipationStatement(members);
  return FirstRow(session_.ExecPrepared(statement, PgParams().Add(conversation_id).Add(user_id)),
                  [members](const PgResult& r, int row) {
                    Participation found{
                        .conversation = ConversationAt(r, row, sql::kParticipantColumnCount),
                        .participant = ParticipantFrom(r, row)};
                    if (members == Members::kRead) {
                      found.members = IdsFromJsonArray(r.Text(row, sql::kParticipationColumnCount));
                    }
                    return found;
                  });
}

bool PgConversationStore::InsertParticipant(const domain::Participant& p) {
  RequireWritable("ConversationStore::InsertParticipant");
  return session_.ExecPrepared(sql::kInsertParticipant, ParticipantParams(p)).AffectedRows() == 1;
}

void PgConversationStore::UpdateParticipant(const domain::Participant& p) {
  RequireWritable("ConversationStore::UpdateParticipant");
  PgParams params;
  params.Add(p.id).Add(domain::Name(p.role)).Add(p.is_active).Add(p.left_at);
  params.Add(p.last_read_message_id);
  session_.Defer(sql::kUpdateParticipant, params);
}

void PgConversationStore::DeactivateParticipations(const std::string& user_id, EpochMillis at) {
  RequireWritable("ConversationStore::DeactivateParticipations");
  session_.Defer(sql::kDeactivateParticipations, PgParams().Add(user_id).Add(at));
}

std::vector<std::string> PgConversationStore::ContactsOf(const std::string& user_id) {
  auto ids = AllRows(session_.ExecPrepared(sql::kContactsOf, PgParams().Add(user_id)), TextOf);
  // Sorted and made distinct here: kContactsOf gives a contact once per shared conversation.
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace confide::store::postgres
