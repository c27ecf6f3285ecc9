// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client): rooms_client and make_client, the blocking driver of the call
// machine.
#pragma once

#include <acs/rooms/client_core.hpp>
#include <acs/rooms/connection_string.hpp>
#include <acs/rooms/pager.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/requests_v2022.hpp>
#include <acs/rooms/responses.hpp>
#include <acs/rooms/responses_v2022.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/signing.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// The Rooms client: builds each request with the pure builders, runs it through the call
/// machine (signing each attempt, sending through `Transport`, retrying and waiting as the
/// machine says) and reads the answer with the pure parsers. `Transport` and `Signer` are held
/// by value; pass reference types (`rooms_client<my_transport&, ...>`) to keep them outside.
/// One client may be used from several threads if its Transport, Signer and options may.
/// Every operation takes an optional last `call_options` (timeout, deadline, cancellation).
template <class Transport, class Signer> class rooms_client {
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(transport<Transport>,
#else
  static_assert(is_transport_v<Transport>,
#endif
                "acs::rooms: the Transport type is not a Transport: it needs a member "
                "`http_response send(const http_request&)` (or one returning "
                "result<http_response>)");
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(signer<Signer>,
#else
  static_assert(is_signer_v<Signer>,
#endif
                "acs::rooms: the Signer type is not a Signer: it needs a member "
                "`void sign(http_request&, time_point)` (or one returning result<void>)");
  using core = detail::client_core<Transport, Signer>;

public:
  /// A client for the resource at `endpoint` (e.g. "https://<resource>.communication.azure.com").
  /// A malformed endpoint or application id is reported by every call as `invalid_argument`.
  rooms_client(std::string endpoint, Transport transport, Signer signer,
               client_options options = {})
      : core_(std::make_shared<core>(std::move(endpoint), std::forward<Transport>(transport),
                                     std::forward<Signer>(signer), std::move(options))) {}
  /// A copy with its own copy of the transport, signer and options (a pager of the original
  /// keeps using the original's).
  rooms_client(const rooms_client& other)
      : core_(other.core_ ? std::make_shared<core>(*other.core_) : nullptr) {}
  /// Takes over `other`'s state; `other` then fails every call with `invalid_argument`. Pagers
  /// made by `other` keep working.
  rooms_client(rooms_client&& other) noexcept = default;
  /// Copy or move assignment.
  rooms_client& operator=(rooms_client other) noexcept {
    core_.swap(other.core_);
    return *this;
  }
  ~rooms_client() = default;

  /// Rooms_Create. Absent options are chosen by the service (valid now, for 180 days). Every
  /// attempt sends the same Repeatability-Request-ID and -First-Sent, so a retried create never
  /// makes two rooms.
  result<room> create_room(const create_room_options& options = {},
                           const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    const repeatability repeat = resolve_repeatability(
        options, options.repeatability_request_id ? std::string() : core_->new_uuid(),
        core_->now());
    return core_->run(
        [&](const request_context& ctx) {
          return ctx.version.is_2022_dialect() ? build_create_room_v2022(ctx, options, repeat)
                                               : build_create_room(ctx, options, repeat);
        },
        [this](const http_response& r) { return parse_any_room(r); }, &per_call);
  }

  /// Rooms_Get.
  result<room> get_room(std::string_view room_id, const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run([&](const request_context& ctx) { return build_get_room(ctx, room_id); },
                      [this](const http_response& r) { return parse_any_room(r); }, &per_call);
  }

  /// Rooms_Update: changes only the fields set in `options`.
  result<room> update_room(std::string_view room_id, const update_room_options& options,
                           const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run(
        [&](const request_context& ctx) {
          return ctx.version.is_2022_dialect() ? build_update_room_v2022(ctx, room_id, options)
                                               : build_update_room(ctx, room_id, options);
        },
        [this](const http_response& r) { return parse_any_room(r); }, &per_call);
  }

  /// Rooms_Delete. Deleting a room does not end a call in progress in it.
  result<void> delete_room(std::string_view room_id, const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run([&](const request_context& ctx) { return build_delete_room(ctx, room_id); },
                      [](const http_response& r) { return parse_empty(r); }, &per_call);
  }

  /// Rooms_List: a lazy pager over the resource's rooms.
  pager<room> list_rooms() { return pager<room>(room_fetcher()); }
  /// Rooms_List resumed from a pager's continuation_token().
  pager<room> list_rooms_from(std::string continuation_token) {
    return pager<room>(room_fetcher(), std::move(continuation_token));
  }

  /// Participants_Update: adds these participants or changes their roles.
  result<void> add_or_update_participants(std::string_view room_id,
                                          const std::vector<room_participant>& participants,
                                          const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run(
        [&](const request_context& ctx) -> result<http_request> {
          if (auto e = detail::check_dialect(ctx, false, "add_or_update_participants")) {
            return std::move(*e);
          }
          return build_add_or_update_participants(ctx, room_id, participants);
        },
        [](const http_response& r) { return parse_empty(r); }, &per_call);
  }

  /// Participants_Update with nulls: removes these participants (non-members are ignored). On
  /// 2022-02-01, `POST participants:remove` (use get_participants for the roster after).
  result<void> remove_participants(std::string_view room_id,
                                   const std::vector<communication_identifier>& participants,
                                   const call_options& per_call = {}) {
    if (!core_) {
      return moved_from();
    }
    return core_->run(
        [&](const request_context& ctx) {
          return ctx.version.is_2022_dialect()
                     ? build_remove_participants_v2022(ctx, room_id, participants)
                     : build_remove_participants(ctx, room_id, participants);
        },
        [](const http_response& r) { return parse_empty(r); }, &per_call);
  }

  /// Rooms_GetParticipants (2022-02-01 only): the whole roster, in one call.
  result<std::vector<room_participant>> get_participants(std::string_view room_id,
                                                         const call_options& per_call = {}) {
    return roster_call(
        [&](const request_context& ctx) { return build_get_participants_v2022(ctx, room_id); },
        per_call);
  }

  /// Rooms_AddParticipants (2022-02-01 only): adds these participants (members already in the
  /// room are left as they are) and returns the whole roster after.
  result<std::vector<room_participant>>
  add_participants(std::string_view room_id, const std::vector<room_participant>& participants,
                   const call_options& per_call = {}) {
    return roster_call(
        [&](const request_context& ctx) {
          return build_add_participants_v2022(ctx, room_id, participants);
        },
        per_call);
  }

  /// Rooms_UpdateParticipants (2022-02-01 only): changes these members' roles and returns the
  /// whole roster after.
  result<std::vector<room_participant>>
  update_participants(std::string_view room_id, const std::vector<room_participant>& participants,
                      const call_options& per_call = {}) {
    return roster_call(
        [&](const request_context& ctx) {
          return build_update_participants_v2022(ctx, room_id, participants);
        },
        per_call);
  }

  /// Participants_List: a lazy pager over a room's roster.
  pager<room_participant> list_participants(std::string_view room_id) {
    return pager<room_participant>(participant_fetcher(std::string(room_id)));
  }
  /// Participants_List resumed from a pager's continuation_token().
  pager<room_participant> list_participants_from(std::string continuation_token) {
    return pager<room_participant>(participant_fetcher({}), std::move(continuation_token));
  }

  /// The transport, e.g. to inspect a fake in tests (not on a moved-from client).
  std::remove_reference_t<Transport>& transport() noexcept { return core_->transport; }
  /// The signer (not on a moved-from client).
  std::remove_reference_t<Signer>& signer() noexcept { return core_->signer; }
  /// The options the client was made with (not on a moved-from client).
  [[nodiscard]] const client_options& options() const noexcept { return core_->options; }
  /// The endpoint, without a trailing '/' (not on a moved-from client).
  [[nodiscard]] const std::string& endpoint() const noexcept { return core_->endpoint; }

private:
  static error moved_from() {
    return detail::make_error(errc::invalid_argument,
                              "this rooms_client was moved from; use the client it was moved to");
  }

  /// A room in the dialect of the client's version.
  result<room> parse_any_room(const http_response& r) const {
    return core_->options.version.is_2022_dialect() ? parse_room_v2022(r)
                                                    : parse_room(r, core_->options.version);
  }

  /// A 2022-02-01 call answered with a participants collection.
  template <class Build>
  result<std::vector<room_participant>> roster_call(Build&& build, const call_options& per_call) {
    if (!core_) {
      return moved_from();
    }
    return core_->run(
        std::forward<Build>(build),
        [](const http_response& r) { return parse_participants_v2022(r); }, &per_call);
  }

  typename pager<room>::fetch_function room_fetcher() const {
    return
        [state = core_](page_cursor& cursor, const call_options* per_call) -> result<page<room>> {
          if (!state) {
            return moved_from();
          }
          core* c = state.get();
          return c->template fetch_page<room>(
              cursor, per_call,
              [](const request_context& ctx) -> result<http_request> {
                if (auto e = detail::check_dialect(ctx, false, "list_rooms")) {
                  return std::move(*e);
                }
                return build_list_rooms(ctx);
              },
              [c](const http_response& r) { return parse_room_page(r, c->options.version); });
        };
  }

  typename pager<room_participant>::fetch_function participant_fetcher(std::string room_id) const {
    return
        [state = core_, room_id = std::move(room_id)](
            page_cursor& cursor, const call_options* per_call) -> result<page<room_participant>> {
          if (!state) {
            return moved_from();
          }
          return state->template fetch_page<room_participant>(
              cursor, per_call,
              [room_id](const request_context& ctx) -> result<http_request> {
                if (auto e = detail::check_dialect(ctx, false, "list_participants")) {
                  return std::move(*e);
                }
                return build_list_participants(ctx, room_id);
              },
              [](const http_response& r) { return parse_participant_page(r); });
        };
  }

  std::shared_ptr<core> core_;
};

/// A client for a connection string ("endpoint=...;accesskey=..."), signing with
/// hmac_signer<portable_crypto>. Fails with `invalid_argument` for a malformed string.
template <class Transport>
result<rooms_client<Transport, hmac_signer<>>>
make_client(std::string_view connection_string, Transport transport, client_options options = {}) {
  auto parsed = parse_connection_string(connection_string);
  if (!parsed) {
    return std::move(parsed).error();
  }
  return rooms_client<Transport, hmac_signer<>>(
      parsed->endpoint, std::forward<Transport>(transport), hmac_signer<>(parsed->access_key),
      std::move(options));
}

ACS_ROOMS_NAMESPACE_END
