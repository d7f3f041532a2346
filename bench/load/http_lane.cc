// One sender lane (see http_lane.h).

#include "http_lane.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "clock.h"
#include "fatal.h"
#include "tcp.h"

namespace confide::load {
namespace {

template <typename Integer>
void AppendNumber(std::string& out, Integer value) {
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

}  // namespace

HttpLane::HttpLane(ThreadContext& context, std::uint32_t lane, std::uint32_t local)
    : context_(context),
      plan_(context.plan.lanes[lane]),
      lane_(lane),
      local_(local),
      interval_(context.plan.rate > 0
                    ? 1000.0 * static_cast<double>(context.plan.lanes.size()) / context.plan.rate
                    : 0) {
  head_ = "POST /messaging/conversations/" + plan_.conversation_id +
          "/messages HTTP/1.1\r\nHost: " + context.endpoints[plan_.node].host_header +
          "\r\nAuthorization: Bearer " + plan_.token +
          "\r\nContent-Type: application/json\r\nConnection: keep-alive\r\nContent-Length: ";
}

HttpLane::~HttpLane() { CloseSocket(); }

void HttpLane::Connect() {
  counted_connecting_ = true;
  ++context_.lanes_connecting;
  Open();
}

void HttpLane::Open() {
  fd_ = StartConnect(context_.endpoints[plan_.node]);
  if (fd_ < 0) return ConnectFailed(std::strerror(errno));
  connecting_ = true;
  context_.loop.Watch(fd_, EPOLLIN | EPOLLOUT, this);
  watching_output_ = true;
}

void HttpLane::ConnectFailed(std::string_view error) {
  const std::string why = "connect: " + std::string(error);
  if (!context_.started) Fatal("lane " + std::to_string(lane_) + ": " + why);
  if (in_flight_) {
    in_flight_ = false;
    Fail(0, why);
    ++seq_;
  }
  Finish();  // the server is gone: this lane stops
}

void HttpLane::Start(double begin) {
  ++context_.lanes_running;
  if (interval_ > 0) {
    next_ = begin + interval_ * lane_ / static_cast<double>(context_.plan.lanes.size());
    context_.timers.emplace(next_, local_);
  } else {
    context_.timers.emplace(begin, local_);
  }
}

void HttpLane::Continue(double now) {
  if (finished_ || in_flight_) return;
  if (interval_ > 0) {
    if (now < next_) {
      // Its next request would start after the window: it is done.
      if (next_ >= context_.window_end) return Finish();
      context_.timers.emplace(next_, local_);
      return;
    }
    next_ = std::max(next_ + interval_, now - interval_);
  }
  if (now >= context_.window_end) return Finish();
  Post(now);
}

void HttpLane::Abandon() {
  if (in_flight_) {
    in_flight_ = false;
    Fail(0, "no response before the end of the drain time");
    ++seq_;
  }
  CloseSocket();
  Finish();
}

void HttpLane::Post(double now) {
  t0_ = now;
  in_flight_ = true;
  // Into members that keep their capacity: no allocation once the first request is made.
  content_.assign(R"({"content":"b:)");
  AppendNumber(content_, lane_);
  content_ += ':';
  AppendNumber(content_, seq_);
  content_ += ':';
  char t0[48];
  const auto t0_end = std::to_chars(t0, t0 + sizeof t0, t0_, std::chars_format::fixed, 3).ptr;
  content_.append(t0, t0_end);
  content_ += R"("})";
  out_.assign(head_);
  AppendNumber(out_, content_.size());
  out_.append("\r\n\r\n");
  out_.append(content_);
  out_sent_ = 0;
  if (fd_ < 0) {
    Open();  // flushed once connected
  } else {
    Flush();
  }
}

void HttpLane::OnReady(std::uint32_t events) {
  if (fd_ < 0) return;
  if (connecting_) {
    if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0) return;
    if (const int error = SocketError(fd_); error != 0) {
      CloseSocket();
      return ConnectFailed(std::strerror(error));
    }
    connecting_ = false;
    if (counted_connecting_) {
      counted_connecting_ = false;
      --context_.lanes_connecting;
    }
    Flush();
  } else if ((events & EPOLLOUT) != 0) {
    Flush();
  }
  if (fd_ >= 0 && (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) Read();
}

void HttpLane::Flush() {
  if (connecting_) return;  // written once the connect completes
  while (out_sent_ < out_.size()) {
    const ssize_t n = send(fd_, out_.data() + out_sent_, out_.size() - out_sent_, MSG_NOSIGNAL);
    if (n > 0) {
      out_sent_ += static_cast<std::size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      break;
    } else {
      return Dropped(std::strerror(errno));
    }
  }
  const bool want_output = out_sent_ < out_.size();
  if (want_output != watching_output_) {
    context_.loop.Change(fd_, want_output ? EPOLLIN | EPOLLOUT : EPOLLIN, this);
    watching_output_ = want_output;
  }
}

void HttpLane::Read() {
  const ssize_t got = context_.buffer.Receive(fd_, in_);
  if (got == 0) return Dropped("the server closed the connection");
  if (got < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK) return;
    return Dropped(std::strerror(errno));
  }
  const double at = NowMs();
  const std::string_view bytes(context_.buffer.data(), context_.buffer.size());
  std::size_t used = 0;
  while (true) {
    if (!in_flight_) return Dropped("bytes from the server with no request in flight");
    ResponseHead head;
    const Parse parsed = ParseResponseHead(bytes.substr(used), head);
    if (parsed == Parse::kNeedMore) break;
    if (parsed == Parse::kBad) return Dropped("a malformed response");
    std::size_t body_length = 0;
    const Parse body =
        ParseResponseBody(bytes.substr(used + head.length), head, body_length, &body_);
    if (body == Parse::kNeedMore) break;
    if (body == Parse::kBad) return Dropped("a response of unknown length");
    used += head.length + body_length;
    if (head.status / 100 == 1) continue;  // an interim response: the final one follows
    in_.clear();
    // One request at a time: nothing may follow its response.
    if (!head.keep_alive || used != bytes.size()) CloseSocket();
    return OnResponse(head.status, at);
  }
  in_.assign(bytes.substr(used));
}

void HttpLane::OnResponse(int status, double at) {
  in_flight_ = false;
  if (status == 201) {
    sent_ = seq_ + 1;
    if (t0_ >= context_.window_start) {
      context_.rest_latency.Add(at - t0_);
      ++context_.sent_in_window;
    }
  } else {
    Fail(status, body_.view());
  }
  ++seq_;
  Continue(at);
}

void HttpLane::Dropped(std::string_view why) {
  CloseSocket();
  if (!in_flight_) return;  // an idle connection: made again for the next request
  in_flight_ = false;
  Fail(0, why);
  ++seq_;
  Continue(NowMs());
}

void HttpLane::Fail(int status, std::string_view body) {
  const bool example = context_.failures.size() < ThreadContext::kFailureExamples;
  context_.failures.push_back({lane_, seq_, status, example ? std::string(body) : std::string()});
}

void HttpLane::Finish() {
  if (finished_) return;
  finished_ = true;
  --context_.lanes_running;
}

void HttpLane::CloseSocket() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  connecting_ = false;
  watching_output_ = false;
  in_.clear();
  if (counted_connecting_) {
    counted_connecting_ = false;
    --context_.lanes_connecting;
  }
}

}  // namespace confide::load
