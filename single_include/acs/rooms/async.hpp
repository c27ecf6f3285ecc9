// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit.
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): async_rooms_client, async_pager, adapter.
#pragma once

// The async client: the same call machine, request builders, signing, parsers and page cursor as
// rooms_client (it reuses detail::client_core, all but its blocking drive()), driven with Asio
// completion tokens: a callback, boost::asio::use_future, boost::asio::use_awaitable (C++20), or
// any other token. Waits between attempts are steady_timers on the transport's executor, so no
// thread is ever blocked. Not part of the umbrella header; needs Boost 1.81 (header-only Asio).

#include <acs/rooms.hpp> // the whole core, from the single header
#include <acs/rooms/async/concepts.hpp>
#include <acs/rooms/async/in_process.hpp>
#include <acs/rooms/async/pager.hpp>
#include <acs/rooms/detail/async/call_op.hpp>

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
