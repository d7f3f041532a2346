#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "domain/messaging_service.h"
#include "events/outbox_event.h"
#include "events/outbox_recorder.h"
#include "support/service_fixture.h"

namespace confide::events {
namespace {

namespace json = boost::json;
using domain::Change;
using domain::Principal;
using store::Transaction;

class OutboxTest : public testing::ServiceFixture {
 protected:
  OutboxTest() { service_.AddEventRecorder(&recorder_); }

  std::vector<store::OutboxRecord> Events(std::int64_t after = 0) {
    return *Read<std::vector<store::OutboxRecord>>(
        [&](Transaction& tx) -> Result<std::vector<store::OutboxRecord>> {
          return tx.outbox().After(after, 1000);
        });
  }
  static json::object Data(const store::OutboxRecord& r) { return json::parse(r.data).as_object(); }

  std::string CreateGroup(const Principal& who, std::vector<std::string> others) {
    return Write<Change<domain::CreatedConversation>>([&](Transaction& tx) {
             return service_.conversations.Create(tx, who,
                                                  {.participant_ids = others,
                                                   .type = domain::ConversationType::kGroup,
                                                   .title = std::string("Tuesday group")});
           })
        ->value.view.conversation.id;
  }
  domain::MessageView Send(const Principal& who, const std::string& conversation,
                           const std::string& content) {
    clock_.Advance(10);
    return Write<Change<domain::MessageView>>([&](Transaction& tx) {
             return service_.messages.Send(tx, who,
                                           {.conversation_id = conversation, .content = content});
           })
        ->value;
  }

  OutboxRecorder recorder_{ids_};
  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob", "therapist");
  Principal carol_ = MakeUser("carol");
};

TEST_P(OutboxTest, ConversationCreatedCarriesTheSpecsFields) {
  const auto id = CreateGroup(alice_, {"bob", "carol"});
  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "conversation.created");
  EXPECT_EQ(events[0].conversation_id, id);
  EXPECT_EQ(events[0].id.rfind("evt_", 0), 0u);
  auto data = Data(events[0]);
  EXPECT_EQ(data.size(), 6u);
  EXPECT_EQ(data.at("conversationId"), json::value(id));
  EXPECT_EQ(data.at("createdBy"), "alice");
  auto participants = data.at("participantIds").as_array();
  std::vector<std::string> ids;
  for (auto& p : participants) ids.emplace_back(p.as_string());
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"alice", "bob", "carol"}));
  EXPECT_EQ(data.at("conversationType"), "group");
  EXPECT_EQ(data.at("title"), "Tuesday group");
  EXPECT_EQ(data.at("isPrivate"), false);
}

TEST_P(OutboxTest, DirectAndTherapyConversationsArePrivate) {
  ASSERT_TRUE(Write<Change<domain::CreatedConversation>>([&](Transaction& tx) {
                return service_.conversations.Create(tx, alice_, {.participant_ids = {"bob"}});
              }).ok());
  ASSERT_TRUE(Write<Change<domain::CreatedConversation>>([&](Transaction& tx) {
                return service_.conversations.Create(
                    tx, bob_,
                    {.participant_ids = {"carol"}, .type = domain::ConversationType::kTherapy});
              }).ok());
  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(Data(events[0]).at("conversationType"), "direct");
  EXPECT_EQ(Data(events[0]).at("isPrivate"), true);
  EXPECT_TRUE(Data(events[0]).at("title").is_null());
  EXPECT_EQ(Data(events[1]).at("conversationType"), "therapy");
  EXPECT_EQ(Data(events[1]).at("isPrivate"), true);
}

TEST_P(OutboxTest, MessageSentCarriesTheSpecsFields) {
  const auto group = CreateGroup(alice_, {"bob", "carol"});
  const auto first = Send(bob_, group, "Welcome, everyone");
  clock_.Advance(10);
  auto sent = Write<Change<domain::MessageView>>([&](Transaction& tx) {
    return service_.messages.Send(tx, alice_,
                                  {.conversation_id = group,
                                   .content = "my worksheet",
                                   .type = domain::MessageType::kFile,
                                   .reply_to_id = first.message.id,
                                   .attachment_url = "https://files.example/worksheet.pdf",
                                   .attachment_name = "worksheet.pdf",
                                   .attachment_size = 2048});
  });
  ASSERT_TRUE(sent.ok()) << sent.error().message();
  auto events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].type, "message.sent");
  EXPECT_EQ(events[2].conversation_id, group);
  auto data = Data(events[2]);
  EXPECT_EQ(data.size(), 9u);
  EXPECT_EQ(data.at("messageId"), json::value(sent->value.message.id));
  EXPECT_EQ(data.at("conversationId"), json::value(group));
  EXPECT_EQ(data.at("senderId"), "alice");
  EXPECT_EQ(data.at("content"), "my worksheet");
  EXPECT_EQ(data.at("messageType"), "file");
  EXPECT_EQ(data.at("sentAt"), "2024-01-01T12:00:00.020Z");
  std::vector<std::string> recipients;
  for (auto& r : data.at("recipientIds").as_array()) recipients.emplace_back(r.as_string());
  std::sort(recipients.begin(), recipients.end());
  EXPECT_EQ(recipients, (std::vector<std::string>{"bob", "carol"}));
  EXPECT_EQ(data.at("replyToMessageId"), json::value(first.message.id));
  EXPECT_EQ(data.at("fileAttachments"), json::array({"https://files.example/worksheet.pdf"}));

  auto plain = Data(events[1]);
  EXPECT_TRUE(plain.at("replyToMessageId").is_null());
  EXPECT_EQ(plain.at("fileAttachments"), json::array());
  EXPECT_EQ(plain.at("messageType"), "text");
}

TEST_P(OutboxTest, MessageReadCountsTheMessagesSinceTheLastRead) {
  const auto group = CreateGroup(alice_, {"bob", "carol"});
  const auto m1 = Send(alice_, group, "one");
  Send(carol_, group, "two");
  Send(carol_, group, "three");
  const auto m4 = Send(alice_, group, "four");
  auto read = [&](const std::string& id) {
    return Write<Change<domain::ReadState>>(
        [&](Transaction& tx) { return service_.receipts.MarkRead(tx, bob_, id); });
  };
  ASSERT_TRUE(read(m1.message.id).ok());
  const auto before = Events().back().seq;
  clock_.Advance(5);
  ASSERT_TRUE(read(m4.message.id).ok());
  auto events = Events(before);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "message.read");
  auto data = Data(events[0]);
  EXPECT_EQ(data.size(), 5u);
  EXPECT_EQ(data.at("messageId"), json::value(m4.message.id));
  EXPECT_EQ(data.at("readBy"), "bob");
  EXPECT_EQ(data.at("conversationId"), json::value(group));
  EXPECT_EQ(data.at("messagesSinceLastRead"), 3);  // "two", "three" and "four"
  EXPECT_TRUE(data.at("readAt").is_string());
  // Reading it again changes nothing and records nothing.
  ASSERT_TRUE(read(m4.message.id).ok());
  EXPECT_EQ(Events(before).size(), 1u);
}

TEST_P(OutboxTest, EveryChangeRecordsItsEventInOrder) {
  const auto group = CreateGroup(alice_, {"bob"});
  const auto m = Send(alice_, group, "hello");
  const auto& id = m.message.id;
  auto ok = [](const auto& r) { ASSERT_TRUE(r.ok()) << r.error().message(); };
  ok(Write<Change<domain::MessageView>>([&](Transaction& tx) {
    return service_.messages.Edit(tx, alice_, {.message_id = id, .content = "hello!"});
  }));
  ok(Write<Change<domain::ReactionView>>(
      [&](Transaction& tx) { return service_.reactions.Add(tx, bob_, id, "👍"); }));
  ok(Write<Change<std::monostate>>(
      [&](Transaction& tx) { return service_.reactions.Remove(tx, bob_, id, "👍"); }));
  ok(Write<Change<domain::ConversationView>>([&](Transaction& tx) {
    return service_.conversations.AddParticipants(
        tx, alice_, {.conversation_id = group, .participant_ids = {"carol"}});
  }));
  ok(Write<Change<std::monostate>>([&](Transaction& tx) {
    return service_.conversations.RemoveParticipant(tx, alice_, group, "carol");
  }));
  ok(Write<Change<std::monostate>>(
      [&](Transaction& tx) { return service_.messages.Delete(tx, alice_, id); }));
  ok(Write<Change<std::monostate>>(
      [&](Transaction& tx) { return service_.blocks.Block(tx, bob_, {.user_id = "carol"}); }));
  ok(Write<Change<std::monostate>>(
      [&](Transaction& tx) { return service_.blocks.Unblock(tx, bob_, "carol"); }));
  ok(Write<Change<domain::User>>(
      [&](Transaction& tx) { return service_.users.Delete(tx, "bob"); }));

  std::vector<std::string> types;
  std::int64_t previous = 0;
  for (const auto& e : Events()) {
    types.push_back(e.type);
    EXPECT_GT(e.seq, previous);
    previous = e.seq;
  }
  EXPECT_EQ(types,
            (std::vector<std::string>{"conversation.created", "message.sent", "message.updated",
                                      "reaction.added", "reaction.removed", "participant.added",
                                      "participant.removed", "message.deleted", "user.blocked",
                                      "user.unblocked", "participant.removed", "user.deleted"}));
  auto events = Events();
  auto updated = Data(events[2]);
  EXPECT_EQ(updated.at("content"), "hello!");
  EXPECT_EQ(Data(events[3]).at("emoji"), "👍");
  EXPECT_EQ(Data(events[5]).at("userId"), "carol");
  EXPECT_EQ(Data(events[5]).at("role"), "MEMBER");
  EXPECT_EQ(Data(events[7]).at("deletedBy"), "alice");
  EXPECT_EQ(Data(events[8]).at("blockerId"), "bob");
  EXPECT_FALSE(events[8].conversation_id.has_value());
  EXPECT_EQ(Data(events[10]).at("userId"), "bob");
  EXPECT_EQ(Data(events[10]).at("removedBy"), "bob") << "a deleted user's participations end";
  EXPECT_EQ(events[10].conversation_id, group);
  auto deleted = Data(events[11]);
  EXPECT_EQ(deleted.size(), 2u);
  EXPECT_EQ(deleted.at("userId"), "bob");
  EXPECT_TRUE(deleted.at("deletedAt").is_string());
  EXPECT_FALSE(events[11].conversation_id.has_value());
}

TEST_P(OutboxTest, AChangeThatFailsOrRollsBackRecordsNothing) {
  const auto group = CreateGroup(alice_, {"bob"});
  const auto before = Events().size();
  // Refused by the rules.
  auto empty = Write<Change<domain::MessageView>>([&](Transaction& tx) {
    return service_.messages.Send(tx, alice_, {.conversation_id = group, .content = ""});
  });
  EXPECT_FALSE(empty.ok());
  // Accepted by the service, then the job fails: its savepoint, event included, rolls back.
  auto rolled_back = Write<int>([&](Transaction& tx) -> Result<int> {
    auto sent = service_.messages.Send(tx, alice_, {.conversation_id = group, .content = "never"});
    EXPECT_TRUE(sent.ok());
    return Error::Internal("the job failed after the change");
  });
  EXPECT_FALSE(rolled_back.ok());
  EXPECT_EQ(Events().size(), before);
}

TEST_P(OutboxTest, TheEnvelopeWrapsTheData) {
  CreateGroup(alice_, {"bob"});
  auto record = Events().front();
  const auto event = FromRecord(record);
  auto envelope = json::parse(event.json).as_object();
  std::vector<std::string> keys;
  for (auto& kv : envelope) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"id", "seq", "type", "occurredAt", "data"}));
  EXPECT_EQ(envelope.at("id"), json::value(record.id));
  EXPECT_EQ(envelope.at("seq"), json::value(record.seq));
  EXPECT_EQ(envelope.at("type"), "conversation.created");
  EXPECT_EQ(envelope.at("occurredAt"), "2024-01-01T12:00:00.000Z");
  EXPECT_EQ(envelope.at("data"), json::parse(record.data));
}

TEST_P(OutboxTest, PruningKeepsWhatASinkStillNeeds) {
  const auto group = CreateGroup(alice_, {"bob"});
  for (int i = 0; i < 5; ++i) Send(alice_, group, std::string("m") + std::to_string(i));
  auto events = Events();
  ASSERT_EQ(events.size(), 6u);
  auto pruned = Write<std::int64_t>([&](Transaction& tx) -> Result<std::int64_t> {
    return tx.outbox().Prune(events[2].seq, clock_.NowMillis() + 1);
  });
  EXPECT_EQ(*pruned, 3);
  EXPECT_EQ(Events().front().seq, events[3].seq);
  // Too recent: kept.
  pruned = Write<std::int64_t>(
      [&](Transaction& tx) -> Result<std::int64_t> { return tx.outbox().Prune(events[5].seq, 0); });
  EXPECT_EQ(*pruned, 0);
  // The newest seq is not handed out again once its event is pruned.
  ASSERT_TRUE(Write<std::int64_t>([&](Transaction& tx) -> Result<std::int64_t> {
                return tx.outbox().Prune(events[5].seq, clock_.NowMillis() + 1);
              }).ok());
  Send(alice_, group, "after");
  EXPECT_GT(Events().front().seq, events[5].seq);
}

// On PostgreSQL the outbox numbers events when the relay settles them: the store suite
// (outbox_store_test.cc) and the event stream's end-to-end suite cover it there.
CONFIDE_SERVICE_TEST_SUITE_ON_SQLITE(OutboxTest);

}  // namespace
}  // namespace confide::events
