#include "domain/message_service.h"

#include <gtest/gtest.h>

#include "support/service_fixture.h"

namespace confide::domain {
namespace {

using store::Transaction;

class MessageServiceTest : public testing::ServiceFixture {
 protected:
  MessageServiceTest() {
    direct_ = Write<Change<CreatedConversation>>([&](Transaction& tx) {
                return service_.conversations.Create(tx, alice_, {.participant_ids = {"bob"}});
              })->value.view.conversation.id;
  }
  Result<Change<MessageView>> Send(const Principal& who, SendMessageInput in) {
    if (in.conversation_id.empty()) in.conversation_id = direct_;
    return Write<Change<MessageView>>(
        [&](Transaction& tx) { return service_.messages.Send(tx, who, in); });
  }
  Result<std::vector<MessageView>> List(const Principal& who, ListMessagesInput in) {
    if (in.conversation_id.empty()) in.conversation_id = direct_;
    return Read<std::vector<MessageView>>(
        [&](Transaction& tx) { return service_.messages.List(tx, who, in); });
  }
  std::vector<std::string> Contents(const std::vector<MessageView>& list) {
    std::vector<std::string> out;
    for (const auto& m : list) out.push_back(m.message.content);
    return out;
  }

  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob");
  Principal carol_ = MakeUser("carol");
  Principal admin_ = MakeUser("root", "admin");
  std::string direct_;
};

TEST_P(MessageServiceTest, SendReturnsTheMessageAndItsEvent) {
  auto sent = Send(alice_, {.content = "Hello, how are you?"});
  ASSERT_TRUE(sent.ok()) << sent.error().message();
  const auto& m = sent->value.message;
  EXPECT_EQ(m.id.rfind("msg_", 0), 0u);
  EXPECT_EQ(m.type, MessageType::kText);
  EXPECT_EQ(m.sender_id, "alice");
  EXPECT_EQ(m.created_at, clock_.NowMillis());
  EXPECT_EQ(sent->value.sender.first_name, "First alice");
  ASSERT_EQ(sent->events.size(), 1u);
  const auto& event = std::get<MessageSent>(sent->events[0]);
  EXPECT_EQ(event.recipient_ids, std::vector<std::string>{"bob"});
  EXPECT_EQ(event.conversation_type, ConversationType::kDirect);
}

TEST_P(MessageServiceTest, ContentRules) {
  EXPECT_FALSE(Send(alice_, {.content = ""}).ok());
  EXPECT_FALSE(Send(alice_, {.content = " \n\t "}).ok());
  EXPECT_FALSE(Send(alice_, {.content = "bell\a"}).ok());
  EXPECT_FALSE(Send(alice_, {.content = "\xff\xfe"}).ok());
  std::string longest;
  for (int i = 0; i < 10'000; ++i) longest += "\xf0\x9f\x91\x8d";  // 10,000 code points
  EXPECT_TRUE(Send(alice_, {.content = longest}).ok());
  EXPECT_FALSE(Send(alice_, {.content = longest + "!"}).ok());
  auto list = List(alice_, {});
  EXPECT_EQ(list->size(), 1u) << "refused messages leave nothing behind";
}

TEST_P(MessageServiceTest, AttachmentsGoTogether) {
  SendMessageInput file{.content = "",
                        .type = MessageType::kFile,
                        .attachment_url = "https://files.example.com/w.pdf",
                        .attachment_name = "w.pdf",
                        .attachment_size = 524288};
  EXPECT_TRUE(Send(alice_, file).ok());
  auto no_size = file;
  no_size.attachment_size.reset();
  EXPECT_FALSE(Send(alice_, no_size).ok());
  auto ftp = file;
  ftp.attachment_url = "ftp://files.example.com/w.pdf";
  EXPECT_FALSE(Send(alice_, ftp).ok());
  auto negative = file;
  negative.attachment_size = -1;
  EXPECT_FALSE(Send(alice_, negative).ok());
  EXPECT_FALSE(Send(alice_, {.content = "look", .type = MessageType::kImage}).ok());
  EXPECT_TRUE(Send(alice_, {.content = "text with a file",
                            .attachment_url = "http://x.example/a",
                            .attachment_name = "a",
                            .attachment_size = 0})
                  .ok());
}

TEST_P(MessageServiceTest, SystemMessagesOnlyFromAdministrators) {
  auto by_client = Send(alice_, {.content = "notice", .type = MessageType::kSystem});
  EXPECT_EQ(by_client.error().code(), ErrorCode::kForbidden);
  auto group = Write<Change<CreatedConversation>>([&](Transaction& tx) {
    return service_.conversations.Create(tx, admin_, {.participant_ids = {"alice", "bob"}});
  });
  EXPECT_TRUE(Send(admin_, {.conversation_id = group->value.view.conversation.id,
                            .content = "Session starts at 3pm",
                            .type = MessageType::kSystem})
                  .ok());
}

TEST_P(MessageServiceTest, RepliesStayInTheirConversationAndNotToTombstones) {
  auto first = Send(bob_, {.content = "How do you feel?"});
  auto reply = Send(alice_, {.content = "Better", .reply_to_id = first->value.message.id});
  ASSERT_TRUE(reply.ok());
  ASSERT_TRUE(reply->value.reply_to.has_value());
  EXPECT_EQ(reply->value.reply_to->content, "How do you feel?");
  EXPECT_EQ(reply->value.reply_to->sender.id, "bob");

  auto other = Write<Change<CreatedConversation>>([&](Transaction& tx) {
    return service_.conversations.Create(tx, alice_, {.participant_ids = {"carol"}});
  });
  auto across = Send(alice_, {.conversation_id = other->value.view.conversation.id,
                              .content = "x",
                              .reply_to_id = first->value.message.id});
  EXPECT_EQ(across.error().code(), ErrorCode::kBadRequest);

  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.messages.Delete(tx, bob_, first->value.message.id);
              }).ok());
  EXPECT_EQ(Send(alice_, {.content = "x", .reply_to_id = first->value.message.id}).error().code(),
            ErrorCode::kBadRequest);
}

TEST_P(MessageServiceTest, OnlyTheSenderEditsAndTombstonesStayTombstones) {
  auto sent = Send(alice_, {.content = "draft"});
  const auto id = sent->value.message.id;
  auto edit = [&](const Principal& who, std::string content) {
    return Write<Change<MessageView>>([&](Transaction& tx) {
      return service_.messages.Edit(tx, who, {id, content});
    });
  };
  EXPECT_EQ(edit(bob_, "hijack").error().code(), ErrorCode::kForbidden);
  EXPECT_EQ(edit(carol_, "hijack").error().code(), ErrorCode::kNotFound);
  clock_.Advance(5000);
  auto edited = edit(alice_, "final");
  ASSERT_TRUE(edited.ok());
  EXPECT_TRUE(edited->value.message.is_edited);
  EXPECT_EQ(edited->value.message.edited_at, clock_.NowMillis());
  EXPECT_EQ(edited->events.size(), 1u);
  EXPECT_TRUE(edit(alice_, "final")->events.empty()) << "the same content changes nothing";

  auto del = [&](const Principal& who) {
    return Write<Change<std::monostate>>(
        [&](Transaction& tx) { return service_.messages.Delete(tx, who, id); });
  };
  EXPECT_EQ(del(bob_).error().code(), ErrorCode::kForbidden) << "bob is a MEMBER";
  auto deleted = del(alice_);
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->events.size(), 1u);
  EXPECT_TRUE(del(alice_)->events.empty()) << "deleting again changes nothing";
  EXPECT_EQ(edit(alice_, "again").error().code(), ErrorCode::kBadRequest);
  auto list = List(alice_, {});
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].message.is_deleted);
  EXPECT_EQ((*list)[0].message.content, "");
}

TEST_P(MessageServiceTest, ConversationAdminsDeleteOthersMessages) {
  auto sent = Send(bob_, {.content = "rude"});
  EXPECT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.messages.Delete(tx, alice_, sent->value.message.id);
              }).ok());
}

TEST_P(MessageServiceTest, PagesHoldNewestFirstEachOldestToNewest) {
  for (int i = 1; i <= 7; ++i) {
    clock_.Advance(10);
    ASSERT_TRUE(Send(i % 2 ? alice_ : bob_, {.content = "m" + std::to_string(i)}).ok());
  }
  using V = std::vector<std::string>;
  EXPECT_EQ(Contents(*List(alice_, {.page = {1, 3}})), (V{"m5", "m6", "m7"}));
  EXPECT_EQ(Contents(*List(alice_, {.page = {2, 3}})), (V{"m2", "m3", "m4"}));
  EXPECT_EQ(Contents(*List(alice_, {.page = {3, 3}})), (V{"m1"}));
  const auto all = *List(alice_, {});
  const auto& m4 = all[3].message.id;
  EXPECT_EQ(Contents(*List(alice_, {.page = {1, 2}, .before = m4})), (V{"m2", "m3"}));
  EXPECT_EQ(Contents(*List(alice_, {.page = {1, 2}, .after = m4})), (V{"m5", "m6"}));
  EXPECT_FALSE(List(alice_, {.before = "msg_unknown"}).ok());
  EXPECT_FALSE(List(alice_, {.before = m4, .after = m4}).ok());
  EXPECT_EQ(List(carol_, {}).error().code(), ErrorCode::kNotFound);
}

TEST_P(MessageServiceTest, BlocksForbidDirectMessagesAndHideTheBlockedInGroups) {
  auto group =
      Write<Change<CreatedConversation>>([&](Transaction& tx) {
        return service_.conversations.Create(tx, alice_, {.participant_ids = {"bob", "carol"}});
      })->value.view.conversation.id;
  ASSERT_TRUE(Send(bob_, {.conversation_id = group, .content = "from bob"}).ok());
  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.blocks.Block(tx, alice_, {.user_id = "bob"});
              }).ok());
  EXPECT_EQ(Send(bob_, {.content = "hey"}).error().code(), ErrorCode::kForbidden);
  EXPECT_EQ(Send(alice_, {.content = "hey"}).error().code(), ErrorCode::kForbidden);
  EXPECT_TRUE(Send(bob_, {.conversation_id = group, .content = "still here"}).ok());
  EXPECT_TRUE(List(alice_, {.conversation_id = group})->empty());
  EXPECT_EQ(List(carol_, {.conversation_id = group})->size(), 2u);
}

CONFIDE_SERVICE_TEST_SUITE(MessageServiceTest);

}  // namespace
}  // namespace confide::domain
