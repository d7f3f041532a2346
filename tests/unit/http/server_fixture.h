#pragma once

// A real Server on 127.0.0.1, port 0, two I/O threads, with routes that answer at once, from
// another thread after a delay, or when the test says so (Hold/TakeHeld), for server tests.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "core/logging.h"
#include "core/metrics.h"
#include "http/responses.h"
#include "http/server.h"
#include "unit/http/test_client.h"

namespace confide::http::testing {

class ServerFixture : public ::testing::Test {
 protected:
  void TearDown() override {
    {
      std::lock_guard lock(mu_);
      held_.reset();
    }
    for (auto& t : helpers_) t.join();
    server_.reset();
  }

  void StartServer(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    options.io_threads = 2;
    if (!log_requests_) options.log_requests = false;
    server_ = std::make_unique<Server>(std::move(options), MakeRouter(), metrics_);
    server_->Start();
  }

  std::shared_ptr<const Router> MakeRouter() {
    auto router = std::make_shared<Router>();
    router->Add(Verb::get, "/ping", [](ExchangePtr ex) {
      ex->Respond(JsonResponse(HttpStatus::ok, "{\"pong\":true}"));
    });
    router->Add(Verb::post, "/echo", [](ExchangePtr ex) {
      ex->Respond(JsonResponse(HttpStatus::created, ex->request().body()));
    });
    router->Add(Verb::get, "/items/:id", [](ExchangePtr ex) {
      ex->Respond(JsonResponse(
          HttpStatus::ok, fmt::format(R"({{"id":{},"q":{}}})", core::JsonQuote(ex->Param("id")),
                                      core::JsonQuote(ex->Query("q").value_or("-")))));
    });
    router->Add(Verb::get, "/later", [this](ExchangePtr ex) { AnswerLater(std::move(ex)); });
    router->Add(Verb::get, "/held", [this](ExchangePtr ex) { Hold(std::move(ex)); });
    router->Add(Verb::get, "/thread", [](ExchangePtr ex) {
      const auto id = std::hash<std::thread::id>()(std::this_thread::get_id());
      ex->Respond(TextResponse(HttpStatus::ok, std::to_string(id), "text/plain"));
    });
    router->Add(Verb::get, "/drop", [](ExchangePtr) {});
    router->Add(Verb::get, "/throws", [](ExchangePtr) { throw std::runtime_error("boom"); });
    router->Add(Verb::get, "/users/me", [](ExchangePtr ex) {
      ex->SetLogUser("user_1");
      ex->Respond(TextResponse(HttpStatus::ok, std::string(ex->RemoteAddress()), "text/plain"));
    });
    return router;
  }

  // Answers from another thread after a delay, as a handler waiting on the database would.
  void AnswerLater(ExchangePtr exchange) {
    std::lock_guard lock(mu_);
    helpers_.emplace_back([exchange = std::move(exchange)] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      exchange->Respond(JsonResponse(HttpStatus::ok, "{\"later\":true}"));
    });
  }

  void Hold(ExchangePtr exchange) {
    std::lock_guard lock(mu_);
    held_ = std::move(exchange);
    held_cv_.notify_all();
  }

  ExchangePtr TakeHeld() {
    std::unique_lock lock(mu_);
    held_cv_.wait_for(lock, std::chrono::seconds(5), [&] { return held_ != nullptr; });
    return std::move(held_);
  }

  TestClient Connected() {
    TestClient client(server_->port());
    EXPECT_FALSE(client.Connect());
    return client;
  }

  core::Metrics metrics_;
  bool log_requests_ = false;
  std::unique_ptr<Server> server_;
  std::mutex mu_;
  std::condition_variable held_cv_;
  ExchangePtr held_;
  std::vector<std::thread> helpers_;
};

}  // namespace confide::http::testing
