// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data): JSON writing and the non-throwing readers the parsers use.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/time.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

using json = nlohmann::json;

/// What append_json_string does with bytes that are not UTF-8.
enum class invalid_utf8 {
  reject, ///< return false and leave `out` as it was: such text cannot be sent as JSON
  replace ///< write U+FFFD for each maximal ill-formed subsequence, as Unicode recommends
};

/// Appends `s` as a JSON string literal, escaped as JSON.stringify does (so bodies match the
/// official SDK byte for byte). Never leaves partial JSON: on invalid UTF-8 it either appends
/// nothing and returns false (`reject`) or writes U+FFFD in its place (`replace`, always true).
inline bool append_json_string(std::string& out, std::string_view s,
                               invalid_utf8 policy = invalid_utf8::reject) {
  constexpr char hex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
      }
      ++i;
      continue;
    }
    // Validate one multi-byte sequence (no overlongs, no surrogates, at most U+10FFFF);
    // `valid` counts its bytes that are well-formed so far.
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    }
    std::size_t valid = n == 0 ? 0 : 1;
    while (valid != 0 && valid <= n && i + valid < s.size()) {
      const auto cc = static_cast<unsigned char>(s[i + valid]);
      if (cc < (valid == 1 ? lo : 0x80) || cc > (valid == 1 ? hi : 0xBF)) {
        break;
      }
      ++valid;
    }
    if (valid == n + 1) {
      out.append(s.data() + i, n + 1);
      i += n + 1;
      continue;
    }
    if (policy == invalid_utf8::reject) {
      out.resize(start);
      return false;
    }
    out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
    i += valid == 0 ? 1 : valid;
  }
  out += '"';
  return true;
}

/// Parses a whole body without throwing; false when it is not JSON.
inline bool parse_json(std::string_view body, json& out) {
  out = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false,
                    /*ignore_comments=*/false);
  return !out.is_discarded();
}

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
inline const std::string* read_string(const json& object, std::string_view what, const char* field,
                                      std::optional<error>& err) {
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
inline time_point read_time(const json& object, std::string_view what, const char* field,
                            std::optional<error>& err) {
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
inline result<room> read_room(const json& j, const api_version& version) {
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
inline result<room_participant> read_participant(const json& j) {
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

// ADL hooks so users can put models into and take them out of their own nlohmann::json.
// from_json throws rooms_error (never a nlohmann exception) on a malformed value.

/// room -> RoomModel JSON (times as RFC 3339 UTC with milliseconds).
inline void to_json(nlohmann::json& j, const room& r) {
  j = nlohmann::json{{"id", r.id},
                     {"createdAt", format_rfc3339(r.created_at)},
                     {"validFrom", format_rfc3339(r.valid_from)},
                     {"validUntil", format_rfc3339(r.valid_until)},
                     {"pstnDialOutEnabled", r.pstn_dial_out_enabled}};
}
/// RoomModel JSON -> room; throws rooms_error (malformed_response) when a field is wrong.
inline void from_json(const nlohmann::json& j, room& r) {
  r = detail::read_room(j, api_version::v2023_06_14).value();
}
/// room_participant -> {"rawId", "role"}.
inline void to_json(nlohmann::json& j, const room_participant& p) {
  j = nlohmann::json{{"rawId", p.id.raw_id()}, {"role", p.role.value()}};
}
/// {"rawId", "role"} -> room_participant; throws rooms_error when a field is wrong.
inline void from_json(const nlohmann::json& j, room_participant& p) {
  p = detail::read_participant(j).value();
}

ACS_ROOMS_NAMESPACE_END
