#include "api/authenticator.h"

#include <gtest/gtest.h>

#include <boost/json/object.hpp>
#include <memory>
#include <string>

#include "auth/jwt_payload.h"
#include "auth/token_signer.h"
#include "auth/token_verifier.h"
#include "core/clock.h"

namespace confide::api {
namespace {

constexpr std::string_view kSecret = "authenticator-test-secret";
constexpr core::EpochMillis kNow = 1'700'000'000'000;

class AuthenticatorTest : public ::testing::Test {
 protected:
  AuthenticatorTest() {
    auto verifier = auth::TokenVerifier::Create({.hs256_secret = std::string(kSecret)}, clock_);
    if (!verifier.ok()) throw std::runtime_error(verifier.error().message());
    authenticator_ = std::make_unique<Authenticator>(std::move(*verifier), "admin-key");
  }

  static std::string TokenFor(std::string_view sub, boost::json::object more = {}) {
    more["sub"] = sub;
    more["exp"] = kNow / 1000 + 60;
    return auth::SignHs256(more, kSecret);
  }

  core::ManualClock clock_{kNow};
  std::unique_ptr<Authenticator> authenticator_;
};

TEST_F(AuthenticatorTest, IdentifiesAValidToken) {
  auto claims = authenticator_->IdentifyToken(
      TokenFor("user_é1", {{"first_name", "Zoë"}, {"role", "therapist"}}));
  ASSERT_TRUE(claims.ok()) << claims.error().message();
  EXPECT_EQ(claims->subject, "user_é1");
  EXPECT_EQ(claims->first_name, "Zoë");
  EXPECT_EQ(claims->role, "therapist");
}

// The subject becomes a user id: it obeys the admin API's rule for ids (1 to 255 bytes of
// printable UTF-8 without spaces), for REST and the real-time gateway alike.
TEST_F(AuthenticatorTest, RefusesASubjectThatIsNotAValidUserId) {
  const std::string bad[] = {std::string(5000, 'a'),
                             std::string(256, 'b'),
                             "user\nsecond line",
                             "user name",
                             "tab\tbed",
                             std::string("nul\0x", 5),
                             "bell\a",
                             "c1\xc2\x85"};
  for (const auto& sub : bad) {
    auto claims = authenticator_->IdentifyToken(TokenFor(sub));
    ASSERT_FALSE(claims.ok()) << sub;
    EXPECT_EQ(claims.error().code(), ErrorCode::kUnauthorized);
    EXPECT_EQ(claims.error().message(), "Invalid token: sub is not a valid user id");
  }
  EXPECT_TRUE(authenticator_->IdentifyToken(TokenFor(std::string(255, 'c'))).ok());
}

TEST_F(AuthenticatorTest, RefusesABadSubjectInTheAuthorizationHeaderToo) {
  http::Request request{http::Verb::get, "/messaging/conversations", 11};
  request.set(http::Field::authorization, "Bearer " + TokenFor(std::string(300, 'x')));
  auto claims = authenticator_->Identify(request);
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().message(), "Invalid token: sub is not a valid user id");
}

// A token may expire millions of years from now: its expiry and the time it stays valid (the
// leeway added, in milliseconds) are still exact numbers.
TEST_F(AuthenticatorTest, AFarExpiryCountsInMillisecondsWithoutOverflow) {
  for (const double exp : {1e300, 1e18 + 5, 1e16}) {
    boost::json::object claims{{"sub", "user_1"}, {"exp", exp}};
    auto identity = authenticator_->IdentifyToken(auth::SignHs256(claims, kSecret));
    ASSERT_TRUE(identity.ok()) << exp;
    EXPECT_EQ(identity->expires_at, auth::kMaxNumericDate);
    EXPECT_EQ(identity->valid_until, (auth::kMaxNumericDate + 5) * 1000);
  }
}

}  // namespace
}  // namespace confide::api
