// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data): nlohmann/json hooks and the non-throwing readers the parsers use.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/detail/foundations/json_text.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/time.hpp>

#if ACS_ROOMS_JSON_DEFINITIONS
#include <nlohmann/json.hpp>
#else
#include <nlohmann/json_fwd.hpp> // separate compilation: the parser is in the library
#endif

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

using json = nlohmann::json;

/// Parses a whole body without throwing; false when it is not JSON.
ACS_ROOMS_JSON_API bool parse_json(std::string_view body, json& out);

/// The malformed_response error for field `field` of `what`.
inline error field_error(std::string_view what, std::string_view field, std::string_view problem) {
  std::string message = "malformed response: ";
  message += what;
  message += " field '";
  message += field;
  message += "' ";
  message += problem;
  auto e = make_error(errc::malformed_response, std::move(message));
  e.target = std::string(field);
  return e;
}

/// Reads required string `field`; nullopt with `err` set when absent or not a string.
ACS_ROOMS_JSON_API const std::string* read_string(const json& object, std::string_view what,
                                                  const char* field, std::optional<error>& err);
/// Reads required RFC 3339 time `field`.
ACS_ROOMS_JSON_API time_point read_time(const json& object, std::string_view what,
                                        const char* field, std::optional<error>& err);
/// Reads a room object (`RoomModel`); `pstnDialOutEnabled` is required from 2024-04-15 on.
ACS_ROOMS_JSON_API result<room> read_room(const json& j, const api_version& version);
/// Reads a participant object (`RoomParticipant` {rawId, role}); any role string is kept.
ACS_ROOMS_JSON_API result<room_participant> read_participant(const json& j);

} // namespace detail

// ADL hooks so users can put models into and take them out of their own nlohmann::json.
// from_json throws rooms_error (never a nlohmann exception) on a malformed value.

/// room -> RoomModel JSON (times as RFC 3339 UTC with milliseconds).
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room& r);
/// RoomModel JSON -> room; throws rooms_error (malformed_response) when a field is wrong.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room& r);
/// room_participant -> {"rawId", "role"}.
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room_participant& p);
/// {"rawId", "role"} -> room_participant; throws rooms_error when a field is wrong.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room_participant& p);

#if ACS_ROOMS_JSON_DEFINITIONS
namespace detail {
ACS_ROOMS_JSON_API bool parse_json(std::string_view body, json& out) {
  out = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false,
                    /*ignore_comments=*/false);
  return !out.is_discarded();
}

/// Reads required string `field`; nullopt with `err` set when absent or not a string.
ACS_ROOMS_JSON_API const std::string* read_string(const json& object, std::string_view what,
                                                  const char* field, std::optional<error>& err) {
  const auto it = object.find(field);
  if (it == object.end()) {
    err = field_error(what, field, "is missing");
    return nullptr;
  }
  if (!it->is_string()) {
    err = field_error(what, field, std::string("is a ") + it->type_name() + ", not a string");
    return nullptr;
  }
  return it->get_ptr<const std::string*>();
}

/// Reads required RFC 3339 time `field`.
ACS_ROOMS_JSON_API time_point read_time(const json& object, std::string_view what,
                                        const char* field, std::optional<error>& err) {
  const std::string* text = read_string(object, what, field, err);
  if (text == nullptr) {
    return {};
  }
  const auto t = parse_rfc3339(*text);
  if (!t) {
    err = field_error(what, field, "is not an RFC 3339 date-time: \"" + text->substr(0, 64) + '"');
    return {};
  }
  return *t;
}

/// Reads a room object (`RoomModel`); `pstnDialOutEnabled` is required from 2024-04-15 on.
ACS_ROOMS_JSON_API result<room> read_room(const json& j, const api_version& version) {
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
    r.created_at = read_time(j, what, "createdAt", err);
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
  const auto pstn = j.find("pstnDialOutEnabled");
  if (pstn != j.end() && pstn->is_boolean()) {
    r.pstn_dial_out_enabled = pstn->get<bool>();
  } else if (pstn != j.end() && !pstn->is_null()) {
    return field_error(what, "pstnDialOutEnabled",
                       std::string("is a ") + pstn->type_name() + ", not a boolean");
  } else if (version.has_pstn_dial_out()) {
    return field_error(what, "pstnDialOutEnabled", "is missing");
  }
  return r;
}

/// Reads a participant object (`RoomParticipant` {rawId, role}); any role string is kept.
ACS_ROOMS_JSON_API result<room_participant> read_participant(const json& j) {
  constexpr std::string_view what = "participant";
  if (!j.is_object()) {
    return make_error(errc::malformed_response,
                      std::string("malformed response: a participant is a ") + j.type_name() +
                          ", not an object");
  }
  std::optional<error> err;
  const std::string* raw_id = read_string(j, what, "rawId", err);
  const std::string* role = raw_id ? read_string(j, what, "role", err) : nullptr;
  if (err) {
    return std::move(*err);
  }
  return room_participant{communication_identifier::from_raw_id(*raw_id), participant_role(*role)};
}

} // namespace detail

/// room -> RoomModel JSON (times as RFC 3339 UTC with milliseconds).
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room& r) {
  j = nlohmann::json{{"id", r.id},
                     {"createdAt", format_rfc3339(r.created_at)},
                     {"validFrom", format_rfc3339(r.valid_from)},
                     {"validUntil", format_rfc3339(r.valid_until)},
                     {"pstnDialOutEnabled", r.pstn_dial_out_enabled}};
}
/// RoomModel JSON -> room; throws rooms_error (malformed_response) when a field is wrong.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room& r) {
  r = detail::read_room(j, api_version::v2023_06_14).value();
}
/// room_participant -> {"rawId", "role"}.
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room_participant& p) {
  j = nlohmann::json{{"rawId", p.id.raw_id()}, {"role", p.role.value()}};
}
/// {"rawId", "role"} -> room_participant; throws rooms_error when a field is wrong.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room_participant& p) {
  p = detail::read_participant(j).value();
}

#endif // ACS_ROOMS_JSON_DEFINITIONS

namespace detail {
/// Selects the hooks below for a basic_json other than nlohmann::json (ordered_json, ...).
/// nlohmann::json, named through `BasicJsonType` so that it is looked up where the hooks are used
/// (with ACS_ROOMS_SEPARATE_COMPILATION the headers see only its declaration).
template <class BasicJsonType>
using plain_json = std::conditional_t<sizeof(BasicJsonType) != 0, nlohmann::json, void>;
template <class BasicJsonType>
using if_other_json =
    std::enable_if_t<!std::is_same_v<BasicJsonType, nlohmann::json>,
                     decltype(std::declval<const BasicJsonType&>().is_object(), 0)>;
} // namespace detail

/// room -> RoomModel JSON for another basic_json, such as nlohmann::ordered_json (which then
/// keeps the service's field order). A template: compiled where it is used, in either mode.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void to_json(BasicJsonType& j, const room& r) {
  j = BasicJsonType::object();
  j["id"] = r.id;
  j["createdAt"] = format_rfc3339(r.created_at);
  j["validFrom"] = format_rfc3339(r.valid_from);
  j["validUntil"] = format_rfc3339(r.valid_until);
  j["pstnDialOutEnabled"] = r.pstn_dial_out_enabled;
}
/// RoomModel JSON in another basic_json -> room; throws rooms_error when a field is wrong.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void from_json(const BasicJsonType& j, room& r) {
  from_json(detail::plain_json<BasicJsonType>::parse(j.dump()), r);
}
/// room_participant -> {"rawId", "role"} in another basic_json.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void to_json(BasicJsonType& j, const room_participant& p) {
  j = BasicJsonType::object();
  j["rawId"] = p.id.raw_id();
  j["role"] = p.role.value();
}
/// {"rawId", "role"} in another basic_json -> room_participant; throws rooms_error when wrong.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void from_json(const BasicJsonType& j, room_participant& p) {
  from_json(detail::plain_json<BasicJsonType>::parse(j.dump()), p);
}

ACS_ROOMS_NAMESPACE_END
