#include "realtime/cluster_stats.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

// The cluster's gateway figures are the sums of its nodes', nested ones too.
namespace confide::realtime {
namespace {

boost::json::object Object(std::string_view json) { return boost::json::parse(json).as_object(); }

TEST(ClusterStats, FiguresOfTheSameShapeAddUp) {
  const auto total = SumStats({Object(R"({"connections":{"total":2,"polling":1},"rooms":3})"),
                               Object(R"({"connections":{"total":5,"polling":0},"rooms":1})"),
                               Object(R"({"connections":{"total":1,"polling":1},"rooms":0})")});
  EXPECT_EQ(total, Object(R"({"connections":{"total":8,"polling":2},"rooms":4})"));
}

TEST(ClusterStats, OneNodesFiguresAreTheTotal) {
  const auto one = Object(R"({"eventsIn":{"total":7,"perSecond":2},"node":"n1"})");
  EXPECT_EQ(SumStats({one}), one);
  EXPECT_EQ(SumStats({}), boost::json::object{});
}

}  // namespace
}  // namespace confide::realtime
