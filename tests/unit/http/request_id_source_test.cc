#include "http/request_id_source.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>

namespace confide::http {
namespace {

TEST(RequestIdSource, NamesRequestsUniquelyAndShortly) {
  RequestIdSource first(0);
  RequestIdSource second(1);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(seen.insert(first.Next()).second);
    EXPECT_TRUE(seen.insert(second.Next()).second);
  }
  const std::string id = first.Next();
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{10}-0-[0-9a-f]+"))) << id;
  EXPECT_LE(id.size(), 32u);
}

TEST(RequestIdSource, ThePrefixIsRandomPerProcessAndStable) {
  const std::string& tag = RequestIdSource::ProcessTag();
  EXPECT_TRUE(std::regex_match(tag, std::regex("[0-9a-f]{10}"))) << tag;
  EXPECT_EQ(&tag, &RequestIdSource::ProcessTag());
  EXPECT_EQ(RequestIdSource(3).Next(), tag + "-3-1");
}

}  // namespace
}  // namespace confide::http
