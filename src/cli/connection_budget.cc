#include "cli/connection_budget.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <limits>

namespace confide::cli {
namespace {

std::size_t AsSize(rlim_t value) {
  if (value == RLIM_INFINITY) return std::numeric_limits<std::size_t>::max();
  return static_cast<std::size_t>(value);
}

}  // namespace

// The usual soft limit (1024) would stop the server near a thousand connections while the
// hard limit allows far more: raise the soft limit to the hard one, as Node.js does.
std::size_t RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  if (limit.rlim_cur >= limit.rlim_max) return AsSize(limit.rlim_cur);
  const rlim_t was = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    spdlog::warn(R"("msg":"cannot raise the open file limit","limit":{})", was);
    return AsSize(was);
  }
  spdlog::info(R"("msg":"open file limit raised","from":{},"to":{})", was, limit.rlim_cur);
  return AsSize(limit.rlim_cur);
}

std::size_t ConnectionBudget(std::size_t configured, std::size_t open_file_limit) {
  if (open_file_limit == 0 || open_file_limit == std::numeric_limits<std::size_t>::max()) {
    return configured;
  }
  const std::size_t most = open_file_limit > 2 * kReservedDescriptors
                               ? open_file_limit - kReservedDescriptors
                               : std::max<std::size_t>(open_file_limit / 2, 1);
  return configured == 0 ? most : std::min(configured, most);
}

}  // namespace confide::cli
