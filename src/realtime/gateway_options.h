#pragma once

#include <chrono>

namespace confide::realtime {

struct GatewayOptions {
  // A typing indicator nobody renews ends by itself after this long (the spec: 5 minutes).
  std::chrono::milliseconds typing_timeout{5 * 60 * 1000};
};

}  // namespace confide::realtime
