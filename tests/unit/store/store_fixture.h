#pragma once

// A writable SqliteTransaction on a migrated SQLite file in a fresh temporary directory, for
// the tests of SQLite's own behaviour (query plans, the virtual machine's work). The cases
// every backend runs use StoreSuite (store_suite.h).

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_transaction.h"
#include "unit/store/sqlite_store_backend.h"
#include "unit/store/store_entities.h"

namespace confide::store::sqlite {

class StoreTest : public ::testing::Test {
 protected:
  SqliteStoreBackend backend_;
  const std::string path_ = backend_.path();
  Connection* const connection_ = &backend_.connection();
  SqliteTransaction& tx_ = backend_.transaction();

  void AddConversation(const std::string& id, std::initializer_list<std::string> members,
                       domain::ConversationType type = domain::ConversationType::kGroup,
                       EpochMillis created_at = 1) {
    store::AddConversation(tx_, id, members, type, created_at);
  }
};

}  // namespace confide::store::sqlite
