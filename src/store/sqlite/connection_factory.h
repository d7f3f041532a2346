#pragma once

// Opens the store's connections with their settings. The writer makes every commit durable
// before it is acknowledged (WAL with synchronous=FULL); readers cannot write. Both wait for
// locks held by other processes (`confide users upsert`) instead of failing at once.
// Thread-safety: free functions; the returned Connection belongs to the calling thread
// until handed to another.

#include <sys/types.h>

#include <memory>
#include <string>

#include "store/sqlite/connection.h"

namespace confide::store::sqlite {

// How long a connection waits for another connection's lock before SQLITE_BUSY.
inline constexpr int kBusyTimeoutMillis = 5000;

// Opens the database file for writing, creating it and its directory if missing. A new file
// gets `file_mode` whatever the umask, and SQLite gives the -wal and -shm files it creates the
// mode of the database file. Throws SqliteError, std::filesystem::filesystem_error, or
// std::runtime_error if the file cannot use WAL.
std::unique_ptr<Connection> OpenWriter(const std::string& path, mode_t file_mode = 0600);

// Opens an existing database file read-only. Throws SqliteError.
std::unique_ptr<Connection> OpenReader(const std::string& path);

}  // namespace confide::store::sqlite
