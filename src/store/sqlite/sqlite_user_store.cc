#include "store/sqlite/sqlite_user_store.h"

#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {

std::optional<domain::User> SqliteUserStore::Find(const std::string& id) {
  auto s = connection_.Prepare(sql::kFindUser);
  s->Bind(1, id);
  return FirstRow(s, UserFrom);
}

std::vector<domain::User> SqliteUserStore::FindMany(std::span<const std::string> ids) {
  if (ids.empty()) return {};
  auto s = connection_.Prepare(sql::kFindUsers);
  s->Bind(1, JsonArray(ids));
  return AllRows(s, UserFrom);
}

void SqliteUserStore::Upsert(const domain::User& user) {
  RequireWritable("UserStore::Upsert");
  auto s = connection_.Prepare(sql::kUpsertUser);
  BindUser(*s, user);
  s->Run();
}

void SqliteUserStore::RecordLastSeen(const std::string& user_id, EpochMillis at) {
  RequireWritable("UserStore::RecordLastSeen");
  auto s = connection_.Prepare(sql::kRecordLastSeen);
  s->Bind(1, user_id);
  s->Bind(2, at);
  s->Run();
}

bool SqliteUserStore::RecordDelivery(const std::string& delivery_id, EpochMillis at) {
  RequireWritable("UserStore::RecordDelivery");
  auto s = connection_.Prepare(sql::kRecordDelivery);
  s->Bind(1, delivery_id);
  s->Bind(2, at);
  s->Run();
  return connection_.Changes() == 1;
}

void SqliteUserStore::PruneDeliveries(EpochMillis before) {
  RequireWritable("UserStore::PruneDeliveries");
  auto s = connection_.Prepare(sql::kPruneDeliveries);
  s->Bind(1, before);
  s->Run();
}

}  // namespace confide::store::sqlite
