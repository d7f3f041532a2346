#include "auth/remote_jwks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/ssl.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "auth/token_signer.h"
#include "auth/token_verifier.h"
#include "core/clock.h"
#include "test_jwks_server.h"
#include "test_keys.h"

namespace confide::auth {
namespace {

using fixtures::Jwk;
using fixtures::Jwks;
using fixtures::RsaKeyA;
using fixtures::RsaKeyB;
using fixtures::TestJwksServer;
using namespace std::chrono_literals;

constexpr core::EpochMillis kNow = 1'700'000'000'000;

std::string TokenBy(const fixtures::TestRsaKey& key, std::string_view kid) {
  const boost::json::object claims{{"sub", "user_1"}, {"exp", kNow / 1000 + 3600}};
  Result<std::string> token = SignRs256(claims, key.private_pem, kid);
  if (!token.ok()) throw std::runtime_error(token.error().message());
  return *token;
}

// Polls `done` until it holds or about five seconds have passed.
bool Eventually(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return done();
}

std::string ErrorOf(const Result<Claims>& result) {
  return result.ok() ? "accepted" : result.error().message();
}

class RemoteJwksTest : public ::testing::Test {
 protected:
  std::unique_ptr<TokenVerifier> Make(int refresh_seconds = 600) {
    Result<std::unique_ptr<TokenVerifier>> verifier = TokenVerifier::Create(
        {.jwks = server_.url(), .jwks_refresh_seconds = refresh_seconds}, clock_);
    if (!verifier.ok()) throw std::runtime_error(verifier.error().message());
    return std::move(*verifier);
  }

  core::ManualClock clock_{kNow};
  TestJwksServer server_{Jwks({Jwk(RsaKeyA(), "key-a")})};
};

TEST_F(RemoteJwksTest, UnknownKidTriggersARateLimitedRefresh) {
  auto verifier = Make();
  EXPECT_EQ(server_.requests(), 1);
  EXPECT_TRUE(verifier->Verify(TokenBy(RsaKeyA(), "key-a")).ok());

  server_.SetBody(Jwks({Jwk(RsaKeyB(), "key-b")}));
  const std::string rotated = TokenBy(RsaKeyB(), "key-b");
  EXPECT_EQ(ErrorOf(verifier->Verify(rotated)), "Unknown signing key");
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(server_.requests(), 1) << "the set was fetched less than 30 s ago";

  clock_.Advance(TokenVerifier::kMinOnDemandRefreshSeconds * 1000);
  EXPECT_EQ(ErrorOf(verifier->Verify(rotated)), "Unknown signing key")
      << "the request that reveals a new key still fails";
  EXPECT_TRUE(Eventually([&] { return verifier->Verify(rotated).ok(); }));
  EXPECT_EQ(server_.requests(), 2) << "one refresh, however many requests saw the new kid";
  EXPECT_EQ(ErrorOf(verifier->Verify(TokenBy(RsaKeyA(), "key-a"))), "Unknown signing key")
      << "a key removed from the set is no longer accepted";
}

TEST_F(RemoteJwksTest, RefreshesPeriodically) {
  auto verifier = Make(/*refresh_seconds=*/1);
  server_.SetBody(Jwks({Jwk(RsaKeyA(), "key-a"), Jwk(RsaKeyB(), "key-b")}));
  EXPECT_TRUE(Eventually([&] { return server_.requests() >= 2; }));
  EXPECT_TRUE(Eventually([&] { return verifier->Verify(TokenBy(RsaKeyB(), "key-b")).ok(); }));
}

TEST_F(RemoteJwksTest, FailedRefreshKeepsTheKeys) {
  auto verifier = Make();
  server_.SetBody("not a JWKS");
  clock_.Advance(TokenVerifier::kMinOnDemandRefreshSeconds * 1000);
  EXPECT_EQ(ErrorOf(verifier->Verify(TokenBy(RsaKeyB(), "key-b"))), "Unknown signing key");
  EXPECT_TRUE(Eventually([&] { return server_.requests() >= 2; }));
  std::this_thread::sleep_for(100ms);  // let the refresh finish parsing
  EXPECT_TRUE(verifier->Verify(TokenBy(RsaKeyA(), "key-a")).ok());
}

TEST_F(RemoteJwksTest, CreateFailsWhenTheFirstFetchFails) {
  server_.SetStatus(boost::beast::http::status::internal_server_error);
  Result<std::unique_ptr<TokenVerifier>> verifier =
      TokenVerifier::Create({.jwks = server_.url()}, clock_);
  ASSERT_FALSE(verifier.ok());
  EXPECT_NE(verifier.error().message().find("500"), std::string::npos)
      << verifier.error().message();

  server_.SetStatus(boost::beast::http::status::ok);
  server_.SetBody(R"({"keys":[{"kty":"EC","kid":"k","crv":"P-256"}]})");
  EXPECT_FALSE(TokenVerifier::Create({.jwks = server_.url()}, clock_).ok());
}

TEST_F(RemoteJwksTest, UnreachableUrlFailsWithinTheTimeout) {
  const auto start = std::chrono::steady_clock::now();
  Result<std::unique_ptr<RemoteJwks>> jwks =
      RemoteJwks::Start({.url = "http://127.0.0.1:1/jwks.json", .fetch_timeout = 2s}, clock_);
  EXPECT_FALSE(jwks.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_FALSE(RemoteJwks::Start({.url = "ftp://example.com/jwks.json"}, clock_).ok());
}

// An https server whose certificate no trust store holds: the fetch must fail in the TLS
// handshake, which it would pass if certificates were not verified.
TEST_F(RemoteJwksTest, HttpsRefusesAnUntrustedCertificate) {
  namespace asio = boost::asio;
  asio::io_context context;
  asio::ip::tcp::acceptor acceptor(context, {asio::ip::make_address("127.0.0.1"), 0});
  const unsigned short port = acceptor.local_endpoint().port();
  asio::ssl::context tls(asio::ssl::context::tls_server);
  tls.use_certificate_chain(asio::buffer(RsaKeyA().certificate_pem));
  tls.use_private_key(asio::buffer(RsaKeyA().private_pem), asio::ssl::context::pem);
  std::thread server([&] {
    boost::system::error_code ec;
    asio::ssl::stream<asio::ip::tcp::socket> stream(acceptor.accept(ec), tls);
    if (!ec) stream.handshake(asio::ssl::stream_base::server, ec);
  });
  Result<std::unique_ptr<RemoteJwks>> jwks = RemoteJwks::Start(
      {.url = "https://127.0.0.1:" + std::to_string(port) + "/jwks.json"}, clock_);
  server.join();
  ASSERT_FALSE(jwks.ok());
  EXPECT_NE(jwks.error().message().find("TLS handshake failed"), std::string::npos)
      << jwks.error().message();
}

TEST_F(RemoteJwksTest, DestructionIsPrompt) {
  auto verifier = Make();
  const auto start = std::chrono::steady_clock::now();
  verifier.reset();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST_F(RemoteJwksTest, ConcurrentVerifiesDuringRefreshes) {
  auto verifier = Make();
  const std::string token = TokenBy(RsaKeyA(), "key-a");
  const std::string unknown = TokenBy(RsaKeyB(), "key-unknown");
  std::atomic<bool> done{false};
  std::atomic<int> attempts{0};
  std::atomic<int> accepted{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      while (!done.load()) {
        ++attempts;
        if (verifier->Verify(token).ok()) ++accepted;
        (void)verifier->Verify(unknown);  // asks for refreshes while others verify
      }
    });
  }
  for (int i = 0; i < 10; ++i) {
    clock_.Advance(TokenVerifier::kMinOnDemandRefreshSeconds * 1000);
    std::this_thread::sleep_for(20ms);
  }
  done = true;
  for (auto& thread : threads) thread.join();
  EXPECT_GT(attempts.load(), 0);
  EXPECT_EQ(accepted.load(), attempts.load());
  EXPECT_GE(server_.requests(), 2);
}

}  // namespace
}  // namespace confide::auth
