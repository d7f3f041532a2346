#include "http/static_files.h"

#include <gtest/gtest.h>

#include <optional>

#include "unit/http/recording_exchange.h"

namespace confide::http {
namespace {

using testing::RecordingExchange;

constexpr std::string_view kPage = "<!doctype html><title>t</title>";

Router PageRouter() {
  Router router;
  AddStaticFiles(router, {{.path = "/",
                           .contents = kPage,
                           .content_type = "text/html; charset=utf-8",
                           .headers = {{"Content-Security-Policy", "default-src 'self'"}}},
                          {.path = "/app.js",
                           .contents = "export {};",
                           .content_type = "text/javascript; charset=utf-8"}});
  return router;
}

Response Get(const Router& router, std::string_view path, std::string_view if_none_match = {}) {
  Request request{Verb::get, path, 11};
  if (!if_none_match.empty()) request.set(Field::if_none_match, if_none_match);
  auto exchange = std::make_shared<RecordingExchange>(std::move(request));
  const auto match = router.Find(Verb::get, path);
  EXPECT_NE(match.handler, nullptr) << path;
  if (match.handler == nullptr) return Response{};
  (*match.handler)(exchange);
  EXPECT_TRUE(exchange->response().has_value());
  return exchange->response().value_or(Response{});
}

TEST(StaticFiles, ContentTypesFollowTheExtension) {
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("app.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("socket.io.min.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("style.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("favicon.svg"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("notes"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("archive.js.gz"), "application/octet-stream");
}

TEST(StaticFiles, EntityTagsAreQuotedAndFollowTheContents) {
  const std::string tag = EntityTagFor(kPage);
  EXPECT_EQ(tag.size(), 34u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
  EXPECT_EQ(tag, EntityTagFor(kPage));
  EXPECT_NE(tag, EntityTagFor("<!doctype html><title>u</title>"));
  EXPECT_EQ(EntityTagFor(""), "\"e3b0c44298fc1c149afbf4c8996fb924\"");  // SHA-256 of nothing
}

TEST(StaticFiles, IfNoneMatchComparesWeakly) {
  EXPECT_TRUE(IfNoneMatchNames("\"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchNames("W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchNames("\"x\", W/\"y\" ,\"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchNames("*", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchNames("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchNames("abc", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchNames("", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchNames(" , ,", "\"abc\""));
}

TEST(StaticFiles, ServesTheFileWithItsHeaders) {
  const Router router = PageRouter();
  const Response page = Get(router, "/");
  EXPECT_EQ(page.result(), HttpStatus::ok);
  EXPECT_EQ(page.body(), kPage);
  EXPECT_EQ(page[Field::content_type], "text/html; charset=utf-8");
  EXPECT_EQ(page[Field::cache_control], "no-cache");
  EXPECT_EQ(page[Field::etag], EntityTagFor(kPage));
  EXPECT_EQ(page["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(page["Content-Security-Policy"], "default-src 'self'");

  const Response script = Get(router, "/app.js");
  EXPECT_EQ(script.body(), "export {};");
  EXPECT_EQ(script[Field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(script["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(script.count("Content-Security-Policy"), 0u);
}

TEST(StaticFiles, AnswersNotModifiedWhenTheTagMatches) {
  const Router router = PageRouter();
  const std::string tag = EntityTagFor(kPage);
  const Response same = Get(router, "/", tag);
  EXPECT_EQ(same.result(), HttpStatus::not_modified);
  EXPECT_TRUE(same.body().empty());
  EXPECT_EQ(same[Field::etag], tag);
  EXPECT_EQ(same[Field::cache_control], "no-cache");

  EXPECT_EQ(Get(router, "/", "\"stale\"").result(), HttpStatus::ok);
  EXPECT_EQ(Get(router, "/app.js", tag).result(), HttpStatus::ok);  // another file's tag
}

TEST(StaticFiles, HeadIsServedByTheGetRoute) {
  const Router router = PageRouter();
  EXPECT_NE(router.Find(Verb::head, "/app.js").handler, nullptr);
  const auto post = router.Find(Verb::post, "/app.js");
  EXPECT_EQ(post.handler, nullptr);
  EXPECT_TRUE(post.method_not_allowed);
}

}  // namespace
}  // namespace confide::http
