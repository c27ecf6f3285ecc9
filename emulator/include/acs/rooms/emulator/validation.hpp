// SPDX-License-Identifier: MIT
// acs_rooms emulator part: reading and validating a request with the service's rules.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/identifiers.hpp>
#include <acs/rooms/serialization.hpp>
#include <acs/rooms/time.hpp>

#include <nlohmann/json.hpp> // the whole parser, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// The api-versions served, oldest first.
inline constexpr std::array<std::string_view, 5> supported_versions = {
    "2022-02-01", "2023-06-14", "2023-10-30-preview", "2024-04-15", "2025-03-13"};

/// The longest validity the service grants a room (and how far ahead validFrom may be).
inline constexpr std::chrono::hours max_validity{24 * 180};

/// What a route needs to know about the request.
struct incoming {
  std::string_view method;
  std::string scheme;
  std::string host; ///< as the client addressed us, for nextLinks
  std::string_view query;
  std::string version; ///< the api-version
  time_point now;
  const http_request* request = nullptr;
};

/// Decodes %XX escapes; false on a malformed escape.
inline bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  const auto hex = [](char c) { return detail::hex_value(c); };
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size() || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
      return false;
    }
    out += static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2]));
    i += 2;
  }
  return true;
}

/// The first value of query parameter `name` (decoded); nullopt when absent or malformed.
inline std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) != name) {
      continue;
    }
    std::string value;
    if (eq == std::string_view::npos || !percent_decode(pair.substr(eq + 1), value)) {
      return std::nullopt;
    }
    return value;
  }
  return std::nullopt;
}

/// The served api-version of `query` in `version`, or the 400 to answer.
inline std::optional<http_response> read_version(std::string_view query, std::string& version) {
  const auto v = query_param(query, "api-version");
  if (!v) {
    return error_response(400, "BadRequest", "The api-version query parameter is required.",
                          "api-version");
  }
  if (std::find(supported_versions.begin(), supported_versions.end(), *v) ==
      supported_versions.end()) {
    std::string message =
        "The api-version '" + v->substr(0, 64) + "' is not supported. " + "Supported versions: ";
    for (const auto served : supported_versions) {
      message += served;
      message += served == supported_versions.back() ? "." : ", ";
    }
    return error_response(400, "BadRequest", message, "api-version");
  }
  version = *v;
  return std::nullopt;
}

/// True for a media type equal to `expected`, parameters (e.g. charset) ignored.
inline bool media_type_is(std::optional<std::string_view> value, std::string_view expected) {
  if (!value) {
    return false;
  }
  return iequals(trim(value->substr(0, value->find(';'))), expected);
}

/// The recorded rule for a room id: 14 to 20 characters, all digits.
inline std::optional<http_response> validate_room_id(std::string_view id) {
  if (id.size() < 14 || id.size() > 20) {
    return error_response(400, "BadRequest", "Invalid room ID length.");
  }
  if (!std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return error_response(400, "BadRequest", "Invalid room ID.");
  }
  return std::nullopt;
}

/// The JSON object body of a POST or PATCH, or the error to answer.
inline std::optional<http_response> read_body(const incoming& c, std::string_view media_type,
                                              json& body) {
  if (!media_type_is(c.request->headers.get("Content-Type"), media_type)) {
    return error_response(415, "UnsupportedMediaType",
                          "The Content-Type must be " + std::string(media_type) + ".");
  }
  if (trim(c.request->body).empty()) {
    return bad_argument("", "A non-empty request body is required.");
  }
  if (!parse_json(c.request->body, body)) {
    return bad_argument("$", "The JSON value could not be parsed.");
  }
  if (!body.is_object()) {
    return bad_argument("$", "The JSON value could not be converted to an object.");
  }
  return std::nullopt;
}

/// The validFrom / validUntil / pstnDialOutEnabled of a create or update body.
struct room_body {
  std::optional<time_point> valid_from;  ///< absent or null: nullopt
  std::optional<time_point> valid_until; ///< absent or null: nullopt
  std::optional<bool> pstn;              ///< absent or null: nullopt
};

/// Reads the room fields with this version's rules; null counts as absent.
inline std::optional<http_response> read_room_body(const incoming& c, const json& body,
                                                   room_body& out) {
  const auto read_time = [&](const char* name,
                             std::optional<time_point>& t) -> std::optional<http_response> {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) {
      return std::nullopt;
    }
    if (it->is_string()) {
      t = parse_rfc3339(it->get_ref<const std::string&>());
    }
    if (!t) {
      return bad_argument(std::string("$.") + name,
                          "The JSON value could not be converted to System.DateTimeOffset.");
    }
    return std::nullopt;
  };
  if (auto bad = read_time("validFrom", out.valid_from)) {
    return bad;
  }
  if (auto bad = read_time("validUntil", out.valid_until)) {
    return bad;
  }
  const auto pstn = body.find("pstnDialOutEnabled");
  if (pstn != body.end() && !version_has_pstn(c.version)) {
    return bad_argument("pstnDialOutEnabled",
                        "pstnDialOutEnabled is not supported by api-version " + c.version + ".");
  }
  if (pstn != body.end() && !pstn->is_null()) {
    if (!pstn->is_boolean()) {
      return bad_argument("$.pstnDialOutEnabled",
                          "The JSON value could not be converted to System.Boolean.");
    }
    out.pstn = pstn->get<bool>();
  }
  return std::nullopt;
}

/// The service's range rules at time `t`, in the order the recordings suggest.
inline std::optional<http_response> check_range(time_point t, time_point from, time_point until) {
  if (from > saturating_add(t, max_validity)) {
    return bad_argument("ValidFrom", "Value is incorrect or more than 180 days in the future.");
  }
  if (until < t) {
    return bad_argument("ValidUntil", "The time range end is in the past.");
  }
  if (until <= from || !within(until, from, max_validity)) {
    return bad_argument("ValidUntil", "The time range is incorrect, or larger than 180 days.");
  }
  return std::nullopt;
}

/// A role value (absent or null: Attendee); nullopt when unknown to this version.
inline std::optional<std::string> read_role(const incoming& c, const json& properties) {
  const auto it = properties.find("role");
  if (it == properties.end() || it->is_null()) {
    return std::string("Attendee");
  }
  if (!it->is_string()) {
    return std::nullopt;
  }
  const auto& role = it->get_ref<const std::string&>();
  if (role == "Presenter" || role == "Attendee" || role == "Consumer" ||
      (role == "Collaborator" && version_has_collaborator(c.version))) {
    return role;
  }
  return std::nullopt;
}

/// The two details the service gives for a role it cannot read.
inline http_response bad_role(std::string_view raw_id, std::string_view dto) {
  return error_response(
      400, "BadRequest", malformed_syntax, {},
      {{"BadArgument", "The " + std::string(dto) + " field is required.", std::string(dto)},
       {"BadArgument",
        "The JSON value could not be converted to Azure.Communication.Rooms.Models.RoleDto.",
        "$.participants." + std::string(raw_id) + ".role"}});
}

/// One roster change: a role to set, or nullopt to remove the participant.
using roster_change = std::pair<std::string, std::optional<std::string>>;

/// Reads a request's `participants` map into `changes`, checking every entry before anything
/// is applied. On create (`null_removes` false) a null entry means Attendee; in the
/// participants PATCH it means remove. Raw-id and role errors are worded as the service words
/// them for that operation (`invalid_id_message`, `dto`).
inline std::optional<http_response> read_roster(const incoming& c, const json& body,
                                                bool null_removes,
                                                std::string_view invalid_id_message,
                                                std::string_view dto,
                                                std::vector<roster_change>& changes) {
  const auto participants = body.find("participants");
  if (participants == body.end() || participants->is_null()) {
    return std::nullopt;
  }
  if (!participants->is_object()) {
    return bad_argument("$.participants", "The JSON value could not be converted to "
                                          "Dictionary<string, ParticipantPropertiesDto>.");
  }
  for (const auto& [raw_id, properties] : participants->items()) {
    if (communication_identifier::classify(raw_id) == identifier_kind::unknown) {
      return error_response(400, "BadRequest", invalid_id_message);
    }
    if (properties.is_null()) {
      changes.emplace_back(raw_id,
                           null_removes ? std::nullopt : std::optional<std::string>("Attendee"));
      continue;
    }
    if (!properties.is_object()) {
      return bad_argument("$.participants." + raw_id,
                          "The JSON value could not be converted to ParticipantPropertiesDto.");
    }
    auto role = read_role(c, properties);
    if (!role) {
      return bad_role(raw_id, dto);
    }
    changes.emplace_back(raw_id, std::move(role));
  }
  return std::nullopt;
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
