// SPDX-License-Identifier: MIT
// acs_rooms credentials (detail): run a program with arguments (no shell), its output captured,
// within a time limit - what azure_cli_credential needs. POSIX only.
#pragma once

#include <acs/rooms/error.hpp>
#include <acs/rooms/result.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#if defined(__unix__) || defined(__APPLE__)
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ; // NOLINT: POSIX declares it nowhere
#define ACS_ROOMS_HAS_PROCESS 1
#else
#define ACS_ROOMS_HAS_PROCESS 0
#endif

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// What a finished program left: its exit status (-1 when a signal ended it) and output.
struct process_output {
  int exit_code = -1;
  std::string out, err;
};

/// Runs `argv` (argv[0] looked up on PATH; no shell, so no argument is ever interpreted) with
/// stdin closed, capturing stdout and stderr (at most `cap` bytes each). `timed_out` when it
/// runs past `limit` (then it is killed), `invalid_argument` when it cannot be started (errno's
/// text says why), `transport_error` for any other failure.
inline result<process_output> run_process(const std::vector<std::string>& argv,
                                          std::optional<std::chrono::milliseconds> limit,
                                          std::size_t cap = 1U << 20U) {
#if ACS_ROOMS_HAS_PROCESS
  if (argv.empty()) {
    return make_error(errc::invalid_argument, "no program to run");
  }
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  const auto close_fd = [](int& fd) {
    if (fd >= 0) {
      ::close(fd);
      fd = -1;
    }
  };
  if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
    close_fd(out_pipe[0]);
    close_fd(out_pipe[1]);
    return make_error(errc::transport_error, std::string("pipe: ") + std::strerror(errno));
  }
  for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) {
    ::fcntl(fd, F_SETFD, FD_CLOEXEC); // only the dup2'ed copies reach the child
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const auto& a : argv) {
    args.push_back(const_cast<char*>(a.c_str())); // NOLINT: posix_spawn's signature
  }
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close_fd(out_pipe[1]);
  close_fd(err_pipe[1]);
  if (spawned != 0) {
    close_fd(out_pipe[0]);
    close_fd(err_pipe[0]);
    return make_error(errc::invalid_argument,
                      "cannot run " + argv[0] + ": " + std::strerror(spawned));
  }
  process_output result_out;
  const auto deadline = limit ? std::optional<std::chrono::steady_clock::time_point>(
                                    std::chrono::steady_clock::now() + *limit)
                              : std::nullopt;
  bool timed_out = false;
  bool too_much = false;
  while (out_pipe[0] >= 0 || err_pipe[0] >= 0) {
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    int wait_ms = -1;
    if (deadline) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          *deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        timed_out = true;
        break;
      }
      wait_ms = left.count() > 60000 ? 60000 : static_cast<int>(left.count());
    }
    const int ready = ::poll(fds, 2, wait_ms);
    if (ready < 0 && errno != EINTR) {
      break;
    }
    for (int i = 0; i < 2 && ready > 0; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) {
        continue;
      }
      char buffer[4096];
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      int& fd = i == 0 ? out_pipe[0] : err_pipe[0];
      std::string& text = i == 0 ? result_out.out : result_out.err;
      if (n > 0) {
        if (text.size() + static_cast<std::size_t>(n) > cap) {
          too_much = true;
        } else {
          text.append(buffer, static_cast<std::size_t>(n));
        }
      } else if (n == 0 || errno != EINTR) {
        close_fd(fd);
      }
    }
    if (too_much) {
      break;
    }
  }
  close_fd(out_pipe[0]);
  close_fd(err_pipe[0]);
  if (timed_out || too_much) {
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return make_error(errc::timed_out,
                      argv[0] + " did not finish within " + std::to_string(limit->count()) + " ms");
  }
  if (too_much) {
    return make_error(errc::transport_error,
                      argv[0] + " wrote more than " + std::to_string(cap) + " bytes");
  }
  result_out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result_out;
#else
  (void)argv;
  (void)limit;
  (void)cap;
  return make_error(errc::invalid_argument, "running a program is not supported on this platform");
#endif
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
