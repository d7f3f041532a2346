#pragma once

// One sender lane, as fanout.mjs's `lane`: POST /messaging/conversations/<id>/messages with
// {"content":"b:<lane>:<seq>:<t0>"} on one keep-alive HTTP/1.1 connection, one request in
// flight. The next goes when the previous one's response arrives or, with a rate, no sooner
// than the lane's schedule: every `interval` ms, lane l's first at begin + interval * l /
// lanes, then next = max(next + interval, now - interval). No request starts at or after the
// window's end. A response other than 201 is a failed send, and so is a connection lost
// with a request in flight; a connection the server closed is made again for the next
// request, and a lane whose connect fails stops.

#include <cstdint>
#include <string>

#include "event_loop.h"
#include "http_response.h"
#include "plan.h"
#include "thread_context.h"

namespace confide::load {

class HttpLane final : public EventLoop::Handler {
 public:
  // `lane`: its index in the plan; `local`: its index among this thread's lanes.
  HttpLane(ThreadContext& context, std::uint32_t lane, std::uint32_t local);
  HttpLane(const HttpLane&) = delete;
  HttpLane& operator=(const HttpLane&) = delete;
  ~HttpLane();

  // Set-up: opens the connection (context.lanes_connecting counts it until it is up).
  void Connect();
  // Once `go` came: schedules the first request.
  void Start(double begin);
  // Its timer is due, or its response came: sends the next request when its time has come.
  void Continue(double now);
  // The drain time is over: a request still unanswered fails, and the lane stops.
  void Abandon();

  std::uint32_t lane() const { return lane_; }
  // Messages accepted: the last 201's sequence number + 1.
  std::uint32_t sent() const { return sent_; }

  void OnReady(std::uint32_t events) override;

 private:
  void Open();
  // The connect failed: before `go` that ends the run; afterwards the request that was to go
  // on it fails and the lane stops.
  void ConnectFailed(std::string_view error);
  void Post(double now);
  void Flush();
  void Read();
  void OnResponse(int status, double at);
  // The connection ended: a request in flight failed (`why` says how); the lane goes on.
  void Dropped(std::string_view why);
  void Fail(int status, std::string_view body);
  void Finish();
  void CloseSocket();

  ThreadContext& context_;
  const LanePlan& plan_;
  const std::uint32_t lane_;
  const std::uint32_t local_;
  const double interval_;  // ms between two requests of this lane; 0: no rate
  std::string head_;       // the request up to the Content-Length value
  int fd_ = -1;
  bool connecting_ = false;  // the TCP connect has not completed yet
  bool counted_connecting_ = false;
  bool watching_output_ = false;
  bool in_flight_ = false;
  bool finished_ = false;
  std::uint32_t seq_ = 0;  // of the next request, or of the one in flight
  std::uint32_t sent_ = 0;
  double t0_ = 0;        // when the request in flight started
  double next_ = 0;      // with a rate: when the next request is due
  std::string content_;  // the request's body
  std::string out_;      // the request, from out_sent_ on not written yet
  std::size_t out_sent_ = 0;
  std::string in_;  // an incomplete response
  BodyPrefix body_;
};

}  // namespace confide::load
