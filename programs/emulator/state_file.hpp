// SPDX-License-Identifier: MIT
// acs-rooms-emulator's persistence (programs/emulator/): --data-dir's state.json, replaced
// atomically after every change, read back at start.

#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>

namespace acs_rooms_emulator {

/// The state file in a data directory. A save writes `state.json.tmp`, flushes it to disk,
/// renames it over `state.json` and flushes the directory: a crash at any point leaves the
/// previous complete file or the new one, never a torn one. Saves are coalesced: a save that
/// finds a newer one done already returns at once.
class state_file {
public:
  /// The file `dir`/state.json; the directory is made if missing (not its parents).
  explicit state_file(std::string dir) : dir_(std::move(dir)), path_(dir_ + "/state.json") {}

  /// The file's path, for messages.
  [[nodiscard]] const std::string& path() const noexcept { return path_; }

  /// Makes the directory if needed; the problem, or nullopt.
  [[nodiscard]] std::optional<std::string> prepare() const {
    if (::mkdir(dir_.c_str(), 0700) != 0 && errno != EEXIST) {
      return "cannot make the data directory " + dir_ + ": " + std::strerror(errno);
    }
    struct stat info {};
    if (::stat(dir_.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      return dir_ + " is not a directory";
    }
    return std::nullopt;
  }

  /// The saved text into `out`: true when read, false when there is no file yet; the problem
  /// (naming the file) in `problem` when it exists but cannot be read.
  bool load(std::string& out, std::string& problem) const {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      if (errno != ENOENT) {
        problem = "cannot read " + path_ + ": " + std::strerror(errno);
      }
      return false;
    }
    char buffer[65536];
    for (;;) {
      const ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n < 0) {
        problem = "cannot read " + path_ + ": " + std::strerror(errno);
        ::close(fd);
        return false;
      }
      if (n == 0) {
        break;
      }
      out.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return true;
  }

  /// Saves the text `make()` returns, which holds change `generation` of those `changes`
  /// counts (each counted once made), unless a save that holds it is done; the problem, or
  /// nullopt.
  template <class Make>
  std::optional<std::string> save(std::uint64_t generation,
                                  const std::atomic<std::uint64_t>& changes, Make&& make) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (saved_ >= generation) {
      return std::nullopt; // a save made after this change covers it
    }
    const std::uint64_t latest = changes.load();
    const std::string text = make(); // read after `latest`: it holds every change counted
    if (auto bad = write(text)) {
      return bad;
    }
    saved_ = latest;
    return std::nullopt;
  }

private:
  std::optional<std::string> write(const std::string& text) const {
    const std::string temporary = path_ + ".tmp";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
      return "cannot write " + temporary + ": " + std::strerror(errno);
    }
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) {
        continue;
      }
      if (n <= 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        return "cannot write " + temporary + ": " + why;
      }
      done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced || ::rename(temporary.c_str(), path_.c_str()) != 0) {
      return "cannot replace " + path_ + ": " + std::strerror(errno);
    }
    const int dir = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
      ::fsync(dir); // the rename itself on disk
      ::close(dir);
    }
    return std::nullopt;
  }

  std::string dir_;
  std::string path_;
  std::mutex mutex_;
  std::uint64_t saved_ = 0; // the latest generation on disk
};

} // namespace acs_rooms_emulator
