#include "engineio/handshake.h"

#include <gtest/gtest.h>

// A session keeps, of its handshake request, the client's address and what it was told to
// keep: nothing else, however large the request.
namespace confide::engineio {
namespace {

TEST(Handshake, KeepsOnlyTheHeadersAndQueryParametersAsked) {
  http::Request request{http::Verb::get, "/socket.io/?EIO=4&transport=polling&token=a%20b&x=1", 11};
  request.set(http::Field::authorization, "Bearer abc");
  request.set("X-Padding", std::string(8000, 'p'));
  request.set(http::Field::cookie, "c=1");
  const ServerOptions options{.kept_headers = {"authorization", "origin"},
                              .kept_query = {"token", "sid"}};
  const Handshake handshake = Handshake::Of(request, "192.0.2.7", options);

  EXPECT_EQ(handshake.address, "192.0.2.7");
  EXPECT_EQ(handshake.Header("Authorization"), "Bearer abc");
  EXPECT_EQ(handshake.Header("authorization"), "Bearer abc");
  EXPECT_FALSE(handshake.Header("origin"));     // asked, absent
  EXPECT_FALSE(handshake.Header("x-padding"));  // present, not asked
  EXPECT_FALSE(handshake.Header("cookie"));
  EXPECT_EQ(handshake.Query("token"), "a b");
  EXPECT_FALSE(handshake.Query("x"));
  EXPECT_FALSE(handshake.Query("sid"));
  EXPECT_EQ(handshake.headers.size(), 1u);
  EXPECT_EQ(handshake.query.size(), 1u);
}

TEST(Handshake, KeepsNothingUnlessAsked) {
  http::Request request{http::Verb::get, "/socket.io/?EIO=4&transport=polling&token=t", 11};
  request.set(http::Field::authorization, "Bearer abc");
  const Handshake handshake = Handshake::Of(request, "::1", {});
  EXPECT_TRUE(handshake.headers.empty());
  EXPECT_TRUE(handshake.query.empty());
  EXPECT_FALSE(handshake.Query("token"));
}

}  // namespace
}  // namespace confide::engineio
