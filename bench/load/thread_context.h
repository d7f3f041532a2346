#pragma once

// What the sockets and sender lanes of one confide_load thread share: its event loop and read
// buffer, the run's timing, the lanes' timers, and the tallies the thread reports. Only that
// thread writes it; the main thread reads the send tallies once the lanes are done
// (Shard::CollectSends).

#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "event_loop.h"
#include "histogram.h"
#include "plan.h"
#include "read_buffer.h"
#include "tcp.h"

namespace confide::load {

// The run's timing, CLOCK_MONOTONIC milliseconds, as the `go` line gives it.
struct Timing {
  double begin = 0;         // the lanes start
  double window_start = 0;  // the measured window: [window_start, window_end)
  double window_end = 0;    // the lanes stop sending
  double drain_ms = 0;      // how long to wait for the last deliveries after the lanes stop
};

// A send that did not get its 201.
struct Failure {
  std::uint32_t lane = 0;
  std::uint32_t seq = 0;
  int status = 0;    // 0: no response (the connection failed)
  std::string body;  // the first bytes of the response, or what went wrong; kept for a few
};

struct ThreadContext {
  static constexpr double kNever = std::numeric_limits<double>::infinity();
  static constexpr std::size_t kFailureExamples = 3;  // failures whose body is kept

  ThreadContext(const Plan& p, const std::vector<Endpoint>& e, std::uint64_t seed)
      : plan(p), endpoints(e), random(seed) {}

  const Plan& plan;
  const std::vector<Endpoint>& endpoints;
  EventLoop loop;
  ReadBuffer buffer;
  std::mt19937_64 random;

  // Set-up: handshakes under way, clients joined, lanes still connecting, and when a
  // handshake last completed (a stalled set-up fails after a while).
  std::uint32_t handshakes = 0;
  std::uint32_t clients_ready = 0;
  std::uint32_t lanes_connecting = 0;
  double last_progress_ms = 0;
  bool started = false;  // `go` came: failures count instead of ending the run

  // Infinite until `go`: nothing is in the window before.
  double window_start = kNever;
  double window_end = -kNever;

  // Sending: lanes waiting for their next time, lanes not finished yet.
  using Timer = std::pair<double, std::uint32_t>;  // due time, lane index in this thread
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers;
  std::uint32_t lanes_running = 0;
  Histogram rest_latency;  // POST → response, of the 201s of sends started in the window
  std::uint64_t sent_in_window = 0;
  std::vector<Failure> failures;

  // Receiving.
  Histogram latency;             // POST start → new_message, messages sent in the window
  Histogram latency_other_node;  // the same, delivered by another node than the one POSTed to
  std::uint64_t delivered_in_window = 0;
  std::uint64_t unexpected_closes = 0;
  bool closes_reported = false;  // the first unexpected close was described on stderr

  // Draining: what each room's recipients must have received; recipients still short of it.
  const std::vector<std::uint64_t>* expected_in_room = nullptr;
  std::uint32_t clients_short = 0;
  bool finishing = false;  // closes from now on are ours
};

}  // namespace confide::load
