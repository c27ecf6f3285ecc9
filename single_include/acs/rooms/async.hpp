// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit.
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): async_rooms_client, async_pager, adapter.
#pragma once

// The async client: the same call machine, request builders, signing, parsers and page cursor as
// rooms_client (it reuses detail::client_core, all but its blocking drive()), driven with Asio
// completion tokens: a callback, boost::asio::use_future, boost::asio::use_awaitable (C++20), or
// any other token. Waits between attempts are steady_timers on the transport's executor, so no
// thread is ever blocked. Not part of the umbrella header; needs Boost 1.81 (header-only Asio).

#include <acs/rooms/async/call_op.hpp>
#include <acs/rooms/async/concepts.hpp>
#include <acs/rooms/async/in_process.hpp>
#include <acs/rooms/async/pager.hpp>
#include <acs/rooms.hpp> // the whole core, from the single header

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <functional>
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
template <class AsyncTransport, class Signer> class async_rooms_client {
  static_assert(is_async_transport_v<AsyncTransport>,
                "acs::rooms: the AsyncTransport type is not an AsyncTransport: it needs "
                "`get_executor()` and `async_send(const http_request&, CompletionToken&&)` "
                "completing with `void(result<http_response>)` (see docs/requirements.md)");
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(signer<Signer>,
#else
  static_assert(is_signer_v<Signer>,
#endif
                "acs::rooms: the Signer type is not a Signer: it needs a member "
                "`void sign(http_request&, time_point)` (or one returning result<void>)");
  using core = detail::client_core<AsyncTransport, Signer>;

public:
  /// The transport's executor type.
  using executor_type = typename detail::executor_of<AsyncTransport>::type;

  /// A client for the resource at `endpoint`. A malformed endpoint or application id is
  /// reported by every call as `invalid_argument`.
  async_rooms_client(std::string endpoint, AsyncTransport transport, Signer signer,
                     client_options options = {})
      : core_(std::make_shared<core>(std::move(endpoint), std::forward<AsyncTransport>(transport),
                                     std::forward<Signer>(signer), std::move(options))),
        executor_(core_->transport.get_executor()) {}
  /// Takes over `other`'s state; `other` then fails every call with `invalid_argument`.
  /// Pagers and operations started by `other` keep working.
  async_rooms_client(async_rooms_client&& other) noexcept
      : core_(std::move(other.core_)), executor_(other.executor_) {}
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

  /// Rooms_Create; completes with `result<room>`. Every attempt sends the same
  /// Repeatability-Request-ID, so a retried create never makes two rooms.
  template <class CompletionToken>
  auto async_create_room(const create_room_options& options, CompletionToken&& token) {
    return async_create_room(options, call_options{}, std::forward<CompletionToken>(token));
  }
  /// Rooms_Create with per-call options.
  template <class CompletionToken>
  auto async_create_room(const create_room_options& options, const call_options& per_call,
                         CompletionToken&& token) {
    std::optional<repeatability> repeat;
    if (core_) {
      repeat = resolve_repeatability(
          options, options.repeatability_request_id ? std::string() : core_->new_uuid(),
          core_->now());
    }
    return run(
        per_call,
        [&](const request_context& ctx) { return build_create_room(ctx, options, *repeat); },
        room_parser(), std::forward<CompletionToken>(token));
  }

  /// Rooms_Get; completes with `result<room>`.
  template <class CompletionToken>
  auto async_get_room(std::string_view room_id, CompletionToken&& token) {
    return async_get_room(room_id, call_options{}, std::forward<CompletionToken>(token));
  }
  /// Rooms_Get with per-call options.
  template <class CompletionToken>
  auto async_get_room(std::string_view room_id, const call_options& per_call,
                      CompletionToken&& token) {
    return run(
        per_call, [&](const request_context& ctx) { return build_get_room(ctx, room_id); },
        room_parser(), std::forward<CompletionToken>(token));
  }

  /// Rooms_Update (only the fields set in `options`); completes with `result<room>`.
  template <class CompletionToken>
  auto async_update_room(std::string_view room_id, const update_room_options& options,
                         CompletionToken&& token) {
    return async_update_room(room_id, options, call_options{},
                             std::forward<CompletionToken>(token));
  }
  /// Rooms_Update with per-call options.
  template <class CompletionToken>
  auto async_update_room(std::string_view room_id, const update_room_options& options,
                         const call_options& per_call, CompletionToken&& token) {
    return run(
        per_call,
        [&](const request_context& ctx) { return build_update_room(ctx, room_id, options); },
        room_parser(), std::forward<CompletionToken>(token));
  }

  /// Rooms_Delete; completes with `result<void>`.
  template <class CompletionToken>
  auto async_delete_room(std::string_view room_id, CompletionToken&& token) {
    return async_delete_room(room_id, call_options{}, std::forward<CompletionToken>(token));
  }
  /// Rooms_Delete with per-call options.
  template <class CompletionToken>
  auto async_delete_room(std::string_view room_id, const call_options& per_call,
                         CompletionToken&& token) {
    return run(
        per_call, [&](const request_context& ctx) { return build_delete_room(ctx, room_id); },
        empty_parser(), std::forward<CompletionToken>(token));
  }

  /// Participants_Update: adds these participants or changes their roles; `result<void>`.
  template <class CompletionToken>
  auto async_add_or_update_participants(std::string_view room_id,
                                        const std::vector<room_participant>& participants,
                                        CompletionToken&& token) {
    return async_add_or_update_participants(room_id, participants, call_options{},
                                            std::forward<CompletionToken>(token));
  }
  /// Participants_Update with per-call options.
  template <class CompletionToken>
  auto async_add_or_update_participants(std::string_view room_id,
                                        const std::vector<room_participant>& participants,
                                        const call_options& per_call, CompletionToken&& token) {
    return run(
        per_call,
        [&](const request_context& ctx) {
          return build_add_or_update_participants(ctx, room_id, participants);
        },
        empty_parser(), std::forward<CompletionToken>(token));
  }

  /// Participants_Update with nulls: removes these participants; `result<void>`.
  template <class CompletionToken>
  auto async_remove_participants(std::string_view room_id,
                                 const std::vector<communication_identifier>& participants,
                                 CompletionToken&& token) {
    return async_remove_participants(room_id, participants, call_options{},
                                     std::forward<CompletionToken>(token));
  }
  /// Participants_Update with nulls, with per-call options.
  template <class CompletionToken>
  auto async_remove_participants(std::string_view room_id,
                                 const std::vector<communication_identifier>& participants,
                                 const call_options& per_call, CompletionToken&& token) {
    return run(
        per_call,
        [&](const request_context& ctx) {
          return build_remove_participants(ctx, room_id, participants);
        },
        empty_parser(), std::forward<CompletionToken>(token));
  }

  /// Rooms_List: an async pager over the resource's rooms.
  async_pager<room> async_list_rooms() { return async_pager<room>(executor_, room_fetcher()); }
  /// Rooms_List resumed from a pager's continuation_token().
  async_pager<room> async_list_rooms_from(std::string continuation_token) {
    return async_pager<room>(executor_, room_fetcher(), std::move(continuation_token));
  }

  /// Participants_List: an async pager over a room's roster.
  async_pager<room_participant> async_list_participants(std::string_view room_id) {
    return async_pager<room_participant>(executor_, participant_fetcher(std::string(room_id)));
  }
  /// Participants_List resumed from a pager's continuation_token().
  async_pager<room_participant> async_list_participants_from(std::string continuation_token) {
    return async_pager<room_participant>(executor_, participant_fetcher({}),
                                         std::move(continuation_token));
  }

  /// The transport (not on a moved-from client).
  std::remove_reference_t<AsyncTransport>& transport() noexcept { return core_->transport; }
  /// The signer (not on a moved-from client).
  std::remove_reference_t<Signer>& signer() noexcept { return core_->signer; }
  /// The options the client was made with (not on a moved-from client).
  [[nodiscard]] const client_options& options() const noexcept { return core_->options; }
  /// The endpoint, without a trailing '/' (not on a moved-from client).
  [[nodiscard]] const std::string& endpoint() const noexcept { return core_->endpoint; }

private:
  static error moved_from() {
    return detail::make_error(
        errc::invalid_argument,
        "this async_rooms_client was moved from; use the client it was moved to");
  }

  auto room_parser() const {
    return [version = core_ ? core_->options.version : api_version::latest](
               const http_response& r) { return parse_room(r, version); };
  }
  static auto empty_parser() {
    return [](const http_response& r) { return parse_empty(r); };
  }

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

  /// prepare() now (the request is built from the arguments while they are alive), then the
  /// composed call.
  template <class Build, class Parse, class CompletionToken>
  auto run(const call_options& per_call, Build&& build, Parse parse, CompletionToken&& token) {
    result<call_machine> machine =
        core_ ? core_->prepare(std::forward<Build>(build), &per_call) : moved_from();
    auto finish = [parse = std::move(parse)](call_machine& m) { return core::finish(m, parse); };
    return start(core_, executor_, std::move(machine), per_call.cancellation, std::move(finish),
                 std::forward<CompletionToken>(token));
  }

  /// The fetch function of a pager: prepare the page's request from its cursor, run the call,
  /// accept the page into the cursor (a failed page leaves it where it was).
  template <class T, class First, class Parse>
  typename detail::async_pager_state<T>::fetch_function fetcher(First first, Parse parse) const {
    using state = detail::async_pager_state<T>;
    return [c = core_, ex = executor_, first, parse](const std::shared_ptr<state>& st,
                                                     const call_options& per_call,
                                                     typename state::handler_type handler) {
      result<call_machine> machine =
          c ? c->prepare(c->page_builder(st->cursor, first), &per_call) : moved_from();
      auto finish = [st, parse](call_machine& m) {
        st->busy = false;
        return core::template accept<T>(st->cursor, m, core::finish(m, parse));
      };
      start(c, ex, std::move(machine), per_call.cancellation, std::move(finish),
            std::move(handler));
    };
  }

  typename detail::async_pager_state<room>::fetch_function room_fetcher() const {
    return fetcher<room>([](const request_context& ctx) { return build_list_rooms(ctx); },
                         [version = core_ ? core_->options.version : api_version::latest](
                             const http_response& r) { return parse_room_page(r, version); });
  }

  typename detail::async_pager_state<room_participant>::fetch_function
  participant_fetcher(std::string room_id) const {
    return fetcher<room_participant>(
        [room_id = std::move(room_id)](const request_context& ctx) {
          return build_list_participants(ctx, room_id);
        },
        [](const http_response& r) { return parse_participant_page(r); });
  }

  std::shared_ptr<core> core_;
  executor_type executor_; // kept by a moved-from client, to report its errors
};

/// An async client for a connection string ("endpoint=...;accesskey=..."), signing with
/// hmac_signer<portable_crypto>. Fails with `invalid_argument` for a malformed string.
template <class AsyncTransport>
result<async_rooms_client<AsyncTransport, hmac_signer<>>>
make_async_client(std::string_view connection_string, AsyncTransport transport,
                  client_options options = {}) {
  auto parsed = parse_connection_string(connection_string);
  if (!parsed) {
    return std::move(parsed).error();
  }
  return async_rooms_client<AsyncTransport, hmac_signer<>>(
      parsed->endpoint, std::forward<AsyncTransport>(transport), hmac_signer<>(parsed->access_key),
      std::move(options));
}

ACS_ROOMS_NAMESPACE_END
