// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_ASYNC_IN_PROCESS_HPP // async/in_process.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_ASYNC_IN_PROCESS_HPP
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): in_process_transport, an in-process
// Transport (the emulator) as an AsyncTransport.

#include <acs/rooms.hpp> // the whole core, from the single header

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// An AsyncTransport over an in-process Transport that answers at once — the `emulator`, or a
/// fake in a test — so async room logic can be unit-tested with no sockets. Each send completes
/// on `executor` (never inside async_send), after `delay` when one is given (the transport is
/// asked when the delay is over), and a cancelled wait completes with `errc::cancelled`. Do not
/// wrap a network Transport: its blocking send() would stall the executor's thread.
/// `Transport` is held by value; use a reference type (`emulator&`) to keep it outside. The
/// adapter must outlive the operations started on it (a client holding it ensures that).
template <class Transport, class Executor = boost::asio::any_io_executor>
class in_process_transport {
public:
  /// The executor the sends complete on.
  using executor_type = Executor;

  /// Wraps `transport`, completing on `executor` after `delay`.
  in_process_transport(Transport transport, Executor executor,
                       std::chrono::milliseconds delay = std::chrono::milliseconds(0))
      : transport_(std::forward<Transport>(transport)), executor_(std::move(executor)),
        delay_(delay) {}

  /// The executor the sends complete on.
  [[nodiscard]] executor_type get_executor() const noexcept { return executor_; }
  /// The wrapped transport.
  std::remove_reference_t<Transport>& inner() noexcept { return transport_; }
  /// The delay before each answer.
  [[nodiscard]] std::chrono::milliseconds delay() const noexcept { return delay_; }
  /// Changes the delay of the sends started from now on.
  void set_delay(std::chrono::milliseconds delay) noexcept { delay_ = delay; }

  /// Sends a copy of `request` to the wrapped transport once the delay is over; completes with
  /// `void(result<http_response>)`.
  template <class CompletionToken>
  auto async_send(const http_request& request, CompletionToken&& token) {
    return boost::asio::async_compose<CompletionToken, void(result<http_response>)>(
        send_op{this, request, nullptr}, token, executor_);
  }

private:
  struct send_op {
    in_process_transport* owner;
    http_request request;
    std::unique_ptr<boost::asio::steady_timer> timer;

    template <class Self> void operator()(Self& self) {
      // A timer even for no delay: the answer always comes from the executor.
      timer = std::make_unique<boost::asio::steady_timer>(owner->executor_, owner->delay_);
      timer->async_wait(std::move(self));
    }
    template <class Self> void operator()(Self& self, boost::system::error_code ec) {
      if (ec || self.get_cancellation_state().cancelled() != boost::asio::cancellation_type::none) {
        self.complete(
            result<http_response>(detail::make_error(errc::cancelled, "the send was cancelled")));
        return;
      }
      self.complete(detail::send_through(owner->transport_, request, send_options{}));
    }
  };

  Transport transport_;
  Executor executor_;
  std::chrono::milliseconds delay_;
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_ASYNC_IN_PROCESS_HPP
