#pragma once

// The sessions open at once, per client address and in total, against their limits: a
// handshake takes a place or is refused, and a session gives its place back when it leaves
// the server. Unauthenticated clients open sessions, so nothing else bounds how many there
// are (a polling session holds no connection).
//
// Thread-safety: any thread. A mutex guards the counts; it is taken once per handshake and
// once per session end, never on the delivery path.

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace confide::engineio {

class SessionQuota {
 public:
  enum class Refusal { kPerAddress, kTotal };

  SessionQuota(std::size_t max_total, std::size_t max_per_address);
  SessionQuota(const SessionQuota&) = delete;
  SessionQuota& operator=(const SessionQuota&) = delete;

  // Takes a place for a session from `address`, or says which limit refuses it.
  std::optional<Refusal> Take(const std::string& address);
  // Gives back the place a session from `address` took.
  void Give(const std::string& address);

  std::size_t total() const;
  std::size_t of(const std::string& address) const;

 private:
  const std::size_t max_total_;
  const std::size_t max_per_address_;
  mutable std::mutex mu_;
  std::size_t total_ = 0;                                // guarded by mu_
  std::unordered_map<std::string, std::size_t> counts_;  // guarded by mu_; no zero entries
};

}  // namespace confide::engineio
