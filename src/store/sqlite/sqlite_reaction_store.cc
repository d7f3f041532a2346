#include "store/sqlite/sqlite_reaction_store.h"

#include <algorithm>
#include <tuple>

#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {

std::vector<domain::Reaction> SqliteReactionStore::For(std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  auto s = connection_.Prepare(sql::kReactionsFor);
  s->Bind(1, JsonArray(message_ids));
  auto reactions = AllRows(s, ReactionFrom);
  // Sorted here: the rows come from several messages' index ranges, a handful each.
  std::sort(reactions.begin(), reactions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return reactions;
}

std::optional<domain::Reaction> SqliteReactionStore::Find(const std::string& message_id,
                                                          const std::string& user_id,
                                                          const std::string& emoji) {
  auto s = connection_.Prepare(sql::kFindReaction);
  s->Bind(1, message_id);
  s->Bind(2, user_id);
  s->Bind(3, emoji);
  return FirstRow(s, ReactionFrom);
}

bool SqliteReactionStore::Insert(const domain::Reaction& r) {
  RequireWritable("ReactionStore::Insert");
  auto s = connection_.Prepare(sql::kInsertReaction);
  BindReaction(*s, r);
  s->Run();
  return connection_.Changes() == 1;
}

void SqliteReactionStore::Delete(const std::string& reaction_id) {
  RequireWritable("ReactionStore::Delete");
  auto s = connection_.Prepare(sql::kDeleteReaction);
  s->Bind(1, reaction_id);
  s->Run();
}

}  // namespace confide::store::sqlite
