// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data): nlohmann/json hooks (to_json, from_json) and parse_json.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/detail/foundations/json_text.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/time.hpp>
// What the SAX readers need besides nlohmann/json, included in either mode: the single header
// inlines each header once, where it is first included, so none may first come in under the #if.
#include <acs/rooms/detail/data/sax_fields.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/http.hpp>

#if ACS_ROOMS_JSON_DEFINITIONS
#include <acs/rooms/detail/data/sax_readers.hpp>
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

} // namespace detail

// ADL hooks so users can put models into and take them out of their own nlohmann::json.
// from_json reads through the same SAX readers as the response parsers (detail::sax_walk feeds
// them the DOM), so a field has one set of rules and messages; it throws rooms_error (never a
// nlohmann exception) on a malformed value, or aborts when exceptions are off.

/// room -> RoomModel JSON (times as RFC 3339 UTC with milliseconds).
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room& r);
/// RoomModel JSON -> room; throws rooms_error (malformed_response) when a field is wrong.
/// `pstnDialOutEnabled` may be absent (false), as in api-versions before 2024-04-15.
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

/// Reads DOM value `j` as one `Fields` object through its SAX reader (sax_walk): the parsers'
/// rules and messages, for from_json.
template <class Fields>
result<typename Fields::value_type> read_dom(const json& j, const api_version& version) {
  sax_reader<Fields> reader(/*page_mode=*/false, version);
  if (!sax_walk(j, reader)) {
    return make_error(errc::malformed_response,
                      "malformed response: a " + std::string(Fields::what) +
                          " is or holds a discarded value, which is not JSON");
  }
  return reader.take_item();
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
  r = detail::read_dom<detail::room_fields>(j, api_version::v2023_06_14).value();
}
/// room_participant -> {"rawId", "role"}.
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room_participant& p) {
  j = nlohmann::json{{"rawId", p.id.raw_id()}, {"role", p.role.value()}};
}
/// {"rawId", "role"} -> room_participant; throws rooms_error when a field is wrong.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room_participant& p) {
  p = detail::read_dom<detail::participant_fields>(j, api_version::latest).value();
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
/// The value is converted to nlohmann::json (no text in between, so nothing nlohmann throws on
/// invalid UTF-8) and read as one.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void from_json(const BasicJsonType& j, room& r) {
  from_json(detail::plain_json<BasicJsonType>(j), r);
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
  from_json(detail::plain_json<BasicJsonType>(j), p);
}

ACS_ROOMS_NAMESPACE_END
