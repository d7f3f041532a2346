// confide_load: the client half of bench/gateway/fanout.mjs in native code, so that one core
// of client drives far more deliveries and sends than Node.js does. fanout.mjs makes the
// users, conversations and tokens, writes the plan (plan.h) and runs this tool:
//
//   confide_load --plan FILE [--threads 1] [--handshakes 200]
//
// 1. Connects every client socket (at most `handshakes` handshakes at once over all threads)
//    and every sender lane, then prints `ready <connect ms>` on stdout.
// 2. Waits for `go <begin> <windowStart> <windowEnd> <drainMs>` on stdin (CLOCK_MONOTONIC
//    milliseconds, the clock of Node.js's process.hrtime), at most 5 minutes.
// 3. The lanes send from `begin` until `windowEnd`; the sockets check and time every
//    new_message; then, up to `drainMs`, it waits for every client to have what its room's
//    lanes had accepted, and prints the report (report.h) as one line of JSON on stdout.
//
// Exit status 0 with a report; 1 when set-up fails or a server breaks the protocol (the
// reason and the offending frame on stderr); 2 for a bad command line or plan; 3 when `go`
// does not come in time, stdin closes before the report (the driver is gone), or the run
// overruns windowEnd + drain + 30 s.
//
// Threads: client k and lane l belong to thread k mod N and l mod N, each thread with its
// own epoll loop (shard.h); the main thread only reads stdin and leads the phases.

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock.h"
#include "fatal.h"
#include "plan.h"
#include "report.h"
#include "shard.h"
#include "tcp.h"
#include "websocket.h"

namespace confide::load {
namespace {

constexpr double kGoTimeoutMs = 5 * 60 * 1000;
constexpr double kOverrunMs = 30 * 1000;
constexpr int kPollMs = 10;  // how often the main thread looks at the threads' progress

struct Options {
  std::string plan;
  std::uint32_t threads = 1;
  std::uint32_t handshakes = 200;
};

[[noreturn]] void Usage(std::string_view why) {
  std::fprintf(stderr,
               "confide_load: %.*s\n"
               "usage: confide_load --plan FILE [--threads N] [--handshakes N]\n",
               static_cast<int>(why.size()), why.data());
  std::exit(kExitUsage);
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view name = argv[i];
    if (i + 1 >= argc) Usage(std::string(name) + " needs a value");
    const std::string_view value = argv[++i];
    const auto count = [&](std::uint32_t& out) {
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
      if (ec != std::errc() || end != value.data() + value.size() || out == 0) {
        Usage(std::string(name) + ": a positive count");
      }
    };
    if (name == "--plan") {
      o.plan = value;
    } else if (name == "--threads") {
      count(o.threads);
    } else if (name == "--handshakes") {
      count(o.handshakes);
    } else {
      Usage("unknown option " + std::string(name));
    }
  }
  if (o.plan.empty()) Usage("--plan is required");
  return o;
}

// Raises the soft limit of descriptors to the hard one; exits if the plan needs more.
void RaiseDescriptorLimit(const Plan& plan, std::uint32_t threads) {
  rlimit limit{};
  getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  const auto needed = plan.clients.size() + plan.lanes.size() + 3 * threads + 16;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < needed) {
    Fatal("the plan needs " + std::to_string(needed) + " descriptors; the limit is " +
              std::to_string(limit.rlim_cur) + " (raise ulimit -n)",
          {}, kExitUsage);
  }
}

// Reads stdin into `pending`; false at its end. Waits at most `timeout_ms`.
bool ReadInput(std::string& pending, int timeout_ms) {
  pollfd p{STDIN_FILENO, POLLIN, 0};
  const int ready = poll(&p, 1, timeout_ms);
  if (ready <= 0) return true;
  char chunk[512];
  const ssize_t n = read(STDIN_FILENO, chunk, sizeof chunk);
  if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) return false;
  if (n > 0) pending.append(chunk, static_cast<std::size_t>(n));
  return true;
}

// Waits for the `go` line.
Timing ReadGo() {
  const double deadline = NowMs() + kGoTimeoutMs;
  std::string pending;
  while (pending.find('\n') == std::string::npos) {
    const double left = deadline - NowMs();
    if (left <= 0) Fatal("no `go` line on stdin within 5 minutes", {}, kExitOverrun);
    if (!ReadInput(pending, static_cast<int>(std::min(left, 1000.0)) + 1)) {
      Fatal("stdin closed before the `go` line", pending, kExitOverrun);
    }
  }
  const std::string line = pending.substr(0, pending.find('\n'));
  Timing t;
  char word[8] = {};
  if (std::sscanf(line.c_str(), "%7s %lf %lf %lf %lf", word, &t.begin, &t.window_start,
                  &t.window_end, &t.drain_ms) != 5 ||
      std::string_view(word) != "go" || !(t.begin <= t.window_start) ||
      !(t.window_start <= t.window_end) || !(t.drain_ms >= 0) ||
      t.window_end - NowMs() > 24 * 3600 * 1000.0) {
    Fatal("expected `go <begin> <windowStart> <windowEnd> <drainMs>`", line, kExitUsage);
  }
  return t;
}

// Waits until `done()` holds for every shard; ends the run if stdin closes (the driver is
// gone) or the deadline passes.
template <typename Done>
void AwaitShards(const std::vector<std::unique_ptr<Shard>>& shards, Done done, double deadline,
                 bool watch_stdin, std::string_view what) {
  std::string ignored;
  while (true) {
    bool all = true;
    for (const auto& s : shards) all = all && done(*s);
    if (all) return;
    if (NowMs() > deadline) {
      Fatal("the run overran its time bound (" + std::string(what) + ")", {}, kExitOverrun);
    }
    if (watch_stdin) {
      if (!ReadInput(ignored, kPollMs)) Fatal("stdin closed before the report", {}, kExitOverrun);
      ignored.clear();
    } else {
      poll(nullptr, 0, kPollMs);
    }
  }
}

int Main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  std::string error;
  const std::optional<Plan> plan = ReadPlan(options.plan, error);
  if (!plan) Fatal(error, {}, kExitUsage);
  const std::uint32_t threads = options.threads;
  RaiseDescriptorLimit(*plan, threads);
  signal(SIGPIPE, SIG_IGN);
  const std::vector<Endpoint> endpoints = Resolve(plan->nodes);
  // OpenSSL loads its SHA-1 on first use: once here, not in every thread's first handshake.
  WebSocketAccept("");

  // Set-up.
  std::vector<std::unique_ptr<Shard>> shards;
  const std::uint32_t per_thread = (options.handshakes + threads - 1) / threads;
  for (std::uint32_t s = 0; s < threads; ++s) {
    shards.push_back(std::make_unique<Shard>(*plan, endpoints, s, threads, per_thread));
  }
  for (auto& s : shards) s->Start();
  AwaitShards(
      shards, [](const Shard& s) { return s.ready(); }, ThreadContext::kNever, false, "set-up");
  double connect_ms = 0;
  for (const auto& s : shards) connect_ms = std::max(connect_ms, s->connect_ms());
  std::printf("ready %.1f\n", connect_ms);
  std::fflush(stdout);

  // The run.
  const Timing timing = ReadGo();
  const double bound = timing.window_end + timing.drain_ms + kOverrunMs;
  for (auto& s : shards) s->Go(timing);
  AwaitShards(
      shards, [](const Shard& s) { return s.sending_done(); }, bound, true, "sending");
  while (NowMs() < timing.window_end) poll(nullptr, 0, kPollMs);

  // What every room must receive: the accepted messages of its lanes.
  SendResult sends;
  sends.sent.assign(plan->lanes.size(), 0);
  for (const auto& s : shards) s->CollectSends(sends);
  std::vector<std::uint64_t> keys;
  std::vector<std::uint64_t> expected(plan->rooms, 0);
  for (std::size_t l = 0; l < plan->lanes.size(); ++l) expected[l % plan->rooms] += sends.sent[l];
  for (const Failure& f : sends.failures) {
    keys.push_back(SendKey(f.lane, f.seq));
    if (f.seq < sends.sent[f.lane]) --expected[f.lane % plan->rooms];
  }
  const FailedSends failed(std::move(keys));
  for (auto& s : shards) s->Finish(&sends, &failed, &expected);
  AwaitShards(
      shards, [](const Shard& s) { return s.reported(); }, bound, true, "draining");

  DeliveryResult all;
  for (const auto& s : shards) {
    const DeliveryResult& r = s->result();
    all.latency.Merge(r.latency);
    all.latency_other_node.Merge(r.latency_other_node);
    all.delivered_in_window += r.delivered_in_window;
    all.lost += r.lost;
    all.duplicates += r.duplicates;
    all.out_of_order += r.out_of_order;
    all.closed += r.closed;
    all.order_hashes.insert(all.order_hashes.end(), r.order_hashes.begin(), r.order_hashes.end());
  }
  std::sort(all.order_hashes.begin(), all.order_hashes.end());
  all.order_hashes.erase(std::unique(all.order_hashes.begin(), all.order_hashes.end()),
                         all.order_hashes.end());
  const std::string report = ReportJson(sends, all);
  std::fwrite(report.data(), 1, report.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
  shards.clear();  // joins the threads, closes every socket
  return 0;
}

}  // namespace
}  // namespace confide::load

int main(int argc, char** argv) { return confide::load::Main(argc, argv); }
