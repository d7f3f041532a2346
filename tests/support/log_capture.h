#pragma once

// Keeps what is logged through spdlog's default logger while it lives, so that a test can
// check a log line (the request id and detail of a failure, say); the previous default
// logger comes back when it goes. Create it before the threads that log start.
// Thread-safety: Lines may be called while other threads log.

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace confide::testing {

class LogCapture {
 public:
  LogCapture()
      : previous_(spdlog::default_logger()),
        sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1024)) {
    auto logger = std::make_shared<spdlog::logger>("capture", sink_);
    logger->set_pattern("%l %v");
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;

  // Every line kept, "<level> <message>", oldest first.
  std::vector<std::string> Lines() const { return sink_->last_formatted(); }

  // The lines that contain every one of `pieces`.
  std::vector<std::string> LinesWith(std::initializer_list<std::string_view> pieces) const {
    std::vector<std::string> found;
    for (auto& line : Lines()) {
      bool all = true;
      for (auto piece : pieces) all = all && line.find(piece) != std::string::npos;
      if (all) found.push_back(std::move(line));
    }
    return found;
  }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

}  // namespace confide::testing
