// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer): the operations, one value type each — its request, its answer
// and its dialect, written once for every client.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/request_context.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/requests_v2022.hpp>
#include <acs/rooms/responses.hpp>
#include <acs/rooms/responses_v2022.hpp>
#include <acs/rooms/result.hpp>

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

// An *Operation* (the named requirement every client's generic call path takes) is a value `op`
// of a type `Op` with:
//   Op::value_type            what a successful call gives (`room`, `void`, a page, ...)
//   Op::name                  a std::string_view naming it in messages ("create_room")
//   op.build(ctx)             -> result<http_request>: the request in the dialect of ctx.version
//   Op::parse(response, v)    -> result<value_type>: the answer, read for api-version `v`
// and optionally
//   Op::explain(e, sent, n)   adds to error `e` what only this operation knows, given the request
//                             sent and the number of attempts (create: a 412 after a retry)
//   Op::span_name             the name of its tracing span ("RoomsClient.CreateRoom"; .NET's
//                             names, docs/tracing.md); without it, Op::name
// A *listing* also has `Op::item_type`; its value_type is page<item_type> and build() makes
// the first page (later pages follow nextLink). Everything here is pure: the clients add the
// ids, clock, signing, sending and retries. Operations that take their arguments by reference
// (all but the listings) are meant to be built and called in one expression.

namespace detail {
/// A room in the dialect of `version`: the 2022-02-01 shape, or the GA one.
ACS_ROOMS_API result<room> parse_room_any(const http_response& response,
                                          const api_version& version);

/// `build(ctx)` when the operation exists in the dialect `ctx` speaks, else the refusal that
/// names the operation and the version.
template <class Build>
result<http_request> in_dialect(const request_context& ctx, bool needs_2022,
                                std::string_view operation, Build&& build) {
  if (auto refused = check_dialect(ctx, needs_2022, operation)) {
    return std::move(*refused);
  }
  return std::forward<Build>(build)();
}
} // namespace detail

/// Rooms_Create (`POST /rooms`), in either dialect. `repeat` is the Repeatability-* pair every
/// attempt sends (see resolve_repeatability): a retried create never makes two rooms.
struct create_room_operation {
  using value_type = room;                                                ///< the room made
  static constexpr std::string_view name = "create_room";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.CreateRoom"; ///< for tracing
  const create_room_options& options;                                     ///< what to create
  repeatability repeat; ///< resolved once per call
  /// The request (build_create_room, or build_create_room_v2022 for 2022-02-01).
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return ctx.version.is_2022_dialect() ? build_create_room_v2022(ctx, options, repeat)
                                         : build_create_room(ctx, options, repeat);
  }
  /// The room from the 201 answer.
  static result<room> parse(const http_response& r, const api_version& v) {
    return detail::parse_room_any(r, v);
  }
  /// A 412 to a create that was sent more than once: the service no longer knows the
  /// repeatability id (its window is 5 minutes from the first send), so it refused the retry,
  /// but an earlier attempt whose answer was lost may have made the room. Says so, with the id
  /// and first-sent time, so the caller checks before creating again.
  static void explain(error& e, const http_request& sent, int attempts);
};

/// Rooms_Get (`GET /rooms/{roomId}`), in either dialect.
struct get_room_operation {
  using value_type = room;                                             ///< the room
  static constexpr std::string_view name = "get_room";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.GetRoom"; ///< for tracing
  std::string_view room_id;                                            ///< which room
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_get_room(ctx, room_id);
  }
  /// The room from the 200 answer.
  static result<room> parse(const http_response& r, const api_version& v) {
    return detail::parse_room_any(r, v);
  }
};

/// Rooms_Update (`PATCH /rooms/{roomId}`), in either dialect: only the fields set are sent.
struct update_room_operation {
  using value_type = room;                                ///< the room after the change
  static constexpr std::string_view name = "update_room"; ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.UpdateRoom"; ///< for tracing
  std::string_view room_id;                                               ///< which room
  const update_room_options& options;                                     ///< what to change
  /// The request (merge-patch in GA versions, the whole JSON fields in 2022-02-01).
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return ctx.version.is_2022_dialect() ? build_update_room_v2022(ctx, room_id, options)
                                         : build_update_room(ctx, room_id, options);
  }
  /// The room from the 200 answer.
  static result<room> parse(const http_response& r, const api_version& v) {
    return detail::parse_room_any(r, v);
  }
};

/// Rooms_Delete (`DELETE /rooms/{roomId}`), in either dialect.
struct delete_room_operation {
  using value_type = void;                                                ///< nothing but success
  static constexpr std::string_view name = "delete_room";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.DeleteRoom"; ///< for tracing
  std::string_view room_id;                                               ///< which room
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_delete_room(ctx, room_id);
  }
  /// Success (204) or the error.
  static result<void> parse(const http_response& r, const api_version&) { return parse_empty(r); }
};

/// Rooms_List (`GET /rooms`): a listing, GA versions only.
struct list_rooms_operation {
  using item_type = room;                                               ///< one room
  using value_type = page<room>;                                        ///< one page
  static constexpr std::string_view name = "list_rooms";                ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.GetRooms"; ///< for tracing
  /// The first page's request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return detail::in_dialect(ctx, false, name, [&] { return build_list_rooms(ctx); });
  }
  /// One page of rooms.
  static result<page<room>> parse(const http_response& r, const api_version& v) {
    return parse_room_page(r, v);
  }
};

/// Participants_Update (`PATCH /rooms/{roomId}/participants`): adds these participants or
/// changes their roles; GA versions only.
struct add_or_update_participants_operation {
  using value_type = void;                                               ///< success
  static constexpr std::string_view name = "add_or_update_participants"; ///< for messages
  static constexpr std::string_view span_name =
      "RoomsClient.AddOrUpdateParticipants";         ///< for tracing
  std::string_view room_id;                          ///< which room
  const std::vector<room_participant>& participants; ///< who, with roles
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return detail::in_dialect(ctx, false, name, [&] {
      return build_add_or_update_participants(ctx, room_id, participants);
    });
  }
  /// Success (200 `{}`) or the error.
  static result<void> parse(const http_response& r, const api_version&) { return parse_empty(r); }
};

/// Removes participants from a room, in either dialect: a merge-patch of nulls in GA versions,
/// `POST participants:remove` in 2022-02-01 (whose roster answer is not read: use
/// get_participants). Removing a non-member is not an error.
struct remove_participants_operation {
  using value_type = void;                                                        ///< success
  static constexpr std::string_view name = "remove_participants";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.RemoveParticipants"; ///< for tracing
  std::string_view room_id;                                                       ///< which room
  const std::vector<communication_identifier>& participants;                      ///< who
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return ctx.version.is_2022_dialect()
               ? build_remove_participants_v2022(ctx, room_id, participants)
               : build_remove_participants(ctx, room_id, participants);
  }
  /// Success or the error.
  static result<void> parse(const http_response& r, const api_version&) { return parse_empty(r); }
};

/// Participants_List (`GET /rooms/{roomId}/participants`): a listing, GA versions only. Owns
/// its room id, since a pager keeps the operation for its later pages.
struct list_participants_operation {
  using item_type = room_participant;                                          ///< one participant
  using value_type = page<room_participant>;                                   ///< one page
  static constexpr std::string_view name = "list_participants";                ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.GetParticipants"; ///< for tracing
  std::string room_id;                                                         ///< which room
  /// The first page's request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return detail::in_dialect(ctx, false, name,
                              [&] { return build_list_participants(ctx, room_id); });
  }
  /// One page of participants.
  static result<page<room_participant>> parse(const http_response& r, const api_version&) {
    return parse_participant_page(r);
  }
};

/// Rooms_GetParticipants (2022-02-01 only): the whole roster in one answer.
struct get_participants_operation {
  using value_type = std::vector<room_participant>;                            ///< the roster
  static constexpr std::string_view name = "get_participants";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.GetParticipants"; ///< for tracing
  std::string_view room_id;                                                    ///< which room
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_get_participants_v2022(ctx, room_id);
  }
  /// The roster.
  static result<value_type> parse(const http_response& r, const api_version&) {
    return parse_participants_v2022(r);
  }
};

/// Rooms_AddParticipants (2022-02-01 only): adds these participants (members already in the
/// room are left as they are); the answer is the roster after.
struct add_participants_operation {
  using value_type = std::vector<room_participant>;                            ///< the roster after
  static constexpr std::string_view name = "add_participants";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.AddParticipants"; ///< for tracing
  std::string_view room_id;                                                    ///< which room
  const std::vector<room_participant>& participants;                           ///< who, with roles
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_add_participants_v2022(ctx, room_id, participants);
  }
  /// The roster after.
  static result<value_type> parse(const http_response& r, const api_version&) {
    return parse_participants_v2022(r);
  }
};

/// Rooms_UpdateParticipants (2022-02-01 only): changes these members' roles; the answer is the
/// roster after.
struct update_participants_operation {
  using value_type = std::vector<room_participant>;               ///< the roster after
  static constexpr std::string_view name = "update_participants"; ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.UpdateParticipants"; ///< for tracing
  std::string_view room_id;                                                       ///< which room
  const std::vector<room_participant>& participants; ///< who, with new roles
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_update_participants_v2022(ctx, room_id, participants);
  }
  /// The roster after.
  static result<value_type> parse(const http_response& r, const api_version&) {
    return parse_participants_v2022(r);
  }
};

/// True when `Op` has the optional `explain(error&, const http_request&, int)`.
template <class Op, class = void> struct has_explain : std::false_type {};
/// True when `Op` has the optional `explain(error&, const http_request&, int)`.
template <class Op>
struct has_explain<Op, std::void_t<decltype(Op::explain(std::declval<error&>(),
                                                        std::declval<const http_request&>(), 0))>>
    : std::true_type {};

/// The name of `Op`'s tracing span: Op::span_name, else Op::name.
template <class Op, class = void> struct span_name_of {
  static constexpr std::string_view value = Op::name; ///< the name
};
/// The name of `Op`'s tracing span: Op::span_name, else Op::name.
template <class Op> struct span_name_of<Op, std::void_t<decltype(Op::span_name)>> {
  static constexpr std::string_view value = Op::span_name; ///< the name
};

/// True when `Op` is a listing (it has an `item_type`).
template <class Op, class = void> struct is_listing : std::false_type {};
/// True when `Op` is a listing (it has an `item_type`).
template <class Op> struct is_listing<Op, std::void_t<typename Op::item_type>> : std::true_type {};
/// is_listing<Op>::value.
template <class Op> inline constexpr bool is_listing_v = is_listing<Op>::value;

#if ACS_ROOMS_DEFINITIONS
ACS_ROOMS_API void create_room_operation::explain(error& e, const http_request& sent,
                                                  int attempts) {
  if (e.status != 412 || attempts < 2) {
    return;
  }
  const auto id = sent.headers.get("Repeatability-Request-ID");
  const auto first = sent.headers.get("Repeatability-First-Sent");
  e.message += "; this create was sent " + std::to_string(attempts) +
               " times and an earlier attempt may have created the room before its answer was "
               "lost (Repeatability-Request-ID " +
               std::string(id.value_or("?")) + ", first sent " + std::string(first.value_or("?")) +
               "): list the rooms to check before creating it again";
}

namespace detail {
ACS_ROOMS_API result<room> parse_room_any(const http_response& response,
                                          const api_version& version) {
  return version.is_2022_dialect() ? parse_room_v2022(response) : parse_room(response, version);
}

} // namespace detail
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
