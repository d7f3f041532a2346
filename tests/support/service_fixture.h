#pragma once

// A MessagingService over a real SQLite database in a fresh temporary directory, with a
// manual clock, and synchronous helpers to run service calls as store jobs.

#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <memory>
#include <string>

#include "core/clock.h"
#include "core/id_generator.h"
#include "domain/messaging_service.h"
#include "store/sqlite/sqlite_database.h"
#include "support/temp_dir.h"

namespace confide::testing {

class ServiceFixture : public ::testing::Test {
 protected:
  ServiceFixture();
  ~ServiceFixture() override;

  // Runs `work` as a write job (its own savepoint in a group commit) and waits for the commit.
  template <class T>
  Result<T> Write(std::function<Result<T>(store::Transaction&)> work) {
    std::promise<Result<T>> done;
    store::Write<T>(*db_, std::move(work), [&](Result<T> r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  template <class T>
  Result<T> Read(std::function<Result<T>(store::Transaction&)> work) {
    std::promise<Result<T>> done;
    store::Read<T>(*db_, std::move(work), [&](Result<T> r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  // A user in the database (created or updated), as a caller.
  domain::Principal MakeUser(const std::string& id, const std::string& role = "client");

  core::ManualClock clock_{1'704'110'400'000};  // 2024-01-01T12:00:00.000Z
  core::IdGenerator ids_{clock_};
  TempDir dir_;
  std::unique_ptr<store::sqlite::SqliteDatabase> db_;
  domain::MessagingService service_{clock_, ids_, {}, /*auto_provision=*/true};
};

}  // namespace confide::testing
