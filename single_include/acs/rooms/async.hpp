// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_ASYNC_HPP // async.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_ASYNC_HPP
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): async_rooms_client, async_pager, adapter.

// The async client: the same call machine, request builders, signing, parsers and page cursor as
// rooms_client (it reuses detail::client_core, all but its blocking drive()), driven with Asio
// completion tokens: a callback, boost::asio::use_future, boost::asio::use_awaitable (C++20), or
// any other token. Waits between attempts are steady_timers on the transport's executor, so no
// thread is ever blocked. Not part of the umbrella header; needs Boost 1.81 (header-only Asio).

#include <acs/rooms.hpp> // the whole core, from the single header
#ifndef ACS_ROOMS_SINGLE_INCLUDE_ASYNC_CONCEPTS_HPP // async/concepts.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_ASYNC_CONCEPTS_HPP
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): the AsyncTransport requirements, checked
// at compile time.


#include <boost/asio/any_io_executor.hpp>

#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// A callback of the AsyncTransport completion signature, to probe async_send with.
struct async_send_probe {
  void operator()(result<http_response>) const {}
};

template <class T, class = void> struct has_get_executor : std::false_type {};
template <class T>
struct has_get_executor<
    T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().get_executor())>>
    : std::true_type {};

/// The type of `t.get_executor()`; any_io_executor when there is none (the client's
/// static_assert then explains).
template <class T, class = void> struct executor_of { using type = boost::asio::any_io_executor; };
template <class T>
struct executor_of<
    T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().get_executor())>> {
  using type = std::decay_t<decltype(std::declval<std::remove_reference_t<T>&>().get_executor())>;
};

template <class T, class = void> struct has_async_send : std::false_type {};
template <class T>
struct has_async_send<T,
                      std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().async_send(
                          std::declval<const http_request&>(), async_send_probe{}))>>
    : std::true_type {};

template <class T, class = void> struct has_async_send_options : std::false_type {};
template <class T>
struct has_async_send_options<
    T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().async_send(
           std::declval<const http_request&>(), std::declval<const send_options&>(),
           async_send_probe{}))>> : std::true_type {};
} // namespace detail

/// True when `t.get_executor()` exists and `t.async_send(const http_request&, token)` accepts a
/// callback of signature `void(result<http_response>)` (docs/requirements.md, "AsyncTransport").
template <class T>
inline constexpr bool is_async_transport_v = detail::has_get_executor<T>::value &&
                                             (detail::has_async_send<T>::value ||
                                              detail::has_async_send_options<T>::value);

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_ASYNC_CONCEPTS_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_ASYNC_IN_PROCESS_HPP // async/in_process.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_ASYNC_IN_PROCESS_HPP
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): in_process_transport, an in-process
// Transport (the emulator) as an AsyncTransport.


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
#ifndef ACS_ROOMS_SINGLE_INCLUDE_ASYNC_PAGER_HPP // async/pager.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_ASYNC_PAGER_HPP
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): async_pager, the lazy listing driven by
// completion tokens.


#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/post.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// Where an async_pager stands: its cursor, and whether a page is being fetched.
template <class T> struct async_pager_state {
  /// The handler a page fetch completes: type-erased, bound to the caller's executor (Asio
  /// 1.81's any_completion_executor cannot be posted to, which Beast's reads need).
  using handler_type =
      boost::asio::executor_binder<boost::asio::any_completion_handler<void(result<page<T>>)>,
                                   boost::asio::any_io_executor>;
  /// Starts fetching the page the cursor stands at, for this state.
  using fetch_function = std::function<void(const std::shared_ptr<async_pager_state>&,
                                            const call_options&, handler_type)>;
  fetch_function fetch;
  page_cursor cursor;
  bool busy = false;
};
} // namespace detail

/// An async lazy listing: no request is made until async_next_page(). It shares what it needs
/// with the client that made it (endpoint, transport, signer, options), so it stays valid after
/// that client is moved or destroyed. The rules are the sync pager's (the same page_cursor): a
/// page may be empty while more follow; a nextLink back to a page already read ends the listing
/// with `malformed_response`; a failed fetch changes nothing (ask again to retry). One page at a
/// time: asking for another while one is being fetched fails with `invalid_argument`.
template <class T> class async_pager {
  using state = detail::async_pager_state<T>;

public:
  /// The executor on which errors found before any I/O are reported.
  using executor_type = boost::asio::any_io_executor;

  /// A pager over `fetch` (made by async_rooms_client), at the start or at a continuation token.
  async_pager(executor_type executor, typename state::fetch_function fetch,
              std::optional<std::string> continuation_token = std::nullopt)
      : executor_(std::move(executor)), state_(std::make_shared<state>()) {
    state_->fetch = std::move(fetch);
    if (continuation_token) {
      state_->cursor = page_cursor(std::move(*continuation_token));
    }
  }

  /// True once a page without a next link has been returned.
  [[nodiscard]] bool done() const noexcept { return state_ && state_->cursor.done(); }

  /// Where to resume later (the next page's link), or nullopt before the first page and after
  /// the last one; give it to async_list_rooms_from / async_list_participants_from.
  [[nodiscard]] std::optional<std::string> continuation_token() const {
    return state_ ? state_->cursor.next_link() : std::nullopt;
  }

  /// The executor of the client that made this pager.
  [[nodiscard]] executor_type get_executor() const noexcept { return executor_; }

  /// Fetches the next page; completion signature `void(result<page<T>>)`. After the last page
  /// it fails with `invalid_argument`.
  template <class CompletionToken> auto async_next_page(CompletionToken&& token) {
    return async_next_page(call_options{}, std::forward<CompletionToken>(token));
  }

  /// async_next_page() with a per-call timeout, deadline or cancellation token.
  template <class CompletionToken>
  auto async_next_page(const call_options& per_call, CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(result<page<T>>)>(
        [](auto handler, executor_type ex, std::shared_ptr<state> st, call_options per) {
          const char* refusal = nullptr;
          if (!st || !st->fetch) {
            refusal = "this async_pager was moved from";
          } else if (st->cursor.done()) {
            refusal = "the listing is complete: there is no next page";
          } else if (st->busy) {
            refusal = "a page of this listing is already being fetched";
          }
          if (refusal != nullptr) {
            result<page<T>> failed = detail::make_error(errc::invalid_argument, refusal);
            boost::asio::post(ex, boost::asio::append(std::move(handler), std::move(failed)));
            return;
          }
          st->busy = true;
          boost::asio::any_io_executor target = boost::asio::get_associated_executor(handler, ex);
          st->fetch(
              st, per,
              boost::asio::bind_executor(
                  std::move(target),
                  boost::asio::any_completion_handler<void(result<page<T>>)>(std::move(handler))));
        },
        token, executor_, state_, per_call);
  }

private:
  executor_type executor_;
  std::shared_ptr<state> state_;
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_ASYNC_PAGER_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_DETAIL_ASYNC_CALL_OP_HPP // detail/async/call_op.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_DETAIL_ASYNC_CALL_OP_HPP
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): async_call_op, the asynchronous driver of
// the call machine (timers instead of sleeps).


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
#endif // ACS_ROOMS_SINGLE_INCLUDE_DETAIL_ASYNC_CALL_OP_HPP

#include <boost/asio/compose.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
/// The Rooms client for asynchronous code, over an AsyncTransport: every operation of
/// rooms_client as `async_*(args..., [call_options,] token)` with completion signature
/// `void(result<T>)` (`result<void>` where there is no value). Calls go through the same
/// request builders, call machine (retries, Retry-After, deadlines), signer and parsers as the
/// sync client; waits between attempts are steady_timers on the transport's executor.
///
/// Cancellation: Asio's per-operation cancellation slot (terminal) ends a call promptly, waits
/// included, with `errc::cancelled`, so `co_await (op || timer)` works. call_options::cancellation
/// is also honoured, but only checked between steps. call_options' timeout or deadline bounds the
/// whole call and is passed to transports offering `async_send(request, send_options, token)`.
/// The timeout counts from the call to `async_*`, which builds the request at once.
///
/// `AsyncTransport` and `Signer` are held by value (reference types keep them outside). Many
/// operations may be in flight at once on one client if its transport allows it; the client and
/// its signer are then used from the transport's executor (use one thread, or a strand).
template <class AsyncTransport, class Signer>
class async_rooms_client : public detail::client_base<AsyncTransport, Signer> {
  static_assert(is_async_transport_v<AsyncTransport>,
                "acs::rooms: the AsyncTransport type is not an AsyncTransport: it needs "
                "`get_executor()` and `async_send(const http_request&, CompletionToken&&)` "
                "completing with `void(result<http_response>)` (see docs/requirements.md)");
  using base = detail::client_base<AsyncTransport, Signer>;
  using base::core_;
  using base::moved_from;
  using base::repeatability_for;
  using base::version;
  using typename base::core;

public:
  /// The transport's executor type.
  using executor_type = typename detail::executor_of<AsyncTransport>::type;

  /// A client for the resource at `endpoint`. A malformed endpoint or application id is
  /// reported by every call as `invalid_argument`.
  async_rooms_client(std::string endpoint, AsyncTransport transport, Signer signer,
                     client_options options = {})
      : base(std::make_shared<core>(std::move(endpoint), std::forward<AsyncTransport>(transport),
                                    std::forward<Signer>(signer), std::move(options))),
        executor_(core_->transport.get_executor()) {}
  /// Takes over `other`'s state; `other` then fails every call with `invalid_argument`.
  /// Pagers and operations started by `other` keep working.
  async_rooms_client(async_rooms_client&& other) noexcept
      : base(std::move(other.core_)), executor_(other.executor_) {}
  /// Move assignment.
  async_rooms_client& operator=(async_rooms_client&& other) noexcept {
    core_ = std::move(other.core_);
    executor_ = other.executor_;
    return *this;
  }
  async_rooms_client(const async_rooms_client&) = delete;            ///< share it, or move it
  async_rooms_client& operator=(const async_rooms_client&) = delete; ///< share it, or move it
  ~async_rooms_client() = default;

  /// The transport's executor: where waits run and where results are delivered by default.
  [[nodiscard]] executor_type get_executor() const noexcept { return executor_; }

  /// Runs any operation of operations.hpp (or your own) through the call machine, driven by
  /// Asio; completes with `result<Op::value_type>`. The request is built at once (so the
  /// operation's arguments need only live until this returns); every named `async_*` method is
  /// this with its operation.
  template <class Op, class CompletionToken>
  auto async_call(const Op& op, const call_options& per_call, CompletionToken&& token) {
    static_assert(!is_listing_v<Op>, "acs::rooms: a listing is walked with async_pages(op)");
    result<call_machine> machine =
        core_ ? core_->prepare([&op](const request_context& ctx) { return op.build(ctx); },
                               &per_call, span_name_of<Op>::value)
              : moved_from();
    auto finish = [version = version(), c = core_](call_machine& m) {
      return core::template finish_op<Op>(m, version, c.get());
    };
    return start(core_, executor_, std::move(machine), per_call.cancellation, std::move(finish),
                 std::forward<CompletionToken>(token));
  }
  /// async_call without per-call options.
  template <class Op, class CompletionToken>
  auto async_call(const Op& op, CompletionToken&& token) {
    return async_call(op, call_options{}, std::forward<CompletionToken>(token));
  }

  /// An async pager over a listing operation (list_rooms_operation,
  /// list_participants_operation), from the first page or from a continuation_token().
  template <class Op>
  async_pager<typename Op::item_type>
  async_pages(Op op, std::optional<std::string> continuation_token = {}) const {
    using item = typename Op::item_type;
    using state = detail::async_pager_state<item>;
    auto fetch = [c = core_, ex = executor_, op = std::move(op)](
                     const std::shared_ptr<state>& st, const call_options& per_call,
                     typename state::handler_type handler) {
      result<call_machine> machine =
          c ? c->prepare(c->page_builder(st->cursor, op), &per_call, span_name_of<Op>::value)
            : moved_from();
      auto finish = [st, c](call_machine& m) {
        st->busy = false;
        return core::template accept<item>(
            st->cursor, m,
            core::template finish_op<Op>(m, c ? c->options.version : api_version::latest, c.get()));
      };
      start(c, ex, std::move(machine), per_call.cancellation, std::move(finish),
            std::move(handler));
    };
    return async_pager<item>(executor_, std::move(fetch), std::move(continuation_token));
  }

  // The named operations: each is async_call (or async_pages) with its operation. `rest` is
  // `[const call_options&,] CompletionToken&&`, as for async_call.

  /// Rooms_Create; completes with `result<room>`. Every attempt sends the same
  /// Repeatability-Request-ID, so a retried create never makes two rooms.
  template <class... Rest>
  auto async_create_room(const create_room_options& options, Rest&&... rest) {
    return async_call(create_room_operation{options, repeatability_for(options)},
                      std::forward<Rest>(rest)...);
  }
  /// Rooms_Get; completes with `result<room>`.
  template <class... Rest> auto async_get_room(std::string_view room_id, Rest&&... rest) {
    return async_call(get_room_operation{room_id}, std::forward<Rest>(rest)...);
  }
  /// Rooms_Update (only the fields set in `options`); completes with `result<room>`.
  template <class... Rest>
  auto async_update_room(std::string_view room_id, const update_room_options& options,
                         Rest&&... rest) {
    return async_call(update_room_operation{room_id, options}, std::forward<Rest>(rest)...);
  }
  /// Rooms_Delete; completes with `result<void>`.
  template <class... Rest> auto async_delete_room(std::string_view room_id, Rest&&... rest) {
    return async_call(delete_room_operation{room_id}, std::forward<Rest>(rest)...);
  }
  /// Participants_Update: adds these participants or changes their roles; `result<void>`.
  template <class... Rest>
  auto async_add_or_update_participants(std::string_view room_id,
                                        const std::vector<room_participant>& participants,
                                        Rest&&... rest) {
    return async_call(add_or_update_participants_operation{room_id, participants},
                      std::forward<Rest>(rest)...);
  }
  /// Removes these participants (participants:remove on 2022-02-01); `result<void>`.
  template <class... Rest>
  auto async_remove_participants(std::string_view room_id,
                                 const std::vector<communication_identifier>& participants,
                                 Rest&&... rest) {
    return async_call(remove_participants_operation{room_id, participants},
                      std::forward<Rest>(rest)...);
  }
  /// Rooms_GetParticipants (2022-02-01 only); completes with the roster.
  template <class... Rest> auto async_get_participants(std::string_view room_id, Rest&&... rest) {
    return async_call(get_participants_operation{room_id}, std::forward<Rest>(rest)...);
  }
  /// Rooms_AddParticipants (2022-02-01 only); completes with the roster after.
  template <class... Rest>
  auto async_add_participants(std::string_view room_id,
                              const std::vector<room_participant>& participants, Rest&&... rest) {
    return async_call(add_participants_operation{room_id, participants},
                      std::forward<Rest>(rest)...);
  }
  /// Rooms_UpdateParticipants (2022-02-01 only); completes with the roster after.
  template <class... Rest>
  auto async_update_participants(std::string_view room_id,
                                 const std::vector<room_participant>& participants,
                                 Rest&&... rest) {
    return async_call(update_participants_operation{room_id, participants},
                      std::forward<Rest>(rest)...);
  }

  /// Rooms_List: an async pager over the resource's rooms.
  async_pager<room> async_list_rooms() { return async_pages(list_rooms_operation{}); }
  /// Rooms_List resumed from a pager's continuation_token().
  async_pager<room> async_list_rooms_from(std::string continuation_token) {
    return async_pages(list_rooms_operation{}, std::move(continuation_token));
  }
  /// Participants_List: an async pager over a room's roster.
  async_pager<room_participant> async_list_participants(std::string_view room_id) {
    return async_pages(list_participants_operation{std::string(room_id)});
  }
  /// Participants_List resumed from a pager's continuation_token().
  async_pager<room_participant> async_list_participants_from(std::string continuation_token) {
    return async_pages(list_participants_operation{}, std::move(continuation_token));
  }

private:
  /// Starts one composed call over `machine` (or a machine that has already failed).
  template <class Finish, class CompletionToken>
  static auto start(std::shared_ptr<core> state, const executor_type& ex,
                    result<call_machine> machine, cancellation_token cancel, Finish finish,
                    CompletionToken&& token) {
    using op = detail::async_call_op<core, Finish>;
    call_machine m =
        machine ? std::move(*machine) : detail::failed_machine(std::move(machine).error());
    return boost::asio::async_compose<CompletionToken, void(typename op::result_type)>(
        op(std::move(state), ex, std::move(m), std::move(cancel), std::move(finish)), token, ex);
  }

  executor_type executor_; // kept by a moved-from client, to report its errors
};

/// An async client for a connection string ("endpoint=...;accesskey=..."), signing with
/// hmac_signer<portable_crypto>. Fails with `invalid_argument` for a malformed string.
template <class AsyncTransport>
result<async_rooms_client<AsyncTransport, hmac_signer<>>>
make_async_client(std::string_view connection_string, AsyncTransport transport,
                  client_options options = {}) {
  return detail::client_from_connection_string<async_rooms_client<AsyncTransport, hmac_signer<>>>(
      connection_string, std::forward<AsyncTransport>(transport), std::move(options));
}

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_ASYNC_HPP
