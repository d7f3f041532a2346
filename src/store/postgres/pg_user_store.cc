#include "store/postgres/pg_user_store.h"

#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"
#include "store/postgres/pg_text_array.h"

namespace confide::store::postgres {

std::optional<domain::User> PgUserStore::Find(const std::string& id) {
  return FirstRow(session_.ExecPrepared(sql::kFindUser, PgParams().Add(id)), UserFrom);
}

std::vector<domain::User> PgUserStore::FindMany(std::span<const std::string> ids) {
  if (ids.empty()) return {};
  return AllRows(session_.ExecPrepared(sql::kFindUsers, PgParams().Add(PgTextArray(ids))),
                 UserFrom);
}

void PgUserStore::Upsert(const domain::User& user) {
  RequireWritable("UserStore::Upsert");
  session_.Defer(sql::kUpsertUser, UserParams(user));
}

void PgUserStore::RecordLastSeen(const std::string& user_id, EpochMillis at) {
  RequireWritable("UserStore::RecordLastSeen");
  session_.Defer(sql::kRecordLastSeen, PgParams().Add(user_id).Add(at));
}

// kRecordDelivery returns its row only when the delivery is new.
bool PgUserStore::RecordDelivery(const std::string& delivery_id, EpochMillis at) {
  RequireWritable("UserStore::RecordDelivery");
  return session_.ExecPrepared(sql::kRecordDelivery, PgParams().Add(delivery_id).Add(at)).rows() ==
         1;
}

void PgUserStore::PruneDeliveries(EpochMillis before) {
  RequireWritable("UserStore::PruneDeliveries");
  session_.Defer(sql::kPruneDeliveries, PgParams().Add(before));
}

}  // namespace confide::store::postgres
