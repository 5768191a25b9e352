// Finding and running the external tools tests rely on (moto_server, python3 with botocore, the
// aws CLI, Prometheus). A missing tool fails the test under CI=true and is a loud skip otherwise:
// never a silent pass.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kanaria::testing {

// Full path of `tool` on PATH, or "".
std::string FindOnPath(const std::string& tool);

// True when running under CI (CI=true).
bool RunningInCi();

// A free TCP port on 127.0.0.1 (bound and released; tiny race accepted).
int FreeLoopbackPort();

// Runs a command (argv[0] looked up on PATH) with extra environment ("NAME=value" sets or
// replaces, "!NAME" removes), captures stdout+stderr.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::vector<std::string>& extra_env = {},
                         const std::string& stdin_data = "");

// A child process killed (SIGTERM, then SIGKILL) when the object goes away.
class ChildProcess {
 public:
  ChildProcess() = default;
  ChildProcess(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env,
               const std::string& log_path);
  ~ChildProcess();
  ChildProcess(ChildProcess&& other) noexcept;
  ChildProcess& operator=(ChildProcess&& other) noexcept;
  bool running() const;
  int pid() const { return pid_; }
  void Stop();

 private:
  int pid_ = -1;
};

// Polls http://127.0.0.1:port/<path> until any HTTP answer arrives or the timeout elapses.
bool WaitForHttp(int port, const std::string& path, int timeout_ms);

// moto_server on a free loopback port, started for one test suite and stopped after.
class MotoServer {
 public:
  // Starts moto_server; on failure ok() is false and error() says why.
  MotoServer();
  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }

 private:
  ChildProcess process_;
  int port_ = 0;
  bool ok_ = false;
  std::string error_;
};

}  // namespace kanaria::testing

// In a TEST body: fails under CI=true, otherwise skips with a loud message, when `tool` is not
// on PATH.
#define KANARIA_REQUIRE_TOOL(tool)                                                        \
  do {                                                                                    \
    if (::kanaria::testing::FindOnPath(tool).empty()) {                                   \
      if (::kanaria::testing::RunningInCi()) FAIL() << "required tool missing: " << tool \
                                                    << " (run scripts/setup)";            \
      GTEST_SKIP() << "SKIPPED LOUDLY: required tool missing: " << tool;                  \
    }                                                                                     \
  } while (0)
