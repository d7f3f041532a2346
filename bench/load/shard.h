#pragma once

// One thread of confide_load: its share of the clients (client k on thread k mod threads)
// and of the lanes (lane l on thread l mod threads) on one event loop, through the phases
// the main thread leads:
//   set-up   every client connects and joins (at most `handshakes_at_once` under way), every
//            lane connects; then ready();
//   Go()     the lanes send until the window's end and their last answers; then
//            sending_done(), and the main thread reads the lanes' figures;
//   Finish() with what every room must have received: waits until each client has it or the
//            drain time is over, makes the checks; then reported() and result().
// Between phases the loop keeps running (pings are answered, deliveries counted).

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "gateway_socket.h"
#include "histogram.h"
#include "http_lane.h"
#include "recipient.h"
#include "thread_context.h"

namespace confide::load {

// What a thread found on the receiving side.
struct DeliveryResult {
  Histogram latency;
  Histogram latency_other_node;
  std::uint64_t delivered_in_window = 0;
  std::uint64_t lost = 0;
  std::uint64_t duplicates = 0;
  std::uint64_t out_of_order = 0;
  std::uint64_t closed = 0;                                           // unexpected closes
  std::vector<std::pair<std::uint32_t, std::uint32_t>> order_hashes;  // distinct (room, hash)
};

// What the lanes of the threads did, merged by the main thread.
struct SendResult {
  std::vector<std::uint32_t> sent;  // per lane of the plan: messages accepted
  std::uint64_t sent_in_window = 0;
  std::vector<Failure> failures;
  Histogram rest_latency;
};

class Shard {
 public:
  Shard(const Plan& plan, const std::vector<Endpoint>& endpoints, std::uint32_t shard,
        std::uint32_t shards, std::uint32_t handshakes_at_once);
  ~Shard();
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  void Start();

  bool ready() const { return ready_.load(std::memory_order_acquire); }
  double connect_ms() const { return connect_ms_; }  // once ready()

  void Go(const Timing& timing);
  bool sending_done() const { return sending_done_.load(std::memory_order_acquire); }
  // Once sending_done(): adds this thread's lanes to `out` (whose `sent` has every lane).
  void CollectSends(SendResult& out) const;

  // `sends` and `expected_in_room` must outlive the thread's work.
  void Finish(const SendResult* sends, const FailedSends* failed,
              const std::vector<std::uint64_t>* expected_in_room);
  bool reported() const { return reported_.load(std::memory_order_acquire); }
  const DeliveryResult& result() const { return result_; }  // once reported()

 private:
  void Run();
  void SetUp();
  void Send();
  void Drain();

  const std::uint32_t handshakes_at_once_;
  ThreadContext context_;
  std::vector<std::unique_ptr<GatewaySocket>> clients_;
  std::vector<std::unique_ptr<HttpLane>> lanes_;
  std::thread thread_;

  std::atomic<bool> ready_{false};
  std::atomic<bool> go_{false};
  std::atomic<bool> sending_done_{false};
  std::atomic<bool> finish_{false};
  std::atomic<bool> reported_{false};
  double connect_ms_ = 0;
  Timing timing_;                                         // before go_
  const SendResult* sends_ = nullptr;                     // before finish_
  const FailedSends* failed_ = nullptr;                   // before finish_
  const std::vector<std::uint64_t>* expected_ = nullptr;  // before finish_
  DeliveryResult result_;                                 // before reported_
};

}  // namespace confide::load
