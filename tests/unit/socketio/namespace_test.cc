#include "socketio/namespace.h"

#include <gtest/gtest.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engineio/handshake.h"
#include "engineio/packet.h"
#include "engineio/server_stats.h"
#include "engineio/session.h"
#include "socketio/frames.h"
#include "socketio/server.h"
#include "socketio/socket.h"
#include "unit/http/recording_exchange.h"

namespace confide::socketio {
namespace {

using http::testing::RecordingExchange;

constexpr std::size_t kShards = 2;

// Built with append: GCC 12 warns wrongly (-Wrestrict) on "literal" + std::string at -O3.
std::string SessionId(std::size_t n) { return std::string("s").append(std::to_string(n)); }
std::string RoomName(int n) { return std::string("room_").append(std::to_string(n)); }

class NoRegistry final : public engineio::SessionRegistry {
 public:
  void Remove(const std::string&) override {}
  engineio::ServerStats& stats() override { return stats_; }

 private:
  engineio::ServerStats stats_;
};

// One client of the namespace "/t": a polling session, its Socket.IO client and its socket.
// Touched only on its shard's thread.
struct Peer {
  std::size_t shard = 0;
  std::shared_ptr<engineio::Session> session;
  std::shared_ptr<Socket> socket;
};

// Two I/O threads, each running its own io_context, as the server's workers do; a socketio
// Server over them with the namespace "/t". Broadcasts come from the test's thread, as they
// come from the database writer's in the server.
class NamespaceTest : public ::testing::Test {
 protected:
  NamespaceTest() {
    std::vector<boost::asio::io_context*> shards;
    for (std::size_t i = 0; i < kShards; ++i) {
      ios_.push_back(std::make_unique<boost::asio::io_context>(1));
      shards.push_back(ios_.back().get());
    }
    server_ = std::make_unique<Server>(ServerOptions{}, shards);
    nsp_ = &server_->Of("/t");
    nsp_->OnConnect([this](const std::shared_ptr<Socket>& socket) {
      socket->Accept();
      connecting_ = socket;  // on the socket's thread, read there by Connect
    });
    for (auto& io : ios_) {
      guards_.push_back(boost::asio::make_work_guard(*io));
      threads_.emplace_back([&io] { io->run(); });
    }
  }

  ~NamespaceTest() override {
    for (std::size_t i = 0; i < kShards; ++i) {
      OnShard(i, [this, i] {
        for (auto& peer : peers_) {
          if (peer->shard == i) peer->session->CloseNow("test over");
        }
      });
    }
    guards_.clear();
    for (auto& io : ios_) io->stop();
    for (auto& thread : threads_) thread.join();
    peers_.clear();
    ios_.clear();  // their handlers hold sessions, whose sockets leave the namespace's rooms
  }

  // Runs `work` on `shard`'s thread and waits for it.
  void OnShard(std::size_t shard, std::function<void()> work) {
    std::promise<void> done;
    boost::asio::post(*ios_[shard], [&] {
      work();
      done.set_value();
    });
    done.get_future().wait();
  }

  // A client on `shard` connected to "/t" and in `rooms`.
  Peer& Connect(std::size_t shard, const std::vector<std::string>& rooms) {
    auto peer = std::make_unique<Peer>();
    peer->shard = shard;
    OnShard(shard, [&] {
      auto handshake = std::make_shared<const engineio::Handshake>(
          engineio::Handshake{.address = "127.0.0.1", .headers = {}, .query = {}});
      peer->session = std::make_shared<engineio::Session>(
          SessionId(peers_.size()), *ios_[shard], engine_options_, registry_[shard], handshake);
      peer->session->OpenPolling(std::make_shared<RecordingExchange>(http::Request()));
      auto listener = server_->Open(peer->session);
      auto* client = listener.get();
      peer->session->SetListener(std::move(listener));
      client->OnMessage(engineio::Packet{.type = engineio::PacketType::kMessage, .data = "0/t,"});
      peer->socket = std::move(connecting_);
      ASSERT_NE(peer->socket, nullptr);
      for (const auto& room : rooms) peer->socket->Join(room);
      Poll(*peer);  // the CONNECT answer
    });
    peers_.push_back(std::move(peer));
    return *peers_.back();
  }

  // What `peer` has received since its last poll, as Engine.IO records; on its thread.
  static std::string Poll(Peer& peer) {
    auto poll = std::make_shared<RecordingExchange>(http::Request());
    peer.session->OnPoll(poll);
    if (!poll->response()) {
      // Nothing queued: the poll is held. Answer it with a noop so that it is not left open.
      peer.session->Send(http::MakeFrame(http::websocket::Opcode::kText, "6"));
    }
    return poll->response() ? std::string(poll->response()->body()) : std::string();
  }

  std::string Received(Peer& peer) {
    std::string body;
    OnShard(peer.shard, [&] { body = Poll(peer); });
    return body == "6" ? std::string() : body;
  }

  std::size_t RoomCount() const { return nsp_->room_count(); }

  static Frames Event(std::string_view name) { return {EventFrame("/t", name, "{}")}; }

  engineio::ServerOptions engine_options_;
  NoRegistry registry_[kShards];
  std::vector<std::unique_ptr<boost::asio::io_context>> ios_;
  std::unique_ptr<Server> server_;
  Namespace* nsp_ = nullptr;
  std::shared_ptr<Socket> connecting_;
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guards_;
  std::vector<std::thread> threads_;
  std::vector<std::unique_ptr<Peer>> peers_;
};

TEST_F(NamespaceTest, BroadcastReachesARoomOnEveryThreadOnce) {
  Peer& a = Connect(0, {"conv_1", "user_a"});
  Peer& b = Connect(1, {"conv_1"});
  Peer& c = Connect(1, {"conv_2"});
  nsp_->Broadcast(std::vector<std::string>{"conv_1", "user_a"}, Event("new_message"));
  EXPECT_EQ(Received(a), R"(42/t,["new_message",{}])");
  EXPECT_EQ(Received(b), R"(42/t,["new_message",{}])");
  EXPECT_EQ(Received(c), "");
}

TEST_F(NamespaceTest, EachSocketGetsTheFirstAudienceThatHoldsIt) {
  Peer& member = Connect(0, {"conv_1", "user_a"});
  Peer& other_socket = Connect(1, {"user_a"});
  Peer& stranger = Connect(1, {"user_z"});
  std::vector<Namespace::Audience> audiences;
  audiences.push_back({{"conv_1"}, Event("new_message")});
  audiences.push_back({{"user_a", "user_b"}, Event("conversation_activity")});
  nsp_->Broadcast(std::move(audiences));
  EXPECT_EQ(Received(member), R"(42/t,["new_message",{}])");
  EXPECT_EQ(Received(other_socket), R"(42/t,["conversation_activity",{}])");
  EXPECT_EQ(Received(stranger), "");
}

TEST_F(NamespaceTest, FilterRunsOnTheSocketsThread) {
  Peer& kept = Connect(0, {"room"});
  Peer& skipped = Connect(1, {"room"});
  const std::string skipped_id = skipped.socket->id();
  nsp_->Broadcast("room", Event("typing"),
                  [skipped_id](const Socket& socket) { return socket.id() != skipped_id; });
  EXPECT_EQ(Received(kept), R"(42/t,["typing",{}])");
  EXPECT_EQ(Received(skipped), "");
}

TEST_F(NamespaceTest, CensusCountsARoomOnceWhateverItsThreads) {
  Peer& a = Connect(0, {"shared", "only_0"});
  Peer& b = Connect(1, {"shared"});
  EXPECT_EQ(RoomCount(), 2u);
  OnShard(0, [&] { a.socket->Leave("shared"); });
  EXPECT_EQ(RoomCount(), 2u);  // still on thread 1
  OnShard(1, [&] { b.socket->Disconnect(); });
  EXPECT_EQ(RoomCount(), 1u);
  OnShard(0, [&] { a.socket->Leave("only_0"); });
  EXPECT_EQ(RoomCount(), 0u);
}

// A room's name is kept once, by the namespace, for every thread and socket in the room, and
// lives as long as one of them is in it: the first to join leaving does not take it along.
TEST_F(NamespaceTest, ARoomsNameIsKeptOnceWhileASocketIsInIt) {
  const std::string room = "conversation:a_name_longer_than_fifteen_characters";
  Peer& first = Connect(0, {room});
  Peer& second = Connect(1, {room});
  Peer& third = Connect(1, {room});
  std::string_view first_name, second_name, third_name;
  OnShard(0, [&] { first_name = first.socket->rooms().at(0); });
  OnShard(1, [&] {
    second_name = second.socket->rooms().at(0);
    third_name = third.socket->rooms().at(0);
  });
  EXPECT_EQ(first_name, room);
  EXPECT_EQ(second_name.data(), first_name.data()) << "one copy of the name";
  EXPECT_EQ(third_name.data(), first_name.data());
  OnShard(0, [&] { first.socket->Disconnect(); });
  OnShard(1, [&] { second.socket->Leave(room); });
  OnShard(1, [&] { EXPECT_EQ(third.socket->rooms().at(0), room); });
  nsp_->Broadcast(room, Event("still"));
  EXPECT_EQ(Received(third), R"(42/t,["still",{}])");
  EXPECT_EQ(Received(second), "");
  OnShard(1, [&] { third.socket->Disconnect(); });
  EXPECT_EQ(RoomCount(), 0u);
  // The room begins again, with a name of its own.
  Peer& again = Connect(0, {room});
  OnShard(0, [&] { EXPECT_EQ(again.socket->rooms().at(0), room); });
  EXPECT_EQ(RoomCount(), 1u);
}

// Joins and leaves on both threads while another thread broadcasts and reads the census: the
// rooms are each thread's own, the census is shared (ThreadSanitizer checks the difference).
TEST_F(NamespaceTest, BroadcastsAndCensusWhileRoomsChangeOnEveryThread) {
  Peer& a = Connect(0, {});
  Peer& b = Connect(1, {});
  constexpr int kRounds = 200;
  constexpr int kRooms = 7;
  // Room k is toggled for every round i with i % 7 == k: 29 times for rooms 0 to 3 (which
  // end joined), 28 times for rooms 4 to 6 (which end left).
  auto churn = [this](Peer& peer) {
    for (int i = 0; i < kRounds; ++i) {
      boost::asio::post(*ios_[peer.shard], [&peer, i] {
        const std::string room = RoomName(i % kRooms);
        if (peer.socket->InRoom(room)) {
          peer.socket->Leave(room);
        } else {
          peer.socket->Join(room);
        }
      });
    }
  };
  churn(a);
  churn(b);
  for (int i = 0; i < kRounds; ++i) {
    nsp_->Broadcast(RoomName(i % kRooms), Event("tick"));
    EXPECT_LE(RoomCount(), static_cast<std::size_t>(kRooms));
  }
  std::size_t a_rooms = 0;
  std::size_t b_rooms = 0;
  OnShard(0, [&] { a_rooms = a.socket->rooms().size(); });
  OnShard(1, [&] { b_rooms = b.socket->rooms().size(); });
  EXPECT_EQ(a_rooms, 4u);
  EXPECT_EQ(b_rooms, 4u);
  EXPECT_EQ(RoomCount(), 4u);
  for (Peer* peer : {&a, &b}) {
    std::string received = Received(*peer);
    // Every record is one tick, whichever of them found the socket in its room.
    std::size_t at = 0;
    while (at < received.size()) {
      const auto end = received.find('\x1e', at);
      EXPECT_EQ(received.substr(at, end - at), R"(42/t,["tick",{}])");
      at = end == std::string::npos ? received.size() : end + 1;
    }
  }
}

}  // namespace
}  // namespace confide::socketio
