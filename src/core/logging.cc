#include "core/logging.h"

#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace confide::core {

void InitLogging(std::string_view level, std::string_view node) {
  static bool started = false;
  if (!started) {
    // Overrun rather than block: a burst of log lines never stalls an I/O thread.
    spdlog::init_thread_pool(32768, 1);
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    auto logger = std::make_shared<spdlog::async_logger>(
        "confide", sink, spdlog::thread_pool(), spdlog::async_overflow_policy::overrun_oldest);
    std::string pattern = R"({"time":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l",)";
    if (!node.empty()) pattern += R"("node":)" + JsonQuote(node) + ",";
    logger->set_pattern(pattern + "%v}", spdlog::pattern_time_type::utc);
    spdlog::set_default_logger(logger);
    started = true;
  }
  spdlog::set_level(spdlog::level::from_str(std::string(level)));
}

void ShutdownLogging() {
  // A reference of our own, let go only after spdlog::shutdown() has joined the logging
  // thread: the logger is then freed here, after that thread's last use of it, rather than by
  // whichever thread drops the last reference.
  std::shared_ptr<spdlog::logger> logger = spdlog::default_logger();
  logger->flush();
  spdlog::shutdown();
  logger.reset();
}

}  // namespace confide::core

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace confide::core {

std::string JsonQuote(std::string_view text) {
  return boost::json::serialize(boost::json::string(text));
}

}  // namespace confide::core
