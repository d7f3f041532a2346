#pragma once

// `confide serve`: wires the server from configuration and runs it until SIGTERM or SIGINT,
// then shuts down gracefully (stop accepting, finish in-flight requests, flush the writer).

#include "core/config.h"

namespace confide::cli {

int RunServe(core::Config config);

}  // namespace confide::cli
