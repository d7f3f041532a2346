#pragma once

// ISO-8601 UTC timestamps with milliseconds, the wire format: 2024-01-01T12:00:00.000Z.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace confide::core {

std::string FormatTimestamp(EpochMillis t);

// Parses "YYYY-MM-DDTHH:MM:SS[.fff]Z"; nullopt for anything else.
std::optional<EpochMillis> ParseTimestamp(std::string_view text);

}  // namespace confide::core
