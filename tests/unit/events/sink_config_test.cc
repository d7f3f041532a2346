#include "events/sink_config.h"

#include <gtest/gtest.h>

namespace confide::events {
namespace {

core::Config WithEvents(std::vector<std::string> events) {
  core::Config c;
  c.db_path = "/var/lib/confide/confide.db";
  c.events = std::move(events);
  return c;
}

TEST(SinkConfigTest, TheDefaultIsAJsonlFileBesideTheDatabase) {
  auto specs = ParseSinkSpecs(WithEvents({}));
  ASSERT_TRUE(specs.ok());
  ASSERT_EQ(specs->size(), 1u);
  EXPECT_EQ((*specs)[0].name, "jsonl");
  EXPECT_EQ((*specs)[0].target, "/var/lib/confide/events.jsonl");
}

TEST(SinkConfigTest, SeveralSinksAtOnceEachWithAName) {
  auto specs = ParseSinkSpecs(WithEvents({"jsonl:/tmp/e.jsonl", "webhook:https://hooks.example/in",
                                          "nats:nats://127.0.0.1:4222",
                                          "webhook:http://127.0.0.1:9/x", "nats:10.0.0.1:4222"}));
  ASSERT_TRUE(specs.ok()) << specs.error().message();
  ASSERT_EQ(specs->size(), 5u);
  EXPECT_EQ((*specs)[0].target, "/tmp/e.jsonl");
  EXPECT_EQ((*specs)[1].name, "webhook");
  EXPECT_EQ((*specs)[1].target, "https://hooks.example/in");
  EXPECT_EQ((*specs)[2].name, "nats");
  EXPECT_EQ((*specs)[3].name, "webhook-2");
  EXPECT_EQ((*specs)[4].name, "nats-2");
  EXPECT_EQ((*specs)[4].target, "nats://10.0.0.1:4222");
}

TEST(SinkConfigTest, NoneTurnsTheStreamOff) {
  EXPECT_TRUE(EventsDisabled(WithEvents({"none"})));
  EXPECT_TRUE(ParseSinkSpecs(WithEvents({"none"}))->empty());
  EXPECT_FALSE(EventsDisabled(WithEvents({})));
  EXPECT_FALSE(ParseSinkSpecs(WithEvents({"none", "jsonl"})).ok());
}

TEST(SinkConfigTest, UnknownOrIncompleteSinksAreRefusedClearly) {
  auto bad = ParseSinkSpecs(WithEvents({"kafka:localhost"}));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message().find("unknown sink"), std::string::npos);
  EXPECT_FALSE(ParseSinkSpecs(WithEvents({"webhook"})).ok());
  EXPECT_FALSE(ParseSinkSpecs(WithEvents({"nats:"})).ok());
}

TEST(SinkConfigTest, Durations) {
  EXPECT_EQ(*ParseDuration("7d"), std::chrono::hours(24 * 7));
  EXPECT_EQ(*ParseDuration("12h"), std::chrono::hours(12));
  EXPECT_EQ(*ParseDuration("30m"), std::chrono::minutes(30));
  EXPECT_EQ(*ParseDuration("45s"), std::chrono::seconds(45));
  EXPECT_EQ(*ParseDuration("45"), std::chrono::seconds(45));
  EXPECT_EQ(*ParseDuration("250ms"), std::chrono::milliseconds(250));
  EXPECT_FALSE(ParseDuration("").ok());
  EXPECT_FALSE(ParseDuration("-1d").ok());
  EXPECT_FALSE(ParseDuration("7 days").ok());
  EXPECT_FALSE(ParseDuration("99999999999999999d").ok());
}

}  // namespace
}  // namespace confide::events
