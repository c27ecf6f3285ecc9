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

/// The type of the last value of each of an object's `N` known members (nullptr: absent) and the
/// member the current key names, for a fields class to derive from.
template <int N> class member_types {
public:
  /// Forgets the members of the object before. Their values need no clearing: a value is read
  /// only when its member's type says it arrived.
  void reset() noexcept { *this = member_types(); }
  void value(const char* type) noexcept {
    if (current_ != none) {
      type_[current_] = type;
    }
  }

protected:
  static constexpr int none = -1; ///< the current key is none of the N
  int current_ = none;            ///< the member the current key names
  const char* type_[N] = {};      ///< the type of each member's last value; nullptr: absent
};

/// An RFC 3339 date-time member: its time, or the start of the text that is not one.
struct time_member {
  time_point value{};             ///< the last string's time, when it is one
  std::optional<std::string> bad; ///< the start (64 bytes) of the last string, when it is not

  /// Reads a string value of the member.
  void read(const std::string& text) {
    if (const auto t = parse_rfc3339(text)) {
      value = *t;
      bad.reset();
    } else {
      bad = text.substr(0, 64);
    }
  }
  /// The problem of member `name` of `what`, of type `type` (nullptr: absent), if any: missing,
  /// not a string, not a date-time.
  std::optional<error> check(std::string_view what, const char* name, const char* type) const {
    if (auto e = check_string_field(what, name, type)) {
      return e;
    }
    if (bad) {
      return field_error(what, name, "is not an RFC 3339 date-time: \"" + *bad + '"');
    }
    return std::nullopt;
  }
};

/// The members a room has in both dialects, for a room's fields class to derive from: id and its
/// three times (the first named `created_name`), in slots 0 to 3 of `N`.
template <int N> class room_members : public member_types<N> {
public:
  explicit room_members(const char* created_name) noexcept : created_(created_name) {}
  void string(const std::string& v) {
    if (this->current_ == id) {
      id_.assign(v); // a copy: the lexer keeps its buffer for the next token
    } else if (this->current_ >= created && this->current_ <= valid_until) {
      times_[this->current_ - created].read(v);
    }
  }

protected:
  /// The slots of these members; a derived class numbers its own from `more`.
  enum slot : int { id, created, valid_from, valid_until, more };

  /// The slot of key `k` among these four; none for another key.
  int room_key(std::string_view k) const noexcept {
    return k == "id"           ? id
           : k == created_     ? created
           : k == "validFrom"  ? valid_from
           : k == "validUntil" ? valid_until
                               : this->none;
  }
  /// The room with these members, or the first problem: id, then the times in order.
  result<room> finish_room(std::string_view what) {
    if (auto e = check_string_field(what, "id", this->type_[id])) {
      return std::move(*e);
    }
    const char* names[] = {created_, "validFrom", "validUntil"};
    for (int i = 0; i < 3; ++i) {
      if (auto e = times_[i].check(what, names[i], this->type_[created + i])) {
        return std::move(*e);
      }
    }
    room r;
    r.id = std::move(id_);
    r.created_at = times_[0].value;
    r.valid_from = times_[1].value;
    r.valid_until = times_[2].value;
    return r;
  }

private:
  const char* created_; // the name of the first time: the dialects differ
  std::string id_;
  time_member times_[3];
};

/// The fields of a room (`RoomModel`) as SAX events deliver them.
class room_fields : public room_members<5> {
public:
  using value_type = room;
  static constexpr std::string_view what = "room";

  room_fields() noexcept : room_members("createdAt") {}
  void key(std::string_view k) noexcept {
    current_ = k == "pstnDialOutEnabled" ? pstn : room_key(k);
  }
  void boolean(bool v) noexcept {
    if (current_ == pstn) {
      pstn_ = v;
    }
  }
  /// The room, or the first problem: id, createdAt, validFrom, validUntil, pstnDialOutEnabled.
  result<room> finish(const api_version& version) {
    auto r = finish_room(what);
    if (!r) {
      return r;
    }
    const char* pstn_type = type_[pstn];
    if (pstn_type != nullptr && pstn_type != json_type::boolean && pstn_type != json_type::null) {
      return field_error(what, "pstnDialOutEnabled",
                         std::string("is a ") + pstn_type + ", not a boolean");
    }
    if (pstn_type != json_type::boolean && version.has_pstn_dial_out()) {
      return field_error(what, "pstnDialOutEnabled", "is missing");
    }
    r->pstn_dial_out_enabled = pstn_type == json_type::boolean && pstn_;
    return r;
  }

private:
  static constexpr int pstn = more;
  bool pstn_ = false;
};

/// The fields of a participant (`RoomParticipant` {rawId, role}) as SAX events deliver them.
class participant_fields : public member_types<2> {
public:
  using value_type = room_participant;
  static constexpr std::string_view what = "participant";

  void key(std::string_view k) noexcept { current_ = k == "rawId" ? 0 : k == "role" ? 1 : none; }
  void string(const std::string& v) {
    if (current_ != none) {
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
  std::string text_[2];
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
