#include "auth/token_verifier.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <cstdint>
#include <fstream>
#include <string>

#include "auth/jwt_payload.h"
#include "auth/token_signer.h"
#include "core/base64.h"
#include "core/clock.h"
#include "support/temp_dir.h"
#include "test_keys.h"

namespace confide::auth {
namespace {

using fixtures::B64Url;
using fixtures::HandMadeHs256;
using fixtures::Jwk;
using fixtures::Jwks;
using fixtures::RsaKeyA;
using fixtures::RsaKeyB;
using fixtures::RsaKeyC;

constexpr core::EpochMillis kNow = 1'700'000'000'123;
constexpr std::int64_t kNowSeconds = kNow / 1000;
constexpr std::string_view kSecret = "hs256-test-secret-0123456789abcdef";

boost::json::object ValidClaims() { return {{"sub", "user_1"}, {"exp", kNowSeconds + 600}}; }

std::string Hs(const boost::json::object& claims, std::string_view secret = kSecret) {
  return SignHs256(claims, secret);
}

std::string Rs(const boost::json::object& claims, const fixtures::TestRsaKey& key,
               std::string_view kid = "") {
  Result<std::string> token = SignRs256(claims, key.private_pem, kid);
  if (!token.ok()) throw std::runtime_error(token.error().message());
  return *token;
}

::testing::AssertionResult RejectedWith(const Result<Claims>& result, std::string_view message) {
  if (result.ok())
    return ::testing::AssertionFailure() << "accepted (sub " << result->subject << ")";
  if (result.error().code() != ErrorCode::kUnauthorized) {
    return ::testing::AssertionFailure() << "not kUnauthorized: " << result.error().message();
  }
  if (result.error().message() != message) {
    return ::testing::AssertionFailure() << "message is \"" << result.error().message() << "\"";
  }
  return ::testing::AssertionSuccess();
}

// Replaces part `index` (0..2) of a compact token.
std::string WithPart(const std::string& token, int index, const std::string& part) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  std::string parts[3] = {token.substr(0, first), token.substr(first + 1, second - first - 1),
                          token.substr(second + 1)};
  parts[index] = part;
  return parts[0] + "." + parts[1] + "." + parts[2];
}

class TokenVerifierTest : public ::testing::Test {
 protected:
  std::unique_ptr<TokenVerifier> Make(VerifierOptions options) {
    Result<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(options, clock_);
    if (!verifier.ok()) throw std::runtime_error(verifier.error().message());
    return std::move(*verifier);
  }
  std::unique_ptr<TokenVerifier> Hs256Verifier() {
    return Make({.hs256_secret = std::string(kSecret)});
  }
  std::unique_ptr<TokenVerifier> PemVerifier(const fixtures::TestRsaKey& key) {
    return Make({.rs256_public_key = key.public_pem});
  }
  // Writes `content` to a new file of this test's directory and returns its path.
  std::string WriteFile(const std::string& content) {
    const std::string path = dir_.File("file" + std::to_string(++files_));
    std::ofstream(path) << content;
    return path;
  }

  core::ManualClock clock_{kNow};
  confide::testing::TempDir dir_;
  int files_ = 0;
};

TEST_F(TokenVerifierTest, Hs256TokenYieldsItsClaims) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  claims["first_name"] = "Ada";
  claims["last_name"] = "Lovelace";
  claims["image_url"] = "https://img.example.com/ada.png";
  claims["role"] = "admin";
  claims["email"] = "ada@example.com";
  claims["iss"] = "https://issuer.example.com";
  claims["azp"] = "https://app.example.com";
  claims["iat"] = kNowSeconds + 10'000;  // ignored, even in the future
  Result<Claims> result = verifier->Verify(Hs(claims));
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->subject, "user_1");
  EXPECT_EQ(result->first_name, "Ada");
  EXPECT_EQ(result->last_name, "Lovelace");
  EXPECT_EQ(result->image_url, "https://img.example.com/ada.png");
  EXPECT_EQ(result->role, "admin");
  EXPECT_EQ(result->email, "ada@example.com");
  EXPECT_EQ(result->issuer, "https://issuer.example.com");
  EXPECT_EQ(result->authorized_party, "https://app.example.com");
  EXPECT_EQ(result->expires_at, kNowSeconds + 600);
}

TEST_F(TokenVerifierTest, AcceptsAnHs256TokenMadeWithoutTheLibrary) {
  auto verifier = Hs256Verifier();
  const std::string payload =
      R"({"sub":"user_2","exp":)" + std::to_string(kNowSeconds + 60) + R"(,"first_name":7})";
  Result<Claims> result =
      verifier->Verify(HandMadeHs256(R"({"typ":"JWT","alg":"HS256"})", payload, kSecret));
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->subject, "user_2");
  EXPECT_EQ(result->first_name, std::nullopt) << "a non-string profile claim is ignored";
  EXPECT_EQ(result->role, std::nullopt);
}

TEST_F(TokenVerifierTest, Rs256WithPemPublicKey) {
  auto verifier = PemVerifier(RsaKeyA());
  EXPECT_TRUE(verifier->Verify(Rs(ValidClaims(), RsaKeyA())).ok());
  EXPECT_TRUE(verifier->Verify(Rs(ValidClaims(), RsaKeyA(), "any-kid")).ok())
      << "a PEM key serves tokens whatever key id they name";
}

TEST_F(TokenVerifierTest, Rs256WithCertificatePem) {
  auto verifier = Make({.rs256_public_key = RsaKeyA().certificate_pem});
  EXPECT_TRUE(verifier->Verify(Rs(ValidClaims(), RsaKeyA())).ok());
  EXPECT_TRUE(
      RejectedWith(verifier->Verify(Rs(ValidClaims(), RsaKeyB())), "Invalid token signature"));
}

TEST_F(TokenVerifierTest, Rs256WithPemFilePath) {
  auto verifier = Make({.rs256_public_key = WriteFile(RsaKeyA().public_pem)});
  EXPECT_TRUE(verifier->Verify(Rs(ValidClaims(), RsaKeyA())).ok());
  EXPECT_FALSE(TokenVerifier::Create({.rs256_public_key = "/nonexistent/key.pem"}, clock_).ok());
}

TEST_F(TokenVerifierTest, Rs256WithJwksFileChoosesTheKeyByKid) {
  const std::string path = WriteFile(Jwks({Jwk(RsaKeyA(), "key-a"), Jwk(RsaKeyB(), "key-b")}));
  auto verifier = Make({.jwks = path});
  Result<Claims> by_b = verifier->Verify(Rs(ValidClaims(), RsaKeyB(), "key-b"));
  ASSERT_TRUE(by_b.ok()) << by_b.error().message();
  EXPECT_TRUE(verifier->Verify(Rs(ValidClaims(), RsaKeyA(), "key-a")).ok());
  EXPECT_TRUE(RejectedWith(verifier->Verify(Rs(ValidClaims(), RsaKeyA(), "key-b")),
                           "Invalid token signature"));
  EXPECT_TRUE(RejectedWith(verifier->Verify(Rs(ValidClaims(), RsaKeyA())), "Unknown signing key"))
      << "no kid, and the set holds two keys";
  EXPECT_TRUE(
      RejectedWith(verifier->Verify(Rs(ValidClaims(), RsaKeyA(), "key-x")), "Unknown signing key"));
}

TEST_F(TokenVerifierTest, TokenWithoutKidUsesTheOnlyKeyOfTheSet) {
  auto verifier = Make({.jwks = WriteFile(Jwks({Jwk(RsaKeyA(), "key-a")}))});
  EXPECT_TRUE(verifier->Verify(Rs(ValidClaims(), RsaKeyA())).ok());
  EXPECT_TRUE(
      RejectedWith(verifier->Verify(Rs(ValidClaims(), RsaKeyB())), "Invalid token signature"));
}

TEST_F(TokenVerifierTest, ExpiredTokenIsRejected) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  claims["exp"] = kNowSeconds - 6;
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token has expired"));
  clock_.Set(kNow + 3600 * 1000);
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(ValidClaims())), "Token has expired"));
}

TEST_F(TokenVerifierTest, ExpiryWithinLeewayPasses) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  claims["exp"] = kNowSeconds - 4;
  EXPECT_TRUE(verifier->Verify(Hs(claims)).ok());
  auto strict = Make({.hs256_secret = std::string(kSecret), .leeway_seconds = 0});
  EXPECT_TRUE(RejectedWith(strict->Verify(Hs(claims)), "Token has expired"));
  claims["exp"] = kNowSeconds;
  EXPECT_TRUE(RejectedWith(strict->Verify(Hs(claims)), "Token has expired"));
  claims["exp"] = kNowSeconds + 1;
  EXPECT_TRUE(strict->Verify(Hs(claims)).ok());
}

TEST_F(TokenVerifierTest, NotBeforeIsCheckedWithLeeway) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  claims["nbf"] = kNowSeconds + 60;
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token is not yet valid"));
  claims["nbf"] = kNowSeconds + 4;
  EXPECT_TRUE(verifier->Verify(Hs(claims)).ok());
  claims["nbf"] = kNowSeconds - 100;
  EXPECT_TRUE(verifier->Verify(Hs(claims)).ok());
}

TEST_F(TokenVerifierTest, WrongSecretIsRejected) {
  auto verifier = Hs256Verifier();
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(ValidClaims(), "another-secret")),
                           "Invalid token signature"));
}

TEST_F(TokenVerifierTest, WrongRsaKeyIsRejected) {
  auto verifier = PemVerifier(RsaKeyA());
  EXPECT_TRUE(
      RejectedWith(verifier->Verify(Rs(ValidClaims(), RsaKeyC())), "Invalid token signature"));
}

TEST_F(TokenVerifierTest, AlgNoneIsRefused) {
  auto verifier =
      Make({.hs256_secret = std::string(kSecret), .rs256_public_key = RsaKeyA().public_pem});
  const std::string payload = B64Url(boost::json::serialize(ValidClaims()));
  for (const char* alg : {"none", "None", "NONE"}) {
    const std::string header = B64Url(std::string(R"({"alg":")") + alg + R"(","typ":"JWT"})");
    EXPECT_TRUE(RejectedWith(verifier->Verify(header + "." + payload + "."),
                             "Unsupported token algorithm"));
    EXPECT_TRUE(RejectedWith(verifier->Verify(header + "." + payload + "." + B64Url("fake")),
                             "Unsupported token algorithm"));
  }
}

TEST_F(TokenVerifierTest, OtherAlgorithmsAreRefused) {
  auto verifier = Hs256Verifier();
  for (const char* alg : {"HS512", "RS512", "ES256", "PS256", "hs256", ""}) {
    const std::string header = std::string(R"({"alg":")") + alg + R"("})";
    EXPECT_TRUE(RejectedWith(
        verifier->Verify(HandMadeHs256(header, boost::json::serialize(ValidClaims()), kSecret)),
        "Unsupported token algorithm"))
        << alg;
  }
}

TEST_F(TokenVerifierTest, PublicKeyIsNeverUsedAsHmacSecret) {
  const std::string forged = Hs(ValidClaims(), RsaKeyA().public_pem);
  auto rsa_only = PemVerifier(RsaKeyA());
  EXPECT_TRUE(RejectedWith(rsa_only->Verify(forged), "Unsupported token algorithm"));

  auto both =
      Make({.hs256_secret = std::string(kSecret), .rs256_public_key = RsaKeyA().public_pem});
  EXPECT_TRUE(RejectedWith(both->Verify(forged), "Invalid token signature"));
  EXPECT_TRUE(both->Verify(Hs(ValidClaims())).ok());
  EXPECT_TRUE(both->Verify(Rs(ValidClaims(), RsaKeyA())).ok());

  const std::string jwks_path = WriteFile(Jwks({Jwk(RsaKeyA(), "key-a")}));
  auto jwks_only = Make({.jwks = jwks_path});
  const std::string forged_with_jwk =
      HandMadeHs256(R"({"alg":"HS256","kid":"key-a"})", boost::json::serialize(ValidClaims()),
                    Jwks({Jwk(RsaKeyA(), "key-a")}));
  EXPECT_TRUE(RejectedWith(jwks_only->Verify(forged_with_jwk), "Unsupported token algorithm"));
}

TEST_F(TokenVerifierTest, RsaTokenNeedsAnRsaKey) {
  auto verifier = Hs256Verifier();
  EXPECT_TRUE(
      RejectedWith(verifier->Verify(Rs(ValidClaims(), RsaKeyA())), "Unsupported token algorithm"));
}

TEST_F(TokenVerifierTest, TamperedPayloadIsRejected) {
  boost::json::object admin = ValidClaims();
  admin["sub"] = "user_admin";
  admin["role"] = "admin";
  const std::string forged_payload = B64Url(boost::json::serialize(admin));

  auto hs = Hs256Verifier();
  EXPECT_TRUE(RejectedWith(hs->Verify(WithPart(Hs(ValidClaims()), 1, forged_payload)),
                           "Invalid token signature"));
  auto rs = PemVerifier(RsaKeyA());
  EXPECT_TRUE(RejectedWith(rs->Verify(WithPart(Rs(ValidClaims(), RsaKeyA()), 1, forged_payload)),
                           "Invalid token signature"));
  // The same with a header changed instead.
  EXPECT_TRUE(RejectedWith(
      hs->Verify(WithPart(Hs(ValidClaims()), 0, B64Url(R"({"alg":"HS256","typ":"jwt"})"))),
      "Invalid token signature"));
}

TEST_F(TokenVerifierTest, BadBase64InAnyPartIsMalformed) {
  auto verifier = Hs256Verifier();
  const std::string token = Hs(ValidClaims());
  const std::size_t first = token.find('.');
  const std::size_t starts[3] = {0, first + 1, token.find('.', first + 1) + 1};
  for (std::size_t start : starts) {
    for (char bad : {'*', '+', '/', '=', ' '}) {
      std::string broken = token;
      broken[start + 2] = bad;  // same length: only the alphabet is wrong
      EXPECT_TRUE(RejectedWith(verifier->Verify(broken), "Malformed token"))
          << "part at " << start << " with " << bad;
    }
  }
  EXPECT_TRUE(RejectedWith(verifier->Verify(token + "="), "Malformed token"));
}

TEST_F(TokenVerifierTest, WrongNumberOfPartsIsMalformed) {
  auto verifier = Hs256Verifier();
  const std::string token = Hs(ValidClaims());
  const std::string two_parts = token.substr(0, token.rfind('.'));
  for (const std::string& bad :
       {std::string(), std::string("."), std::string(".."), std::string("..."), two_parts,
        token + ".", token + "." + B64Url("extra"), std::string("abc")}) {
    EXPECT_TRUE(RejectedWith(verifier->Verify(bad), "Malformed token")) << bad;
  }
}

TEST_F(TokenVerifierTest, HeaderMustBeAJsonObjectWithAlg) {
  auto verifier = Hs256Verifier();
  const std::string payload = boost::json::serialize(ValidClaims());
  for (const char* header : {"not json", R"(["alg","HS256"])", R"({"typ":"JWT"})", R"({"alg":256})",
                             R"({"alg":"HS256","kid":5})", "", "{"}) {
    EXPECT_TRUE(
        RejectedWith(verifier->Verify(HandMadeHs256(header, payload, kSecret)), "Malformed token"))
        << header;
  }
}

TEST_F(TokenVerifierTest, PayloadMustBeAJsonObject) {
  auto verifier = Hs256Verifier();
  const std::string header = R"({"alg":"HS256"})";
  for (const char* payload : {R"(["sub","user_1"])", "\"user_1\"", "42", "not json", ""}) {
    EXPECT_TRUE(
        RejectedWith(verifier->Verify(HandMadeHs256(header, payload, kSecret)), "Malformed token"))
        << payload;
  }
}

TEST_F(TokenVerifierTest, SubjectIsRequired) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  claims.erase("sub");
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token has no subject"));
  claims["sub"] = 12345;
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token has no subject"));
  claims["sub"] = "";
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token has no subject"));
}

TEST_F(TokenVerifierTest, ExpiryIsRequired) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  claims.erase("exp");
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token has no expiry time"));
  claims["exp"] = std::to_string(kNowSeconds + 600);
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Malformed token"));
  claims["exp"] = static_cast<double>(kNowSeconds) + 600.5;
  EXPECT_TRUE(verifier->Verify(Hs(claims)).ok()) << "a NumericDate may have a fraction";
  claims["exp"] = 1e300;
  EXPECT_TRUE(verifier->Verify(Hs(claims)).ok());
  claims["exp"] = -1e300;
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token has expired"));
}

// However far away a NumericDate is, as an integer of either JSON kind or as a double, it is
// read within ±kMaxNumericDate seconds, which callers count in milliseconds without overflow.
TEST_F(TokenVerifierTest, FarExpiryIsClampedSoThatItFitsInMilliseconds) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  for (const boost::json::value& exp :
       {boost::json::value(1e300), boost::json::value(1e18 + 5),
        boost::json::value(std::uint64_t{1} << 63), boost::json::value(INT64_MAX)}) {
    claims["exp"] = exp;
    auto verified = verifier->Verify(Hs(claims));
    ASSERT_TRUE(verified.ok()) << boost::json::serialize(exp);
    EXPECT_EQ(verified->expires_at, kMaxNumericDate) << boost::json::serialize(exp);
  }
  claims["exp"] = kNowSeconds + 600;
  claims["nbf"] = -1e300;
  EXPECT_TRUE(verifier->Verify(Hs(claims)).ok());
}

TEST_F(TokenVerifierTest, IssuerIsCheckedWhenConfigured) {
  auto verifier =
      Make({.hs256_secret = std::string(kSecret), .issuer = "https://clerk.example.com"});
  boost::json::object claims = ValidClaims();
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token issuer is not accepted"));
  claims["iss"] = "https://evil.example.com";
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token issuer is not accepted"));
  claims["iss"] = "https://clerk.example.com";
  EXPECT_TRUE(verifier->Verify(Hs(claims)).ok());
}

TEST_F(TokenVerifierTest, AuthorizedPartyIsCheckedWhenConfigured) {
  auto verifier =
      Make({.hs256_secret = std::string(kSecret),
            .authorized_parties = {"https://app.example.com", "http://localhost:3000"}});
  boost::json::object claims = ValidClaims();
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token authorized party is not accepted"));
  claims["azp"] = "https://evil.example.com";
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Token authorized party is not accepted"));
  claims["azp"] = "http://localhost:3000";
  EXPECT_TRUE(verifier->Verify(Hs(claims)).ok());

  auto open = Hs256Verifier();
  EXPECT_TRUE(open->Verify(Hs(claims)).ok()) << "azp is not checked unless configured";
}

TEST_F(TokenVerifierTest, RoleFallsBackToMetadata) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  claims["public_metadata"] = {{"role", "admin"}};
  claims["metadata"] = {{"role", "member"}};
  EXPECT_EQ(verifier->Verify(Hs(claims))->role, "admin");
  claims.erase("public_metadata");
  EXPECT_EQ(verifier->Verify(Hs(claims))->role, "member");
  claims["role"] = "owner";
  EXPECT_EQ(verifier->Verify(Hs(claims))->role, "owner");
  claims["role"] = boost::json::array{"owner"};
  EXPECT_EQ(verifier->Verify(Hs(claims))->role, "member") << "a non-string role is ignored";
  claims.erase("metadata");
  EXPECT_EQ(verifier->Verify(Hs(claims))->role, std::nullopt);
}

TEST_F(TokenVerifierTest, OversizedTokenIsMalformed) {
  auto verifier = Hs256Verifier();
  boost::json::object claims = ValidClaims();
  claims["padding"] = std::string(20'000, 'x');
  EXPECT_TRUE(RejectedWith(verifier->Verify(Hs(claims)), "Malformed token"));
}

TEST_F(TokenVerifierTest, CreateFailsWithoutAnyKey) {
  Result<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create({}, clock_);
  ASSERT_FALSE(verifier.ok());
  EXPECT_NE(verifier.error().message().find("no token verification key"), std::string::npos);
}

TEST_F(TokenVerifierTest, CreateFailsOnUnusableKeys) {
  EXPECT_FALSE(TokenVerifier::Create({.rs256_public_key = "not a key"}, clock_).ok());
  Result<std::unique_ptr<TokenVerifier>> short_key = TokenVerifier::Create(
      {.rs256_public_key = fixtures::detail::GenerateRsaKey(1024).public_pem}, clock_);
  ASSERT_FALSE(short_key.ok());
  EXPECT_NE(short_key.error().message().find("2048"), std::string::npos);
  EXPECT_FALSE(TokenVerifier::Create({.jwks = "/nonexistent/confide/jwks.json"}, clock_).ok());
  EXPECT_FALSE(TokenVerifier::Create({.jwks = WriteFile(R"({"keys":[]})")}, clock_).ok());
  EXPECT_FALSE(TokenVerifier::Create({.hs256_secret = "s", .leeway_seconds = -1}, clock_).ok());
  EXPECT_FALSE(
      TokenVerifier::Create({.hs256_secret = "s", .jwks_refresh_seconds = 0}, clock_).ok());
}

}  // namespace
}  // namespace confide::auth
