#include "events/jsonl_sink.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

namespace confide::events {
namespace {

OutboxEvent Event(std::int64_t seq) {
  OutboxEvent e;
  e.seq = seq;
  e.id = std::string("evt_") + std::to_string(seq);
  e.type = "message.sent";
  e.json = std::string(R"({"id":"evt_)") + std::to_string(seq) + std::string(R"(","seq":)") +
           std::to_string(seq) + std::string(R"(,"type":"message.sent","data":{"content":"line )") +
           std::to_string(seq) + R"("}})";
  return e;
}

std::vector<OutboxEvent> Events(std::int64_t from, std::int64_t to) {
  std::vector<OutboxEvent> events;
  for (auto s = from; s <= to; ++s) events.push_back(Event(s));
  return events;
}

std::vector<std::string> Lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(JsonlSinkTest, AppendsOneLinePerEventAndKnowsTheLast) {
  testing::TempDir dir;
  const auto path = dir.File("sub/events.jsonl");
  auto sink = JsonlSink::Create({.path = path});
  ASSERT_TRUE(sink.ok()) << sink.error().message();
  EXPECT_EQ(*(*sink)->LastDelivered(), std::nullopt);
  auto d = (*sink)->Deliver(Events(1, 3));
  EXPECT_TRUE(d.status.ok());
  EXPECT_EQ(d.delivered, 3u);
  d = (*sink)->Deliver(Events(4, 4));
  EXPECT_EQ(d.delivered, 1u);
  auto lines = Lines(path);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], Event(1).json);
  EXPECT_EQ(lines[3], Event(4).json);
  EXPECT_EQ(*(*sink)->LastDelivered(), 4);
  // A new sink on the same file (a restart) knows it too, and appends after it.
  auto again = JsonlSink::Create({.path = path});
  EXPECT_EQ(*(*again)->LastDelivered(), 4);
  (*again)->Deliver(Events(5, 5));
  EXPECT_EQ(Lines(path).size(), 5u);
}

TEST(JsonlSinkTest, ALineCutShortByACrashIsCutOff) {
  testing::TempDir dir;
  const auto path = dir.File("events.jsonl");
  {
    auto sink = JsonlSink::Create({.path = path});
    (*sink)->Deliver(Events(1, 2));
  }
  {
    std::ofstream out(path, std::ios::app);
    out << R"({"id":"evt_3","seq":3,"type":"mess)";
  }
  auto sink = JsonlSink::Create({.path = path});
  EXPECT_EQ(*(*sink)->LastDelivered(), 2);
  (*sink)->Deliver(Events(3, 3));
  auto lines = Lines(path);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[2], Event(3).json);
}

TEST(JsonlSinkTest, RotatesBySizeKeepingTheNewestFiles) {
  testing::TempDir dir;
  const auto path = dir.File("events.jsonl");
  auto sink = JsonlSink::Create({.path = path, .max_bytes = 1024, .keep = 2});
  ASSERT_TRUE(sink.ok());
  std::int64_t seq = 0;
  for (int batch = 0; batch < 12; ++batch) {
    auto d = (*sink)->Deliver(Events(seq + 1, seq + 10));
    ASSERT_TRUE(d.status.ok()) << d.status.error().message();
    seq += 10;
  }
  namespace fs = std::filesystem;
  EXPECT_TRUE(fs::exists(path + ".1"));
  EXPECT_TRUE(fs::exists(path + ".2"));
  EXPECT_FALSE(fs::exists(path + ".3"));
  EXPECT_LT(fs::file_size(path), 1024u + 2048u);
  // The newest event is found even when the current file was just started.
  EXPECT_EQ(*(*sink)->LastDelivered(), seq);
  // Events continue in order across the files kept.
  std::vector<std::string> all;
  for (auto name : {path + ".2", path + ".1", path}) {
    for (auto& l : Lines(name)) all.push_back(l);
  }
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all.back(), Event(seq).json);
  // Consecutive seqs, with nothing lost or repeated between the files kept.
  const auto first = seq - static_cast<std::int64_t>(all.size()) + 1;
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i], Event(first + static_cast<std::int64_t>(i)).json);
  }
}

TEST(JsonlSinkTest, RefusesABadConfiguration) {
  EXPECT_FALSE(JsonlSink::Create({.path = ""}).ok());
  EXPECT_FALSE(JsonlSink::Create({.path = "/proc/forbidden/events.jsonl"}).ok());
  testing::TempDir dir;
  EXPECT_FALSE(JsonlSink::Create({.path = dir.File("e.jsonl"), .max_bytes = 10}).ok());
}

}  // namespace
}  // namespace confide::events
