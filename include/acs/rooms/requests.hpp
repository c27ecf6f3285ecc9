// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer): request builders, one per operation, version-aware.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/request_context.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/time.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if ACS_ROOMS_DEFINITIONS
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/detail/foundations/uuid.hpp>
#include <acs/rooms/detail/pure/request_writers.hpp>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// Rooms_Create: `POST /rooms`. Fields are sent in spec order and only when set (participants
/// always, as `{}` when there are none), with the Repeatability-* headers of `repeat` (see
/// resolve_repeatability; `options`' own repeatability fields are not read here).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_create_room(const request_context& ctx, const create_room_options& options,
                  const repeatability& repeat);

/// Rooms_Get: `GET /rooms/{roomId}`.
[[nodiscard]] ACS_ROOMS_API result<http_request> build_get_room(const request_context& ctx,
                                                                std::string_view room_id);

/// Rooms_Update: `PATCH /rooms/{roomId}` with a merge-patch body of the fields that are set.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_update_room(const request_context& ctx, std::string_view room_id,
                  const update_room_options& options);

/// Rooms_Delete: `DELETE /rooms/{roomId}`.
[[nodiscard]] ACS_ROOMS_API result<http_request> build_delete_room(const request_context& ctx,
                                                                   std::string_view room_id);

/// Rooms_List: `GET /rooms` (first page; later pages come from build_next_page).
[[nodiscard]] ACS_ROOMS_API result<http_request> build_list_rooms(const request_context& ctx);

/// Participants_Update: `PATCH /rooms/{roomId}/participants`, adding each participant or
/// changing its role.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_add_or_update_participants(const request_context& ctx, std::string_view room_id,
                                 const std::vector<room_participant>& participants);

/// Participants_Update: `PATCH /rooms/{roomId}/participants` with a null per participant,
/// which removes it (removing a non-member is a no-op at the service).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_remove_participants(const request_context& ctx, std::string_view room_id,
                          const std::vector<communication_identifier>& participants);

/// Participants_List: `GET /rooms/{roomId}/participants` (first page).
[[nodiscard]] ACS_ROOMS_API result<http_request> build_list_participants(const request_context& ctx,
                                                                         std::string_view room_id);

/// The next page of a listing: `GET <next_link>`, the URL used verbatim (it already carries
/// its token and api-version, and may name another host). Fails with `invalid_argument` when
/// it is not an absolute http(s) URL.
[[nodiscard]] ACS_ROOMS_API result<http_request> build_next_page(const request_context& ctx,
                                                                 std::string_view next_link);

#if ACS_ROOMS_DEFINITIONS
ACS_ROOMS_API result<http_request> build_create_room(const request_context& ctx,
                                                     const create_room_options& options,
                                                     const repeatability& repeat) {
  if (auto e = detail::check_pstn(ctx, options.pstn_dial_out_enabled)) {
    return std::move(*e);
  }
  if (auto e = detail::check_no_2022_fields(ctx, options.join_policy.has_value(), false)) {
    return std::move(*e);
  }
  if (!detail::is_uuid(repeat.request_id)) {
    return detail::invalid("the repeatability request id must be a UUID "
                           "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got \"" +
                           repeat.request_id.substr(0, 64) + '"');
  }
  http_request req = detail::start_request(ctx, "POST", {}, false);
  req.body.reserve(128 + options.participants.size() * 80);
  req.body += '{';
  detail::append_room_fields(req.body, options.valid_from, options.valid_until,
                             options.pstn_dial_out_enabled);
  // Always sent, even empty: the official SDKs send "participants":{} and we match them.
  if (req.body.size() > 1) {
    req.body += ',';
  }
  if (auto e = detail::append_roster(req.body, ctx, options.participants)) {
    return std::move(*e);
  }
  req.body += '}';
  req.headers.add("Content-Type", "application/json");
  req.headers.add("Repeatability-Request-ID", repeat.request_id);
  req.headers.add("Repeatability-First-Sent", format_rfc1123(repeat.first_sent));
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_get_room(const request_context& ctx,
                                                  std::string_view room_id) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "GET", room_id, false);
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_update_room(const request_context& ctx,
                                                     std::string_view room_id,
                                                     const update_room_options& options) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  if (auto e = detail::check_pstn(ctx, options.pstn_dial_out_enabled)) {
    return std::move(*e);
  }
  if (auto e = detail::check_no_2022_fields(ctx, options.join_policy.has_value(),
                                            options.participants.has_value())) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "PATCH", room_id, false);
  req.body.reserve(96); // the three fields at most: one allocation
  req.body += '{';
  detail::append_room_fields(req.body, options.valid_from, options.valid_until,
                             options.pstn_dial_out_enabled);
  req.body += '}';
  req.headers.add("Content-Type", "application/merge-patch+json");
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_delete_room(const request_context& ctx,
                                                     std::string_view room_id) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "DELETE", room_id, false);
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_list_rooms(const request_context& ctx) {
  http_request req = detail::start_request(ctx, "GET", {}, false);
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request>
build_add_or_update_participants(const request_context& ctx, std::string_view room_id,
                                 const std::vector<room_participant>& participants) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "PATCH", room_id, true);
  req.body.reserve(16 + participants.size() * 80);
  req.body += '{';
  if (auto e = detail::append_roster(req.body, ctx, participants)) {
    return std::move(*e);
  }
  req.body += '}';
  req.headers.add("Content-Type", "application/merge-patch+json");
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request>
build_remove_participants(const request_context& ctx, std::string_view room_id,
                          const std::vector<communication_identifier>& participants) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "PATCH", room_id, true);
  req.body.reserve(16 + participants.size() * 64);
  req.body += '{';
  auto e = detail::append_participants(
      req.body, ctx, participants,
      [](const communication_identifier& id) -> const std::string& { return id.raw_id(); },
      [&req](const communication_identifier&, const request_context&) -> std::optional<error> {
        req.body += "null";
        return std::nullopt;
      });
  if (e) {
    return std::move(*e);
  }
  req.body += '}';
  req.headers.add("Content-Type", "application/merge-patch+json");
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_list_participants(const request_context& ctx,
                                                           std::string_view room_id) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "GET", room_id, true);
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_next_page(const request_context& ctx,
                                                   std::string_view next_link) {
  const auto url = detail::parse_url(next_link);
  if (detail::invalid_url_char(next_link) != std::string_view::npos) {
    return detail::invalid("a next-page link has a character that cannot be sent in a URL (a "
                           "control character, a space or a non-ASCII byte)");
  }
  if (!url || url->has_userinfo) {
    return detail::invalid("a next-page link must be an absolute http(s) URL without user "
                           "info, got \"" +
                           std::string(next_link.substr(0, 200)) + '"');
  }
  http_request req;
  req.method = "GET";
  req.url = std::string(next_link);
  req.headers.add("Accept", "application/json");
  detail::finish_request(ctx, req);
  return req;
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
