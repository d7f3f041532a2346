#pragma once

// In a cluster, applies the changes of the conversations this process follows (those whose
// rooms hold one of its sockets) in the order of their sequence numbers, each once, whether
// they were made here or came over the bus from another node, and fills what never came
// from the conversation log (ConversationService::Replay):
// - a change ahead of its predecessor waits for it, at most `patience`; then what is missing
//   is read from the database and applied in its place, and the waiting changes after it;
// - a change already applied (read from the database, then brought by the bus) is dropped;
// - every `poll`, the followed conversations' newest numbers are read in one query; one that
//   is behind on two reads in a row (its change's node died between commit and publish, or
//   the bus lost it) is filled. After the bus reconnects (CatchUp), on the next read already.
// A conversation is followed from the moment its room gets its first socket here; the socket
// that joined says how far it knows the conversation (Known), so nothing committed after is
// missed. A change of a conversation not followed is applied at once.
//
// Thread-safety: every method may be called from any thread; Follow under the namespace's
// census lock (it never waits on a socket's thread). Its own thread reads the database, never
// an I/O thread. Deliveries are applied under its lock (Deliver only posts to the sockets'
// threads).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "domain/conversation_service.h"
#include "realtime/delivery.h"
#include "socketio/namespace.h"
#include "store/database.h"

namespace confide::realtime {

struct FollowerOptions {
  std::chrono::milliseconds patience{150};
  std::chrono::milliseconds poll{300};
};

class ConversationFollower {
 public:
  ConversationFollower(socketio::Namespace& nsp, store::Database& db,
                       domain::ConversationService& conversations, FollowerOptions options = {});
  ~ConversationFollower();
  ConversationFollower(const ConversationFollower&) = delete;
  ConversationFollower& operator=(const ConversationFollower&) = delete;

  // The conversation's room has a socket here now (`present`), or none any more.
  void Follow(const std::string& conversation_id, bool present);
  // A socket joined the conversation's room knowing its changes up to `seq`.
  void Known(const std::string& conversation_id, std::int64_t seq);
  // One change of a conversation: its deliveries, all with its id and seq.
  void Offer(std::vector<Delivery> change);
  // The bus may have lost messages: the next read fills every conversation behind.
  void CatchUp();
  // Stops the thread (before the database stops). Idempotent.
  void Stop();

  // For tests and statistics: the changes read back from the database so far.
  std::uint64_t replayed() const;

 private:
  using Clock = std::chrono::steady_clock;
  struct State {
    std::int64_t last = -1;  // the newest seq applied; -1: not known yet
    std::map<std::int64_t, std::vector<Delivery>> pending;  // ahead of last + 1
    Clock::time_point waiting_since;                        // of the oldest pending change
    std::int64_t behind = 0;  // the database's newest seq on the last read, if ahead of last
  };
  struct Fill {
    std::string conversation_id;
    std::int64_t after = 0;
    std::int64_t through = 0;
  };

  void Run();
  // Applies the change if it is next, then whatever pending follows it. Under mu_.
  void Advance(const std::string& conversation_id, State& state, std::vector<Delivery> change);
  void Drain(const std::string& conversation_id, State& state);
  void Apply(std::vector<Delivery> change);
  std::vector<Fill> Poll(bool catch_up);
  void Replay(const Fill& fill);

  socketio::Namespace& nsp_;
  store::Database& db_;
  domain::ConversationService& conversations_;
  const FollowerOptions options_;
  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::unordered_map<std::string, State> followed_;  // guarded by mu_
  std::unordered_set<std::string> waiting_;          // followed with pending; guarded by mu_
  bool catch_up_ = false;                            // guarded by mu_
  bool stopping_ = false;                            // guarded by mu_
  std::uint64_t replayed_ = 0;                       // guarded by mu_
  std::thread thread_;
};

}  // namespace confide::realtime
