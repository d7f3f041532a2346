#include "events/webhook_signature.h"

#include <gtest/gtest.h>

namespace confide::events {
namespace {

TEST(WebhookSignatureTest, IsTheHexHmacOfTimestampDotBody) {
  // Computed with: printf '1700000000.[{"id":"evt_1"}]' | openssl dgst -sha256 -hmac whsec-test
  EXPECT_EQ(WebhookSignature("whsec-test", "1700000000", R"([{"id":"evt_1"}])"),
            "sha256=82f2f7359df2d1ec997c03e1da792ab774415690dcb02eb6081aec146cf25cbc");
  // printf '.' | openssl dgst -sha256 -hmac ''
  EXPECT_EQ(WebhookSignature("", "", ""),
            "sha256=0d0ab78babcce47b6860946aad720dcc13630f70074364b65665c4caefb81ecf");
}

TEST(WebhookSignatureTest, VerifiesOnlyTheSameSecretTimestampAndBody) {
  const std::string signature = WebhookSignature("secret", "1700000000", "[]");
  EXPECT_TRUE(VerifyWebhookSignature("secret", "1700000000", "[]", signature));
  EXPECT_FALSE(VerifyWebhookSignature("secret2", "1700000000", "[]", signature));
  EXPECT_FALSE(VerifyWebhookSignature("secret", "1700000001", "[]", signature));
  EXPECT_FALSE(VerifyWebhookSignature("secret", "1700000000", "[ ]", signature));
  EXPECT_FALSE(VerifyWebhookSignature("secret", "1700000000", "[]", signature.substr(7)))
      << "the sha256= prefix is part of the value";
  EXPECT_FALSE(VerifyWebhookSignature("secret", "1700000000", "[]", ""));
}

}  // namespace
}  // namespace confide::events
