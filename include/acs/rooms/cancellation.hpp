// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): cancellation_source and cancellation_token, a cancellable wait.
#pragma once

#include <acs/rooms/config.hpp>
#include <acs/rooms/detail/foundations/saturate.hpp>

#include <chrono>
#include <memory>
#include <optional>

#if ACS_ROOMS_DEFINITIONS
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

#if ACS_ROOMS_CPLUSPLUS >= 202002L && defined(__has_include)
#if __has_include(<stop_token>)
#include <stop_token>
#endif
#endif
#if defined(__cpp_lib_jthread) && __cpp_lib_jthread >= 201911L
/// 1 when std::stop_token exists: a cancellation_token can then wrap one.
#define ACS_ROOMS_HAS_STOP_TOKEN 1
#else
#define ACS_ROOMS_HAS_STOP_TOKEN 0
#endif

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// The shared state of a cancellation_source and its tokens (defined with the definitions: it
/// needs <mutex> and <condition_variable>).
struct cancellation_state;
} // namespace detail

/// Asks a call to stop: cheap to copy, all copies observe the same flag. A default-constructed
/// token is never cancelled. Under C++20 it can also wrap a `std::stop_token`.
class cancellation_token {
public:
  /// A token that is never cancelled.
  cancellation_token() = default;
#if ACS_ROOMS_HAS_STOP_TOKEN
  /// Observes `stop`: the call stops when stop is requested.
  cancellation_token(std::stop_token stop) : stop_(std::move(stop)) {} // NOLINT: implicit
#endif

  /// True once cancellation was requested.
  [[nodiscard]] bool cancelled() const noexcept;

  /// True when this token can ever be cancelled (it observes a source or a stop_token).
  [[nodiscard]] bool can_be_cancelled() const noexcept {
#if ACS_ROOMS_HAS_STOP_TOKEN
    if (stop_.stop_possible()) {
      return true;
    }
#endif
    return state_ != nullptr;
  }

  /// Waits up to `duration`, returning early (false) when cancelled; true when it waited it all.
  /// Any duration is safe: the end of the wait saturates at the end of the steady clock (a
  /// `milliseconds::max()` wait lasts until cancelled), and zero or less does not wait.
  bool wait_for(std::chrono::milliseconds duration) const;

private:
  friend class cancellation_source;
  explicit cancellation_token(std::shared_ptr<detail::cancellation_state> state)
      : state_(std::move(state)) {}
  std::shared_ptr<detail::cancellation_state> state_;
#if ACS_ROOMS_HAS_STOP_TOKEN
  std::stop_token stop_;
#endif
};

/// Hands out tokens and cancels them all at once, from any thread.
class cancellation_source {
public:
  /// A source whose tokens are not cancelled yet.
  cancellation_source();
  /// A token observing this source.
  [[nodiscard]] cancellation_token token() const { return cancellation_token(state_); }
  /// Cancels every token of this source; waits in progress end promptly.
  void cancel() const;
  /// True once cancel() was called.
  [[nodiscard]] bool cancelled() const;

private:
  std::shared_ptr<detail::cancellation_state> state_;
};

#if ACS_ROOMS_DEFINITIONS
namespace detail {
/// The state a source and its tokens share: a flag, and a condition variable so that a wait in
/// progress ends as soon as the flag is set.
struct cancellation_state {
  std::mutex mutex;
  std::condition_variable changed;
  bool cancelled = false;
};
} // namespace detail

ACS_ROOMS_API bool cancellation_token::cancelled() const noexcept {
#if ACS_ROOMS_HAS_STOP_TOKEN
  if (stop_.stop_requested()) {
    return true;
  }
#endif
  if (!state_) {
    return false;
  }
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->cancelled;
}

ACS_ROOMS_API bool cancellation_token::wait_for(std::chrono::milliseconds duration) const {
  const auto until = detail::saturating_add(std::chrono::steady_clock::now(), duration);
  const auto wait_on = [until](detail::cancellation_state& state) {
    std::unique_lock<std::mutex> lock(state.mutex);
    return !state.changed.wait_until(lock, until, [&state] { return state.cancelled; });
  };
#if ACS_ROOMS_HAS_STOP_TOKEN
  if (stop_.stop_possible()) {
    // A stop_token has no condition variable of ours: a local one is woken on request.
    detail::cancellation_state local;
    std::stop_callback wake(stop_, [&local] {
      std::lock_guard<std::mutex> lock(local.mutex);
      local.cancelled = true;
      local.changed.notify_all();
    });
    return wait_on(local);
  }
#endif
  if (!state_) {
    std::this_thread::sleep_until(until);
    return true;
  }
  return wait_on(*state_);
}

ACS_ROOMS_API cancellation_source::cancellation_source()
    : state_(std::make_shared<detail::cancellation_state>()) {}

ACS_ROOMS_API void cancellation_source::cancel() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->cancelled = true;
  state_->changed.notify_all();
}

ACS_ROOMS_API bool cancellation_source::cancelled() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->cancelled;
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
