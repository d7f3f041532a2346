#pragma once

// The permissions of the files that hold the data — the database with its -wal and -shm,
// the events files — which hold every message: the owner's alone by default (0600), the
// group's to read as well where the operator asks (0640). A new file gets its mode exactly,
// whatever the process's umask; an existing file keeps the mode it has.
//
// Thread-safety: free functions; any thread (they touch only the file system).

#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace confide::core {

inline constexpr mode_t kDefaultDataFileMode = 0600;

// An octal mode such as "0600" or "640". It must let the owner read and write, and let no
// one execute, nor anyone but the owner write.
Result<mode_t> ParseDataFileMode(std::string_view text);

// "0640".
std::string FormatFileMode(mode_t mode);

// open(2) with `flags` (O_RDWR, O_APPEND, …; O_CLOEXEC is added), creating `path` with exactly
// `mode` when it does not exist. Returns the descriptor, or -1 with errno set.
int OpenDataFile(const std::string& path, int flags, mode_t mode);

// The permission bits of `path` when they grant something `mode` does not; nullopt otherwise
// (or when there is no such file).
std::optional<mode_t> WiderModeThan(const std::string& path, mode_t mode);

}  // namespace confide::core
