// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6: exchange_watchdog, which ends a blocking transport's exchange at
// its deadline or on cancellation.
#pragma once

#include <acs/rooms/cancellation.hpp>
#include <acs/rooms/config.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// Ends a blocking exchange at its deadline or on cancellation, by calling its `stop` (which
/// shuts its socket down) from a thread of its own. For libraries whose own timeouts do not
/// bound an exchange: cpp-httplib 0.11's read timeout starts again with every byte, so an
/// answer whose headers trickle in would hold the call past its deadline, and its progress
/// callback only runs while a body arrives. One exchange at a time (the transport's lock).
class exchange_watchdog {
public:
  exchange_watchdog() = default;
  exchange_watchdog(const exchange_watchdog&) = delete;            ///< owns a thread
  exchange_watchdog& operator=(const exchange_watchdog&) = delete; ///< owns a thread
  ~exchange_watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  /// Watches the exchange about to start, until disarm(): `stop` ends it. The thread starts
  /// with the first exchange that has a deadline or can be cancelled.
  void arm(std::function<void()> stop, std::chrono::steady_clock::time_point deadline, bool bounded,
           const cancellation_token& cancel) {
    if (!bounded && !cancel.can_be_cancelled()) {
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) {
      thread_ = std::thread([this] { run(); });
    }
    stop_ = std::move(stop);
    deadline_ = deadline;
    bounded_ = bounded;
    cancel_ = &cancel;
    fired_ = false;
    wake_.notify_all();
  }

  /// Stops watching; true when the watchdog ended the exchange.
  bool disarm() {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = nullptr;
    return std::exchange(fired_, false);
  }

private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!quit_) {
      if (!stop_ || fired_) {
        wake_.wait(lock);
        continue;
      }
      const auto now = std::chrono::steady_clock::now();
      if ((bounded_ && now >= deadline_) || cancel_->cancelled()) {
        stop_(); // the blocked read or write returns with an error
        fired_ = true;
        continue;
      }
      auto until = bounded_ ? deadline_ : now + std::chrono::hours(1);
      if (cancel_->can_be_cancelled()) { // a token has no callback: look at it every 10 ms
        until = std::min(until, now + std::chrono::milliseconds(10));
      }
      wake_.wait_until(lock, until);
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::function<void()> stop_; // of the exchange watched; empty: none
  std::chrono::steady_clock::time_point deadline_;
  bool bounded_ = false;
  const cancellation_token* cancel_ = nullptr;
  bool fired_ = false;
  bool quit_ = false;
  std::thread thread_; // last: it starts after, and is joined before, what it reads
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
