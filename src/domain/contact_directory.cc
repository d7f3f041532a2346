#include "domain/contact_directory.h"

#include <algorithm>
#include <unordered_set>

namespace confide::domain {

std::vector<std::string> ContactDirectory::ContactIdsOf(store::Transaction& tx,
                                                        const std::string& user_id) const {
  std::vector<std::string> ids = tx.conversations().ContactsOf(user_id);
  if (ids.empty()) return ids;
  std::unordered_set<std::string> blocked;
  for (auto& block : tx.blocks().By(user_id)) blocked.insert(std::move(block.blocked_id));
  for (auto& blocker : tx.blocks().BlockersOf(user_id)) blocked.insert(std::move(blocker));
  std::erase_if(ids, [&](const std::string& id) { return blocked.contains(id); });
  return ids;
}

std::vector<Contact> ContactDirectory::ContactsOf(store::Transaction& tx,
                                                  const std::string& user_id) const {
  const std::vector<std::string> ids = ContactIdsOf(tx, user_id);
  std::vector<Contact> contacts;
  contacts.reserve(ids.size());
  for (auto& user : tx.users().FindMany(ids)) contacts.push_back({user.id, user.last_seen_at});
  std::sort(contacts.begin(), contacts.end(),
            [](const Contact& a, const Contact& b) { return a.user_id < b.user_id; });
  return contacts;
}

EpochMillis ContactDirectory::RecordSeen(store::Transaction& tx, const std::string& user_id) const {
  const EpochMillis now = ctx_.Now();
  tx.users().RecordLastSeen(user_id, now);
  return now;
}

}  // namespace confide::domain
