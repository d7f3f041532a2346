#pragma once

// An Exchange with no connection behind it: it keeps the response it is given, so that a
// handler, or a helper that answers, can be tested without a socket.
// Thread-safety: one test thread.

#include <boost/asio/io_context.hpp>
#include <optional>
#include <string>

#include "http/exchange.h"

namespace confide::http::testing {

class RecordingExchange final : public Exchange {
 public:
  explicit RecordingExchange(Request request, std::string request_id = "test-0-1")
      : request_(std::move(request)), request_id_(std::move(request_id)) {}

  const Request& request() const override { return request_; }
  std::string_view route() const override { return "/test/route"; }
  std::string_view Param(std::string_view) const override { return {}; }
  std::optional<std::string> Query(std::string_view) const override { return std::nullopt; }
  bool HasRepeatedQuery(std::string_view) const override { return false; }
  std::string_view RemoteAddress() const override { return "127.0.0.1"; }
  std::string_view request_id() const override { return request_id_; }
  void SetLogUser(std::string) override {}
  void Respond(Response response) override { response_ = std::move(response); }
  void OnAbandoned(std::function<void()>) override {}
  boost::asio::io_context::executor_type executor() const override { return io_.get_executor(); }

  const std::optional<Response>& response() const { return response_; }

 private:
  Request request_;
  std::string request_id_;
  std::optional<Response> response_;
  mutable boost::asio::io_context io_;
};

}  // namespace confide::http::testing
