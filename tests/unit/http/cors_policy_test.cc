#include "http/cors_policy.h"

#include <gtest/gtest.h>

#include "http/responses.h"

namespace confide::http {
namespace {

Request Preflight(std::string_view origin, std::string_view headers = {}) {
  Request request{Verb::options, "/messaging/conversations", 11};
  request.set(Field::origin, origin);
  request.set(Field::access_control_request_method, "POST");
  if (!headers.empty()) request.set(Field::access_control_request_headers, headers);
  return request;
}

TEST(CorsPolicy, IsOffWithoutOrigins) {
  const CorsPolicy policy({});
  EXPECT_FALSE(policy.enabled());
  EXPECT_FALSE(policy.Allows("https://app.example"));
}

TEST(CorsPolicy, AllowsExactOriginsOrAnyWithStar) {
  const CorsPolicy exact({"https://app.example"});
  EXPECT_TRUE(exact.Allows("https://app.example"));
  EXPECT_FALSE(exact.Allows("https://app.example.evil"));
  EXPECT_FALSE(exact.Allows(""));
  const CorsPolicy any({"*"});
  EXPECT_TRUE(any.Allows("http://localhost:3000"));
}

TEST(CorsPolicy, DecoratesAllowedOriginsOnly) {
  const CorsPolicy policy({"*"});
  auto allowed = JsonResponse(HttpStatus::ok, "{}");
  allowed.set(Field::vary, "Accept-Encoding");
  policy.Decorate("http://localhost:3000", allowed);
  EXPECT_EQ(allowed[Field::access_control_allow_origin], "http://localhost:3000");
  EXPECT_EQ(allowed[Field::access_control_allow_credentials], "true");
  EXPECT_EQ(allowed[Field::vary], "Accept-Encoding, Origin");
  EXPECT_EQ(allowed[Field::access_control_expose_headers], "X-Request-Id");

  const CorsPolicy strict({"https://app.example"});
  auto refused = JsonResponse(HttpStatus::ok, "{}");
  strict.Decorate("https://other.example", refused);
  EXPECT_EQ(refused.count(Field::access_control_allow_origin), 0u);
  EXPECT_EQ(refused.count(Field::vary), 0u);
  EXPECT_EQ(refused.count(Field::access_control_expose_headers), 0u);
}

TEST(CorsPolicy, AnswersPreflights) {
  const CorsPolicy policy({"https://app.example"});
  EXPECT_TRUE(CorsPolicy::IsPreflight(Preflight("https://app.example")));
  EXPECT_FALSE(CorsPolicy::IsPreflight(Request{Verb::options, "/", 11}));

  const auto echoed = policy.Preflight(Preflight("https://app.example", "x-trace"), "GET, POST");
  EXPECT_EQ(echoed.result(), HttpStatus::no_content);
  EXPECT_EQ(echoed[Field::access_control_allow_methods], "GET, POST");
  EXPECT_EQ(echoed[Field::access_control_allow_headers], "x-trace");
  EXPECT_EQ(echoed[Field::access_control_max_age], "600");

  const auto defaults = policy.Preflight(Preflight("https://app.example"), "GET");
  EXPECT_EQ(defaults[Field::access_control_allow_headers], "Authorization, Content-Type");

  const auto refused = policy.Preflight(Preflight("https://evil.example"), "GET");
  EXPECT_EQ(refused.result(), HttpStatus::no_content);
  EXPECT_EQ(refused.count(Field::access_control_allow_methods), 0u);
}

}  // namespace
}  // namespace confide::http
