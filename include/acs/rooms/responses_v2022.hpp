// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer): response parsers of the retired 2022-02-01 dialect.
#pragma once

#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/responses.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/serialization.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// A room from a 2022-02-01 create (201), get or update (200): `RoomModel` directly, with
/// `createdDateTime`, `roomJoinPolicy` and the participants. Any other status is an error.
[[nodiscard]] ACS_ROOMS_JSON_API result<room> parse_room_v2022(const http_response& response);

/// The roster from a 2022-02-01 `ParticipantsCollection` (get participants and the three
/// participants:add|:update|:remove actions, which answer with the whole updated roster).
[[nodiscard]] ACS_ROOMS_JSON_API result<std::vector<room_participant>>
parse_participants_v2022(const http_response& response);

#if ACS_ROOMS_JSON_DEFINITIONS

namespace detail {
/// Reads a 2022-02-01 `RoomParticipant` {communicationIdentifier {rawId, communicationUser},
/// role}. The raw id is required (the spec: "required in responses"); an absent role is kept
/// as an empty role string.
inline result<room_participant> read_participant_2022(const json& j) {
  constexpr std::string_view what = "participant";
  if (!j.is_object()) {
    return make_error(errc::malformed_response,
                      std::string("malformed response: a participant is a ") + j.type_name() +
                          ", not an object");
  }
  const auto id = j.find("communicationIdentifier");
  if (id == j.end() || !id->is_object()) {
    return field_error(what, "communicationIdentifier",
                       id == j.end() ? "is missing" : "is not an object");
  }
  std::optional<error> err;
  const std::string* raw_id = read_string(*id, what, "rawId", err);
  if (err) {
    return std::move(*err);
  }
  room_participant p{communication_identifier::from_raw_id(*raw_id), participant_role("")};
  const auto role = j.find("role");
  if (role != j.end() && role->is_string()) {
    p.role = participant_role(role->get<std::string>());
  } else if (role != j.end() && !role->is_null()) {
    return field_error(what, "role", std::string("is a ") + role->type_name() + ", not a string");
  }
  return p;
}

/// Reads a `"participants"` array member of `j` into `out`.
inline std::optional<error> read_participant_array(const json& j, std::string_view what,
                                                   std::vector<room_participant>& out) {
  const auto list = j.find("participants");
  if (list == j.end() || !list->is_array()) {
    return field_error(what, "participants", list == j.end() ? "is missing" : "is not an array");
  }
  out.reserve(list->size());
  for (std::size_t i = 0; i < list->size(); ++i) {
    auto p = read_participant_2022((*list)[i]);
    if (!p) {
      auto e = std::move(p).error();
      e.message += " (participant " + std::to_string(i) + " of the " + std::string(what) + ")";
      return e;
    }
    out.push_back(std::move(*p));
  }
  return std::nullopt;
}

/// Reads a 2022-02-01 `RoomModel`: id, createdDateTime, validFrom and validUntil required;
/// roomJoinPolicy and participants kept when present.
inline result<room> read_room_2022(const json& j) {
  constexpr std::string_view what = "room";
  if (!j.is_object()) {
    return make_error(errc::malformed_response, std::string("malformed response: a room is a ") +
                                                    j.type_name() + ", not an object");
  }
  std::optional<error> err;
  room r;
  if (const std::string* id = read_string(j, what, "id", err)) {
    r.id = *id;
  }
  if (!err) {
    r.created_at = read_time(j, what, "createdDateTime", err);
  }
  if (!err) {
    r.valid_from = read_time(j, what, "validFrom", err);
  }
  if (!err) {
    r.valid_until = read_time(j, what, "validUntil", err);
  }
  if (err) {
    return std::move(*err);
  }
  if (const auto policy = j.find("roomJoinPolicy"); policy != j.end() && policy->is_string()) {
    r.join_policy = room_join_policy(policy->get<std::string>());
  } else if (policy != j.end() && !policy->is_null()) {
    return field_error(what, "roomJoinPolicy", "is not a string");
  }
  if (const auto list = j.find("participants"); list != j.end() && !list->is_null()) {
    r.participants.emplace();
    if (auto e = read_participant_array(j, what, *r.participants)) {
      return std::move(*e);
    }
  }
  return r;
}
} // namespace detail

ACS_ROOMS_JSON_API result<room> parse_room_v2022(const http_response& response) {
  if (!detail::is_success(response.status)) {
    return parse_error(response);
  }
  detail::json body;
  if (auto e = detail::parse_success_body(response, body, "room")) {
    return std::move(*e);
  }
  auto r = detail::read_room_2022(body);
  if (!r) {
    auto e = std::move(r).error();
    e.status = response.status;
    return e;
  }
  if (const auto replay = response.headers.get("Repeatability-Result")) {
    r->repeatability_result = std::string(*replay);
  }
  return r;
}

ACS_ROOMS_JSON_API result<std::vector<room_participant>>
parse_participants_v2022(const http_response& response) {
  if (!detail::is_success(response.status)) {
    return parse_error(response);
  }
  detail::json body;
  if (auto e = detail::parse_success_body(response, body, "participants collection")) {
    return std::move(*e);
  }
  std::vector<room_participant> out;
  std::optional<error> e;
  if (!body.is_object()) {
    e = detail::make_error(errc::malformed_response,
                           std::string("malformed response: the participants collection is a ") +
                               body.type_name() + ", not an object");
  } else {
    e = detail::read_participant_array(body, "participants collection", out);
  }
  if (e) {
    e->status = response.status;
    return std::move(*e);
  }
  return out;
}
#endif // ACS_ROOMS_JSON_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
