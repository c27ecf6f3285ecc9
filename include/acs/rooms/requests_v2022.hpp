// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer): request builders of the retired 2022-02-01 dialect.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/request_context.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/time.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if ACS_ROOMS_DEFINITIONS
#include <acs/rooms/detail/foundations/json_text.hpp>
#include <acs/rooms/detail/foundations/uuid.hpp>
#include <acs/rooms/detail/pure/request_writers.hpp>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// Fails with `invalid_argument` naming the version when `operation` does not exist in the
/// dialect `ctx` speaks: `needs_2022` says whether the operation is a 2022-02-01 one.
ACS_ROOMS_API std::optional<error> check_dialect(const request_context& ctx, bool needs_2022,
                                                 std::string_view operation);

/// Appends `{"communicationIdentifier":{...},"role":"..."}` as the 1.0.0b3 Python SDK writes
/// it: an ACS user as `{"communicationUser":{"id":...}}`, any other identity as `{"rawId":...}`;
/// the role only when `with_role`.
ACS_ROOMS_API std::optional<error> append_participant_2022(std::string& body,
                                                           const room_participant& p,
                                                           const request_context& ctx,
                                                           bool with_role);

/// Appends `"participants":[...]`, refusing a raw id listed twice.
ACS_ROOMS_API std::optional<error>
append_participant_array(std::string& body, const request_context& ctx,
                         const std::vector<room_participant>& items, bool with_role);

/// The body of a 2022-02-01 create or update: the fields that are set, in spec order.
ACS_ROOMS_API std::optional<error>
room_body_2022(std::string& body, const request_context& ctx, const std::optional<time_point>& from,
               const std::optional<time_point>& until,
               const std::optional<room_join_policy>& policy,
               const std::vector<room_participant>* participants);

/// A POST /rooms/{roomId}/participants:<action> with `{"participants":[...]}`.
ACS_ROOMS_API result<http_request>
participants_action(const request_context& ctx, std::string_view room_id, const char* action,
                    const std::vector<room_participant>& participants, bool with_role);
} // namespace detail

/// Rooms_CreateRoom (2022-02-01): `POST /rooms` with `validFrom`, `validUntil`,
/// `roomJoinPolicy` and the participants array, each only when set (no participants: none sent,
/// as the Python SDK does). Repeatability-First-Sent is an RFC 3339 date-time in this version
/// (docs/design.md says why).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_create_room_v2022(const request_context& ctx, const create_room_options& options,
                        const repeatability& repeat);

/// Rooms_UpdateRoom (2022-02-01): `PATCH /rooms/{roomId}` (`application/json`, as the Python
/// SDK sends it) with the fields that are set; `participants` replaces the roster.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_update_room_v2022(const request_context& ctx, std::string_view room_id,
                        const update_room_options& options);

/// Rooms_GetParticipants (2022-02-01): `GET /rooms/{roomId}/participants`, the whole roster at
/// once (no paging in this version).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_get_participants_v2022(const request_context& ctx, std::string_view room_id);

/// Rooms_AddParticipants (2022-02-01): `POST /rooms/{roomId}/participants:add`.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_add_participants_v2022(const request_context& ctx, std::string_view room_id,
                             const std::vector<room_participant>& participants);

/// Rooms_UpdateParticipants (2022-02-01): `POST /rooms/{roomId}/participants:update`.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_update_participants_v2022(const request_context& ctx, std::string_view room_id,
                                const std::vector<room_participant>& participants);

/// Rooms_RemoveParticipants (2022-02-01): `POST /rooms/{roomId}/participants:remove`, each
/// participant without a role (as the Python SDK sends it).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_remove_participants_v2022(const request_context& ctx, std::string_view room_id,
                                const std::vector<communication_identifier>& participants);

#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API std::optional<error> check_dialect(const request_context& ctx, bool needs_2022,
                                                 std::string_view operation) {
  if (ctx.version.is_2022_dialect() == needs_2022) {
    return std::nullopt;
  }
  std::string message(operation);
  message += needs_2022
                 ? " exists only in api-version 2022-02-01; this client uses " + ctx.version.value()
                 : " does not exist in api-version " + ctx.version.value() +
                       "; it needs a GA api-version (2023-06-14 or later)";
  return invalid(std::move(message));
}

ACS_ROOMS_API std::optional<error> append_participant_2022(std::string& body,
                                                           const room_participant& p,
                                                           const request_context& ctx,
                                                           bool with_role) {
  const std::string& raw = p.id.raw_id();
  if (raw.empty()) {
    return invalid("a participant has an empty raw id");
  }
  const bool user = p.id.kind() == identifier_kind::communication_user;
  body += user ? "{\"communicationIdentifier\":{\"communicationUser\":{\"id\":"
               : "{\"communicationIdentifier\":{\"rawId\":";
  if (!append_json_string(body, raw)) {
    return invalid("a participant raw id is not valid UTF-8");
  }
  body += user ? "}}" : "}";
  if (with_role) {
    const std::string& role = p.role.value();
    if (role.empty()) {
      return invalid("participant '" + raw + "' has an empty role");
    }
    if (role == participant_role::collaborator.value() && !ctx.version.has_collaborator()) {
      return invalid("participant '" + raw +
                     "' has role Collaborator, which needs api-version 2025-03-13 or later; this "
                     "client uses " +
                     ctx.version.value());
    }
    body += ",\"role\":";
    if (!append_json_string(body, role)) {
      return invalid("a participant role is not valid UTF-8");
    }
  }
  body += '}';
  return std::nullopt;
}

ACS_ROOMS_API std::optional<error>
append_participant_array(std::string& body, const request_context& ctx,
                         const std::vector<room_participant>& items, bool with_role) {
  body += "\"participants\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto same = [&](const room_participant& p) { return p.id == items[i].id; };
    if (std::any_of(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(i), same)) {
      return invalid("participant '" + items[i].id.raw_id() + "' is listed more than once");
    }
    if (i != 0) {
      body += ',';
    }
    if (auto e = append_participant_2022(body, items[i], ctx, with_role)) {
      return e;
    }
  }
  body += ']';
  return std::nullopt;
}

ACS_ROOMS_API std::optional<error>
room_body_2022(std::string& body, const request_context& ctx, const std::optional<time_point>& from,
               const std::optional<time_point>& until,
               const std::optional<room_join_policy>& policy,
               const std::vector<room_participant>* participants) {
  body += '{';
  append_room_fields(body, from, until, std::nullopt);
  if (policy) {
    if (policy->value().empty()) {
      return invalid("the room join policy is empty");
    }
    body += body.size() > 1 ? ",\"roomJoinPolicy\":" : "\"roomJoinPolicy\":";
    if (!append_json_string(body, policy->value())) {
      return invalid("the room join policy is not valid UTF-8");
    }
  }
  if (participants != nullptr) {
    if (body.size() > 1) {
      body += ',';
    }
    if (auto e = append_participant_array(body, ctx, *participants, true)) {
      return e;
    }
  }
  body += '}';
  return std::nullopt;
}

ACS_ROOMS_API result<http_request>
participants_action(const request_context& ctx, std::string_view room_id, const char* action,
                    const std::vector<room_participant>& participants, bool with_role) {
  if (auto e = check_dialect(ctx, true, std::string("participants:") + action)) {
    return std::move(*e);
  }
  if (auto e = refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = start_request(ctx, "POST", room_id, true);
  const auto query = req.url.find('?');
  req.url.insert(query, std::string(":") + action);
  req.body.reserve(32 + participants.size() * 120);
  req.body += '{';
  if (auto e = append_participant_array(req.body, ctx, participants, with_role)) {
    return std::move(*e);
  }
  req.body += '}';
  req.headers.add("Content-Type", "application/json");
  finish_request(ctx, req);
  return req;
}

} // namespace detail

ACS_ROOMS_API result<http_request> build_create_room_v2022(const request_context& ctx,
                                                           const create_room_options& options,
                                                           const repeatability& repeat) {
  if (auto e = detail::check_dialect(ctx, true, "the 2022-02-01 create")) {
    return std::move(*e);
  }
  if (auto e = detail::check_pstn(ctx, options.pstn_dial_out_enabled)) {
    return std::move(*e);
  }
  if (!detail::is_uuid(repeat.request_id)) {
    return detail::invalid("the repeatability request id must be a UUID, got \"" +
                           repeat.request_id.substr(0, 64) + '"');
  }
  http_request req = detail::start_request(ctx, "POST", {}, false);
  if (auto e = detail::room_body_2022(
          req.body, ctx, options.valid_from, options.valid_until, options.join_policy,
          options.participants.empty() ? nullptr : &options.participants)) {
    return std::move(*e);
  }
  req.headers.add("Content-Type", "application/json");
  req.headers.add("Repeatability-Request-ID", repeat.request_id);
  req.headers.add("Repeatability-First-Sent", format_rfc3339(repeat.first_sent));
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_update_room_v2022(const request_context& ctx,
                                                           std::string_view room_id,
                                                           const update_room_options& options) {
  if (auto e = detail::check_dialect(ctx, true, "the 2022-02-01 update")) {
    return std::move(*e);
  }
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  if (auto e = detail::check_pstn(ctx, options.pstn_dial_out_enabled)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "PATCH", room_id, false);
  if (auto e = detail::room_body_2022(req.body, ctx, options.valid_from, options.valid_until,
                                      options.join_policy,
                                      options.participants ? &*options.participants : nullptr)) {
    return std::move(*e);
  }
  req.headers.add("Content-Type", "application/json");
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_get_participants_v2022(const request_context& ctx,
                                                                std::string_view room_id) {
  if (auto e = detail::check_dialect(ctx, true, "get_participants")) {
    return std::move(*e);
  }
  return build_list_participants(ctx, room_id);
}

ACS_ROOMS_API result<http_request>
build_add_participants_v2022(const request_context& ctx, std::string_view room_id,
                             const std::vector<room_participant>& participants) {
  return detail::participants_action(ctx, room_id, "add", participants, true);
}

ACS_ROOMS_API result<http_request>
build_update_participants_v2022(const request_context& ctx, std::string_view room_id,
                                const std::vector<room_participant>& participants) {
  return detail::participants_action(ctx, room_id, "update", participants, true);
}

ACS_ROOMS_API result<http_request>
build_remove_participants_v2022(const request_context& ctx, std::string_view room_id,
                                const std::vector<communication_identifier>& participants) {
  std::vector<room_participant> items;
  items.reserve(participants.size());
  for (const auto& id : participants) {
    items.push_back(room_participant{id});
  }
  return detail::participants_action(ctx, room_id, "remove", items, false);
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
