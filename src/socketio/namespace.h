#pragma once

// A Socket.IO namespace ("/messaging"): the application's handlers for its sockets, and its
// rooms, one table per I/O thread. Broadcast reaches a room's sockets on every thread: the
// frames are built once by the caller and the same bytes are queued on each recipient.
//
// Thread-safety: handlers are set at start-up, before any client connects. Handlers run on
// the socket's I/O thread. Broadcast may be called from any thread; rooms(shard) only on that
// shard's thread.

#include <boost/asio/io_context.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "socketio/event.h"
#include "socketio/frames.h"
#include "socketio/room_table.h"

namespace confide::socketio {

class Socket;

class Namespace {
 public:
  // A client asks to join. The handler must, now or later (on the socket's thread), Accept
  // or Refuse the socket. Without a handler every socket is accepted.
  using ConnectHandler = std::function<void(const std::shared_ptr<Socket>& socket)>;
  using EventHandler = std::function<void(Socket& socket, Event& event)>;
  // The socket left: its client disconnected from the namespace, the server disconnected
  // it, or the connection ended (the reason says which). It has left its rooms.
  using DisconnectHandler = std::function<void(Socket& socket, std::string_view reason)>;
  // A room got its first socket in this process (`present`), or lost its last. Called on the
  // thread of the join or leave, under the namespace's census lock: it must return quickly and
  // not call back into the namespace. Calls for one room come in the order of the changes.
  using InterestHandler = std::function<void(const std::string& room, bool present)>;
  // Chooses which sockets of a room a broadcast reaches. Called on their threads.
  using Filter = std::function<bool(const Socket& socket)>;
  // One part of a broadcast: the sockets of `rooms` and the frames they get.
  struct Audience {
    std::vector<std::string> rooms;
    Frames frames;
  };

  Namespace(std::string name, std::vector<boost::asio::io_context*> shards);

  const std::string& name() const { return name_; }
  // Runs for each CONNECT; the socket's auth() is there for it only, while it runs.
  void OnConnect(ConnectHandler handler) { on_connect_ = std::move(handler); }
  void OnEvent(EventHandler handler) { on_event_ = std::move(handler); }
  void OnDisconnect(DisconnectHandler handler) { on_disconnect_ = std::move(handler); }
  void OnInterest(InterestHandler handler) { on_interest_ = std::move(handler); }

  // Sends `frames` to every socket in `rooms` (once, if it is in several), on every thread,
  // that `filter` accepts.
  void Broadcast(std::vector<std::string> rooms, Frames frames, Filter filter = {});
  void Broadcast(std::string room, Frames frames, Filter filter = {});
  // Sends each socket that `filter` accepts the frames of the first audience whose rooms
  // hold it, and nothing of the later ones: one change can reach some sockets in full and
  // the others in brief, each socket once. An audience without frames only keeps its sockets
  // from the later ones.
  void Broadcast(std::vector<Audience> audiences, Filter filter = {});
  // The same, on one thread only: the caller's, which must be `shard`.
  void BroadcastHere(std::size_t shard, const std::vector<Audience>& audiences,
                     const Filter& filter = {});
  // The rooms with at least one socket, on any thread (for the statistics).
  std::size_t room_count() const;
  // Runs `visit` on each socket of `room` on every thread (to change them: leave a room,
  // refresh cached state). Called on the sockets' threads.
  void ForEachIn(std::string room, std::function<void(Socket&)> visit);

  // Puts `socket` in `room` on `shard`'s table, or takes it out. On that shard's thread. Join
  // returns the room's name as the namespace keeps it, valid while the socket is in the room.
  std::string_view Join(std::size_t shard, std::string_view room, Socket* socket);
  void Leave(std::size_t shard, std::string_view room, Socket* socket);
  const RoomTable& rooms(std::size_t shard) const { return *rooms_[shard]; }
  std::size_t shard_count() const { return shards_.size(); }

  // For Client and Socket.
  void Connect(const std::shared_ptr<Socket>& socket);
  void Dispatch(Socket& socket, Event& event);
  void Disconnected(Socket& socket, std::string_view reason);

 private:
  std::string name_;
  std::vector<boost::asio::io_context*> shards_;
  std::vector<std::unique_ptr<RoomTable>> rooms_;
  // Per thread, on its own cache line: the stamp of its latest broadcast, and the space its
  // broadcasts list their targets in, kept from one to the next.
  struct alignas(64) ShardState {
    std::uint64_t broadcasts = 0;
    std::vector<std::pair<Socket*, const Frames*>> targets;
  };
  std::unique_ptr<ShardState[]> shard_state_;
  // How many threads each room has sockets on. Changed only when a room appears on or leaves
  // a thread (a join or a leave), never on delivery. Its keys are the rooms' names: the
  // threads' tables and the sockets keep views of them, so a name is kept once.
  mutable std::mutex census_mu_;
  std::unordered_map<std::string, int, RoomTable::Hash, std::equal_to<>> census_;
  ConnectHandler on_connect_;
  EventHandler on_event_;
  DisconnectHandler on_disconnect_;
  InterestHandler on_interest_;
};

}  // namespace confide::socketio
