#pragma once

// Converts between the domain's entities and statement rows and parameters. Readers expect
// the column order of the matching CONFIDE_*_COLUMNS list in transaction_sql.h; binders
// fill the parameters of the matching INSERT in the same order (?1 = id, ...).
// Thread-safety: stateless functions.

#include "domain/model.h"
#include "store/sqlite/statement.h"

namespace confide::store::sqlite {

domain::User UserFrom(const Statement& row);
domain::Conversation ConversationFrom(const Statement& row);
// The conversation whose columns (CONFIDE_CONVERSATION_COLUMNS) start at column `first`.
domain::Conversation ConversationAt(const Statement& row, int first);
domain::Participant ParticipantFrom(const Statement& row);
domain::Message MessageFrom(const Statement& row);
domain::Reaction ReactionFrom(const Statement& row);
domain::ReadReceipt ReceiptFrom(const Statement& row);
domain::Block BlockFrom(const Statement& row);
domain::CommunityMember CommunityMemberFrom(const Statement& row);
domain::Post PostFrom(const Statement& row);

void BindUser(Statement& statement, const domain::User& user);
void BindConversation(Statement& statement, const domain::Conversation& conversation);
void BindParticipant(Statement& statement, const domain::Participant& participant);
void BindMessage(Statement& statement, const domain::Message& message);
void BindReaction(Statement& statement, const domain::Reaction& reaction);
void BindReceipt(Statement& statement, const domain::ReadReceipt& receipt);
void BindBlock(Statement& statement, const domain::Block& block);
void BindCommunityMember(Statement& statement, const domain::CommunityMember& member);
void BindPost(Statement& statement, const domain::Post& post);

}  // namespace confide::store::sqlite
