#include "auth/svix_signature.h"

#include <gtest/gtest.h>

#include <string>

#include "core/base64.h"
#include "test_keys.h"

namespace confide::auth {
namespace {

// The example of Svix's documentation on verifying webhooks by hand.
constexpr std::string_view kDocSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kDocId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::string_view kDocTimestamp = "1614265330";
constexpr std::string_view kDocBody = R"({"test": 2432232314})";
constexpr std::string_view kDocSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
constexpr core::EpochMillis kDocTime = 1'614'265'330'000;

// A second vector computed here with OpenSSL, for a key of our own.
constexpr std::string_view kKey = "confide webhook test key";
constexpr core::EpochMillis kNow = 1'700'000'000'500;
constexpr std::string_view kTimestamp = "1700000000";
constexpr std::string_view kId = "msg_2abc";
constexpr std::string_view kBody = R"({"type":"user.created","data":{"id":"user_1"}})";

std::string Secret() { return "whsec_" + core::Base64Encode(kKey); }

std::string Sign(std::string_view id, std::string_view timestamp, std::string_view body) {
  const std::string content =
      std::string(id) + "." + std::string(timestamp) + "." + std::string(body);
  return "v1," + core::Base64Encode(fixtures::ReferenceHmacSha256(kKey, content));
}

std::string ErrorOf(const Status& status) { return status.ok() ? "ok" : status.error().message(); }

TEST(SvixSignature, AcceptsTheDocumentedExample) {
  const SvixHeaders headers{kDocId, kDocTimestamp, kDocSignature};
  EXPECT_EQ(ErrorOf(VerifySvixSignature(headers, kDocBody, kDocSecret, kDocTime)), "ok");
}

TEST(SvixSignature, AcceptsAVectorComputedWithOpenSsl) {
  const std::string signature = Sign(kId, kTimestamp, kBody);
  EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, kTimestamp, signature}, kBody, Secret(), kNow)),
            "ok");
}

TEST(SvixSignature, OneValidEntryAmongSeveralPasses) {
  const std::string valid = Sign(kId, kTimestamp, kBody);
  const std::string other = Sign(kId, kTimestamp, "another body");
  const std::string header = other + " v2,whatever " + valid + " v1,bm90IGl0";
  EXPECT_TRUE(VerifySvixSignature({kId, kTimestamp, header}, kBody, Secret(), kNow).ok());
  const std::string without_valid = other + " v1,bm90IGl0";
  EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, kTimestamp, without_valid}, kBody, Secret(), kNow)),
            "Invalid webhook signature");
}

TEST(SvixSignature, OtherVersionsAreIgnored) {
  const std::string valid = Sign(kId, kTimestamp, kBody);
  const std::string as_v2 = "v2," + valid.substr(3);
  EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, kTimestamp, as_v2}, kBody, Secret(), kNow)),
            "Invalid webhook signature");
  const std::string bare = valid.substr(3);
  EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, kTimestamp, bare}, kBody, Secret(), kNow)),
            "Invalid webhook signature");
}

TEST(SvixSignature, TimestampMustBeWithinTolerance) {
  const std::string signature = Sign(kId, kTimestamp, kBody);
  const SvixHeaders headers{kId, kTimestamp, signature};
  const core::EpochMillis sent = 1'700'000'000'000;
  EXPECT_TRUE(VerifySvixSignature(headers, kBody, Secret(), sent + 300'000).ok());
  EXPECT_TRUE(VerifySvixSignature(headers, kBody, Secret(), sent - 300'000).ok());
  EXPECT_EQ(ErrorOf(VerifySvixSignature(headers, kBody, Secret(), sent + 301'000)),
            "Webhook timestamp is too old or too new");
  EXPECT_EQ(ErrorOf(VerifySvixSignature(headers, kBody, Secret(), sent - 301'000)),
            "Webhook timestamp is too old or too new");
  EXPECT_TRUE(VerifySvixSignature(headers, kBody, Secret(), sent + 20'000, 30).ok());
  EXPECT_FALSE(VerifySvixSignature(headers, kBody, Secret(), sent + 40'000, 30).ok());
}

TEST(SvixSignature, MalformedTimestampIsRefused) {
  for (std::string_view timestamp :
       {"abc", "-1700000000", "1700000000.5", "17000000000000000000", " 1700000000"}) {
    const std::string signature = Sign(kId, timestamp, kBody);
    EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, timestamp, signature}, kBody, Secret(), kNow)),
              "Webhook timestamp is too old or too new")
        << timestamp;
  }
}

TEST(SvixSignature, TamperedBodyOrHeadersFail) {
  const std::string signature = Sign(kId, kTimestamp, kBody);
  std::string body(kBody);
  body[10] = 'X';
  EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, kTimestamp, signature}, body, Secret(), kNow)),
            "Invalid webhook signature");
  EXPECT_EQ(
      ErrorOf(VerifySvixSignature({"msg_other", kTimestamp, signature}, kBody, Secret(), kNow)),
      "Invalid webhook signature");
  EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, "1700000001", signature}, kBody, Secret(), kNow)),
            "Invalid webhook signature");
}

TEST(SvixSignature, WrongSecretFails) {
  const std::string signature = Sign(kId, kTimestamp, kBody);
  const std::string wrong = "whsec_" + core::Base64Encode(std::string_view("another key"));
  EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, kTimestamp, signature}, kBody, wrong, kNow)),
            "Invalid webhook signature");
}

TEST(SvixSignature, SecretWithoutPrefixIsBase64Too) {
  const std::string signature = Sign(kId, kTimestamp, kBody);
  const std::string bare = core::Base64Encode(kKey);
  EXPECT_TRUE(VerifySvixSignature({kId, kTimestamp, signature}, kBody, bare, kNow).ok());
}

TEST(SvixSignature, UnusableSecretIsReported) {
  const std::string signature = Sign(kId, kTimestamp, kBody);
  for (std::string_view secret : {"", "whsec_", "whsec_not base64!", "plain-text-secret"}) {
    EXPECT_EQ(ErrorOf(VerifySvixSignature({kId, kTimestamp, signature}, kBody, secret, kNow)),
              "Invalid webhook secret")
        << secret;
  }
}

TEST(SvixSignature, MissingHeadersFail) {
  const std::string signature = Sign(kId, kTimestamp, kBody);
  for (const SvixHeaders& headers :
       {SvixHeaders{"", kTimestamp, signature}, SvixHeaders{kId, "", signature},
        SvixHeaders{kId, kTimestamp, ""}}) {
    const Status status = VerifySvixSignature(headers, kBody, Secret(), kNow);
    EXPECT_EQ(ErrorOf(status), "Missing webhook signature headers");
    EXPECT_EQ(status.error().code(), ErrorCode::kBadRequest);
  }
}

}  // namespace
}  // namespace confide::auth
