#include "http/websocket_connection.h"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "core/metrics.h"
#include "http/server.h"
#include "http/websocket_handshake.h"

// The server's own WebSocket connection against Beast's client: echo, framing in both
// directions, the closing handshake, the limits and the slow-consumer bound.
namespace confide::http {
namespace {

namespace beast = boost::beast;
namespace ws = boost::beast::websocket;
using namespace std::chrono_literals;
using websocket::Opcode;

// Echoes every message, except a few commands:
//   "flood N SIZE"  sends N text frames of SIZE bytes at once
//   "close"         closes with 4000 "bye"
class EchoHandler : public WebSocketConnection::Handler {
 public:
  void OnMessage(WebSocketConnection& from, Opcode opcode, std::string payload) override {
    if (payload.starts_with("flood ")) {
      std::size_t count = 0, size = 0;
      std::sscanf(payload.c_str(), "flood %zu %zu", &count, &size);
      for (std::size_t i = 0; i < count; ++i) {
        std::string body = std::to_string(i);
        body.resize(std::max(size, body.size()), '.');
        if (!from.Send(MakeFrame(Opcode::kText, std::move(body)))) break;
      }
      return;
    }
    if (payload == "close") return from.Close(4000, "bye");
    from.Send(MakeFrame(opcode, std::move(payload)));
  }
  void OnClosed(WebSocketConnection&, std::string_view reason) override {
    std::lock_guard lock(mu);
    closed_reason = std::string(reason);
    cv.notify_all();
  }

  std::mutex mu;
  std::condition_variable cv;
  std::optional<std::string> closed_reason;
};

class WebSocketConnectionTest : public ::testing::Test {
 protected:
  void Start(WebSocketConnection::Options options) {
    auto router = std::make_shared<Router>();
    router->AddUpgrade("/ws", [this, options](Upgrade upgrade) {
      auto key = websocket::AcceptKey(upgrade.request);
      if (!key.ok()) return RejectUpgrade(std::move(upgrade.socket), HttpStatus::bad_request, "no");
      connections_.push_back(WebSocketConnection::Accept(
          std::move(upgrade), *key, options, &handler_, MakeFrame(Opcode::kText, "hello")));
    });
    server_ = std::make_unique<Server>(
        ServerOptions{.host = "127.0.0.1", .port = 0, .io_threads = 1, .log_requests = false},
        router, metrics_);
    server_->Start();
  }

  void TearDown() override {
    server_->Stop();       // the I/O thread is done with the connections...
    connections_.clear();  // ...which go before their io_context
    server_.reset();
  }

  // A connected client that has read the server's first frame ("hello").
  std::unique_ptr<ws::stream<beast::tcp_stream>> Connect() {
    auto client = std::make_unique<ws::stream<beast::tcp_stream>>(io_);
    beast::get_lowest_layer(*client).expires_after(5s);
    beast::get_lowest_layer(*client).connect(
        {boost::asio::ip::make_address("127.0.0.1"), server_->port()});
    client->handshake("127.0.0.1", "/ws");
    EXPECT_EQ(ReadText(*client), "hello");
    return client;
  }

  static std::string ReadText(ws::stream<beast::tcp_stream>& client) {
    beast::flat_buffer buffer;
    beast::get_lowest_layer(client).expires_after(5s);
    client.read(buffer);
    return beast::buffers_to_string(buffer.data());
  }

  std::optional<std::string> WaitClosedReason() {
    std::unique_lock lock(handler_.mu);
    handler_.cv.wait_for(lock, 5s, [&] { return handler_.closed_reason.has_value(); });
    return handler_.closed_reason;
  }

  boost::asio::io_context io_;
  core::Metrics metrics_;
  EchoHandler handler_;
  std::vector<std::shared_ptr<WebSocketConnection>> connections_;  // on the I/O thread
  std::unique_ptr<Server> server_;
};

TEST_F(WebSocketConnectionTest, EchoesTextAndBinaryOfEverySize) {
  Start({});
  auto client = Connect();
  for (std::size_t size : {0u, 1u, 125u, 126u, 65535u, 65536u, 300000u}) {
    std::string text(size, 'x');
    client->text(true);
    client->write(boost::asio::buffer(text));
    EXPECT_EQ(ReadText(*client), text) << size;
    std::string bytes(size, '\xff');
    client->binary(true);
    client->write(boost::asio::buffer(bytes));
    beast::flat_buffer buffer;
    client->read(buffer);
    EXPECT_TRUE(client->got_binary());
    EXPECT_EQ(beast::buffers_to_string(buffer.data()), bytes);
  }
}

TEST_F(WebSocketConnectionTest, FragmentedMessagesArriveWhole) {
  Start({});
  auto client = Connect();
  client->auto_fragment(true);
  client->write_buffer_bytes(256);
  const std::string text(5000, 'f');
  client->write(boost::asio::buffer(text));
  EXPECT_EQ(ReadText(*client), text);
}

TEST_F(WebSocketConnectionTest, ManyQueuedFramesArriveInOrder) {
  Start({});
  auto client = Connect();
  client->write(boost::asio::buffer(std::string("flood 1000 40")));
  for (int i = 0; i < 1000; ++i) {
    const std::string got = ReadText(*client);
    ASSERT_EQ(got.substr(0, got.find('.')), std::to_string(i));
    ASSERT_EQ(got.size(), 40u);
  }
}

TEST_F(WebSocketConnectionTest, AnswersPings) {
  Start({});
  auto client = Connect();
  bool ponged = false;
  client->control_callback([&](ws::frame_type kind, beast::string_view) {
    if (kind == ws::frame_type::pong) ponged = true;
  });
  client->ping("are you there");
  client->write(boost::asio::buffer(std::string("after")));
  EXPECT_EQ(ReadText(*client), "after");
  EXPECT_TRUE(ponged);
}

// A client that sends pings and never reads: the server answers only the latest ping it
// could not answer yet, so pongs do not pile up however long the flood goes on.
TEST_F(WebSocketConnectionTest, APingFloodThatIsNeverReadHoldsOnePongAtMost) {
  Start({.max_queued_bytes = 1 << 20});
  beast::tcp_stream stream(io_);
  stream.socket().open(boost::asio::ip::tcp::v4());
  stream.socket().set_option(boost::asio::socket_base::receive_buffer_size(4096));
  stream.expires_after(5s);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  ws::stream<beast::tcp_stream> client(std::move(stream));
  client.handshake("127.0.0.1", "/ws");
  EXPECT_EQ(ReadText(client), "hello");

  // 64 MiB of masked pings of 125 bytes each, written without ever reading the pongs.
  std::string ping = {'\x89', static_cast<char>(0x80 | 125), 1, 2, 3, 4};
  ping.append(125, 'p');
  std::string chunk;
  for (int i = 0; i < 256; ++i) chunk += ping;
  auto& socket = beast::get_lowest_layer(client).socket();
  socket.non_blocking(true);
  std::size_t written = 0;
  auto progress = std::chrono::steady_clock::now();
  while (written < (std::size_t{64} << 20) &&
         std::chrono::steady_clock::now() - progress < 1s) {  // or the server stopped reading
    const std::size_t at = written % chunk.size();            // a write may stop inside a frame
    beast::error_code ec;
    const std::size_t n =
        socket.write_some(boost::asio::buffer(chunk.data() + at, chunk.size() - at), ec);
    if (ec == boost::asio::error::would_block) {
      std::this_thread::sleep_for(1ms);
      continue;
    }
    ASSERT_FALSE(ec) << ec.message();
    written += n;
    progress = std::chrono::steady_clock::now();
  }
  std::this_thread::sleep_for(200ms);

  std::promise<std::size_t> queued;
  boost::asio::post(*server_->io_contexts().front(),
                    [&] { queued.set_value(connections_.front()->queued_bytes()); });
  EXPECT_LE(queued.get_future().get(), 2 * (ping.size() + 2)) << "pongs piled up";

  // Reading again, the client gets the pongs that were sent, and the echo of a text message
  // written after the pings (the rest of the last ping first).
  socket.non_blocking(false);
  const std::size_t at = written % chunk.size();
  std::string rest = chunk.substr(at, (ping.size() - at % ping.size()) % ping.size());
  rest += {'\x81', static_cast<char>(0x80 | 5), 0, 0, 0, 0};
  rest += "after";
  std::thread writer([&] { boost::asio::write(socket, boost::asio::buffer(rest)); });
  std::string got;
  for (int i = 0; i < 1'000'000 && got != "after"; ++i) got = ReadText(client);
  writer.join();
  EXPECT_EQ(got, "after");
  std::lock_guard lock(handler_.mu);
  EXPECT_FALSE(handler_.closed_reason);
}

TEST_F(WebSocketConnectionTest, ServerCloseSendsItsCodeAfterWhatWasQueued) {
  Start({});
  auto client = Connect();
  client->write(boost::asio::buffer(std::string("one")));
  client->write(boost::asio::buffer(std::string("close")));
  EXPECT_EQ(ReadText(*client), "one");
  beast::flat_buffer buffer;
  beast::error_code ec;
  client->read(buffer, ec);
  EXPECT_EQ(ec, ws::error::closed);
  EXPECT_EQ(client->reason().code, 4000);
  EXPECT_EQ(client->reason().reason, "bye");
  // Closing on request is not reported back to the handler.
  std::this_thread::sleep_for(50ms);
  std::lock_guard lock(handler_.mu);
  EXPECT_FALSE(handler_.closed_reason);
}

TEST_F(WebSocketConnectionTest, ClientCloseIsAnsweredAndReported) {
  Start({});
  auto client = Connect();
  client->close(ws::close_reason(ws::close_code::normal));
  EXPECT_EQ(WaitClosedReason(), "transport close");
}

TEST_F(WebSocketConnectionTest, AVanishedClientIsReported) {
  Start({});
  auto client = Connect();
  beast::get_lowest_layer(*client).close();
  EXPECT_EQ(WaitClosedReason(), "transport close");
}

TEST_F(WebSocketConnectionTest, AnOversizedMessageClosesWith1009) {
  Start({.max_message_bytes = 1000});
  auto client = Connect();
  client->write(boost::asio::buffer(std::string(1001, 'x')));
  beast::flat_buffer buffer;
  beast::error_code ec;
  beast::get_lowest_layer(*client).expires_after(5s);
  client->read(buffer, ec);
  EXPECT_EQ(ec, ws::error::closed);
  EXPECT_EQ(client->reason().code, 1009);
  EXPECT_TRUE(WaitClosedReason().has_value());
}

TEST_F(WebSocketConnectionTest, ASlowConsumerIsDisconnected) {
  Start({.max_queued_bytes = 1 << 20});
  auto client = Connect();
  // 64 MiB asked for at once cannot fit in a 1 MiB queue however fast the client reads.
  client->write(boost::asio::buffer(std::string("flood 65536 1024")));
  EXPECT_EQ(WaitClosedReason(), "slow consumer");
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (int i = 0; i < 100000 && !ec; ++i) {
    buffer.clear();
    client->read(buffer, ec);
  }
  EXPECT_TRUE(ec);
}

TEST_F(WebSocketConnectionTest, OneFrameLargerThanTheBoundGoesToAClientWithNothingWaiting) {
  Start({.max_queued_bytes = 64 << 10});
  auto client = Connect();
  const std::string large(200'000, 'L');
  client->write(boost::asio::buffer(large));
  EXPECT_EQ(ReadText(*client), large);
  client->write(boost::asio::buffer(std::string("still open")));
  EXPECT_EQ(ReadText(*client), "still open");
}

TEST_F(WebSocketConnectionTest, ABadHandshakeIsRefusedWithA400) {
  Start({});
  beast::tcp_stream stream(io_);
  stream.expires_after(5s);
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), server_->port()});
  const std::string request =
      "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n";
  boost::asio::write(stream, boost::asio::buffer(request));
  std::string answer;
  beast::error_code ec;
  char chunk[512];
  while (!ec) {
    const auto n = stream.read_some(boost::asio::buffer(chunk), ec);
    answer.append(chunk, n);
  }
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 Bad Request\r\n")) << answer;
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(answer.ends_with("\r\n\r\nno"));
}

// What a thread queues for many connections in one turn (a broadcast) leaves in one hand-off
// to its I/O loop: one posted call writes every connection's frames, each in one write.
TEST(WebSocketConnectionWrites, FramesQueuedForManyConnectionsInOneTurnLeaveInOneHandOff) {
  constexpr int kConnections = 20;
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  std::vector<boost::asio::ip::tcp::socket> clients;
  std::vector<std::shared_ptr<WebSocketConnection>> connections;
  for (int i = 0; i < kConnections; ++i) {
    clients.emplace_back(io).connect(acceptor.local_endpoint());
    TcpSocket accepted(io);
    acceptor.accept(accepted);
    connections.push_back(
        std::make_shared<WebSocketConnection>(std::move(accepted), WebSocketConnection::Options{}));
  }
  const auto frame = MakeFrame(Opcode::kText, "to everyone");
  for (const auto& connection : connections) {
    ASSERT_TRUE(connection->Send(frame));
    ASSERT_TRUE(connection->Send(MakeFrame(Opcode::kText, "and one more")));
  }
  for (const auto& client : clients)
    EXPECT_EQ(client.available(), 0u);  // nothing before the turn ends

  EXPECT_EQ(io.poll_one(), 1u);
  const std::string expected = std::string("\x81\x0bto everyone") + "\x81\x0c" + "and one more";
  for (auto& client : clients) {
    // On loopback, what was written is readable at once.
    ASSERT_EQ(client.available(), expected.size());
    std::string got(expected.size(), '\0');
    boost::asio::read(client, boost::asio::buffer(got));
    EXPECT_EQ(got, expected);
  }
  EXPECT_EQ(io.poll(), 0u);  // and nothing was left to complete
  for (const auto& connection : connections) EXPECT_EQ(connection->queued_bytes(), 0u);
}

}  // namespace
}  // namespace confide::http
