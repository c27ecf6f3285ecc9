// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client): rooms_client and make_client, the blocking driver of the call
// machine.
#pragma once

#include <acs/rooms/call.hpp>
#include <acs/rooms/concepts.hpp>
#include <acs/rooms/detail/client/client_core.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/operations.hpp>
#include <acs/rooms/pager.hpp>
#include <acs/rooms/pagination.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/signing.hpp>

#include <memory>
#include <optional>
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
template <class Transport, class Signer>
class rooms_client : public detail::client_base<Transport, Signer> {
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(transport<Transport>,
#else
  static_assert(is_transport_v<Transport>,
#endif
                "acs::rooms: the Transport type is not a Transport: it needs a member "
                "`http_response send(const http_request&)` (or one returning "
                "result<http_response>)");
  using base = detail::client_base<Transport, Signer>;
  using base::core_;
  using base::moved_from;
  using base::repeatability_for;
  using typename base::core;

public:
  /// A client for the resource at `endpoint` (e.g. "https://<resource>.communication.azure.com").
  /// A malformed endpoint or application id is reported by every call as `invalid_argument`.
  rooms_client(std::string endpoint, Transport transport, Signer signer,
               client_options options = {})
      : base(std::make_shared<core>(std::move(endpoint), std::forward<Transport>(transport),
                                    std::forward<Signer>(signer), std::move(options))) {}
  /// A copy with its own copy of the transport, signer and options (a pager of the original
  /// keeps using the original's).
  rooms_client(const rooms_client& other)
      : base(other.core_ ? std::make_shared<core>(*other.core_) : nullptr) {}
  /// Takes over `other`'s state; `other` then fails every call with `invalid_argument`. Pagers
  /// made by `other` keep working.
  rooms_client(rooms_client&& other) noexcept = default;
  /// Copy or move assignment.
  rooms_client& operator=(rooms_client other) noexcept {
    core_.swap(other.core_);
    return *this;
  }
  ~rooms_client() = default;

  /// Runs any operation of operations.hpp (or your own: see its Operation requirement) through
  /// the call machine: build, then (sign, send, maybe wait)* until done, then parse. Every named
  /// method below is this with its operation.
  template <class Op>
  result<typename Op::value_type> call(const Op& op, const call_options& per_call = {}) {
    static_assert(!is_listing_v<Op>, "acs::rooms: a listing is walked with pages(op)");
    if (!core_) {
      return moved_from();
    }
    return core_->call(op, &per_call);
  }

  /// A lazy pager over a listing operation (list_rooms_operation, list_participants_operation),
  /// from the first page or from a pager's continuation_token().
  template <class Op>
  pager<typename Op::item_type> pages(Op op,
                                      std::optional<std::string> continuation_token = {}) const {
    auto fetch = [state = core_, op = std::move(op)](
                     page_cursor& cursor,
                     const call_options* per_call) -> result<typename Op::value_type> {
      if (!state) {
        return moved_from();
      }
      return state->fetch_page(cursor, op, per_call);
    };
    return continuation_token
               ? pager<typename Op::item_type>(std::move(fetch), std::move(*continuation_token))
               : pager<typename Op::item_type>(std::move(fetch));
  }

  /// Rooms_Create. Absent options are chosen by the service (valid now, for 180 days). Every
  /// attempt sends the same Repeatability-Request-ID and -First-Sent, so a retried create never
  /// makes two rooms.
  result<room> create_room(const create_room_options& options = {},
                           const call_options& per_call = {}) {
    return call(create_room_operation{options, repeatability_for(options)}, per_call);
  }

  /// Rooms_Get.
  result<room> get_room(std::string_view room_id, const call_options& per_call = {}) {
    return call(get_room_operation{room_id}, per_call);
  }

  /// Rooms_Update: changes only the fields set in `options`.
  result<room> update_room(std::string_view room_id, const update_room_options& options,
                           const call_options& per_call = {}) {
    return call(update_room_operation{room_id, options}, per_call);
  }

  /// Rooms_Delete. Deleting a room does not end a call in progress in it.
  result<void> delete_room(std::string_view room_id, const call_options& per_call = {}) {
    return call(delete_room_operation{room_id}, per_call);
  }

  /// Rooms_List: a lazy pager over the resource's rooms.
  pager<room> list_rooms() { return pages(list_rooms_operation{}); }
  /// Rooms_List resumed from a pager's continuation_token().
  pager<room> list_rooms_from(std::string continuation_token) {
    return pages(list_rooms_operation{}, std::move(continuation_token));
  }

  /// Participants_Update: adds these participants or changes their roles.
  result<void> add_or_update_participants(std::string_view room_id,
                                          const std::vector<room_participant>& participants,
                                          const call_options& per_call = {}) {
    return call(add_or_update_participants_operation{room_id, participants}, per_call);
  }

  /// Participants_Update with nulls: removes these participants (non-members are ignored). On
  /// 2022-02-01, `POST participants:remove` (use get_participants for the roster after).
  result<void> remove_participants(std::string_view room_id,
                                   const std::vector<communication_identifier>& participants,
                                   const call_options& per_call = {}) {
    return call(remove_participants_operation{room_id, participants}, per_call);
  }

  /// Rooms_GetParticipants (2022-02-01 only): the whole roster, in one call.
  result<std::vector<room_participant>> get_participants(std::string_view room_id,
                                                         const call_options& per_call = {}) {
    return call(get_participants_operation{room_id}, per_call);
  }

  /// Rooms_AddParticipants (2022-02-01 only): adds these participants (members already in the
  /// room are left as they are) and returns the whole roster after.
  result<std::vector<room_participant>>
  add_participants(std::string_view room_id, const std::vector<room_participant>& participants,
                   const call_options& per_call = {}) {
    return call(add_participants_operation{room_id, participants}, per_call);
  }

  /// Rooms_UpdateParticipants (2022-02-01 only): changes these members' roles and returns the
  /// whole roster after.
  result<std::vector<room_participant>>
  update_participants(std::string_view room_id, const std::vector<room_participant>& participants,
                      const call_options& per_call = {}) {
    return call(update_participants_operation{room_id, participants}, per_call);
  }

  /// Participants_List: a lazy pager over a room's roster.
  pager<room_participant> list_participants(std::string_view room_id) {
    return pages(list_participants_operation{std::string(room_id)});
  }
  /// Participants_List resumed from a pager's continuation_token().
  pager<room_participant> list_participants_from(std::string continuation_token) {
    return pages(list_participants_operation{}, std::move(continuation_token));
  }
};

/// A client for a connection string ("endpoint=...;accesskey=..."), signing with
/// hmac_signer<portable_crypto>. Fails with `invalid_argument` for a malformed string.
template <class Transport>
result<rooms_client<Transport, hmac_signer<>>>
make_client(std::string_view connection_string, Transport transport, client_options options = {}) {
  return detail::client_from_connection_string<rooms_client<Transport, hmac_signer<>>>(
      connection_string, std::forward<Transport>(transport), std::move(options));
}

ACS_ROOMS_NAMESPACE_END
