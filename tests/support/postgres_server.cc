#include "support/postgres_server.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "support/child_process.h"
#include "support/loopback_port.h"

namespace confide::testing {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr const char* kDatabase = "confide_test";

// Whom the server's programs run as: the postgres user when we are root, else ourselves.
struct Account {
  bool switch_user = false;
  uid_t uid = 0;
  gid_t gid = 0;
};

Account ServerAccount() {
  if (::geteuid() != 0) return {};
  const passwd* entry = ::getpwnam("postgres");
  if (entry == nullptr) throw std::runtime_error("running as root needs the postgres user");
  return {true, entry->pw_uid, entry->pw_gid};
}

std::string Program(const char* name) { return std::string(PostgresServer::kBinDir) + "/" + name; }

// Starts `args` as a child process whose output goes to `log_fd`; -1 if fork failed. With
// `die_with_parent`, the child is sent SIGQUIT when this process dies.
pid_t Spawn(const std::vector<std::string>& args, const Account& account, int log_fd,
            const std::string& cwd, bool die_with_parent) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid != 0) return pid;
  // The child: only async-signal-safe calls until execv.
  if (::dup2(log_fd, STDOUT_FILENO) < 0 || ::dup2(log_fd, STDERR_FILENO) < 0) ::_exit(126);
  if (::chdir(cwd.c_str()) != 0) ::_exit(126);
  if (account.switch_user && (::setgroups(1, &account.gid) != 0 || ::setgid(account.gid) != 0 ||
                              ::setuid(account.uid) != 0)) {
    ::_exit(126);
  }
  // After the change of user, which clears the parent-death signal.
  if (die_with_parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGQUIT);
    if (::getppid() != parent) ::_exit(1);
  }
  ::execv(argv[0], argv.data());
  ::_exit(127);
}

// The status line of postmaster.pid (its 8th) is "ready" once the server takes connections.
bool PidFileSaysReady(const std::string& path, pid_t pid) {
  std::ifstream in(path);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  return lines.size() >= 8 && lines[0] == std::to_string(pid) && lines[7].rfind("ready", 0) == 0;
}

}  // namespace

bool PostgresServer::Available() {
  return ::access(Program("postgres").c_str(), X_OK) == 0 &&
         ::access(Program("initdb").c_str(), X_OK) == 0;
}

PostgresServer::PostgresServer() : port_(FreePort()) {}

PostgresServer::~PostgresServer() { Stop(); }

std::string PostgresServer::uri() const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + kDatabase;
}

::testing::AssertionResult PostgresServer::Start() {
  if (running()) return ::testing::AssertionSuccess();
  if (!Available()) {
    return ::testing::AssertionFailure() << "PostgreSQL 15 is not installed (postgresql-15)";
  }
  if (!initialized_) {
    if (auto done = InitDb(); !done) return done;
  }
  const std::vector<std::string> args = {
      Program("postgres"),  "-D", dir_.File("data"),           "-p", std::to_string(port_), "-k",
      dir_.path().string(), "-c", "listen_addresses=127.0.0.1"};
  const int log =
      ::open(dir_.File("server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return ::testing::AssertionFailure() << "open the log: " << std::strerror(errno);
  pid_ = Spawn(args, ServerAccount(), log, dir_.path().string(), /*die_with_parent=*/true);
  ::close(log);
  if (pid_ < 0) return ::testing::AssertionFailure() << "fork: " << std::strerror(errno);
  if (auto ready = WaitUntilReady(); !ready) return ready;
  if (!initialized_) {
    if (auto created = CreateDatabase(); !created) return created;
    initialized_ = true;
  }
  return ::testing::AssertionSuccess();
}

void PostgresServer::Stop() {
  if (!running()) return;
  // SIGINT is the fast shutdown; SIGQUIT the immediate one, should that hang.
  ::kill(pid_, SIGINT);
  if (!Reap(pid_, 30s)) {
    ::kill(pid_, SIGQUIT);
    if (!Reap(pid_, 10s)) {
      ::kill(pid_, SIGKILL);
      Reap(pid_, 10s);
    }
  }
  pid_ = -1;
}

::testing::AssertionResult PostgresServer::Restart() {
  Stop();
  return Start();
}

::testing::AssertionResult PostgresServer::InitDb() {
  const Account account = ServerAccount();
  // The server's user must own the directory that holds the cluster and the socket.
  if (account.switch_user && ::chown(dir_.path().c_str(), account.uid, account.gid) != 0) {
    return ::testing::AssertionFailure() << "chown: " << std::strerror(errno);
  }
  // --no-sync: a throwaway cluster need not be flushed to disk before it starts.
  return Run({Program("initdb"), "-D", dir_.File("data"), "-A", "trust", "-U", "postgres",
              "--locale=C.UTF-8", "-E", "UTF8", "--no-sync"},
             /*as_server_user=*/true);
}

::testing::AssertionResult PostgresServer::CreateDatabase() {
  return Run({Program("createdb"), "-h", "127.0.0.1", "-p", std::to_string(port_), "-U", "postgres",
              kDatabase},
             /*as_server_user=*/false);
}

::testing::AssertionResult PostgresServer::WaitUntilReady() {
  const auto deadline = Clock::now() + 30s;
  while (!PidFileSaysReady(dir_.File("data/postmaster.pid"), pid_)) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return ::testing::AssertionFailure() << "postgres exited at start:\n" << Log();
    }
    if (Clock::now() >= deadline) {
      Stop();
      return ::testing::AssertionFailure() << "postgres was not ready within 30 s:\n" << Log();
    }
    std::this_thread::sleep_for(10ms);
  }
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult PostgresServer::Run(std::vector<std::string> args, bool as_server_user) {
  const int log =
      ::open(dir_.File("server.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log < 0) return ::testing::AssertionFailure() << "open the log: " << std::strerror(errno);
  const Account account = as_server_user ? ServerAccount() : Account{};
  const pid_t pid = Spawn(args, account, log, dir_.path().string(), /*die_with_parent=*/false);
  ::close(log);
  if (pid < 0) return ::testing::AssertionFailure() << "fork: " << std::strerror(errno);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << args[0] << " failed:\n" << Log();
}

std::string PostgresServer::Log() const {
  std::ifstream in(dir_.File("server.log"));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

namespace {

struct SharedServer {
  std::unique_ptr<PostgresServer> server;
  std::optional<::testing::AssertionResult> started;
};

SharedServer& Shared() {
  static SharedServer shared;
  return shared;
}

}  // namespace

::testing::AssertionResult PostgresEnvironment::Started() {
  SharedServer& shared = Shared();
  if (!shared.started) {
    shared.server = std::make_unique<PostgresServer>();
    shared.started = shared.server->Start();
  }
  return *shared.started;
}

PostgresServer& PostgresEnvironment::server() { return *Shared().server; }

void PostgresEnvironment::TearDown() {
  Shared().server.reset();
  Shared().started.reset();
}

}  // namespace confide::testing
