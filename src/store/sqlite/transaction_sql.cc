#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {
namespace {

// Shorthands for the sample parameters below.
SampleValue S(const char* text) { return std::string(text); }
SampleValue I(std::int64_t value) { return value; }
SampleValue Null() { return nullptr; }

}  // namespace

std::vector<SampleStatement> TransactionStatements() {
  const SampleValue ids = S(R"(["msg_1","msg_2","msg_3"])");
  return {
      {"SchemaVersion", sql::kSchemaVersion, {}},
      {"FindUser", sql::kFindUser, {S("usr_1")}},
      {"FindUsers", sql::kFindUsers, {S(R"(["usr_1","usr_2","usr_404"])")}},
      {"UpsertUser",
       sql::kUpsertUser,
       {S("usr_1"), S("Ada"), S("Lovelace"), Null(), S("client"), I(1), I(2), Null()}},
      {"FindConversation", sql::kFindConversation, {S("conv_1")}},
      {"FindDirectConversation", sql::kFindDirectConversation, {S("usr_1"), S("usr_2")}},
      {"InsertConversation",
       sql::kInsertConversation,
       {S("conv_new"), S("GROUP"), S("t"), S("usr_1"), I(1), I(1), Null(), I(1), I(0)}},
      {"RecordMessageInConversation", sql::kRecordMessageInConversation, {S("conv_1"), I(5)}},
      {"ListConversationsOf", sql::kListConversationsOf, {S("usr_1"), I(0), I(20)}},
      {"ListParticipants", sql::kListParticipants, {S("conv_1")}},
      {"ActiveParticipantIds", sql::kActiveParticipantIds, {S("conv_2")}},
      {"FindParticipant", sql::kFindParticipant, {S("conv_1"), S("usr_1")}},
      {"InsertParticipant",
       sql::kInsertParticipant,
       {S("part_new"), S("conv_1"), S("usr_9"), S("MEMBER"), I(1), Null(), I(1), Null()}},
      {"UpdateParticipant",
       sql::kUpdateParticipant,
       {S("part_1"), S("ADMIN"), I(1), Null(), S("msg_2")}},
      {"DeactivateParticipations", sql::kDeactivateParticipations, {S("usr_3"), I(9)}},
      {"FindMessage", sql::kFindMessage, {S("msg_1")}},
      {"FindMessages", sql::kFindMessages, {ids}},
      {"InsertMessage",
       sql::kInsertMessage,
       {S("msg_new"), S("conv_1"), S("usr_1"), S("hi"), S("TEXT"), I(1), I(0), Null(), I(0), Null(),
        Null(), Null(), Null(), Null()}},
      {"UpdateMessage",
       sql::kUpdateMessage,
       {S("msg_1"), S("edited"), I(1), I(2), I(0), Null(), Null(), Null(), Null()}},
      {"ListNewestMessages", sql::kListNewestMessages, {S("conv_1"), S("usr_1"), I(50), I(0)}},
      {"ListMessagesBefore",
       sql::kListMessagesBefore,
       {S("conv_1"), S("usr_1"), S("msg_9"), I(50)}},
      {"ListMessagesAfter", sql::kListMessagesAfter, {S("conv_1"), S("usr_1"), S("msg_2"), I(50)}},
      {"ListMessagesBetween",
       sql::kListMessagesBetween,
       {S("conv_1"), S("usr_1"), S("msg_2"), S("msg_9"), I(50)}},
      {"LastVisibleMessage", sql::kLastVisibleMessage, {S("conv_1"), S("usr_1")}},
      {"CountMessagesFromOthers",
       sql::kCountMessagesFromOthers,
       {S("conv_1"), S("usr_1"), S("msg_2"), Null()}},
      {"SearchIndexed", sql::kSearchIndexed, {S("usr_1"), S(R"("hello")"), I(0), I(20)}},
      {"SearchIndexedInConversation",
       sql::kSearchIndexedInConversation,
       {S("usr_1"), S(R"("hello")"), I(0), I(20), S("conv_1")}},
      {"SearchShort", sql::kSearchShort, {S("usr_1"), S("he"), I(0), I(20)}},
      {"SearchShortInConversation",
       sql::kSearchShortInConversation,
       {S("usr_1"), S("he"), I(0), I(20), S("conv_1")}},
      {"ReactionsFor", sql::kReactionsFor, {ids}},
      {"FindReaction", sql::kFindReaction, {S("msg_3"), S("usr_1"), S("+1")}},
      {"InsertReaction",
       sql::kInsertReaction,
       {S("rct_new"), S("msg_1"), S("usr_1"), S("smile"), I(1)}},
      {"DeleteReaction", sql::kDeleteReaction, {S("rct_1")}},
      {"ReceiptsFor", sql::kReceiptsFor, {ids}},
      {"FindReceipt", sql::kFindReceipt, {S("msg_3"), S("usr_2")}},
      {"InsertReceipt", sql::kInsertReceipt, {S("rcp_new"), S("msg_1"), S("usr_9"), I(1)}},
      {"FindBlock", sql::kFindBlock, {S("usr_1"), S("usr_2")}},
      {"BlocksBy", sql::kBlocksBy, {S("usr_1")}},
      {"InsertBlock", sql::kInsertBlock, {S("usr_1"), S("usr_7"), Null(), I(1)}},
      {"DeleteBlock", sql::kDeleteBlock, {S("usr_1"), S("usr_2")}},
      {"FindCommunityMember", sql::kFindCommunityMember, {S("cmty_1"), S("usr_1")}},
      {"UpsertCommunityMember", sql::kUpsertCommunityMember, {S("cmty_1"), S("usr_9"), I(1)}},
      {"DeleteCommunityMember", sql::kDeleteCommunityMember, {S("cmty_1"), S("usr_1")}},
      {"ListCommunityMembers", sql::kListCommunityMembers, {S("cmty_1"), I(0), I(20)}},
      {"FindPost", sql::kFindPost, {S("post_1")}},
      {"UpsertPost", sql::kUpsertPost, {S("post_new"), S("cmty_1"), I(1)}},
      {"DeletePost", sql::kDeletePost, {S("post_1")}},
      {"ContactsOf", sql::kContactsOf, {S("usr_1")}},
  };
}

}  // namespace confide::store::sqlite
