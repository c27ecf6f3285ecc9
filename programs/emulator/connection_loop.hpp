// SPDX-License-Identifier: MIT
// acs-rooms-emulator's network front (programs/emulator/, not installed; needs cpp-httplib, Linux):
// the epoll loop that parks idle connections without a thread and hands a connection to a worker
// when a request arrives.
#pragma once

#include "connection_stream.hpp"

#include <acs/rooms.hpp> // the whole client, from include/ or single_include/

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#if defined(__linux__)
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#ifndef ACS_ROOMS_EMULATOR_EVENT_LOOP
#define ACS_ROOMS_EMULATOR_EVENT_LOOP 1
#endif
#endif

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {
#if defined(ACS_ROOMS_EMULATOR_EVENT_LOOP)

/// The connections: idle ones wait in one epoll loop, holding no thread; a readable one goes
/// to a worker, which serves its request(s) and parks it again. Idle ones past their deadline
/// are closed by the loop.
class connection_loop {
public:
  /// Serves one request of a connection; false: close it.
  using serve_fn = std::function<bool(connection&)>;

  connection_loop() = default;
  connection_loop(const connection_loop&) = delete;            ///< owns threads and sockets
  connection_loop& operator=(const connection_loop&) = delete; ///< owns threads and sockets
  ~connection_loop() { stop(); }

  /// Starts the loop and `workers` threads; false when epoll is not available.
  bool start(std::size_t workers, std::size_t max_connections,
             std::chrono::milliseconds idle_timeout, serve_fn serve) {
    serve_ = std::move(serve);
    idle_timeout_ = idle_timeout;
    max_connections_ = max_connections;
    stopping_ = false;
    stop_flag_ = false;
    epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_ < 0 || wake_ < 0) {
      stop();
      return false;
    }
    epoll_event e{};
    e.events = EPOLLIN;
    e.data.u64 = static_cast<std::uint32_t>(wake_);
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &e);
    poller_ = std::thread([this] { poll_loop(); });
    for (std::size_t i = 0; i < workers; ++i) {
      workers_.emplace_back([this] { work_loop(); });
    }
    return true;
  }

  /// Takes an accepted socket: parks it until its first request (or closes it at once when
  /// the server is full or stopping).
  void adopt(int fd, bool tcp_nodelay) {
    if (tcp_nodelay) {
      const int on = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (stopping_ || epoll_ < 0 || all_.size() >= max_connections_) {
      lock.unlock();
      ::close(fd);
      return;
    }
    auto c = std::make_unique<connection>();
    c->fd = fd;
    c->tag = (++serial_ << 32U) | static_cast<std::uint32_t>(fd);
    connection* p = c.get();
    all_.emplace(fd, std::move(c));
    park_locked(*p, true);
  }

  /// Stops the threads and closes every connection; callable more than once.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    stop_flag_ = true;
    ready_cv_.notify_all();
    if (wake_ >= 0) {
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto n = ::write(wake_, &one, sizeof(one));
    }
    if (poller_.joinable()) {
      poller_.join();
    }
    for (auto& t : workers_) {
      t.join();
    }
    workers_.clear();
    for (auto& [fd, c] : all_) {
      ::close(fd);
    }
    all_.clear();
    idle_.clear();
    ready_.clear();
    for (int* fd : {&epoll_, &wake_}) {
      if (*fd >= 0) {
        ::close(*fd);
        *fd = -1;
      }
    }
  }

  /// Connections held now (parked or being served).
  [[nodiscard]] std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return all_.size();
  }

  /// Set while stopping; streams stop waiting when it is.
  [[nodiscard]] const std::atomic<bool>& stopping() const noexcept { return stop_flag_; }

private:
  void park_locked(connection& c, bool first) {
    c.parked = true;
    c.idle_deadline = steady::now() + idle_timeout_;
    idle_.emplace(c.idle_deadline, c.fd);
    if (c.idle_deadline < poller_wakes_) { // the poller sleeps past this deadline: wake it
      poller_wakes_ = c.idle_deadline;
      const std::uint64_t one = 1;
      [[maybe_unused]] const auto n = ::write(wake_, &one, sizeof(one));
    }
    epoll_event e{};
    e.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
    e.data.u64 = c.tag;
    ::epoll_ctl(epoll_, first ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c.fd, &e);
  }

  void close_locked(int fd) {
    ::epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
    all_.erase(fd);
  }

  void poll_loop() {
    std::vector<epoll_event> events(256);
    for (;;) {
      int timeout_ms = -1;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopping_) {
          return;
        }
        poller_wakes_ = steady::time_point::max();
        if (!idle_.empty()) {
          poller_wakes_ = idle_.begin()->first;
          const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
              idle_.begin()->first - steady::now());
          timeout_ms = static_cast<int>(std::max<long long>(0, left.count() + 1));
        }
      }
      const int n =
          ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), timeout_ms);
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        return;
      }
      for (int i = 0; i < n; ++i) {
        const std::uint64_t tag = events[static_cast<std::size_t>(i)].data.u64;
        const int fd = static_cast<int>(tag & 0xFFFFFFFFU);
        if (tag == static_cast<std::uint32_t>(wake_)) {
          std::uint64_t count = 0;
          [[maybe_unused]] const auto drained = ::read(wake_, &count, sizeof(count));
          continue;
        }
        const auto it = all_.find(fd);
        if (it == all_.end() || it->second->tag != tag || !it->second->parked) {
          continue;
        }
        connection& c = *it->second;
        c.parked = false;
        idle_.erase({c.idle_deadline, fd});
        ready_.push_back(&c);
        ready_cv_.notify_one();
      }
      const auto now = steady::now();
      while (!idle_.empty() && idle_.begin()->first <= now) {
        const int fd = idle_.begin()->second;
        idle_.erase(idle_.begin());
        close_locked(fd);
      }
    }
  }

  void work_loop() {
    for (;;) {
      connection* c = nullptr;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_cv_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
        if (stopping_) {
          return;
        }
        c = ready_.front();
        ready_.pop_front();
      }
      bool keep = serve_(*c);
      while (keep && c->has_ahead()) { // pipelined: the next request is already here
        keep = serve_(*c);
      }
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) {
        return; // stop() closes it
      }
      if (keep) {
        std::string().swap(c->ahead); // an idle connection keeps no buffer
        c->ahead_pos = 0;
        park_locked(*c, false);
      } else {
        close_locked(c->fd);
      }
    }
  }

  serve_fn serve_;
  std::chrono::milliseconds idle_timeout_{5000};
  std::size_t max_connections_ = 4096;
  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  bool stopping_ = false;              // under mutex_
  std::atomic<bool> stop_flag_{false}; // the same, for streams waiting without the mutex
  int epoll_ = -1;
  int wake_ = -1;
  std::uint64_t serial_ = 0; // connections adopted so far
  std::unordered_map<int, std::unique_ptr<connection>> all_;
  std::set<std::pair<steady::time_point, int>> idle_;           // parked, by deadline
  steady::time_point poller_wakes_ = steady::time_point::max(); // the poller's next wake-up
  std::deque<connection*> ready_;
  std::thread poller_;
  std::vector<std::thread> workers_;
};

/// A task queue that runs each task at once, on the accepting thread: the only task httplib
/// gives it is to hand over an accepted socket, which never blocks.
class inline_queue final : public httplib::TaskQueue {
public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

#endif // ACS_ROOMS_EMULATOR_EVENT_LOOP

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
