#include "store/open/open_database.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/temp_dir.h"

namespace confide::store {
namespace {

TEST(OpenDatabase, TheDbValuePicksTheBackend) {
  EXPECT_EQ(BackendOf("data/confide.db"), Backend::kSqlite);
  EXPECT_EQ(BackendOf("/var/lib/confide/confide.db"), Backend::kSqlite);
  EXPECT_EQ(BackendOf("postgres://confide@db.internal/confide"), Backend::kPostgres);
  EXPECT_EQ(BackendOf("postgresql://confide:pw@127.0.0.1:5432/confide?sslmode=require"),
            Backend::kPostgres);
  EXPECT_EQ(BackendOf("POSTGRES://host/db"), Backend::kPostgres);
}

TEST(OpenDatabase, APasswordIsNeverShown) {
  EXPECT_EQ(DisplayName("data/confide.db"), "data/confide.db");
  const auto shown = DisplayName("postgresql://confide:s3cret@127.0.0.1:5432/confide");
  EXPECT_EQ(shown.find("s3cret"), std::string::npos) << shown;
  EXPECT_NE(shown.find("127.0.0.1:5432/confide"), std::string::npos) << shown;
}

TEST(OpenDatabase, OpensAndMigratesASqliteFile) {
  testing::TempDir dir;
  const auto path = dir.File("sub/confide.db");
  auto version = MigrateDatabase({.location = path});
  ASSERT_TRUE(version.ok()) << version.error().message();
  EXPECT_GE(*version, 7);
  auto db = OpenDatabase({.location = path, .readers = 1});
  ASSERT_TRUE(db.ok()) << db.error().message();
  auto schema = ReadAndWait<std::int64_t>(
      **db, [](Transaction& tx) -> Result<std::int64_t> { return tx.SchemaVersion(); });
  EXPECT_EQ(*schema, *version);
  (*db)->Stop();
}

}  // namespace
}  // namespace confide::store
