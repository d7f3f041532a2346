#pragma once

// One epoll set with a deadline: the loop of one confide_load thread. Descriptors are
// level-triggered and carry a Handler; a timerfd armed at an absolute CLOCK_MONOTONIC time
// gives the deadline sub-millisecond precision (epoll_wait's own timeout is whole
// milliseconds); an eventfd lets another thread interrupt the wait.

#include <sys/epoll.h>

#include <array>
#include <cstdint>

namespace confide::load {

class EventLoop {
 public:
  class Handler {
   public:
    virtual void OnReady(std::uint32_t events) = 0;

   protected:
    ~Handler() = default;
  };

  EventLoop();
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  // EPOLL_CTL_ADD / MOD / DEL; `events` such as EPOLLIN | EPOLLOUT.
  void Watch(int fd, std::uint32_t events, Handler* handler);
  void Change(int fd, std::uint32_t events, Handler* handler);
  void Forget(int fd);

  // Waits until a descriptor is ready, Wake() is called or `deadline_ms` (CLOCK_MONOTONIC,
  // infinity for none) passes, and runs the handlers of what is ready. Returns after one
  // batch: the caller checks its clocks and flags, then waits again.
  void Wait(double deadline_ms);

  // Makes the current or next Wait() return; from any thread.
  void Wake();

 private:
  void Arm(double deadline_ms);

  int epoll_fd_ = -1;
  int timer_fd_ = -1;
  int wake_fd_ = -1;
  double armed_ms_;  // the timerfd's expiry; infinity when disarmed
  std::array<epoll_event, 512> events_{};
};

}  // namespace confide::load
