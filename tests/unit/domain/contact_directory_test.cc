#include "domain/contact_directory.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/service_fixture.h"

namespace confide::domain {
namespace {

using store::Transaction;

class ContactDirectoryTest : public testing::ServiceFixture {
 protected:
  std::vector<std::string> Ids(const std::string& user) {
    return *Read<std::vector<std::string>>(
        [&](Transaction& tx) -> Result<std::vector<std::string>> {
          return service_.contacts.ContactIdsOf(tx, user);
        });
  }
  std::vector<Contact> Contacts(const std::string& user) {
    return *Read<std::vector<Contact>>([&](Transaction& tx) -> Result<std::vector<Contact>> {
      return service_.contacts.ContactsOf(tx, user);
    });
  }
  std::string Conversation(const Principal& who, std::vector<std::string> others) {
    return Write<Change<CreatedConversation>>([&](Transaction& tx) {
             return service_.conversations.Create(tx, who, {.participant_ids = others});
           })
        ->value.view.conversation.id;
  }
  void Block(const Principal& who, const std::string& whom) {
    ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                  return service_.blocks.Block(tx, who, {.user_id = whom});
                }).ok());
  }
  EpochMillis Seen(const std::string& user) {
    return *Write<EpochMillis>([&](Transaction& tx) -> Result<EpochMillis> {
      return service_.contacts.RecordSeen(tx, user);
    });
  }

  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob");
  Principal carol_ = MakeUser("carol");
};

TEST_P(ContactDirectoryTest, ContactsAreWhoSharesAnActiveConversation) {
  const Principal dave = MakeUser("dave");
  MakeUser("erin");
  Conversation(alice_, {"bob"});
  const auto group = Conversation(alice_, {"bob", "carol", "dave"});
  Conversation(dave, {"erin"});
  EXPECT_EQ(Ids("alice"), (std::vector<std::string>{"bob", "carol", "dave"}));
  EXPECT_EQ(Ids("erin"), (std::vector<std::string>{"dave"}));

  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.conversations.RemoveParticipant(tx, carol_, group, "carol");
              }).ok());
  EXPECT_EQ(Ids("alice"), (std::vector<std::string>{"bob", "dave"}));
  EXPECT_TRUE(Ids("carol").empty()) << "carol left her only conversation";
  EXPECT_TRUE(Ids("nobody").empty());
}

TEST_P(ContactDirectoryTest, ABlockEitherWayEndsPresenceBetweenTheTwo) {
  Conversation(alice_, {"bob", "carol"});
  Block(bob_, "alice");
  EXPECT_EQ(Ids("alice"), (std::vector<std::string>{"carol"})) << "bob blocked alice";
  EXPECT_EQ(Ids("bob"), (std::vector<std::string>{"carol"})) << "bob blocked alice";
  EXPECT_EQ(Ids("carol"), (std::vector<std::string>{"alice", "bob"}));
  Block(alice_, "carol");
  EXPECT_TRUE(Ids("alice").empty());
  EXPECT_EQ(Ids("carol"), (std::vector<std::string>{"bob"}));
}

TEST_P(ContactDirectoryTest, EachContactComesWithWhenTheyWereLastSeen) {
  Conversation(alice_, {"bob", "carol"});
  auto contacts = Contacts("alice");
  ASSERT_EQ(contacts.size(), 2u);
  EXPECT_EQ(contacts[0].user_id, "bob");
  EXPECT_FALSE(contacts[0].last_seen_at.has_value()) << "never connected";
  clock_.Advance(1500);
  const EpochMillis seen = Seen("bob");
  EXPECT_EQ(seen, clock_.NowMillis());
  contacts = Contacts("alice");
  EXPECT_EQ(contacts[0].last_seen_at, seen);
  EXPECT_FALSE(contacts[1].last_seen_at.has_value());

  // A profile update keeps the time: UpsertUser leaves last_seen_at alone.
  MakeUser("bob", "therapist");
  EXPECT_EQ(Contacts("alice")[0].last_seen_at, seen);
}

CONFIDE_SERVICE_TEST_SUITE(ContactDirectoryTest);

}  // namespace
}  // namespace confide::domain
