#include "cli/node_id.h"

#include <gtest/gtest.h>

#include <set>

namespace confide::cli {
namespace {

TEST(NodeIdTest, TakesLowercaseLettersDigitsAndDashesUpTo32) {
  EXPECT_TRUE(IsNodeId("n1"));
  EXPECT_TRUE(IsNodeId("eu-west-2a-node-17"));
  EXPECT_TRUE(IsNodeId(std::string(32, 'a')));
  EXPECT_FALSE(IsNodeId(""));
  EXPECT_FALSE(IsNodeId(std::string(33, 'a')));
  EXPECT_FALSE(IsNodeId("N1"));
  EXPECT_FALSE(IsNodeId("n.1"));
  EXPECT_FALSE(IsNodeId("n_1"));
  EXPECT_FALSE(IsNodeId("n 1"));
}

TEST(NodeIdTest, TheDefaultIsTheHostNameAndThePort) {
  EXPECT_EQ(DefaultNodeId("web01", 5000), "web01-5000");
  EXPECT_EQ(DefaultNodeId("Web01.Prod.example_com", 5000), "web01-prod-example-com-5000");
  EXPECT_EQ(DefaultNodeId("", 80), "node-80");
  const std::string longest = DefaultNodeId(std::string(60, 'h'), 65535);
  EXPECT_EQ(longest, std::string(26, 'h') + "-65535");
  EXPECT_TRUE(IsNodeId(longest));
}

TEST(NodeIdTest, WithoutAPortYetTheDefaultEndsInRandomDigits) {
  std::set<std::string> names;
  for (int i = 0; i < 10; ++i) {
    const std::string name = DefaultNodeId("web01", 0);
    EXPECT_TRUE(IsNodeId(name)) << name;
    EXPECT_EQ(name.size(), std::string("web01-").size() + 4) << name;
    EXPECT_TRUE(name.starts_with("web01-")) << name;
    names.insert(name);
  }
  EXPECT_GT(names.size(), 1u);
}

TEST(NodeIdTest, ThisMachinesDefaultIsANodeId) {
  EXPECT_TRUE(IsNodeId(DefaultNodeId(HostName(), 5000))) << HostName();
}

}  // namespace
}  // namespace confide::cli
