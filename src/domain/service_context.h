#pragma once

// What every domain service shares: time, the id source and the configured limits.

#include <cstddef>

#include "core/clock.h"
#include "core/id_generator.h"

namespace confide::domain {

struct ServiceLimits {
  std::size_t max_content_length = 10'000;  // code points of a message
  std::size_t max_title_length = 200;
  std::size_t max_participants = 1'000;  // in one conversation
  std::size_t max_search_length = 200;
};

struct ServiceContext {
  const core::Clock& clock;
  core::IdGenerator& ids;
  ServiceLimits limits;

  EpochMillis Now() const { return clock.NowMillis(); }
};

}  // namespace confide::domain
