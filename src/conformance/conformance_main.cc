// confide-conformance: the fixed applications the official Engine.IO and Socket.IO protocol
// test suites expect, built from src/engineio and src/socketio alone (no messaging code), so
// that the suites test our protocol layers as they would test the reference server.
//
//   confide-conformance --suite engineio --port 3000   path /engine.io/, echoes every message
//   confide-conformance --suite socketio --port 3000   path /socket.io/: namespace "/" emits
//       "auth" with the CONNECT payload, answers "message" with "message-back" and acks
//       "message-with-ack" with the same arguments; "/custom" emits "auth"; any other
//       namespace is refused.
// Both run with pingInterval 300 ms, pingTimeout 200 ms, maxPayload 1000000 and CORS "*".

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <memory>

#include "core/logging.h"
#include "core/metrics.h"
#include "core/shutdown_signals.h"
#include "engineio/server.h"
#include "http/server.h"
#include "socketio/server.h"
#include "socketio/socket.h"

namespace {

using namespace confide;

// The Engine.IO suite's application: every message goes straight back.
class EchoListener final : public engineio::Session::Listener {
 public:
  explicit EchoListener(std::weak_ptr<engineio::Session> session) : session_(std::move(session)) {}
  void OnMessage(engineio::Packet packet) override {
    auto session = session_.lock();
    if (session == nullptr) return;
    if (packet.binary) {
      session->Send(http::MakeFrame(http::websocket::Opcode::kBinary, std::move(packet.data)));
    } else {
      session->Send(http::MakeFrame(http::websocket::Opcode::kText, "4" + packet.data));
    }
  }
  void OnClose(std::string_view) override {}

 private:
  std::weak_ptr<engineio::Session> session_;
};

void DeclareSocketIoApp(socketio::Server& io) {
  auto emit_auth = [](const std::shared_ptr<socketio::Socket>& socket) {
    socket->Accept();
    socket->Emit("auth", boost::json::array{socket->auth()});
  };
  socketio::Namespace& main = io.Of("/");
  main.OnConnect(emit_auth);
  main.OnEvent([](socketio::Socket& socket, socketio::Event& event) {
    if (event.name == "message") {
      socket.Emit("message-back", event.args, std::move(event.attachments));
    } else if (event.name == "message-with-ack" && event.ack_id) {
      socket.Ack(*event.ack_id, event.args, std::move(event.attachments));
    }
  });
  io.Of("/custom").OnConnect(emit_auth);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"confide-conformance: the protocol test suites' fixed applications"};
  std::string suite;
  std::uint16_t port = 3000;
  app.add_option("--suite", suite, "engineio or socketio")
      ->required()
      ->check(CLI::IsMember({"engineio", "socketio"}));
  app.add_option("--port", port, "Port to listen on (127.0.0.1)");
  CLI11_PARSE(app, argc, argv);

  const core::ShutdownSignals signals;
  core::InitLogging(std::getenv("CONFIDE_LOG_REQUESTS") != nullptr ? "info" : "warn");
  core::Metrics metrics;
  auto router = std::make_shared<http::Router>();
  auto server = std::make_unique<http::Server>(
      http::ServerOptions{.host = "127.0.0.1",
                          .port = port,
                          .io_threads = 2,
                          .cors_origins = {"*"},
                          .log_requests = std::getenv("CONFIDE_LOG_REQUESTS") != nullptr},
      router, metrics);
  engineio::ServerOptions options{.path = suite == "engineio" ? "/engine.io/" : "/socket.io/",
                                  .ping_interval = std::chrono::milliseconds(300),
                                  .ping_timeout = std::chrono::milliseconds(200),
                                  .max_payload = 1'000'000};
  socketio::Server io({.connect_timeout = std::chrono::milliseconds(1000)}, server->io_contexts());
  DeclareSocketIoApp(io);
  engineio::Server engine(options, server->io_contexts(),
                          [&](const std::shared_ptr<engineio::Session>& session)
                              -> std::unique_ptr<engineio::Session::Listener> {
                            if (suite == "engineio") return std::make_unique<EchoListener>(session);
                            return io.Open(session);
                          });
  engine.AddRoutes(*router);
  try {
    server->Start();
  } catch (const std::exception& e) {
    std::cerr << "confide-conformance: " << e.what() << std::endl;
    return 2;
  }
  std::cout << "confide-conformance (" << suite << ") listening on 127.0.0.1:" << server->port()
            << std::endl;
  signals.Wait();
  server->Stop();
  // The sessions, and then what the io_contexts' queued handlers hold, go while the
  // namespaces their sockets refer to still exist.
  engine.DropAll();
  server.reset();
  core::ShutdownLogging();
  return 0;
}
