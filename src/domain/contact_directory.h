#pragma once

// Whom a user's presence concerns: the people they share an active conversation with, less
// anyone either of the two blocked (presence is not shared across a block, either way), and
// when each was last seen. Presence itself (who is online now) is the gateway's.
// Thread-safety: stateless between calls; each call runs on the store thread of its job.

#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"
#include "domain/service_context.h"
#include "store/transaction.h"

namespace confide::domain {

struct Contact {
  std::string user_id;
  std::optional<EpochMillis> last_seen_at;  // when their last socket left; null if never
};

class ContactDirectory {
 public:
  explicit ContactDirectory(ServiceContext& context) : ctx_(context) {}

  // The user's contacts, sorted by id, each once.
  std::vector<Contact> ContactsOf(store::Transaction& tx, const std::string& user_id) const;
  // Their ids only: who hears of the user's status.
  std::vector<std::string> ContactIdsOf(store::Transaction& tx, const std::string& user_id) const;
  // Records that the user's last socket left now; returns that time.
  EpochMillis RecordSeen(store::Transaction& tx, const std::string& user_id) const;

 private:
  ServiceContext& ctx_;
};

}  // namespace confide::domain
