#include "auth/token_signer.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <string>

#include "auth/token_verifier.h"
#include "core/base64.h"
#include "core/clock.h"
#include "test_keys.h"

namespace confide::auth {
namespace {

constexpr core::EpochMillis kNow = 1'700'000'000'000;
constexpr std::string_view kSecret = "signer-test-secret";

struct Parts {
  boost::json::value header;
  boost::json::value payload;
  std::string signing_input;
  std::string signature;
};

Parts Split(const std::string& token) {
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  EXPECT_EQ(token.find('.', second + 1), std::string::npos);
  Parts parts;
  parts.header = boost::json::parse(*core::Base64UrlDecode(token.substr(0, first)));
  parts.payload =
      boost::json::parse(*core::Base64UrlDecode(token.substr(first + 1, second - first - 1)));
  parts.signing_input = token.substr(0, second);
  parts.signature = *core::Base64UrlDecode(token.substr(second + 1));
  return parts;
}

// RS256 checked with OpenSSL directly, not with the library's verifier.
bool ReferenceRs256Verify(const std::string& public_pem, const std::string& data,
                          const std::string& signature) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())), &BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), &EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  return key && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                          data.size()) == 1;
}

boost::json::object SomeClaims() {
  return {{"sub", "user_é"},
          {"exp", kNow / 1000 + 60},
          {"public_metadata", {{"role", "admin"}}},
          {"first_name", "Zoë 🎉"}};
}

TEST(TokenSigner, Hs256TokenHasTheExpectedParts) {
  const std::string token = SignHs256(SomeClaims(), kSecret);
  const Parts parts = Split(token);
  EXPECT_EQ(parts.header, boost::json::parse(R"({"alg":"HS256","typ":"JWT"})"));
  EXPECT_EQ(parts.payload, boost::json::value(SomeClaims()));
  EXPECT_EQ(parts.signature, fixtures::ReferenceHmacSha256(kSecret, parts.signing_input));
}

TEST(TokenSigner, Hs256RoundTripsThroughTheVerifier) {
  core::ManualClock clock(kNow);
  auto verifier = TokenVerifier::Create({.hs256_secret = std::string(kSecret)}, clock);
  ASSERT_TRUE(verifier.ok());
  Result<Claims> claims = (*verifier)->Verify(SignHs256(SomeClaims(), kSecret));
  ASSERT_TRUE(claims.ok()) << claims.error().message();
  EXPECT_EQ(claims->subject, "user_é");
  EXPECT_EQ(claims->first_name, "Zoë 🎉");
  EXPECT_EQ(claims->role, "admin");
}

TEST(TokenSigner, Rs256TokenVerifiesWithOpenSsl) {
  Result<std::string> token = SignRs256(SomeClaims(), fixtures::RsaKeyA().private_pem, "key-1");
  ASSERT_TRUE(token.ok()) << token.error().message();
  const Parts parts = Split(*token);
  EXPECT_EQ(parts.header, boost::json::parse(R"({"alg":"RS256","typ":"JWT","kid":"key-1"})"));
  EXPECT_EQ(parts.payload, boost::json::value(SomeClaims()));
  EXPECT_TRUE(
      ReferenceRs256Verify(fixtures::RsaKeyA().public_pem, parts.signing_input, parts.signature));
  EXPECT_FALSE(
      ReferenceRs256Verify(fixtures::RsaKeyB().public_pem, parts.signing_input, parts.signature));
}

TEST(TokenSigner, Rs256WithoutKidOmitsIt) {
  Result<std::string> token = SignRs256(SomeClaims(), fixtures::RsaKeyA().private_pem, "");
  ASSERT_TRUE(token.ok());
  EXPECT_FALSE(Split(*token).header.as_object().contains("kid"));
}

TEST(TokenSigner, Rs256RoundTripsThroughTheVerifier) {
  core::ManualClock clock(kNow);
  auto verifier =
      TokenVerifier::Create({.rs256_public_key = fixtures::RsaKeyA().public_pem}, clock);
  ASSERT_TRUE(verifier.ok());
  Result<std::string> token = SignRs256(SomeClaims(), fixtures::RsaKeyA().private_pem, "");
  ASSERT_TRUE(token.ok());
  Result<Claims> claims = (*verifier)->Verify(*token);
  ASSERT_TRUE(claims.ok()) << claims.error().message();
  EXPECT_EQ(claims->subject, "user_é");
}

TEST(TokenSigner, Rs256NeedsAnRsaPrivateKey) {
  EXPECT_FALSE(SignRs256(SomeClaims(), "not a key", "").ok());
  EXPECT_FALSE(SignRs256(SomeClaims(), fixtures::RsaKeyA().public_pem, "").ok());
}

}  // namespace
}  // namespace confide::auth
