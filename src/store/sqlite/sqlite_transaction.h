#pragma once

// store::Transaction on one SQLite connection: one store of each kind, all on that
// connection. It does not begin or end the SQL transaction itself: SqliteDatabase opens one
// around each read job and a savepoint around each write job, and hands this object to the
// job. SQLite failures are thrown as SqliteError; the write methods of a read-only
// transaction throw std::logic_error.
// Thread-safety: used only by the store thread that owns the connection, for one job.

#include <cstdint>

#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_block_store.h"
#include "store/sqlite/sqlite_community_store.h"
#include "store/sqlite/sqlite_conversation_log.h"
#include "store/sqlite/sqlite_conversation_store.h"
#include "store/sqlite/sqlite_message_store.h"
#include "store/sqlite/sqlite_outbox_store.h"
#include "store/sqlite/sqlite_reaction_store.h"
#include "store/sqlite/sqlite_receipt_store.h"
#include "store/sqlite/sqlite_user_store.h"
#include "store/transaction.h"

namespace confide::store::sqlite {

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(Connection& connection, bool read_only)
      : connection_(connection),
        users_(connection, read_only),
        conversations_(connection, read_only),
        messages_(connection, read_only),
        reactions_(connection, read_only),
        receipts_(connection, read_only),
        blocks_(connection, read_only),
        communities_(connection, read_only),
        outbox_(connection, read_only),
        log_(connection, read_only) {}

  // PRAGMA user_version: the schema version of the database (for health checks).
  std::int64_t SchemaVersion() override { return connection_.UserVersion(); }

  UserStore& users() override { return users_; }
  ConversationStore& conversations() override { return conversations_; }
  MessageStore& messages() override { return messages_; }
  ReactionStore& reactions() override { return reactions_; }
  ReceiptStore& receipts() override { return receipts_; }
  BlockStore& blocks() override { return blocks_; }
  CommunityStore& communities() override { return communities_; }
  OutboxStore& outbox() override { return outbox_; }
  ConversationLog& log() override { return log_; }

 private:
  Connection& connection_;
  SqliteUserStore users_;
  SqliteConversationStore conversations_;
  SqliteMessageStore messages_;
  SqliteReactionStore reactions_;
  SqliteReceiptStore receipts_;
  SqliteBlockStore blocks_;
  SqliteCommunityStore communities_;
  SqliteOutboxStore outbox_;
  SqliteConversationLog log_;
};

}  // namespace confide::store::sqlite
