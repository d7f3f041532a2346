// Ending the run on an error (see fatal.h).

#include "fatal.h"

#include <unistd.h>

#include <cstdio>
#include <string>

namespace confide::load {

void Fatal(std::string_view what, std::string_view shown, int status) {
  constexpr std::size_t kShownBytes = 600;
  std::string line = "confide_load: ";
  line.append(what);
  if (!shown.empty()) {
    line += ": ";
    for (std::size_t i = 0; i < shown.size() && i < kShownBytes; ++i) {
      const auto c = static_cast<unsigned char>(shown[i]);
      if (c < 0x20 || c == 0x7f) {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
        line += escaped;
      } else {
        line += static_cast<char>(c);
      }
    }
    if (shown.size() > kShownBytes) line += "…";
  }
  line += '\n';
  std::fflush(stdout);
  // One write, so that lines of several threads do not interleave.
  [[maybe_unused]] const auto written = write(STDERR_FILENO, line.data(), line.size());
  _exit(status);
}

}  // namespace confide::load
