#include "core/thread_name.h"

#include <pthread.h>

#include <algorithm>
#include <array>

namespace confide::core {

void NameThisThread(std::string_view name) {
  constexpr std::size_t kMaxLength = 15;  // the kernel's limit, the terminating NUL aside
  std::array<char, kMaxLength + 1> buffer{};
  const std::size_t length = std::min(name.size(), kMaxLength);
  std::copy_n(name.data(), length, buffer.data());
  pthread_setname_np(pthread_self(), buffer.data());  // cannot fail for a name this short
}

}  // namespace confide::core
