#include "core/data_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "support/temp_dir.h"

namespace confide::core {
namespace {

mode_t ModeOf(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0);
  return info.st_mode & 0777;
}

TEST(DataFileTest, ParsesSafeOctalModes) {
  EXPECT_EQ(*ParseDataFileMode("0600"), 0600u);
  EXPECT_EQ(*ParseDataFileMode("640"), 0640u);
  EXPECT_EQ(*ParseDataFileMode("0644"), 0644u);
  for (const char* bad :
       {"", "600a", "0800", "00600", "rw-------", "0400", "0700", "0660", "0606", "0610", "0601"}) {
    EXPECT_FALSE(ParseDataFileMode(bad).ok()) << bad;
  }
  EXPECT_EQ(FormatFileMode(0640), "0640");
}

TEST(DataFileTest, ANewFileGetsItsModeWhateverTheUmask) {
  confide::testing::TempDir dir;
  const mode_t was = ::umask(077);
  const std::string path = dir.File("events.jsonl");
  const int fd = OpenDataFile(path, O_WRONLY | O_APPEND, 0640);
  ::umask(was);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_EQ(ModeOf(path), 0640u);
}

TEST(DataFileTest, AnExistingFileKeepsItsModeAndIsOpened) {
  confide::testing::TempDir dir;
  const std::string path = dir.File("confide.db");
  ::close(::open(path.c_str(), O_WRONLY | O_CREAT, 0600));
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  const int fd = OpenDataFile(path, O_RDWR, 0600);
  ASSERT_GE(fd, 0);
  ::close(fd);
  EXPECT_EQ(ModeOf(path), 0644u);
  EXPECT_EQ(WiderModeThan(path, 0600), 0644u);
  EXPECT_EQ(WiderModeThan(path, 0644), std::nullopt);
  EXPECT_EQ(WiderModeThan(dir.File("missing"), 0600), std::nullopt);
}

TEST(DataFileTest, FailsWithErrnoWhereNothingCanBeCreated) {
  EXPECT_LT(OpenDataFile("/nonexistent-folder/x.db", O_RDWR, 0600), 0);
  EXPECT_EQ(errno, ENOENT);
}

}  // namespace
}  // namespace confide::core
