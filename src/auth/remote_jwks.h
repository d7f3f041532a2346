#pragma once

// A JWKS served at a URL (an identity provider's, e.g. Clerk's), kept fresh by a thread of
// its own: it is fetched again every refresh interval, and soon after a token names a key id
// the set does not hold (a rotated key), at most once per `min_on_demand_interval` as read
// on the injected clock. A failed refresh keeps the keys already held.
// Thread-safety: keys() and RequestRefresh() may be called from any thread, I/O threads
// included; neither waits for a fetch. The destructor stops and joins the thread promptly.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "auth/http_fetcher.h"
#include "auth/key_set.h"
#include "core/clock.h"
#include "core/result.h"

namespace confide::auth {

class RemoteJwks {
 public:
  struct Options {
    std::string url;
    std::chrono::milliseconds refresh_interval{std::chrono::minutes(10)};
    std::chrono::milliseconds min_on_demand_interval{std::chrono::seconds(30)};
    std::chrono::milliseconds fetch_timeout{std::chrono::seconds(5)};
  };

  // Fetches the set once (blocking; for start-up) and starts the refresh thread.
  // `clock` must outlive the returned object.
  static Result<std::unique_ptr<RemoteJwks>> Start(Options options, const core::Clock& clock);

  // Only Start builds one: the object is not usable before its first fetch.
  class PassKey {
    friend class RemoteJwks;
    PassKey() = default;
  };
  RemoteJwks(Options options, const core::Clock& clock, PassKey);
  RemoteJwks(const RemoteJwks&) = delete;
  RemoteJwks& operator=(const RemoteJwks&) = delete;
  ~RemoteJwks();

  // The current set; the snapshot stays valid while the caller holds it.
  std::shared_ptr<const KeySet> keys() const {
    std::lock_guard lock(keys_mutex_);
    return keys_;
  }

  // Asks for an early refresh, unless one began less than the minimum interval ago.
  void RequestRefresh();

 private:
  Status Refresh();
  void Run();

  const Options options_;
  const core::Clock& clock_;
  HttpFetcher fetcher_;
  // A mutex held only to copy or swap the pointer, rather than std::atomic<std::shared_ptr>:
  // libstdc++ 12's atomic load lets go of its internal lock with relaxed order, so a reader's
  // last access is not ordered before the next store (ThreadSanitizer reports it).
  mutable std::mutex keys_mutex_;
  std::shared_ptr<const KeySet> keys_;  // guarded by keys_mutex_
  std::atomic<core::EpochMillis> last_fetch_started_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool refresh_requested_ = false;  // guarded by mutex_
  bool stopping_ = false;           // guarded by mutex_
  std::thread thread_;
};

}  // namespace confide::auth
