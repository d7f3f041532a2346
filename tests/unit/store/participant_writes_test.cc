// What updating a participant writes to a SQLite file: every page a commit changes is
// written to the WAL and fsynced, and a send moves its sender's read mark each time. Each
// statement commits on its own here (StoreTest's autocommit), and the WAL hook tells how many
// frames (pages) each commit added.

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "unit/store/store_fixture.h"

namespace confide::store::sqlite {
namespace {

class ParticipantWritesTest : public StoreTest {
 protected:
  void SetUp() override {
    AddConversation("conv_1", {"usr_1", "usr_2"});
    sqlite3_wal_hook(connection_->handle(), &ParticipantWritesTest::OnCommit, this);
  }

  // The pages the commits made by `writes` added to the WAL.
  int PagesWrittenBy(const std::function<void()>& writes) {
    connection_->Execute("PRAGMA wal_checkpoint(TRUNCATE)");  // the next commit starts the WAL
    frames_ = 0;
    pages_ = 0;
    writes();
    return pages_;
  }

  domain::Participant Participant(const std::string& user_id) {
    auto found = tx_.conversations().FindParticipant("conv_1", user_id);
    EXPECT_TRUE(found);
    return *found;
  }

 private:
  static int OnCommit(void* self, sqlite3*, const char*, int frames) {
    auto* test = static_cast<ParticipantWritesTest*>(self);
    test->pages_ += frames - test->frames_;
    test->frames_ = frames;
    return SQLITE_OK;
  }

  int frames_ = 0;
  int pages_ = 0;
};

TEST_F(ParticipantWritesTest, AMovedReadMarkWritesTheParticipantsRowAlone) {
  auto participant = Participant("usr_1");
  participant.last_read_message_id = "msg_1";
  // The row's page; not the pages of the two indexes that hold is_active, which kept its value.
  EXPECT_EQ(PagesWrittenBy([&] { tx_.conversations().UpdateParticipant(participant); }), 1);
  EXPECT_EQ(Participant("usr_1").last_read_message_id, "msg_1");
}

TEST_F(ParticipantWritesTest, AnUnchangedParticipantWritesNothing) {
  const auto participant = Participant("usr_1");
  EXPECT_EQ(PagesWrittenBy([&] { tx_.conversations().UpdateParticipant(participant); }), 0);
}

TEST_F(ParticipantWritesTest, LeavingRewritesTheIndexesThatFindActiveParticipants) {
  auto participant = Participant("usr_2");
  participant.is_active = false;
  participant.left_at = 5;
  EXPECT_EQ(PagesWrittenBy([&] { tx_.conversations().UpdateParticipant(participant); }), 3);
  const auto left = Participant("usr_2");
  EXPECT_FALSE(left.is_active);
  EXPECT_EQ(left.left_at, 5);
  auto found = tx_.conversations().FindParticipation("conv_1", "usr_1", Members::kRead);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->members, std::vector<std::string>{"usr_1"});
}

}  // namespace
}  // namespace confide::store::sqlite
