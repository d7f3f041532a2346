#include "support/nats_server.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <vector>

#include "support/child_process.h"
#include "support/loopback_port.h"

namespace confide::testing {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

}  // namespace

std::string NatsServer::Binary() {
  for (const char* path : {"/usr/sbin/nats-server", "/usr/bin/nats-server"}) {
    if (::access(path, X_OK) == 0) return path;
  }
  return {};
}

NatsServer::NatsServer() : port_(FreePort()) {}

NatsServer::~NatsServer() { Stop(); }

std::string NatsServer::url() const { return "nats://127.0.0.1:" + std::to_string(port_); }

::testing::AssertionResult NatsServer::Start() {
  if (running()) return ::testing::AssertionSuccess();
  const std::string binary = Binary();
  if (binary.empty()) return ::testing::AssertionFailure() << "nats-server is not installed";
  std::vector<std::string> args = {binary, "-a", "127.0.0.1", "-p", std::to_string(port_)};
  args.insert(args.end(), {"-js", "-sd", dir_.File("jetstream")});
  args.insert(args.end(), {"-l", dir_.File("nats-server.log")});
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) return ::testing::AssertionFailure() << "fork: " << std::strerror(errno);
  if (pid == 0) {
    // The server goes with the test process, even when that one crashes.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  const auto deadline = Clock::now() + 10s;
  while (!AcceptsConnections(port_)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return ::testing::AssertionFailure() << "nats-server exited at start:\n" << Log();
    }
    if (Clock::now() >= deadline) {
      Stop();
      return ::testing::AssertionFailure() << "nats-server did not listen within 10 s:\n" << Log();
    }
    std::this_thread::sleep_for(20ms);
  }
  return ::testing::AssertionSuccess();
}

void NatsServer::Stop() {
  if (!running()) return;
  ::kill(pid_, SIGTERM);
  if (!Reap(pid_, 10s)) {
    ::kill(pid_, SIGKILL);
    Reap(pid_, 10s);
  }
  pid_ = -1;
}

std::string NatsServer::Log() const {
  std::ifstream in(dir_.File("nats-server.log"));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace confide::testing
