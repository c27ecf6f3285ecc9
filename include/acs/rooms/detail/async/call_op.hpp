// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): async_call_op, the asynchronous driver of
// the call machine (timers instead of sleeps).
#pragma once

#include <acs/rooms/async/concepts.hpp>
#include <acs/rooms/call.hpp>
#include <acs/rooms/detail/client/client_core.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/signing.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {

/// One call driven by Asio: the body of `drive()` with the blocking send and sleep replaced by
/// async_send and a steady_timer. `Finish` turns the finished machine into the operation's
/// result (the parser, and for a page the cursor's accept()).
template <class Core, class Finish> class async_call_op {
  struct state {
    state(std::shared_ptr<Core> c, boost::asio::any_io_executor e, call_machine m,
          cancellation_token t, Finish f)
        : core(std::move(c)), executor(std::move(e)), machine(std::move(m)), cancel(std::move(t)),
          finish(std::move(f)) {}
    std::shared_ptr<Core> core; // null only when the client was moved from (machine finished)
    boost::asio::any_io_executor executor; // the client's
    call_machine machine;
    cancellation_token cancel;
    Finish finish;
    std::optional<boost::asio::steady_timer> timer;
    std::chrono::steady_clock::time_point wait_end; // of the wait in progress
    bool went_async = false;
  };

public:
  /// The result the operation completes with.
  using result_type = decltype(std::declval<Finish&>()(std::declval<call_machine&>()));

  async_call_op(std::shared_ptr<Core> core, boost::asio::any_io_executor executor,
                call_machine machine, cancellation_token cancel, Finish finish)
      : state_(std::make_unique<state>(std::move(core), std::move(executor), std::move(machine),
                                       std::move(cancel), std::move(finish))) {}

  /// Starts (and, after an early finish was posted, ends) the call.
  template <class Self> void operator()(Self& self) { step(self); }

  /// The transport answered (or failed).
  template <class Self> void operator()(Self& self, result<http_response> response) {
    state& s = *state_;
    if (cancelled(self)) {
      s.machine.cancel(true); // the attempt was sent: it counts
    } else {
      const time_point at = s.core->now();
      if (response) {
        s.machine.on_response(std::move(*response), at);
      } else {
        s.machine.on_error(std::move(response).error(), at);
      }
    }
    s.core->log(s.machine);
    step(self);
  }

  /// The wait between attempts is over (or was cancelled).
  template <class Self> void operator()(Self& self, boost::system::error_code) {
    state& s = *state_;
    if (cancelled(self)) {
      s.machine.cancel();
    } else if (std::chrono::steady_clock::now() < s.wait_end) {
      arm(self); // a slice of a wait that call_options' token may end
      return;
    } else {
      s.machine.on_waited(s.core->now());
    }
    s.core->log(s.machine);
    step(self);
  }

private:
  /// Signs the next attempt at the client's time (`at`), after dropping a cached credential when
  /// the machine asks. A Signer, token source or clock that throws fails the call with its
  /// message: thrown from inside a completion handler, the exception would leave
  /// io_context::run() and the operation would never complete.
  static result<void> sign_attempt(Core& c, call_machine& machine, time_point& at) {
#if !ACS_ROOMS_NO_EXCEPTIONS
    try {
#endif
      if constexpr (can_invalidate<decltype(c.signer)>::value) {
        if (machine.refresh_credentials()) {
          c.signer.invalidate();
        }
      }
      at = c.now();
      machine.on_sending(at);
      return sign_with(c.signer, machine.request(), at);
#if !ACS_ROOMS_NO_EXCEPTIONS
    } catch (...) {
      return make_error(errc::invalid_argument, thrown_message("signing the request"));
    }
#endif
  }

  /// Hands the signed request and the operation to the transport.
  template <class Self> static void start_send(Core& c, state& s, time_point at, Self& self) {
    if constexpr (has_async_send_options<decltype(c.transport)>::value) {
      c.transport.async_send(s.machine.request(), send_options{s.machine.remaining(at), s.cancel},
                             std::move(self));
    } else {
      c.transport.async_send(s.machine.request(), std::move(self));
    }
  }

#if !ACS_ROOMS_NO_EXCEPTIONS
  /// "<who> threw: <what()>" for the exception being handled (its text cut to 200 bytes).
  static std::string thrown_message(const char* who) {
    try {
      throw;
    } catch (const std::exception& e) {
      return std::string(who) + " threw: " + std::string(e.what()).substr(0, 200);
    } catch (...) {
      return std::string(who) + " threw a non-std exception";
    }
  }
#endif

  template <class Self> bool cancelled(Self& self) const {
    return self.get_cancellation_state().cancelled() != boost::asio::cancellation_type::none ||
           state_->cancel.cancelled();
  }

  template <class Self> void step(Self& self) {
    state& s = *state_;
    for (;;) {
      if (s.machine.next() != call_action::finish && cancelled(self)) {
        s.machine.cancel();
        s.core->log(s.machine);
      }
      switch (s.machine.next()) {
      case call_action::finish:
        if (!s.went_async) {   // finished before any I/O: come back from the executor first,
          s.went_async = true; // so the handler is never called inside the initiating function
          boost::asio::post(s.executor, std::move(self));
          return;
        }
        {
          result_type outcome = s.finish(s.machine);
          self.complete(std::move(outcome));
        }
        return;
      case call_action::send: {
        Core& c = *s.core;
        time_point at{};
        if (auto signed_ok = sign_attempt(c, s.machine, at); !signed_ok) {
          s.machine.fail(std::move(signed_ok).error());
          c.log(s.machine);
          continue;
        }
        [[maybe_unused]] const bool was_async = s.went_async; // restored if the send throws
        s.went_async = true;
#if !ACS_ROOMS_NO_EXCEPTIONS
        try {
#endif
          start_send(c, s, at, self);
          return;
#if !ACS_ROOMS_NO_EXCEPTIONS
        } catch (...) {
          // A transport whose async_send throws before it takes the handler: the call fails
          // with the message. One that threw after taking it destroyed this operation (state_
          // went with the handler); nothing is left to complete, so the exception goes on.
          if (!state_) {
            throw;
          }
          s.went_async = was_async; // still never complete inside the initiating function
          s.machine.fail(make_error(errc::transport_error, thrown_message("the transport")));
          c.log(s.machine);
          continue;
        }
#endif
      }
      case call_action::wait:
        if (!s.timer) {
          s.timer.emplace(s.core->transport.get_executor());
        }
        s.went_async = true;
        s.wait_end = saturating_add(std::chrono::steady_clock::now(), s.machine.delay());
        arm(self);
        return;
      }
    }
  }

  /// Waits until wait_end; in slices of at most 20 ms when call_options' cancellation_token can
  /// fire (it has no callback to cancel a timer with, so the wait looks at it between slices;
  /// Asio's own cancellation slot cancels the timer at once).
  template <class Self> void arm(Self& self) {
    state& s = *state_;
    auto left = s.wait_end - std::chrono::steady_clock::now();
    if (s.cancel.can_be_cancelled()) {
      left = std::min<decltype(left)>(left, std::chrono::milliseconds(20));
    }
    s.timer->expires_after( // in the timer's ticks without overflow (Asio saturates the sum)
        saturating_duration_cast<boost::asio::steady_timer::duration>(
            std::max<decltype(left)>(left, decltype(left)::zero())));
    s.timer->async_wait(std::move(self));
  }

  std::unique_ptr<state> state_; // one allocation; the machine's request stays put while sent
};

/// A machine that has already failed with `e` (a call that could not be prepared).
inline call_machine failed_machine(error e) {
  call_machine machine(http_request{}, retry_options{}, time_point{});
  machine.fail(std::move(e));
  return machine;
}

} // namespace detail

ACS_ROOMS_NAMESPACE_END
