#pragma once

// The command line and CONFIDE_* environment variables of `confide`, bound to core::Config:
// a flag wins over its variable, which wins over the default.

#include <CLI/CLI.hpp>

#include "core/config.h"

namespace confide::cli {

// Options every command that opens the database or signs tokens shares (--db, JWT keys).
void AddCommonOptions(CLI::App& app, core::Config& config);
// The rest of `serve`'s options.
void AddServeOptions(CLI::App& app, core::Config& config);

}  // namespace confide::cli
