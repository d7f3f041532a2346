#pragma once

// Reactions to messages. One implementation per backend beside it
// (sqlite/sqlite_reaction_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

class ReactionStore {
 public:
  virtual ~ReactionStore() = default;

  // The reactions to `message_ids`, oldest first.
  virtual std::vector<domain::Reaction> For(std::span<const std::string> message_ids) = 0;
  virtual std::optional<domain::Reaction> Find(const std::string& message_id,
                                               const std::string& user_id,
                                               const std::string& emoji) = 0;
  // Stores the reaction unless the user already reacted with that emoji to that message
  // (perhaps in a transaction that committed meanwhile): then false, and nothing changes.
  virtual bool Insert(const domain::Reaction& r) = 0;
  virtual void Delete(const std::string& reaction_id) = 0;
};

}  // namespace confide::store
