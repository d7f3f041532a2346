#pragma once

// A webhook receiver on 127.0.0.1 for tests: it records every request (method, target,
// headers, body, and which connection carried it) and answers with the status it is told,
// keeping connections open as HTTP/1.1 allows. It can also stall (read requests and answer
// none), answer "Connection: close", or close each connection right after an answer as if
// its idle timeout had passed. It runs on a thread of its own, serving any number of
// connections at once; the destructor closes them all.

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace confide::events::fixtures {

class TestWebhookReceiver {
 public:
  struct Request {
    std::string method;
    std::string target;
    std::map<std::string, std::string> headers;  // names in lowercase
    std::string body;
    int connection = 0;  // 1 for the first connection accepted, 2 for the next, …

    std::string header(const std::string& lowercase_name) const {
      auto it = headers.find(lowercase_name);
      return it == headers.end() ? std::string() : it->second;
    }
  };

  // On `port`, or on one the system chooses when 0.
  explicit TestWebhookReceiver(unsigned short port = 0)
      : acceptor_(context_, {boost::asio::ip::make_address("127.0.0.1"), port}),
        port_(acceptor_.local_endpoint().port()) {
    boost::asio::co_spawn(context_, Accept(), boost::asio::detached);
    thread_ = std::thread([this] { context_.run(); });
  }
  ~TestWebhookReceiver() {
    context_.stop();
    thread_.join();
  }

  unsigned short port() const { return port_; }
  std::string url(std::string_view path = "/hooks/confide") const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }

  void SetStatus(unsigned status) { status_.store(status); }
  void SetStalled(bool stalled) { stalled_.store(stalled); }
  void SetKeepAlive(bool keep_alive) { keep_alive_.store(keep_alive); }
  void SetCloseAfterAnswer(bool close) { close_after_answer_.store(close); }

  int connections() const { return connections_.load(); }
  std::vector<Request> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  // Polls until `n` requests have arrived, for at most `limit`.
  bool WaitForRequests(std::size_t n, std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (requests().size() >= n) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return requests().size() >= n;
  }

 private:
  using tcp = boost::asio::ip::tcp;

  boost::asio::awaitable<void> Accept() {
    while (true) {
      boost::system::error_code ec;
      tcp::socket socket = co_await acceptor_.async_accept(
          boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (ec) co_return;
      const int number = ++connections_;
      boost::asio::co_spawn(context_, Serve(std::move(socket), number), boost::asio::detached);
    }
  }

  // Answers the requests of one connection in turn until the peer closes it.
  boost::asio::awaitable<void> Serve(tcp::socket socket, int number) {
    namespace http = boost::beast::http;
    boost::beast::flat_buffer buffer;
    while (true) {
      http::request<http::string_body> request;
      boost::system::error_code ec;
      co_await http::async_read(socket, buffer, request,
                                boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (ec) co_return;
      Record(request, number);
      // A stalled receiver waits for the next request, which ends when the peer gives up.
      if (stalled_.load()) continue;
      http::response<http::string_body> response(static_cast<http::status>(status_.load()), 11);
      response.set(http::field::content_type, "text/plain");
      // 204 and 304 answers carry no body.
      if (response.result() != http::status::no_content &&
          response.result() != http::status::not_modified) {
        response.body() = "answer to request " + std::to_string(requests().size()) + "\n";
      }
      response.keep_alive(request.keep_alive() && keep_alive_.load());
      response.prepare_payload();
      co_await http::async_write(socket, response,
                                 boost::asio::redirect_error(boost::asio::use_awaitable, ec));
      if (ec || !response.keep_alive() || close_after_answer_.load()) {
        socket.shutdown(tcp::socket::shutdown_both, ec);
        socket.close(ec);
        co_return;
      }
    }
  }

  void Record(const boost::beast::http::request<boost::beast::http::string_body>& request,
              int number) {
    Request recorded{.method = std::string(request.method_string()),
                     .target = std::string(request.target()),
                     .headers = {},
                     .body = request.body(),
                     .connection = number};
    for (const auto& field : request) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      recorded.headers[name] = std::string(field.value());
    }
    std::lock_guard lock(mutex_);
    requests_.push_back(std::move(recorded));
  }

  boost::asio::io_context context_;
  tcp::acceptor acceptor_;
  const unsigned short port_;
  std::atomic<unsigned> status_{200};
  std::atomic<bool> stalled_{false};
  std::atomic<bool> keep_alive_{true};
  std::atomic<bool> close_after_answer_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<Request> requests_;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace confide::events::fixtures
