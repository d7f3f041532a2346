#include "store/postgres/pg_reaction_store.h"

#include <algorithm>
#include <tuple>

#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"
#include "store/postgres/pg_text_array.h"

namespace confide::store::postgres {

std::vector<domain::Reaction> PgReactionStore::For(std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  auto reactions =
      AllRows(session_.ExecPrepared(sql::kReactionsFor, PgParams().Add(PgTextArray(message_ids))),
              ReactionFrom);
  // Sorted here: the rows come from a handful of reactions per message.
  std::sort(reactions.begin(), reactions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return reactions;
}

std::optional<domain::Reaction> PgReactionStore::Find(const std::string& message_id,
                                                      const std::string& user_id,
                                                      const std::string& emoji) {
  return FirstRow(
      session_.ExecPrepared(sql::kFindReaction, PgParams().Add(message_id).Add(user_id).Add(emoji)),
      ReactionFrom);
}

bool PgReactionStore::Insert(const domain::Reaction& r) {
  RequireWritable("ReactionStore::Insert");
  return session_.ExecPrepared(sql::kInsertReaction, ReactionParams(r)).AffectedRows() == 1;
}

void PgReactionStore::Delete(const std::string& reaction_id) {
  RequireWritable("ReactionStore::Delete");
  session_.Defer(sql::kDeleteReaction, PgParams().Add(reaction_id));
}

}  // namespace confide::store::postgres
