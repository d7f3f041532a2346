#pragma once

// The database as the service layer sees it within one transaction: a store per part of the
// domain, each an interface in the domain's words with one implementation per backend
// (sqlite/, postgres/). A read-only transaction refuses the write methods (a broken
// invariant: they throw std::logic_error).
// Thread-safety: a Transaction belongs to the store thread that runs the job it was given to.

#include <cstdint>

#include "store/block_store.h"
#include "store/community_store.h"
#include "store/conversation_log.h"
#include "store/conversation_store.h"
#include "store/message_store.h"
#include "store/outbox_store.h"
#include "store/reaction_store.h"
#include "store/receipt_store.h"
#include "store/user_store.h"

namespace confide::store {

class Transaction {
 public:
  virtual ~Transaction() = default;

  // The schema version of the database (a cheap query; the health check uses it).
  virtual std::int64_t SchemaVersion() = 0;

  virtual UserStore& users() = 0;
  virtual ConversationStore& conversations() = 0;
  virtual MessageStore& messages() = 0;
  virtual ReactionStore& reactions() = 0;
  virtual ReceiptStore& receipts() = 0;
  virtual BlockStore& blocks() = 0;
  virtual CommunityStore& communities() = 0;
  virtual OutboxStore& outbox() = 0;
  virtual ConversationLog& log() = 0;
};

}  // namespace confide::store
