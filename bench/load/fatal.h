#pragma once

// Ending the run on an error that leaves no valid result (a handshake refused, a server
// speaking out of protocol, a plan that does not parse): the message goes to stderr and the
// process exits at once, whatever thread it is on.

#include <string_view>

namespace confide::load {

// Exit statuses of confide_load.
inline constexpr int kExitFailed = 1;   // set-up or protocol failure
inline constexpr int kExitUsage = 2;    // bad command line or plan
inline constexpr int kExitOverrun = 3;  // a time bound passed (no `go`, a run that overran)

// Prints "confide_load: <what>" and, when given, the offending bytes (shortened, control
// characters escaped), then exits with `status` without running destructors.
[[noreturn]] void Fatal(std::string_view what, std::string_view shown = {},
                        int status = kExitFailed);

}  // namespace confide::load
