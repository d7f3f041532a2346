#include "auth/key_set.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "test_keys.h"

namespace confide::auth {
namespace {

using fixtures::Jwk;
using fixtures::Jwks;
using fixtures::RsaKeyA;
using fixtures::RsaKeyB;

TEST(KeySet, FindsKeysByKid) {
  Result<KeySet> set = KeySet::ParseJwks(Jwks({Jwk(RsaKeyA(), "a"), Jwk(RsaKeyB(), "b")}));
  ASSERT_TRUE(set.ok()) << set.error().message();
  EXPECT_EQ(set->size(), 2u);
  EXPECT_NE(set->Find("a"), nullptr);
  EXPECT_NE(set->Find("b"), nullptr);
  EXPECT_NE(set->Find("a"), set->Find("b"));
  EXPECT_EQ(set->Find("c"), nullptr);
  EXPECT_EQ(set->Find(""), nullptr);
  EXPECT_EQ(set->OnlyKey(), nullptr);
}

TEST(KeySet, SkipsKeysNotMeantForRs256Signatures) {
  boost::json::object encryption = Jwk(RsaKeyB(), "enc");
  encryption["use"] = "enc";
  boost::json::object rs512 = Jwk(RsaKeyB(), "rs512");
  rs512["alg"] = "RS512";
  boost::json::object bad_modulus = Jwk(RsaKeyB(), "bad");
  bad_modulus["n"] = "!!";
  boost::json::object no_use = Jwk(RsaKeyA(), "plain");
  no_use.erase("use");
  no_use.erase("alg");
  const boost::json::object ec{{"kty", "EC"}, {"kid", "ec"}, {"crv", "P-256"}};
  Result<KeySet> set = KeySet::ParseJwks(Jwks({encryption, rs512, bad_modulus, ec, no_use}));
  ASSERT_TRUE(set.ok()) << set.error().message();
  EXPECT_EQ(set->size(), 1u);
  EXPECT_NE(set->Find("plain"), nullptr);
  EXPECT_EQ(set->OnlyKey(), set->Find("plain"));
}

TEST(KeySet, RejectsDocumentsWithoutUsableKeys) {
  for (const char* json : {"", "[]", "{}", R"({"keys":{}})", R"({"keys":[]})",
                           R"({"keys":[{"kty":"oct","k":"c2VjcmV0"}]})", "{\"keys\":[1,2]}"}) {
    EXPECT_FALSE(KeySet::ParseJwks(json).ok()) << json;
  }
}

TEST(KeySet, RejectsShortRsaKeys) {
  const fixtures::TestRsaKey short_key = fixtures::detail::GenerateRsaKey(1024);
  EXPECT_FALSE(KeySet::ParseJwks(Jwks({Jwk(short_key, "short")})).ok());
}

}  // namespace
}  // namespace confide::auth
