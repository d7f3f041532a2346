#pragma once

// Users as the platform's identity provider and the admin API keep them, when they were last
// seen by the real-time gateway, and the identity provider's webhook deliveries already
// processed. One implementation per backend beside it (sqlite/sqlite_user_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

using domain::EpochMillis;

class UserStore {
 public:
  virtual ~UserStore() = default;

  virtual std::optional<domain::User> Find(const std::string& id) = 0;
  // The users among `ids` that exist (deleted ones included), in no particular order.
  virtual std::vector<domain::User> FindMany(std::span<const std::string> ids) = 0;
  // Creates the user or updates names, avatar, role and deleted_at; created_at is kept from
  // the first insert, last_seen_at left alone.
  virtual void Upsert(const domain::User& user) = 0;
  // Sets the user's last_seen_at.
  virtual void RecordLastSeen(const std::string& user_id, EpochMillis at) = 0;

  // Records a webhook delivery's id; false if it was already recorded.
  virtual bool RecordDelivery(const std::string& delivery_id, EpochMillis at) = 0;
  // Forgets deliveries received before `before`.
  virtual void PruneDeliveries(EpochMillis before) = 0;
};

}  // namespace confide::store
