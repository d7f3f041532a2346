#include "store/sqlite/sqlite_conversation_store.h"

#include <algorithm>
#include <stdexcept>

#include "store/json_id_list.h"
#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {

std::optional<domain::Conversation> SqliteConversationStore::Find(const std::string& id) {
  auto s = connection_.Prepare(sql::kFindConversation);
  s->Bind(1, id);
  return FirstRow(s, ConversationFrom);
}

std::optional<std::string> SqliteConversationStore::FindDirect(const std::string& user_a,
                                                               const std::string& user_b) {
  auto s = connection_.Prepare(sql::kFindDirectConversation);
  s->Bind(1, user_a);
  s->Bind(2, user_b);
  return FirstRow(s, [](const Statement& row) { return row.Text(0); });
}

void SqliteConversationStore::Insert(const domain::Conversation& c) {
  RequireWritable("ConversationStore::Insert");
  auto s = connection_.Prepare(sql::kInsertConversation);
  BindConversation(*s, c);
  s->Run();
}

MessageSlot SqliteConversationStore::RecordMessage(const std::string& conversation_id,
                                                   EpochMillis at) {
  RequireWritable("ConversationStore::RecordMessage");
  auto s = connection_.Prepare(sql::kRecordMessageInConversation);
  s->Bind(1, conversation_id);
  s->Bind(2, at);
  auto slot = FirstRow(
      s, [](const Statement& row) { return MessageSlot{.seq = row.Int(0), .at = row.Int(1)}; });
  if (!slot) throw std::logic_error("RecordMessage: no conversation " + conversation_id);
  return *slot;
}

std::vector<domain::Conversation> SqliteConversationStore::ListOf(const std::string& user_id,
                                                                  int offset, int limit) {
  if (limit <= 0) return {};
  auto s = connection_.Prepare(sql::kListConversationsOf);
  s->Bind(1, user_id);
  s->Bind(2, std::max(offset, 0));
  s->Bind(3, limit);
  return AllRows(s, ConversationFrom);
}

std::vector<std::string> SqliteConversationStore::ActiveIdsOf(const std::string& user_id) {
  auto s = connection_.Prepare(sql::kActiveConversationIdsOf);
  s->Bind(1, user_id);
  return AllRows(s, [](const Statement& row) { return row.Text(0); });
}

std::vector<domain::Participant> SqliteConversationStore::ListParticipants(
    const std::string& conversation_id) {
  auto s = connection_.Prepare(sql::kListParticipants);
  s->Bind(1, conversation_id);
  auto participants = AllRows(s, ParticipantFrom);
  // Sorted here rather than in SQL: a conversation has few participants, and the index the
  // query uses is ordered by user.
  std::sort(participants.begin(), participants.end(), [](const auto& a, const auto& b) {
    return std::tie(a.joined_at, a.id) < std::tie(b.joined_at, b.id);
  });
  return participants;
}

std::optional<domain::Participant> SqliteConversationStore::FindParticipant(
    const std::string& conversation_id, const std::string& user_id) {
  auto s = connection_.Prepare(sql::kFindParticipant);
  s->Bind(1, conversation_id);
  s->Bind(2, user_id);
  return FirstRow(s, ParticipantFrom);
}

// Each read is a call into the library: there is no round trip to save.
void SqliteConversationStore::ReadAheadParticipation(const std::string&, const std::string&,
                                                     Members) {}

std::optional<Participation> SqliteConversationStore::FindParticipation(
    const std::string& conversation_id, const std::string& user_id, Members members) {
  auto s = connection_.Prepare(members == Members::kRead ? sql::kFindParticipationWithMembers
                                                         : sql::kFindParticipation);
  s->Bind(1, conversation_id);
  s->Bind(2, user_id);
  return FirstRow(s, [members](const Statement& row) {
    Participation found{.conversation = ConversationAt(row, sql::kParticipantColumnCount),
                        .participant = ParticipantFrom(row)};
    if (members == Members::kRead) {
      found.members = IdsFromJsonArray(row.Text(sql::kParticipationColumnCount));
    }
    return found;
  });
}

bool SqliteConversationStore::InsertParticipant(const domain::Participant& p) {
  RequireWritable("ConversationStore::InsertParticipant");
  auto s = connection_.Prepare(sql::kInsertParticipant);
  BindParticipant(*s, p);
  s->Run();
  return connection_.Changes() == 1;
}

void SqliteConversationStore::UpdateParticipant(const domain::Participant& p) {
  RequireWritable("ConversationStore::UpdateParticipant");
  auto read_mark = connection_.Prepare(sql::kUpdateParticipantReadMark);
  read_mark->Bind(1, p.id);
  read_mark->Bind(2, p.last_read_message_id);
  read_mark->Run();
  auto membership = connection_.Prepare(sql::kUpdateParticipantMembership);
  membership->Bind(1, p.id);
  membership->Bind(2, domain::Name(p.role));
  membership->Bind(3, p.is_active);
  membership->Bind(4, p.left_at);
  membership->Run();
}

void SqliteConversationStore::DeactivateParticipations(const std::string& user_id, EpochMillis at) {
  RequireWritable("ConversationStore::DeactivateParticipations");
  auto s = connection_.Prepare(sql::kDeactivateParticipations);
  s->Bind(1, user_id);
  s->Bind(2, at);
  s->Run();
}

std::vector<std::string> SqliteConversationStore::ContactsOf(const std::string& user_id) {
  auto s = connection_.Prepare(sql::kContactsOf);
  s->Bind(1, user_id);
  auto ids = AllRows(s, [](const Statement& row) { return row.Text(0); });
  // Sorted and made distinct here: the rows are the user's own conversations' participants.
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace confide::store::sqlite
