#include "store/sqlite/migrations.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "store/sqlite/connection.h"
#include "store/sqlite/sqlite_database.h"
#include "support/temp_dir.h"

namespace confide::store::sqlite {
namespace {

std::int64_t UserVersionOf(const std::string& path) {
  Connection connection(path, OpenMode::kReadOnly);
  return connection.UserVersion();
}

std::set<std::string> SchemaObjects(const std::string& path) {
  Connection connection(path, OpenMode::kReadOnly);
  auto s = connection.Prepare("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'");
  std::set<std::string> names;
  while (s->Step()) names.insert(s->Text(0));
  return names;
}

TEST(Migrations, FilesAreEmbeddedInOrder) {
  const auto files = SqliteMigrationFiles();
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front().name, "0001_initial.sql");
  ASSERT_GE(files.size(), 2u);
  EXPECT_EQ(files[1].name, "0002_communities.sql");
  EXPECT_FALSE(files.front().contents.empty());
  EXPECT_EQ(LatestSchemaVersion(), static_cast<int>(files.size()));
}

TEST(Migrations, FreshFileGetsTheLatestVersion) {
  confide::testing::TempDir dir;
  const std::string path = dir.File("a/b/confide.db");  // the directories do not exist yet

  const auto version = Migrate(path);
  ASSERT_TRUE(version.ok()) << version.error().message();
  EXPECT_EQ(*version, LatestSchemaVersion());
  EXPECT_EQ(UserVersionOf(path), LatestSchemaVersion());
  const auto objects = SchemaObjects(path);
  for (const char* name : {"users", "conversations", "participants", "participants_by_user",
                           "messages", "messages_by_conversation", "messages_fts", "reactions",
                           "read_receipts", "blocks", "blocks_by_blocked", "community_members",
                           "community_members_by_user", "posts", "posts_by_community"}) {
    EXPECT_TRUE(objects.contains(name)) << name;
  }
}

TEST(Migrations, ReopeningAppliesNothingAgain) {
  confide::testing::TempDir dir;
  const std::string path = dir.File("confide.db");
  ASSERT_TRUE(Migrate(path).ok());
  {
    Connection connection(path, OpenMode::kReadWriteCreate);
    connection.Execute(
        "INSERT INTO users (id, first_name, last_name, role, created_at, updated_at) VALUES "
        "('usr_1', 'A', 'B', 'client', 1, 1)");
  }
  // Applying 0001 again would fail on CREATE TABLE, and would not keep the row.
  const auto again = Migrate(path);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(*again, LatestSchemaVersion());
  auto db = SqliteDatabase::Open({.path = path});
  ASSERT_TRUE(db.ok()) << db.error().message();
  EXPECT_EQ((*db)->schema_version(), LatestSchemaVersion());
  (*db)->Stop();
  Connection connection(path, OpenMode::kReadOnly);
  auto count = connection.Prepare("SELECT count(*) FROM users");
  ASSERT_TRUE(count->Step());
  EXPECT_EQ(count->Int(0), 1);
}

TEST(Migrations, UpgradesAVersion1FileKeepingItsRows) {
  confide::testing::TempDir dir;
  const std::string path = dir.File("confide.db");
  {
    Connection connection(path, OpenMode::kReadWriteCreate);
    connection.Execute(SqliteMigrationFiles().front().contents);
    connection.Execute("PRAGMA user_version = 1");
    connection.Execute(
        "INSERT INTO users (id, first_name, last_name, role, created_at, updated_at) VALUES "
        "('usr_1', 'A', 'B', 'client', 1, 1)");
  }
  const auto migrated = Migrate(path);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message();
  EXPECT_EQ(*migrated, LatestSchemaVersion());
  EXPECT_TRUE(SchemaObjects(path).contains("community_members"));
  Connection connection(path, OpenMode::kReadOnly);
  auto count = connection.Prepare("SELECT count(*) FROM users");
  ASSERT_TRUE(count->Step());
  EXPECT_EQ(count->Int(0), 1);
}

TEST(Migrations, Version9IndexesMessagesByTheirNumbersAndLeavesThemOutOfTheLog) {
  confide::testing::TempDir dir;
  const std::string path = dir.File("confide.db");
  {
    Connection connection(path, OpenMode::kReadWriteCreate);
    const auto files = SqliteMigrationFiles();
    ASSERT_GE(files.size(), 9u);
    for (std::size_t i = 0; i < 8; ++i) connection.Execute(files[i].contents);
    connection.Execute("PRAGMA user_version = 8");
    connection.Execute(
        "INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,"
        " conversation_seq) VALUES ('msg_1', 'conv_1', 'usr_1', 'hi', 'TEXT', 1, 1)");
    connection.Execute(
        "INSERT INTO conversation_events (conversation_id, seq, type, message_id, actor_id,"
        " occurred_at, payload) VALUES ('conv_1', 1, 'new_message', 'msg_1', 'usr_1', 1, '{}'),"
        " ('conv_1', 2, 'message_read', 'msg_1', 'usr_2', 2, '{}')");
  }
  const auto migrated = Migrate(path);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message();
  Connection connection(path, OpenMode::kReadOnly);
  auto index =
      connection.Prepare("SELECT sql FROM sqlite_schema WHERE name = 'messages_by_conversation'");
  ASSERT_TRUE(index->Step());
  EXPECT_NE(index->Text(0).find("(conversation_id, conversation_seq)"), std::string::npos)
      << index->Text(0);
  auto kept = connection.Prepare("SELECT group_concat(type) FROM conversation_events");
  ASSERT_TRUE(kept->Step());
  EXPECT_EQ(kept->Text(0), "message_read");
  auto messages = connection.Prepare("SELECT count(*) FROM messages");
  ASSERT_TRUE(messages->Step());
  EXPECT_EQ(messages->Int(0), 1);
}

TEST(Migrations, Version10LeavesIndexedMessagesIndexedAndStartsTheFrontierAfterThem) {
  confide::testing::TempDir dir;
  const std::string path = dir.File("confide.db");
  {
    Connection connection(path, OpenMode::kReadWriteCreate);
    const auto files = SqliteMigrationFiles();
    ASSERT_GE(files.size(), 10u);
    for (std::size_t i = 0; i < 9; ++i) connection.Execute(files[i].contents);
    connection.Execute("PRAGMA user_version = 9");
    connection.Execute(  // indexed by version 1's trigger
        "INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,"
        " conversation_seq) VALUES ('msg_1', 'conv_1', 'usr_1', 'kept words', 'TEXT', 1, 1),"
        " ('msg_2', 'conv_1', 'usr_1', 'more words', 'TEXT', 2, 2)");
  }
  const auto migrated = Migrate(path);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message();
  Connection connection(path, OpenMode::kReadWriteCreate);
  {
    auto frontier = connection.Prepare(
        "SELECT next_seq = (SELECT max(seq) + 1 FROM messages) FROM search_index_frontier");
    ASSERT_TRUE(frontier->Step());
    EXPECT_TRUE(frontier->Bool(0));
    auto found =
        connection.Prepare("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'words'");
    ASSERT_TRUE(found->Step());
    EXPECT_EQ(found->Int(0), 2);
  }
  // An edit of a message indexed before the migration still reaches the index.
  connection.Execute("UPDATE messages SET content = 'changed' WHERE id = 'msg_1'");
  EXPECT_NO_THROW(
      connection.Execute("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')"));
}

TEST(Migrations, RefusesAFileFromANewerVersion) {
  confide::testing::TempDir dir;
  const std::string path = dir.File("confide.db");
  ASSERT_TRUE(Migrate(path).ok());
  {
    Connection connection(path, OpenMode::kReadWriteCreate);
    connection.Execute("PRAGMA user_version = " + std::to_string(LatestSchemaVersion() + 1));
  }

  const auto migrated = Migrate(path);
  ASSERT_FALSE(migrated.ok());
  EXPECT_NE(migrated.error().message().find("newer"), std::string::npos)
      << migrated.error().message();
  const auto opened = SqliteDatabase::Open({.path = path});
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.error().message().find("newer"), std::string::npos) << opened.error().message();
  EXPECT_EQ(UserVersionOf(path), LatestSchemaVersion() + 1);  // left as it was
}

TEST(Migrations, ReportsAFileThatCannotBeOpened) {
  confide::testing::TempDir dir;
  std::filesystem::create_directory(dir.path() / "a_directory.db");
  const auto migrated = Migrate(dir.File("a_directory.db"));
  EXPECT_FALSE(migrated.ok());
}

}  // namespace
}  // namespace confide::store::sqlite
