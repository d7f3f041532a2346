#include "store/sqlite/connection_factory.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "core/data_file.h"

namespace confide::store::sqlite {
namespace {

void SetCommon(Connection& connection) {
  connection.Execute("PRAGMA busy_timeout = " + std::to_string(kBusyTimeoutMillis));
  connection.Execute("PRAGMA temp_store = MEMORY");
  // No foreign keys are declared: the service enforces the relations.
  connection.Execute("PRAGMA foreign_keys = OFF");
}

void RequireWal(Connection& connection) {
  auto mode = connection.Prepare("PRAGMA journal_mode = WAL");
  // Readers and the writer stop blocking each other only in WAL mode; a file system that
  // cannot share memory between processes refuses it, and the store would then be wrong,
  // not merely slow.
  if (!mode->Step() || mode->Text(0) != "wal") {
    throw std::runtime_error("the database " + connection.path() + " cannot use WAL mode");
  }
}

}  // namespace

std::unique_ptr<Connection> OpenWriter(const std::string& path, mode_t file_mode) {
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  // SQLite would create the file with 0644 less the umask. Should this fail, SQLite's own
  // open says why.
  if (const int fd = core::OpenDataFile(path, O_RDWR, file_mode); fd >= 0) ::close(fd);
  auto connection = std::make_unique<Connection>(path, OpenMode::kReadWriteCreate);
  SetCommon(*connection);
  RequireWal(*connection);
  connection->Execute("PRAGMA synchronous = FULL");
  connection->Execute("PRAGMA cache_size = -32768");  // KiB: 32 MiB
  // After a checkpoint resets the WAL, the file is cut back to this size (64 MiB).
  connection->Execute("PRAGMA journal_size_limit = 67108864");
  return connection;
}

std::unique_ptr<Connection> OpenReader(const std::string& path) {
  auto connection = std::make_unique<Connection>(path, OpenMode::kReadOnly);
  SetCommon(*connection);
  connection->Execute("PRAGMA query_only = 1");
  connection->Execute("PRAGMA cache_size = -16384");  // KiB: 16 MiB
  return connection;
}

}  // namespace confide::store::sqlite
