#pragma once

// store::MessageStore on PostgreSQL: messages, windows by seq, counts, and search through the
// trigram index or the viewer's own conversations. Its statements are in pg_statements.h.
// The search statements run with plan_cache_mode = force_custom_plan for the rest of the
// transaction (SET LOCAL): their best plan depends on the query text and the budget (the
// trigram index for a rare word, the primary key backwards for a common one), so each call is
// planned with its own parameters instead of a generic plan cached after five calls. The
// store's other statements look rows up by key, where a generic plan is as good.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/message_store.h"
#include "store/postgres/pg_store_base.h"

namespace confide::store::postgres {

class PgMessageStore final : public MessageStore, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

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
  // Has the transaction plan each statement with its parameters from now on (once).
  void PlanWithParameters();
  // The steps of a search (pg_statements.h, "Search").
  std::int64_t SearchScope(const std::string& viewer_id,
                           const std::optional<std::string>& conversation_id);
  std::optional<std::vector<std::string>> SearchCandidates(
      const std::string& viewer_id, const std::string& query,
      const std::optional<std::string>& conversation_id, int offset, int limit,
      std::int64_t budget);
  std::vector<domain::Message> SearchByViewer(const std::string& viewer_id,
                                              const std::string& query,
                                              const std::optional<std::string>& conversation_id,
                                              int offset, int limit);
  // The messages of `ids`, in that order.
  std::vector<domain::Message> InOrderOf(const std::vector<std::string>& ids);

  bool plans_with_parameters_ = false;
};

}  // namespace confide::store::postgres
