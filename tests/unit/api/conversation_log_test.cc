#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "api/conversation_event_json.h"
#include "api/conversation_log_recorder.h"
#include "domain/messaging_service.h"
#include "support/service_fixture.h"

namespace confide::api {
namespace {

namespace json = boost::json;
using domain::Change;
using domain::MessageView;
using domain::Principal;
using store::Transaction;

class ConversationLogTest : public testing::ServiceFixture {
 protected:
  ConversationLogTest() {
    service_.AddEventRecorder(&recorder_);
    group_ =
        Write<Change<domain::CreatedConversation>>([&](Transaction& tx) {
          return service_.conversations.Create(tx, alice_, {.participant_ids = {"bob", "carol"}});
        })->value.view.conversation.id;
  }

  MessageView Send(const Principal& who, const std::string& content,
                   std::optional<std::string> reply_to = std::nullopt) {
    clock_.Advance(10);
    return Write<Change<MessageView>>([&](Transaction& tx) {
             return service_.messages.Send(
                 tx, who, {.conversation_id = group_, .content = content, .reply_to_id = reply_to});
           })
        ->value;
  }
  // A page of the log with its entries as the gateway sent them.
  struct Page {
    std::vector<store::ConversationLogRecord> events;
    std::int64_t last_seq = 0;
    bool has_more = false;
  };
  Result<Page> Log(const Principal& who, std::int64_t after = 0, int limit = 100) {
    auto page = Read<domain::ConversationLogPage>([&](Transaction& tx) {
      return service_.conversations.Events(
          tx, who, {.conversation_id = group_, .after_seq = after, .limit = limit});
    });
    if (!page.ok()) return page.error();
    Page out{.last_seq = page->last_seq, .has_more = page->has_more};
    for (const auto& entry : page->events) {
      if (const auto* sent = std::get_if<MessageView>(&entry)) {
        out.events.push_back(NewMessageEntry(*sent));
      } else {
        out.events.push_back(std::get<store::ConversationLogRecord>(entry));
      }
    }
    return out;
  }
  std::vector<std::int64_t> Seqs(const Page& page) {
    std::vector<std::int64_t> seqs;
    for (const auto& e : page.events) seqs.push_back(e.seq);
    return seqs;
  }
  static json::object Payload(const store::ConversationLogRecord& e) {
    return json::parse(e.payload).as_object();
  }

  ConversationLogRecorder recorder_;
  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob");
  Principal carol_ = MakeUser("carol");
  Principal dan_ = MakeUser("dan");
  std::string group_;
};

TEST_P(ConversationLogTest, EveryKindOfChangeTakesTheNextNumberAndIsLoggedAsTheGatewaySendsIt) {
  const auto m1 = Send(alice_, "hello");
  EXPECT_EQ(m1.message.seq, 1);
  auto reacted = Write<Change<domain::ReactionView>>(
      [&](Transaction& tx) { return service_.reactions.Add(tx, bob_, m1.message.id, "+1"); });
  ASSERT_TRUE(reacted.ok());
  ASSERT_TRUE(Write<Change<domain::ReadState>>([&](Transaction& tx) {
                return service_.receipts.MarkRead(tx, carol_, m1.message.id);
              }).ok());
  clock_.Advance(5);
  ASSERT_TRUE(Write<Change<MessageView>>([&](Transaction& tx) {
                return service_.messages.Edit(tx, alice_,
                                              {.message_id = m1.message.id, .content = "hi"});
              }).ok());
  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.reactions.Remove(tx, bob_, m1.message.id, "+1");
              }).ok());
  ASSERT_TRUE(Write<Change<domain::ConversationView>>([&](Transaction& tx) {
                return service_.conversations.AddParticipants(
                    tx, alice_, {.conversation_id = group_, .participant_ids = {"dan"}});
              }).ok());
  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.conversations.RemoveParticipant(tx, dan_, group_, "dan");
              }).ok());
  auto deleted = Write<Change<std::monostate>>(
      [&](Transaction& tx) { return service_.messages.Delete(tx, alice_, m1.message.id); });
  ASSERT_TRUE(deleted.ok());
  ASSERT_EQ(deleted->events.size(), 1u);
  EXPECT_EQ(std::get<domain::MessageDeleted>(deleted->events[0]).seq, 8);

  auto log = Log(bob_);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->last_seq, 8);
  EXPECT_FALSE(log->has_more);
  const std::vector<std::string> types = {
      "new_message",      "message_reaction",  "message_read",        "message_updated",
      "message_reaction", "participant_added", "participant_removed", "message_deleted"};
  ASSERT_EQ(log->events.size(), types.size());
  for (std::size_t i = 0; i < types.size(); ++i) {
    const auto& entry = log->events[i];
    EXPECT_EQ(entry.seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(entry.type, types[i]);
    EXPECT_EQ(Payload(entry).at("seq").as_int64(), entry.seq) << entry.type;
    EXPECT_EQ(Payload(entry).at("conversationId").as_string(), group_) << entry.type;
  }
  EXPECT_EQ(log->events[1].actor_id, "bob");
  EXPECT_EQ(Payload(log->events[1]).at("action").as_string(), "added");
  EXPECT_EQ(Payload(log->events[4]).at("action").as_string(), "removed");
  EXPECT_EQ(Payload(log->events[2]).at("userId").as_string(), "carol");
  EXPECT_EQ(Payload(log->events[5]).at("userId").as_string(), "dan");
  EXPECT_EQ(Payload(log->events[7]).at("messageId").as_string(), m1.message.id);
}

TEST_P(ConversationLogTest, AChangeThatRollsBackLeavesNoGap) {
  Send(alice_, "one");
  auto failed = Write<int>([&](Transaction& tx) -> Result<int> {
    auto sent = service_.messages.Send(tx, alice_, {.conversation_id = group_, .content = "x"});
    EXPECT_EQ(sent->value.message.seq, 2);
    return Error::Internal("the job fails after sending");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(Send(bob_, "two").message.seq, 2) << "the rolled-back change's number is reused";
  auto log = Log(alice_);
  EXPECT_EQ(Seqs(*log), (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(Payload(log->events[1]).at("content").as_string(), "two");
}

TEST_P(ConversationLogTest, ReadsPageByPageAfterAPosition) {
  for (const char* content : {"one", "two", "three", "four", "five"}) Send(alice_, content);
  auto first = Log(bob_, 0, 2);
  EXPECT_EQ(Seqs(*first), (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(first->has_more);
  auto last = Log(bob_, 4, 2);
  EXPECT_EQ(Seqs(*last), (std::vector<std::int64_t>{5}));
  EXPECT_FALSE(last->has_more);
  EXPECT_EQ(last->last_seq, 5);
  EXPECT_TRUE(Log(bob_, 5)->events.empty());
  EXPECT_EQ(Log(bob_, 0, 0).error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(Log(bob_, 0, 1001).error().code(), ErrorCode::kBadRequest);
}

TEST_P(ConversationLogTest, PagesThroughMessagesAndOtherChangesInterleaved) {
  // seq 1 message, 2 reaction, 3 message, 4 receipt, 5 reaction, 6 message
  const auto first = Send(alice_, "one");
  ASSERT_TRUE(Write<Change<domain::ReactionView>>([&](Transaction& tx) {
                return service_.reactions.Add(tx, bob_, first.message.id, "+1");
              }).ok());
  const auto second = Send(bob_, "two");
  ASSERT_TRUE(Write<Change<domain::ReadState>>([&](Transaction& tx) {
                return service_.receipts.MarkRead(tx, carol_, second.message.id);
              }).ok());
  ASSERT_TRUE(Write<Change<domain::ReactionView>>([&](Transaction& tx) {
                return service_.reactions.Add(tx, carol_, second.message.id, "+1");
              }).ok());
  Send(carol_, "three");

  std::vector<std::string> types;
  std::vector<std::int64_t> seqs;
  std::int64_t after = 0;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = Log(alice_, after, 2);
    ASSERT_TRUE(page.ok());
    ASSERT_LE(page->events.size(), 2u);
    for (const auto& e : page->events) {
      types.push_back(e.type);
      seqs.push_back(e.seq);
      after = e.seq;
    }
    if (!page->has_more) break;
  }
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(types, (std::vector<std::string>{"new_message", "message_reaction", "new_message",
                                             "message_read", "message_reaction", "new_message"}));
}

TEST_P(ConversationLogTest, OnlyActiveParticipantsReadItAndBlockedSendersAreLeftOut) {
  Send(alice_, "from alice");
  Send(carol_, "from carol");
  EXPECT_EQ(Log(dan_).error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.blocks.Block(tx, bob_, {.user_id = "carol"});
              }).ok());
  auto log = Log(bob_);
  EXPECT_EQ(Seqs(*log), (std::vector<std::int64_t>{1})) << "carol's message is not shown";
  EXPECT_EQ(log->last_seq, 2);
  EXPECT_EQ(Seqs(*Log(alice_)), (std::vector<std::int64_t>{1, 2}));
  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.conversations.RemoveParticipant(tx, alice_, group_, "alice");
              }).ok());
  EXPECT_EQ(Log(alice_).error().code(), ErrorCode::kNotFound) << "a former participant";
}

TEST_P(ConversationLogTest, ALogNeverShowsMoreOfAMessageThanTheApi) {
  const auto original = Send(alice_, "my address is 12 Elm Street");
  const auto reply = Send(bob_, "noted", original.message.id);
  clock_.Advance(5);
  ASSERT_TRUE(Write<Change<MessageView>>([&](Transaction& tx) {
                return service_.messages.Edit(
                    tx, alice_, {.message_id = original.message.id, .content = "call me"});
              }).ok());
  auto log = Log(carol_);
  ASSERT_EQ(log->events.size(), 3u);
  EXPECT_EQ(Payload(log->events[0]).at("content").as_string(), "call me");
  EXPECT_TRUE(Payload(log->events[0]).at("isEdited").as_bool());
  EXPECT_EQ(Payload(log->events[1]).at("replyTo").at("content").as_string(), "call me");
  EXPECT_EQ(Payload(log->events[2]).at("message").at("content").as_string(), "call me");

  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.messages.Delete(tx, alice_, original.message.id);
              }).ok());
  log = Log(carol_);
  ASSERT_EQ(log->events.size(), 4u);
  for (const auto& entry : log->events) {
    EXPECT_EQ(entry.payload.find("Elm Street"), std::string::npos) << entry.type;
    EXPECT_EQ(entry.payload.find("call me"), std::string::npos) << entry.type;
  }
  EXPECT_TRUE(Payload(log->events[0]).at("isDeleted").as_bool());
  EXPECT_EQ(Payload(log->events[0]).at("seq").as_int64(), 1) << "its number stays";
  EXPECT_TRUE(Payload(log->events[1]).at("replyTo").at("isDeleted").as_bool());
  EXPECT_EQ(Payload(log->events[1]).at("content").as_string(), "noted");
  EXPECT_EQ(Payload(log->events[2]).at("content").as_string(), "");
  EXPECT_EQ(log->events[3].type, "message_deleted");
}

CONFIDE_SERVICE_TEST_SUITE(ConversationLogTest);

}  // namespace
}  // namespace confide::api
