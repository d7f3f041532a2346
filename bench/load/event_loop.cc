// One epoll set with a deadline (see event_loop.h).

#include "event_loop.h"

#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "clock.h"
#include "fatal.h"

namespace confide::load {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Distinct addresses that tag the loop's own descriptors in epoll_event.data.ptr.
char timer_tag;
char wake_tag;

void Control(int epoll_fd, int op, int fd, std::uint32_t events, void* ptr) {
  epoll_event event{};
  event.events = events;
  event.data.ptr = ptr;
  if (epoll_ctl(epoll_fd, op, fd, &event) != 0) {
    Fatal(std::string("epoll_ctl: ") + std::strerror(errno));
  }
}

}  // namespace

EventLoop::EventLoop() : armed_ms_(kInfinity) {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  timer_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_fd_ < 0 || timer_fd_ < 0 || wake_fd_ < 0) {
    Fatal(std::string("event loop: ") + std::strerror(errno));
  }
  Control(epoll_fd_, EPOLL_CTL_ADD, timer_fd_, EPOLLIN, &timer_tag);
  Control(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, EPOLLIN, &wake_tag);
}

EventLoop::~EventLoop() {
  for (const int fd : {epoll_fd_, timer_fd_, wake_fd_}) {
    if (fd >= 0) close(fd);
  }
}

void EventLoop::Watch(int fd, std::uint32_t events, Handler* handler) {
  Control(epoll_fd_, EPOLL_CTL_ADD, fd, events, handler);
}

void EventLoop::Change(int fd, std::uint32_t events, Handler* handler) {
  Control(epoll_fd_, EPOLL_CTL_MOD, fd, events, handler);
}

void EventLoop::Forget(int fd) { epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr); }

void EventLoop::Arm(double deadline_ms) {
  if (deadline_ms == armed_ms_) return;
  itimerspec spec{};
  if (deadline_ms != kInfinity) {
    // A zero it_value would disarm: the earliest expiry is 1 ns after the epoch.
    const double ns = std::max(1.0, deadline_ms * 1e6);
    spec.it_value.tv_sec = static_cast<time_t>(ns / 1e9);
    spec.it_value.tv_nsec = static_cast<long>(ns - static_cast<double>(spec.it_value.tv_sec) * 1e9);
    if (spec.it_value.tv_nsec >= 1000000000L) spec.it_value.tv_nsec = 999999999L;
    if (spec.it_value.tv_nsec < 0) spec.it_value.tv_nsec = 0;
  }
  if (timerfd_settime(timer_fd_, TFD_TIMER_ABSTIME, &spec, nullptr) != 0) {
    Fatal(std::string("timerfd_settime: ") + std::strerror(errno));
  }
  armed_ms_ = deadline_ms;
}

void EventLoop::Wait(double deadline_ms) {
  int timeout = -1;
  if (deadline_ms != kInfinity) {
    if (deadline_ms <= NowMs()) {
      timeout = 0;  // already due: only collect what is ready
    } else {
      Arm(deadline_ms);
    }
  }
  const int n = epoll_wait(epoll_fd_, events_.data(), static_cast<int>(events_.size()), timeout);
  if (n < 0) {
    if (errno == EINTR) return;
    Fatal(std::string("epoll_wait: ") + std::strerror(errno));
  }
  for (int i = 0; i < n; ++i) {
    void* const ptr = events_[i].data.ptr;
    if (ptr == &timer_tag || ptr == &wake_tag) {
      std::uint64_t count = 0;
      [[maybe_unused]] const auto got =
          read(ptr == &timer_tag ? timer_fd_ : wake_fd_, &count, sizeof count);
      if (ptr == &timer_tag) armed_ms_ = kInfinity;  // one-shot: expired, hence disarmed
      continue;
    }
    static_cast<Handler*>(ptr)->OnReady(events_[i].events);
  }
}

void EventLoop::Wake() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto written = write(wake_fd_, &one, sizeof one);
}

}  // namespace confide::load
