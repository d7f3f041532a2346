#include "api/community_routes.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/authenticator.h"
#include "api/service_calls.h"
#include "auth/token_verifier.h"
#include "core/metrics.h"
#include "http/server.h"
#include "support/service_fixture.h"
#include "unit/http/test_client.h"

namespace confide::api {
namespace {

using domain::RoomEvent;
using http::HttpStatus;
using http::Verb;
using http::testing::MakeRequest;
using http::testing::TestClient;

constexpr std::string_view kAdminKey = "test-admin-key";

// The community routes on a real server and database, with a publisher and a change listener
// that record what they are given (the integration tests cannot: the binary has neither).
class CommunityRoutesTest : public testing::ServiceFixture {
 protected:
  CommunityRoutesTest() {
    auto verifier = auth::TokenVerifier::Create({.hs256_secret = "secret"}, clock_);
    if (!verifier.ok()) throw std::runtime_error(verifier.error().message());
    authenticator_ = std::make_unique<Authenticator>(std::move(*verifier), std::string(kAdminKey));
    calls_ = std::make_unique<ServiceCalls>(*db_, service_, *authenticator_);
    calls_->SetChangeListener([this](const std::vector<domain::DomainEvent>& events) {
      std::lock_guard lock(mu_);
      events_.insert(events_.end(), events.begin(), events.end());
    });
    auto router = std::make_shared<http::Router>();
    AddCommunityRoutes(*router, *calls_, [this](RoomEvent event) {
      std::lock_guard lock(mu_);
      published_.push_back(std::move(event));
    });
    server_ = std::make_unique<http::Server>(
        http::ServerOptions{.host = "127.0.0.1", .port = 0, .io_threads = 1, .log_requests = false},
        router, metrics_);
    server_->Start();
  }

  ~CommunityRoutesTest() override { server_->Stop(); }

  // One request with the administrator key; the response (a 599 if none came).
  http::Response Call(Verb method, std::string_view target, std::string body = {}) {
    TestClient client(server_->port());
    EXPECT_FALSE(client.Connect());
    auto request = MakeRequest(method, target, std::move(body));
    request.set("X-Admin-Key", kAdminKey);
    auto response = client.RoundTrip(std::move(request));
    if (!response) return http::Response{static_cast<HttpStatus>(599), 11};
    return std::move(*response);
  }

  std::vector<domain::DomainEvent> Events() {
    std::lock_guard lock(mu_);
    return events_;
  }
  std::vector<RoomEvent> Published() {
    std::lock_guard lock(mu_);
    return published_;
  }

  core::Metrics metrics_;
  std::unique_ptr<Authenticator> authenticator_;
  std::unique_ptr<ServiceCalls> calls_;
  std::unique_ptr<http::Server> server_;
  std::mutex mu_;
  std::vector<domain::DomainEvent> events_;
  std::vector<RoomEvent> published_;
};

TEST_P(CommunityRoutesTest, ChangesTellTheListenerOnceCommitted) {
  MakeUser("alice");
  EXPECT_EQ(Call(Verb::put, "/internal/communities/c1/members/alice").result(),
            HttpStatus::created);
  EXPECT_EQ(Call(Verb::put, "/internal/communities/c1/members/alice").result(), HttpStatus::ok);
  EXPECT_EQ(Call(Verb::put, "/internal/posts/p1", R"({"communityId":"c1"})").result(),
            HttpStatus::created);
  EXPECT_EQ(Call(Verb::put, "/internal/posts/p1", R"({"communityId":"c2"})").result(),
            HttpStatus::ok);
  EXPECT_EQ(Call(Verb::delete_, "/internal/posts/p1").result(), HttpStatus::no_content);
  EXPECT_EQ(Call(Verb::delete_, "/internal/communities/c1/members/alice").result(),
            HttpStatus::no_content);
  EXPECT_EQ(Call(Verb::delete_, "/internal/communities/c1/members/alice").result(),
            HttpStatus::not_found);

  const auto events = Events();
  ASSERT_EQ(events.size(), 5u) << "a repeat and a refusal tell nothing";
  EXPECT_TRUE(std::holds_alternative<domain::CommunityMemberAdded>(events[0]));
  EXPECT_FALSE(std::get<domain::PostUpserted>(events[1]).previous_community_id);
  EXPECT_EQ(std::get<domain::PostUpserted>(events[2]).previous_community_id, "c1");
  EXPECT_EQ(std::get<domain::PostRemoved>(events[3]).post_id, "p1");
  EXPECT_EQ(std::get<domain::CommunityMemberRemoved>(events[4]).user_id, "alice");
}

TEST_P(CommunityRoutesTest, CheckedEventsGoToThePublisher) {
  ASSERT_EQ(Call(Verb::put, "/internal/posts/p1", R"({"communityId":"c1"})").result(),
            HttpStatus::created);
  auto accepted = Call(Verb::post, "/internal/posts/p1/events",
                       R"({"event":"new_comment","data":{"id":"cm_1","text":"Hi"}})");
  EXPECT_EQ(accepted.result(), HttpStatus::accepted);
  EXPECT_EQ(boost::json::parse(accepted.body()), boost::json::parse(R"({"delivered":"queued"})"));
  EXPECT_EQ(
      Call(Verb::post, "/internal/communities/c%2F9/events", R"({"event":"new_post"})").result(),
      HttpStatus::accepted);

  EXPECT_EQ(Call(Verb::post, "/internal/posts/p404/events", R"({"event":"new_comment"})").result(),
            HttpStatus::not_found);
  EXPECT_EQ(Call(Verb::post, "/internal/posts/p1/events", R"({"event":"disconnect"})").result(),
            HttpStatus::bad_request);
  EXPECT_EQ(Call(Verb::post, "/internal/posts/p1/events", R"({"data":1})").result(),
            HttpStatus::bad_request);

  const auto published = Published();
  ASSERT_EQ(published.size(), 2u) << "refused events are not published";
  EXPECT_EQ(published[0].kind, RoomEvent::Kind::kPost);
  EXPECT_EQ(published[0].id, "p1");
  EXPECT_EQ(published[0].event, "new_comment");
  EXPECT_EQ(published[0].data_json, R"({"id":"cm_1","text":"Hi"})") << "keys keep their order";
  EXPECT_EQ(published[1].kind, RoomEvent::Kind::kCommunity);
  EXPECT_EQ(published[1].id, "c/9");
  EXPECT_EQ(published[1].data_json, "null");
}

CONFIDE_SERVICE_TEST_SUITE(CommunityRoutesTest);

}  // namespace
}  // namespace confide::api
