#pragma once

// Names the calling thread, as `top -H`, `ps -L`, `perf` and debuggers show it: "io-0",
// "sqlite-writer" and so on, instead of the binary's name for every thread. Linux keeps 15
// bytes of a name; the rest is dropped.

#include <string_view>

namespace confide::core {

void NameThisThread(std::string_view name);

}  // namespace confide::core
