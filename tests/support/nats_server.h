#pragma once

// A nats-server with JetStream, run as a child process on a free loopback port, for the
// tests of what speaks NATS. Stop and Start again keep the port and the store directory, so
// streams outlive a restart of the server as they do in production. The server's log goes
// to a file in the store directory and is shown when it fails to start.
// Thread-safety: one thread.

#include <gtest/gtest.h>
#include <sys/types.h>

#include <string>

#include "support/temp_dir.h"

namespace confide::testing {

class NatsServer {
 public:
  // Where the server's binary is installed: Debian's package nats-server puts it in
  // /usr/sbin; empty when it is in neither /usr/sbin nor /usr/bin.
  static std::string Binary();
  // True when Binary() found the server.
  static bool Available() { return !Binary().empty(); }

  // Picks a free port and a fresh store directory; does not start the server.
  NatsServer();
  // Stops the server if it runs.
  ~NatsServer();

  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  // Starts the server and waits up to 10 s until its port accepts connections.
  ::testing::AssertionResult Start();
  // Sends SIGTERM and waits for the server to exit (SIGKILL after 10 s).
  void Stop();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  // nats://127.0.0.1:<port>
  std::string url() const;

 private:
  // The server's log so far, for failure messages.
  std::string Log() const;

  TempDir dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace confide::testing
