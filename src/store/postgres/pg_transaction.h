#pragma once

// store::Transaction on one PostgreSQL session: one store of each kind, all on that session.
// It does not begin or end the SQL transaction itself: PgJobPool runs each job in one (BEGIN
// ... COMMIT, REPEATABLE READ READ ONLY for reads) and hands this object to the job; hand
// MakePgTransaction to PostgresOptions::make_transaction. Failures are thrown as PgError;
// the write methods of a read-only transaction throw std::logic_error.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include <cstdint>
#include <memory>

#include "store/postgres/pg_block_store.h"
#include "store/postgres/pg_community_store.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_conversation_log.h"
#include "store/postgres/pg_conversation_store.h"
#include "store/postgres/pg_message_store.h"
#include "store/postgres/pg_outbox_store.h"
#include "store/postgres/pg_reaction_store.h"
#include "store/postgres/pg_receipt_store.h"
#include "store/postgres/pg_user_store.h"
#include "store/transaction.h"

namespace confide::store::postgres {

class PgTransaction final : public Transaction {
 public:
  PgTransaction(PgConnection& session, bool read_only)
      : session_(session),
        users_(session, read_only),
        conversations_(session, read_only),
        messages_(session, read_only),
        reactions_(session, read_only),
        receipts_(session, read_only),
        blocks_(session, read_only),
        communities_(session, read_only),
        outbox_(session, read_only),
        log_(session, read_only) {}

  // The newest version in schema_version (for health checks).
  std::int64_t SchemaVersion() override;

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
  PgConnection& session_;
  PgUserStore users_;
  PgConversationStore conversations_;
  PgMessageStore messages_;
  PgReactionStore reactions_;
  PgReceiptStore receipts_;
  PgBlockStore blocks_;
  PgCommunityStore communities_;
  PgOutboxStore outbox_;
  PgConversationLog log_;
};

// A TransactionMaker (pg_job_pool.h): the PgTransaction of a job on `session`.
std::unique_ptr<Transaction> MakePgTransaction(PgConnection& session, bool read_only);

}  // namespace confide::store::postgres
