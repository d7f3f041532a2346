#include "realtime/delivery_plan.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>

#include "api/conversation_event_json.h"

// What each committed change does to the gateway's sockets, as planned before any socket is
// reached: which rooms hear which event, in which conversation order, and what else changes.
namespace confide::realtime {
namespace {

using Action = Delivery::Action;
using Rooms = std::vector<std::string>;

boost::json::object Payload(const Delivery::Part& part) {
  return boost::json::parse(part.payload_json).as_object();
}

domain::MessageSent Sent(std::string content) {
  domain::MessageSent sent;
  sent.message.message.id = "msg_1";
  sent.message.message.conversation_id = "conv_1";
  sent.message.message.sender_id = "alice";
  sent.message.message.content = std::move(content);
  sent.message.message.created_at = 1'700'000'000'000;
  sent.message.message.seq = 7;
  sent.message.sender.id = "alice";
  sent.recipient_ids = {"bob", "carol"};
  return sent;
}

TEST(DeliveryPlan, ANewMessageGoesInFullToItsRoomAndInBriefToItsParticipants) {
  const auto plan = PlanDeliveries(Sent("hello"));
  ASSERT_EQ(plan.size(), 1u);
  const Delivery& delivery = plan[0];
  EXPECT_EQ(delivery.action, Action::kSend);
  EXPECT_EQ(delivery.conversation_id, "conv_1");
  EXPECT_EQ(delivery.seq, 7);
  // Nobody who blocked the sender hears of it.
  EXPECT_EQ(delivery.audience, Delivery::Audience::kNotBlocking);
  EXPECT_EQ(delivery.user_id, "alice");
  ASSERT_EQ(delivery.parts.size(), 2u);
  EXPECT_EQ(delivery.parts[0].rooms, Rooms{"conversation:conv_1"});
  EXPECT_EQ(delivery.parts[0].event, "new_message");
  EXPECT_EQ(Payload(delivery.parts[0]).at("id"), "msg_1");
  EXPECT_EQ(Payload(delivery.parts[0]).at("seq"), 7);
  EXPECT_EQ(delivery.parts[1].rooms, (Rooms{"user:alice", "user:bob", "user:carol"}));
  EXPECT_EQ(delivery.parts[1].event, "conversation_activity");
  const auto activity = Payload(delivery.parts[1]);
  EXPECT_EQ(activity.at("conversationId"), "conv_1");
  EXPECT_EQ(activity.at("messageId"), "msg_1");
  EXPECT_EQ(activity.at("senderId"), "alice");
  EXPECT_EQ(activity.at("preview"), "hello");
  EXPECT_EQ(activity.at("seq"), 7);
  // Every participant is named: in a cluster it goes whole to the nodes holding them.
  EXPECT_TRUE(delivery.names_every_member);
}

TEST(DeliveryPlan, TheActivityPreviewIsTheFirstHundredCharacters) {
  std::string content;
  for (int i = 0; i < 150; ++i) content += "é";
  const auto plan = PlanDeliveries(Sent(content));
  ASSERT_EQ(plan.size(), 1u);
  const std::string preview(Payload(plan[0].parts[1]).at("preview").as_string());
  EXPECT_EQ(preview, content.substr(0, 200));  // 100 two-byte characters
}

TEST(DeliveryPlan, ARemovedParticipantHearsOfItAndTheirSocketsLeaveTheRoom) {
  domain::ParticipantRemoved removed;
  removed.conversation_id = "conv_1";
  removed.user_id = "bob";
  removed.removed_by = "alice";
  removed.seq = 9;
  const auto plan = PlanDeliveries(removed);
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].action, Action::kSend);
  EXPECT_EQ(plan[0].audience, Delivery::Audience::kAll);
  ASSERT_EQ(plan[0].parts.size(), 1u);
  EXPECT_EQ(plan[0].parts[0].rooms, (Rooms{"conversation:conv_1", "user:bob"}));
  EXPECT_EQ(plan[0].parts[0].event, "participant_removed");
  EXPECT_FALSE(plan[0].names_every_member);  // the others are in the room only
  EXPECT_EQ(plan[1].action, Action::kLeave);
  EXPECT_EQ(plan[1].room, "user:bob");
  EXPECT_EQ(plan[1].left_room, "conversation:conv_1");
  // One change: both in the conversation's order.
  for (const auto& delivery : plan) {
    EXPECT_EQ(delivery.conversation_id, "conv_1");
    EXPECT_EQ(delivery.seq, 9);
  }
}

// A change read back from the conversation log (its node never published it) is planned as
// the original was: the same room part and order, and for a participant the same notice and
// leaving; only the conversation_activity of a message is not replayed.
TEST(DeliveryPlan, AReplayedMessageReachesItsRoomAsTheOriginalDid) {
  const auto sent = Sent("hello");
  const auto original = PlanDeliveries(sent);
  const auto replayed = PlanReplayed(domain::ConversationLogEntry(sent.message));
  ASSERT_EQ(replayed.size(), 1u);
  Delivery expected = original[0];
  expected.parts.resize(1);  // the room's part, not the activity
  expected.names_every_member = false;
  EXPECT_EQ(replayed[0], expected);
}

TEST(DeliveryPlan, AReplayedParticipantChangeIsPlannedAsTheOriginal) {
  domain::ParticipantRemoved removed;
  removed.conversation_id = "conv_1";
  removed.user_id = "bob";
  removed.removed_by = "alice";
  removed.seq = 9;
  domain::ParticipantAdded added;
  added.participant.participant.conversation_id = "conv_1";
  added.participant.participant.user_id = "dave";
  added.added_by = "alice";
  added.seq = 10;
  for (const domain::DomainEvent& event :
       {domain::DomainEvent(removed), domain::DomainEvent(added)}) {
    const auto record = api::ConversationEventOf(event);
    ASSERT_TRUE(record.has_value());
    EXPECT_EQ(PlanReplayed(domain::ConversationLogEntry(*record)), PlanDeliveries(event));
  }
}

TEST(DeliveryPlan, OtherConversationChangesGoToTheRoomWithTheirSeq) {
  domain::MessageRead read;
  read.message_id = "msg_1";
  read.conversation_id = "conv_1";
  read.user_id = "bob";
  read.seq = 12;
  const auto plan = PlanDeliveries(read);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].parts,
            (std::vector<Delivery::Part>{
                {{"conversation:conv_1"}, "message_read", plan[0].parts[0].payload_json}}));
  EXPECT_EQ(Payload(plan[0].parts[0]).at("seq"), 12);
  EXPECT_EQ(plan[0].seq, 12);
}

TEST(DeliveryPlan, ANewConversationReachesItsActiveParticipantsOnly) {
  domain::ConversationCreated created;
  created.conversation.conversation.id = "conv_2";
  for (const char* user : {"alice", "bob", "carol"}) {
    domain::ParticipantView participant;
    participant.participant.user_id = user;
    participant.participant.is_active = std::string(user) != "carol";
    created.conversation.participants.push_back(participant);
  }
  const auto plan = PlanDeliveries(created);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].seq, 0);
  ASSERT_EQ(plan[0].parts.size(), 1u);
  EXPECT_EQ(plan[0].parts[0].rooms, (Rooms{"user:alice", "user:bob"}));
  EXPECT_EQ(plan[0].parts[0].event, "conversation_created");
  EXPECT_EQ(Payload(plan[0].parts[0]).at("id"), "conv_2");
}

TEST(DeliveryPlan, BlocksChangeTheBlockersSockets) {
  domain::UserBlocked blocked;
  blocked.block.blocker_id = "alice";
  blocked.block.blocked_id = "bob";
  auto plan = PlanDeliveries(blocked);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].action, Action::kBlock);
  EXPECT_EQ(plan[0].user_id, "alice");
  EXPECT_EQ(plan[0].blocked_id, "bob");
  EXPECT_TRUE(plan[0].parts.empty());

  plan = PlanDeliveries(domain::UserUnblocked{"alice", "bob", 0});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].action, Action::kUnblock);
  EXPECT_EQ(plan[0].user_id, "alice");
  EXPECT_EQ(plan[0].blocked_id, "bob");
}

TEST(DeliveryPlan, ADeletedUsersSocketsAreToldWhyAndDisconnected) {
  const auto plan = PlanDeliveries(domain::UserDeleted{"bob", 0});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].action, Action::kDisconnect);
  ASSERT_EQ(plan[0].parts.size(), 1u);
  EXPECT_EQ(plan[0].parts[0].rooms, Rooms{"user:bob"});
  EXPECT_EQ(plan[0].parts[0].event, "auth_error");
  EXPECT_EQ(Payload(plan[0].parts[0]).at("code"), "USER_DELETED");
}

TEST(DeliveryPlan, CommunityAndPostChangesEvictWhoMayNoLongerFollow) {
  auto plan = PlanDeliveries(domain::CommunityMemberRemoved{"comm_1", "bob", 0});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].action, Action::kLeave);
  EXPECT_EQ(plan[0].room, "user:bob");
  EXPECT_EQ(plan[0].left_room, "community:comm_1");

  domain::PostUpserted upserted;
  upserted.post.id = "post_1";
  EXPECT_TRUE(PlanDeliveries(upserted).empty());  // edited in place: nobody moves
  upserted.previous_community_id = "comm_0";
  plan = PlanDeliveries(upserted);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].action, Action::kLeave);
  EXPECT_EQ(plan[0].room, "post:post_1");
  EXPECT_EQ(plan[0].left_room, "post:post_1");

  plan = PlanDeliveries(domain::PostRemoved{"post_1", "comm_1", 0});
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].room, "post:post_1");
  EXPECT_EQ(plan[0].left_room, "post:post_1");

  domain::CommunityMemberAdded added;
  added.member.community_id = "comm_1";
  added.member.user_id = "bob";
  EXPECT_TRUE(PlanDeliveries(added).empty());
}

TEST(DeliveryPlan, ARoomEventGoesToItsRoomAsGiven) {
  const Delivery delivery = PlanDelivery(
      domain::RoomEvent{domain::RoomEvent::Kind::kPost, "post_1", "new_comment", R"({"a":1})"});
  EXPECT_EQ(delivery.action, Action::kSend);
  EXPECT_EQ(delivery.seq, 0);
  EXPECT_EQ(delivery.parts,
            (std::vector<Delivery::Part>{{{"post:post_1"}, "new_comment", R"({"a":1})"}}));
}

}  // namespace
}  // namespace confide::realtime
