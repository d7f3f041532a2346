#pragma once

// A throwaway PostgreSQL 15 server for tests: a fresh cluster (initdb) in a temporary
// directory, run as a child process on a free loopback port with its socket in that
// directory, holding one database for the tests (`confide_test`). Stop and Start again keep
// the port and the data, so Restart is what a server restart looks like to a client. The
// server goes with the test process even when that one crashes (it is sent SIGQUIT, an
// immediate shutdown), and the directory goes with the object.
// As root the server's programs run as the `postgres` user (initdb refuses root); otherwise
// as the caller.
// Thread-safety: one thread.

#include <gtest/gtest.h>
#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace confide::testing {

class PostgresServer {
 public:
  // Where Debian's postgresql-15 puts initdb, postgres and createdb.
  static constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";
  // True when the server's programs are installed.
  static bool Available();

  // Picks a free port and a fresh directory; does not start the server.
  PostgresServer();
  // Stops the server if it runs.
  ~PostgresServer();

  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Creates the cluster and the database on first use, starts the server and waits up to
  // 30 s until it accepts connections.
  ::testing::AssertionResult Start();
  // A fast shutdown (as `pg_ctl -m fast stop`): sessions are ended, the server exits.
  void Stop();
  ::testing::AssertionResult Restart();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  // postgresql://postgres@127.0.0.1:<port>/confide_test
  std::string uri() const;

 private:
  ::testing::AssertionResult InitDb();
  ::testing::AssertionResult CreateDatabase();
  ::testing::AssertionResult WaitUntilReady();
  // Runs a program of kBinDir to its end, its output appended to the log.
  ::testing::AssertionResult Run(std::vector<std::string> args, bool as_server_user);
  // The log so far, for failure messages.
  std::string Log() const;

  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool initialized_ = false;
};

// The one server of a test binary, started by the first test that asks for it and stopped
// when the binary's tests end. Register it in the binary's main or in one test file:
//   const auto* const kPostgres = ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);
// Tests that need no server (pure functions) then cost nothing.
class PostgresEnvironment : public ::testing::Environment {
 public:
  // Starts the server on first use; a failure to start is remembered and returned again.
  static ::testing::AssertionResult Started();
  // The server; Started() must have succeeded.
  static PostgresServer& server();

  void TearDown() override;
};

}  // namespace confide::testing
