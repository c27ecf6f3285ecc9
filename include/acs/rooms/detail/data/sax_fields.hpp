// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data, detail): the fields of a room and of a participant as the SAX readers
// (sax_readers.hpp) collect them: the one place that knows each field's rules and messages.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/time.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

// The SAX readers build the result while nlohmann's lexer walks the bytes (or while sax_walk walks
// a DOM a user handed to from_json), with no DOM of their own. Fields are remembered with the
// type of their (last) value, as a DOM keeps the last of repeated keys, and checked at the end of
// their object in a fixed order, so an error names the same field whatever order the keys came in.

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

/// nlohmann's type names (json::type_name()) for SAX events.
namespace json_type {
// Arrays, not `const char*` constants: a type is compared by address, and an inline array is one
// object in the whole program, where the addresses of equal string literals may differ between
// translation units (which made a page read in one TU fail a check compiled in another).
inline constexpr char null[] = "null";
inline constexpr char boolean[] = "boolean";
inline constexpr char number[] = "number";
inline constexpr char string[] = "string";
inline constexpr char object[] = "object";
inline constexpr char array[] = "array";
inline constexpr char binary[] = "binary";
} // namespace json_type

/// "is missing" or "is a <type>, not a string" for a required string field of type `type`
/// (nullptr: absent); nullopt when it is a string.
inline std::optional<error> check_string_field(std::string_view what, const char* field,
                                               const char* type) {
  if (type == nullptr) {
    return field_error(what, field, "is missing");
  }
  if (type != json_type::string) {
    return field_error(what, field, std::string("is a ") + type + ", not a string");
  }
  return std::nullopt;
}

/// The fields of a room (`RoomModel`) as SAX events deliver them.
class room_fields {
public:
  using value_type = room;
  static constexpr std::string_view what = "room";

  void reset() {
    for (auto& t : type_) {
      t = nullptr;
    }
    for (auto& b : bad_time_) {
      b = false;
    }
    current_ = none;
    value_.id.clear();
    value_.pstn_dial_out_enabled = false;
  }
  void key(std::string_view k) noexcept {
    current_ = k == "id"                   ? id
               : k == "createdAt"          ? created_at
               : k == "validFrom"          ? valid_from
               : k == "validUntil"         ? valid_until
               : k == "pstnDialOutEnabled" ? pstn
                                           : none;
  }
  void value(const char* type) noexcept {
    if (current_ != none) {
      type_[current_] = type;
    }
  }
  void string(const std::string& v) {
    if (current_ == id) {
      value_.id.assign(v); // a copy: the lexer keeps its buffer for the next token
    } else if (current_ >= created_at && current_ <= valid_until) {
      const int i = current_ - created_at;
      const auto t = parse_rfc3339(v);
      bad_time_[i] = !t;
      if (t) {
        times_[i] = *t;
      } else {
        bad_text_[i] = v.substr(0, 64);
      }
    }
  }
  void boolean(bool v) noexcept {
    if (current_ == pstn) {
      value_.pstn_dial_out_enabled = v;
    }
  }
  /// The room, or the first problem: id, createdAt, validFrom, validUntil, pstnDialOutEnabled.
  result<room> finish(const api_version& version) {
    if (auto e = check_string_field(what, "id", type_[id])) {
      return std::move(*e);
    }
    static constexpr const char* names[] = {"createdAt", "validFrom", "validUntil"};
    for (int i = 0; i < 3; ++i) {
      if (auto e = check_string_field(what, names[i], type_[created_at + i])) {
        return std::move(*e);
      }
      if (bad_time_[i]) {
        return field_error(what, names[i], "is not an RFC 3339 date-time: \"" + bad_text_[i] + '"');
      }
    }
    const char* pstn_type = type_[pstn];
    if (pstn_type != nullptr && pstn_type != json_type::boolean && pstn_type != json_type::null) {
      return field_error(what, "pstnDialOutEnabled",
                         std::string("is a ") + pstn_type + ", not a boolean");
    }
    if (pstn_type != json_type::boolean) {
      value_.pstn_dial_out_enabled = false;
      if (version.has_pstn_dial_out()) {
        return field_error(what, "pstnDialOutEnabled", "is missing");
      }
    }
    room r;
    r.id = std::move(value_.id);
    r.created_at = times_[0];
    r.valid_from = times_[1];
    r.valid_until = times_[2];
    r.pstn_dial_out_enabled = value_.pstn_dial_out_enabled;
    return r;
  }

private:
  enum slot : int { none = -1, id = 0, created_at, valid_from, valid_until, pstn, count };
  const char* type_[count] = {};
  room value_;
  time_point times_[3]{};
  bool bad_time_[3] = {};
  std::string bad_text_[3];
  int current_ = none;
};

/// The fields of a participant (`RoomParticipant` {rawId, role}) as SAX events deliver them.
class participant_fields {
public:
  using value_type = room_participant;
  static constexpr std::string_view what = "participant";

  void reset() noexcept {
    type_[0] = type_[1] = nullptr;
    current_ = -1;
  }
  void key(std::string_view k) noexcept { current_ = k == "rawId" ? 0 : k == "role" ? 1 : -1; }
  void value(const char* type) noexcept {
    if (current_ >= 0) {
      type_[current_] = type;
    }
  }
  void string(const std::string& v) {
    if (current_ >= 0) {
      text_[current_].assign(v);
    }
  }
  void boolean(bool) noexcept {}
  /// The participant, or the first problem: rawId, then role.
  result<room_participant> finish(const api_version&) {
    if (auto e = check_string_field(what, "rawId", type_[0])) {
      return std::move(*e);
    }
    if (auto e = check_string_field(what, "role", type_[1])) {
      return std::move(*e);
    }
    return room_participant{communication_identifier::from_raw_id(std::move(text_[0])),
                            participant_role(std::move(text_[1]))};
  }

private:
  const char* type_[2] = {};
  std::string text_[2];
  int current_ = -1;
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
