#include <gtest/gtest.h>

#include "core/config.h"

namespace confide::core {
namespace {

TEST(DataFolder, IsTheSqliteFilesFolderOrDataBesideAPostgresDatabase) {
  Config config;
  EXPECT_EQ(DataFolder(config), "data");
  config.db_path = "/var/lib/confide/confide.db";
  EXPECT_EQ(DataFolder(config), "/var/lib/confide");
  config.db_path = "confide.db";
  EXPECT_EQ(DataFolder(config), "");
  config.db_path = "postgresql://confide:pw@db.internal:5432/confide";
  EXPECT_EQ(DataFolder(config), "data");
  config.db_path = "Postgres://db/confide";
  EXPECT_EQ(DataFolder(config), "data");
}

}  // namespace
}  // namespace confide::core
