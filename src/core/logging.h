#pragma once

// One process-wide logger (spdlog, asynchronous, so I/O threads never wait on a terminal or
// a file). Lines are JSON objects with a time, a level, a message and named fields; nothing
// that calls this passes tokens or message contents.

#include <string_view>

namespace confide::core {

// Installs the logger; `level` is trace|debug|info|warn|error|off. With a `node` (a node's
// name, which needs no escaping), every line names it. Safe to call again; the node is set by
// the first call.
void InitLogging(std::string_view level, std::string_view node = {});

// Flushes and stops the asynchronous logger (at shutdown).
void ShutdownLogging();

}  // namespace confide::core

#include <string>

namespace confide::core {

// `text` as a quoted, escaped JSON string, for values placed in a log line.
std::string JsonQuote(std::string_view text);

}  // namespace confide::core
