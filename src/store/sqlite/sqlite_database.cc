#include "store/sqlite/sqlite_database.h"

#include <algorithm>
#include <exception>

#include "store/sqlite/connection_factory.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/search_index.h"

namespace confide::store::sqlite {

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(const SqliteOptions& options) {
  // Each connection would get a database of its own: the readers would never see a write.
  if (options.path.empty() || options.path == ":memory:") {
    return Error::Internal("the database needs a file path, not '" + options.path + "'");
  }
  try {
    auto writer = OpenWriter(options.path, options.file_mode);
    const int version = ApplyMigrations(*writer);
    CatchUpSearchIndex(*writer);
    // Readers are opened after the writer has created the file and switched it to WAL.
    std::vector<std::unique_ptr<Connection>> readers;
    for (int i = 0; i < std::max(options.readers, 1); ++i) {
      readers.push_back(OpenReader(options.path));
    }
    return std::make_unique<SqliteDatabase>(Key{}, options, std::move(writer), std::move(readers),
                                            version);
  } catch (const std::exception& e) {
    return Error::Unavailable("cannot open the database " + options.path + ": " + e.what());
  }
}

SqliteDatabase::SqliteDatabase(Key, const SqliteOptions& options,
                               std::unique_ptr<Connection> writer,
                               std::vector<std::unique_ptr<Connection>> readers, int schema_version)
    : metrics_(options.metrics),
      writer_(std::move(writer), options.max_batch, options.max_queued_jobs, metrics_,
              options.commit_window),
      readers_(std::move(readers), options.max_queued_jobs, metrics_),
      schema_version_(schema_version) {}

SqliteDatabase::~SqliteDatabase() { Stop(); }

void SqliteDatabase::SubmitRead(std::function<void(Transaction&)> work,
                                std::function<void(Status)> done, JobOrigin origin) {
  readers_.Submit({std::move(work), std::move(done)}, origin);
}

void SqliteDatabase::SubmitWrite(std::function<bool(Transaction&)> work,
                                 std::function<void(Status)> done, JobOrigin origin) {
  writer_.Submit({std::move(work), std::move(done)}, origin);
}

// Readers stop first: their completions may still queue writes, which the writer then
// runs before it stops.
void SqliteDatabase::Stop() {
  std::call_once(stopped_, [this] {
    readers_.Stop();
    writer_.Stop();
  });
}

namespace {

class ProcessLease final : public Lease {
 public:
  bool Held() override { return true; }
};

}  // namespace

std::unique_ptr<Lease> SqliteDatabase::TryLease(LeaseKind) {
  return std::make_unique<ProcessLease>();
}

}  // namespace confide::store::sqlite
