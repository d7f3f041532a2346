#pragma once

// store::MessageStore on SQLite: Messages: windows by the rowid, counts, and search through the
// FTS5 trigram index. Its statements are in transaction_sql.h. Thread-safety: used only by the
// store thread that owns the connection, for one job.

#include "store/message_store.h"
#include "store/sqlite/sqlite_store_base.h"

namespace confide::store::sqlite {

class SqliteMessageStore final : public MessageStore, private SqliteStoreBase {
 public:
  using SqliteStoreBase::SqliteStoreBase;

  std::optional<domain::Message> Find(const std::string& id) override;
  std::vector<domain::Message> FindMany(std::span<const std::string> ids) override;
  void Insert(const domain::Message& m) override;
  void Update(const domain::Message& m) override;
  std::vector<domain::Message> List(const std::string& conversation_id,
                                    const std::string& viewer_id,
                                    const MessageWindow& window) override;
  std::vector<domain::Message> NumberedAfter(const std::string& conversation_id,
                                             const std::string& viewer_id, std::int64_t after_seq,
                                             int limit) override;
  std::optional<domain::Message> LastVisible(const std::string& conversation_id,
                                             const std::string& viewer_id) override;
  std::int64_t CountFromOthers(const std::string& conversation_id, const std::string& viewer_id,
                               const std::optional<std::string>& after_id,
                               const std::optional<std::string>& up_to_id) override;
  std::vector<domain::Message> Search(const std::string& viewer_id, const std::string& query,
                                      const std::optional<std::string>& conversation_id, int offset,
                                      int limit) override;
  std::vector<std::string> RepliesTo(const std::string& message_id) override;

 private:
  // The steps of an indexed search (transaction_sql.h, "Search").
  std::int64_t SearchScope(const std::string& viewer_id,
                           const std::optional<std::string>& conversation_id);
  std::optional<std::vector<std::string>> SearchCandidates(
      const std::string& viewer_id, const std::string& phrase,
      const std::optional<std::string>& conversation_id, int offset, int limit,
      std::int64_t budget);
  // The messages of `ids`, in that order.
  std::vector<domain::Message> MessagesInOrder(const std::vector<std::string>& ids);
};

}  // namespace confide::store::sqlite
