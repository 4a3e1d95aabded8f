// Test support: runs the real `lif` binary (its path comes from the LIF_BINARY
// environment variable, which CTest sets to $<TARGET_FILE:lif>): one-shot
// commands, and `lif serve` as a child process that can be killed.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace lif::testing {

inline std::string LifBinary() {
  const char* path = std::getenv("LIF_BINARY");
  if (path == nullptr || *path == '\0') {
    throw std::runtime_error("set LIF_BINARY to the built lif binary (CTest does)");
  }
  return path;
}

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Starts `lif args...` with stdout to `out_path` and stderr to `err_path`
// (appended). Returns the child's pid.
inline pid_t SpawnLif(const std::vector<std::string>& args, const std::string& out_path,
                      const std::string& err_path) {
  std::vector<std::string> argv_strings = {LifBinary()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& s : argv_strings) argv.push_back(&s[0]);
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0600);
  posix_spawn_file_actions_addopen(&actions, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                   0600);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv_strings[0]);
  return pid;
}

struct LifRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `lif args...` to completion; `scratch` is a folder for its output files.
inline LifRun RunLif(const std::vector<std::string>& args, const std::string& scratch) {
  static std::atomic<int> counter{0};
  const std::string base = scratch + "/run-" + std::to_string(++counter);
  const pid_t pid = SpawnLif(args, base + ".out", base + ".err");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  LifRun run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  run.out = ReadText(base + ".out");
  run.err = ReadText(base + ".err");
  return run;
}

// `lif serve --data DIR --listen 127.0.0.1:0 --port-file FILE [extra...]` as a child.
class ServeProcess {
 public:
  ServeProcess(std::string data_dir, std::string scratch, std::vector<std::string> extra = {})
      : data_dir_(std::move(data_dir)), scratch_(std::move(scratch)), extra_(std::move(extra)) {}
  ~ServeProcess() {
    if (pid_ > 0) Kill(SIGKILL);
  }

  // Starts the server and waits (up to `timeout`) until it listens.
  // Returns false (with the reason in `error`) when it exits or never listens.
  bool Start(std::string* error, std::chrono::seconds timeout = std::chrono::seconds(120)) {
    const std::string port_file = scratch_ + "/port";
    std::remove(port_file.c_str());
    std::vector<std::string> args = {"serve",       "--data",      data_dir_, "--listen",
                                     "127.0.0.1:0", "--port-file", port_file};
    args.insert(args.end(), extra_.begin(), extra_.end());
    pid_ = SpawnLif(args, scratch_ + "/serve.out", scratch_ + "/serve.err");
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      std::string text = ReadText(port_file);
      if (!text.empty() && text.back() == '\n') {
        port_ = std::atoi(text.c_str());
        return port_ > 0;
      }
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        *error = "lif serve exited at start: " + ReadText(scratch_ + "/serve.err");
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    *error = "lif serve did not listen in time: " + ReadText(scratch_ + "/serve.err");
    return false;
  }

  // Sends `signal` and, for SIGKILL, reaps the child. Returns the wait status.
  int Kill(int signal) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, signal);
    if (signal != SIGKILL) return 0;
    return Wait();
  }
  // Waits for the child to exit; returns its raw wait status.
  int Wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
    return status;
  }
  // True when the child has exited (and reaps it).
  bool Exited() {
    if (pid_ <= 0) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return true;
    }
    return false;
  }

  int port() const { return port_; }
  pid_t pid() const { return pid_; }

 private:
  std::string data_dir_;
  std::string scratch_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace lif::testing
