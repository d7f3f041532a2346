#pragma once

// `confide events …`: look at the event stream and deliver parts of it again.
//   tail    print events as JSON lines: the last few, then each new one as it commits
//   replay  deliver events from a position again to one configured sink
//   status  each sink's position and lag, and what the outbox holds

#include <cstdint>
#include <optional>
#include <string>

#include "core/config.h"

namespace confide::cli {

struct TailRequest {
  std::optional<std::int64_t> from;  // first seq to print; none: the last `last` events
  int last = 10;
  bool follow = true;
  std::optional<std::int64_t> count;  // stop after printing this many
};

struct ReplayRequest {
  std::string sink;
  std::int64_t from = 1;
  std::optional<std::int64_t> to;  // none: up to the newest event when the replay starts
};

int RunEventsTail(const core::Config& config, const TailRequest& request);
int RunEventsReplay(const core::Config& config, const ReplayRequest& request);
int RunEventsStatus(const core::Config& config);

}  // namespace confide::cli
