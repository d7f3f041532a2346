#pragma once

// Publishes each conversation's changes in the order of their sequence numbers. Several store
// threads (PostgreSQL's writers) complete jobs at once, and the change numbered n+1 may reach
// the gateway before n: its publisher then waits, at most `patience`, until n is out. A change
// whose number is the first this process sees of its conversation, or that follows the last
// one published, goes at once; one that never comes (its job committed but reported an
// error) holds the next back no longer than `patience`, and a client that sees the gap reads
// the conversation log. With one writer (SQLite) changes come in order and nobody waits.
// Thread-safety: every method may be called from any thread (store threads; it may block
// them briefly, never an I/O thread).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

namespace confide::realtime {

class ConversationOrder {
 public:
  explicit ConversationOrder(std::chrono::milliseconds patience = std::chrono::milliseconds(100),
                             std::size_t max_tracked = 100'000)
      : patience_(patience), max_tracked_(max_tracked) {}

  // Runs `publish` once the conversation's change `seq - 1` was published (or patience ran
  // out), then records `seq` as published.
  void InTurn(const std::string& conversation_id, std::int64_t seq,
              const std::function<void()>& publish);

 private:
  const std::chrono::milliseconds patience_;
  const std::size_t max_tracked_;
  std::mutex mu_;
  std::condition_variable published_;
  // The newest number published per conversation; cleared when it tracks max_tracked_.
  std::unordered_map<std::string, std::int64_t> last_;  // guarded by mu_
};

}  // namespace confide::realtime
