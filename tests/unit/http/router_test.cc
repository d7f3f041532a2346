#include "http/router.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace confide::http {
namespace {

// A handler that records which route it was registered for, so a match can be identified.
Handler Named(std::string name, std::string* called) {
  return [name = std::move(name), called](ExchangePtr) { *called = name; };
}

std::string CallMatched(const Router::Match& match, std::string* called) {
  called->clear();
  if (match.handler != nullptr) (*match.handler)(nullptr);
  return *called;
}

std::string ParamOf(const Router::Match& match, std::string_view name) {
  for (const auto& [key, value] : match.params) {
    if (key == name) return value;
  }
  return "<absent>";
}

class RouterTest : public ::testing::Test {
 protected:
  std::string called_;
};

TEST_F(RouterTest, MatchesLiteralRoutes) {
  Router router;
  router.Add(Verb::get, "/messaging/conversations", Named("list", &called_));
  router.Add(Verb::post, "/messaging/conversations", Named("create", &called_));
  router.Add(Verb::get, "/api/messaging/conversations", Named("api-list", &called_));

  auto match = router.Find(Verb::post, "/messaging/conversations");
  EXPECT_EQ(CallMatched(match, &called_), "create");
  EXPECT_EQ(match.route, "/messaging/conversations");
  EXPECT_TRUE(match.params.empty());

  // The same shape under another prefix is its own route.
  match = router.Find(Verb::get, "/api/messaging/conversations");
  EXPECT_EQ(CallMatched(match, &called_), "api-list");
  EXPECT_EQ(match.route, "/api/messaging/conversations");
  EXPECT_NE(match.route_id, router.Find(Verb::get, "/messaging/conversations").route_id);
  EXPECT_EQ(router.pattern(match.route_id), "/api/messaging/conversations");
}

TEST_F(RouterTest, CapturesPercentDecodedParameters) {
  Router router;
  router.Add(Verb::put, "/messaging/messages/:messageId/reactions/:emoji",
             Named("react", &called_));

  const auto match = router.Find(Verb::put, "/messaging/messages/msg_1/reactions/%F0%9F%91%8D");
  EXPECT_EQ(CallMatched(match, &called_), "react");
  EXPECT_EQ(match.route, "/messaging/messages/:messageId/reactions/:emoji");
  ASSERT_EQ(match.params.size(), 2u);
  EXPECT_EQ(ParamOf(match, "messageId"), "msg_1");
  EXPECT_EQ(ParamOf(match, "emoji"), "\xF0\x9F\x91\x8D");  // 👍
  EXPECT_TRUE(match.bad_param.empty());
}

TEST_F(RouterTest, KeepsPlusAndDecodesSpacesInPathParameters) {
  Router router;
  router.Add(Verb::get, "/users/:name", Named("user", &called_));
  const auto match = router.Find(Verb::get, "/users/a+b%20c");
  EXPECT_EQ(ParamOf(match, "name"), "a+b c");
}

TEST_F(RouterTest, ToleratesTrailingSlash) {
  Router router;
  router.Add(Verb::get, "/a/b", Named("ab", &called_));
  router.Add(Verb::get, "/", Named("root", &called_));
  EXPECT_EQ(CallMatched(router.Find(Verb::get, "/a/b/"), &called_), "ab");
  EXPECT_EQ(CallMatched(router.Find(Verb::get, "/a/b"), &called_), "ab");
  EXPECT_EQ(CallMatched(router.Find(Verb::get, "/"), &called_), "root");
  EXPECT_EQ(router.Find(Verb::get, "/a/b//").handler, nullptr);
  EXPECT_EQ(router.Find(Verb::get, "/a").handler, nullptr);
  EXPECT_EQ(router.Find(Verb::get, "/a/b/c").handler, nullptr);
}

TEST_F(RouterTest, PrefersLiteralsAndBacktracksToParameters) {
  Router router;
  router.Add(Verb::get, "/c/search", Named("search", &called_));
  router.Add(Verb::get, "/c/:id", Named("by-id", &called_));
  router.Add(Verb::get, "/c/:id/members", Named("members", &called_));
  router.Add(Verb::delete_, "/c/:id", Named("delete", &called_));

  EXPECT_EQ(CallMatched(router.Find(Verb::get, "/c/search"), &called_), "search");
  EXPECT_EQ(CallMatched(router.Find(Verb::get, "/c/conv_1"), &called_), "by-id");
  // "search" has no "members" below it: the parameter branch takes the path.
  const auto members = router.Find(Verb::get, "/c/search/members");
  EXPECT_EQ(CallMatched(members, &called_), "members");
  EXPECT_EQ(ParamOf(members, "id"), "search");
  // A literal node without the method does not hide a parameter route that has it.
  EXPECT_EQ(CallMatched(router.Find(Verb::delete_, "/c/search"), &called_), "delete");
  // A parameter never matches an empty segment.
  EXPECT_EQ(router.Find(Verb::get, "/c//members").handler, nullptr);
}

TEST_F(RouterTest, DistinguishesUnknownPathFromWrongMethod) {
  Router router;
  router.Add(Verb::get, "/items/:id", Named("get", &called_));
  router.Add(Verb::patch, "/items/:id", Named("patch", &called_));

  const auto unknown = router.Find(Verb::get, "/nope");
  EXPECT_EQ(unknown.handler, nullptr);
  EXPECT_FALSE(unknown.method_not_allowed);
  EXPECT_EQ(unknown.route_id, -1);

  const auto wrong = router.Find(Verb::post, "/items/1");
  EXPECT_EQ(wrong.handler, nullptr);
  EXPECT_TRUE(wrong.method_not_allowed);
  EXPECT_EQ(wrong.allow, "GET, HEAD, PATCH");
}

TEST_F(RouterTest, ServesHeadWithGetRoute) {
  Router router;
  router.Add(Verb::get, "/ping", Named("ping", &called_));
  EXPECT_EQ(CallMatched(router.Find(Verb::head, "/ping"), &called_), "ping");
}

TEST_F(RouterTest, PrefixRoutesTakeAnyMethodAtOrUnderThePrefix) {
  Router router;
  router.AddPrefix("/socket.io/", Named("gateway", &called_));
  router.Add(Verb::get, "/socket.io/health", Named("health", &called_));

  EXPECT_EQ(CallMatched(router.Find(Verb::get, "/socket.io/"), &called_), "gateway");
  EXPECT_EQ(CallMatched(router.Find(Verb::post, "/socket.io"), &called_), "gateway");
  const auto deep = router.Find(Verb::delete_, "/socket.io/a/b");
  EXPECT_EQ(CallMatched(deep, &called_), "gateway");
  EXPECT_EQ(deep.route, "/socket.io/");
  // An exact route wins over the prefix.
  EXPECT_EQ(CallMatched(router.Find(Verb::get, "/socket.io/health"), &called_), "health");
  EXPECT_EQ(CallMatched(router.Find(Verb::post, "/socket.io/health"), &called_), "gateway");
  // The prefix is a whole segment.
  EXPECT_EQ(router.Find(Verb::get, "/socket.iox").handler, nullptr);
}

TEST_F(RouterTest, FlagsParametersThatDoNotDecode) {
  Router router;
  router.Add(Verb::get, "/items/:id", Named("get", &called_));

  const auto truncated = router.Find(Verb::get, "/items/%E0%A4%A");
  EXPECT_EQ(truncated.handler, nullptr);
  EXPECT_EQ(truncated.bad_param, "%E0%A4%A");
  EXPECT_EQ(truncated.route, "/items/:id");

  const auto not_hex = router.Find(Verb::get, "/items/%zz");
  EXPECT_EQ(not_hex.handler, nullptr);
  EXPECT_EQ(not_hex.bad_param, "%zz");

  // Decodes, but not to UTF-8 (decodeURIComponent refuses it too).
  EXPECT_EQ(router.Find(Verb::get, "/items/%FF").bad_param, "%FF");
}

TEST_F(RouterTest, ReusedMatchHoldsOnlyTheLatestResult) {
  Router router;
  router.Add(Verb::get, "/a/:x/b/:y", Named("two", &called_));
  router.Add(Verb::get, "/c/:z", Named("one", &called_));
  Router::Match match;
  router.Find(Verb::get, "/a/1/b/2", match);
  ASSERT_EQ(match.params.size(), 2u);
  router.Find(Verb::get, "/c/3", match);
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(ParamOf(match, "z"), "3");
  router.Find(Verb::get, "/items/%zz", match);
  EXPECT_EQ(match.handler, nullptr);
  EXPECT_TRUE(match.params.empty());
  EXPECT_TRUE(match.bad_param.empty());
  EXPECT_TRUE(match.route.empty());
}

TEST_F(RouterTest, RefusesMalformedOrDuplicateRegistrations) {
  Router router;
  router.Add(Verb::get, "/a/:id", Named("a", &called_));
  EXPECT_THROW(router.Add(Verb::get, "/a/:id", Named("again", &called_)), std::invalid_argument);
  EXPECT_THROW(router.Add(Verb::get, "a/b", Named("relative", &called_)), std::invalid_argument);
  EXPECT_THROW(router.Add(Verb::get, "/a//b", Named("empty", &called_)), std::invalid_argument);
  EXPECT_THROW(router.Add(Verb::get, "/a/:", Named("unnamed", &called_)), std::invalid_argument);
}

}  // namespace
}  // namespace confide::http
