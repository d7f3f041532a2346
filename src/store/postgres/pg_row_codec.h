#pragma once

// Converts between the domain's entities and the PostgreSQL store's rows and parameters.
// Readers take one row of a result whose columns are in the order of the matching
// CONFIDE_PG_*_COLUMNS list in pg_statements.h; the *Params functions give the parameters of
// the matching INSERT ($1 = id, ...) in the same order.
// Thread-safety: stateless functions.

#include "domain/model.h"
#include "store/conversation_log.h"
#include "store/outbox_store.h"
#include "store/postgres/pg_params.h"
#include "store/postgres/pg_result.h"

namespace confide::store::postgres {

domain::User UserFrom(const PgResult& result, int row);
domain::Conversation ConversationFrom(const PgResult& result, int row);
// The conversation whose columns (CONFIDE_PG_CONVERSATION_COLUMNS) start at column `first`.
domain::Conversation ConversationAt(const PgResult& result, int row, int first);
domain::Participant ParticipantFrom(const PgResult& result, int row);
domain::Message MessageFrom(const PgResult& result, int row);
domain::Reaction ReactionFrom(const PgResult& result, int row);
domain::ReadReceipt ReceiptFrom(const PgResult& result, int row);
domain::Block BlockFrom(const PgResult& result, int row);
domain::CommunityMember CommunityMemberFrom(const PgResult& result, int row);
domain::Post PostFrom(const PgResult& result, int row);
ConversationLogRecord LogRecordFrom(const PgResult& result, int row);
OutboxRecord OutboxRecordFrom(const PgResult& result, int row);

PgParams UserParams(const domain::User& user);
PgParams ConversationParams(const domain::Conversation& conversation);
PgParams ParticipantParams(const domain::Participant& participant);
PgParams MessageParams(const domain::Message& message);
PgParams ReactionParams(const domain::Reaction& reaction);
PgParams ReceiptParams(const domain::ReadReceipt& receipt);
PgParams BlockParams(const domain::Block& block);
PgParams CommunityMemberParams(const domain::CommunityMember& member);
PgParams PostParams(const domain::Post& post);
PgParams LogRecordParams(const ConversationLogRecord& record);
// The parameters of kAppendEvent: every field but seq, which the insert assigns.
PgParams OutboxRecordParams(const OutboxRecord& event);

}  // namespace confide::store::postgres
