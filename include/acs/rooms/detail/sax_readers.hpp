// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data, detail): SAX readers straight from response bytes into room,
// room_participant and page<T>, with the DOM readers' error messages.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/detail/url.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/serialization.hpp>
#include <acs/rooms/time.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

// The SAX readers below build the result while nlohmann's lexer walks the bytes, with no DOM in
// between. Fields are remembered with the type of their (last) value and checked at the end of
// their object in the same order, with the same messages, as read_room and read_participant
// check a DOM, so an error names the same field whatever order the keys came in.

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
  /// The room, or the first problem in read_room's order.
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
  /// The participant, or the first problem in read_participant's order.
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

/// A nlohmann SAX handler (the json_sax interface, without virtual calls) reading either one
/// object of `Fields` (a room) or a page `{"value":[...],"nextLink":...}` of them. Values of
/// unknown keys, however deep, are skipped.
template <class Fields> class sax_reader {
public:
  using json = nlohmann::json;
  using value_type = typename Fields::value_type;

  sax_reader(bool page_mode, const api_version& version) : page_(page_mode), version_(version) {}

  // The json_sax events.
  bool null() {
    classify(json_type::null);
    return true;
  }
  bool boolean(bool v) {
    if (classify(json_type::boolean) == field) {
      fields_.boolean(v);
    }
    return true;
  }
  bool number_integer(json::number_integer_t) {
    classify(json_type::number);
    return true;
  }
  bool number_unsigned(json::number_unsigned_t) {
    classify(json_type::number);
    return true;
  }
  bool number_float(json::number_float_t, const json::string_t&) {
    classify(json_type::number);
    return true;
  }
  bool string(json::string_t& v) {
    const position at = classify(json_type::string);
    if (at == field) {
      fields_.string(v);
    } else if (at == next_link_member) {
      next_link_.assign(v);
    }
    return true;
  }
  bool binary(json::binary_t&) {
    classify(json_type::binary);
    return true;
  }
  bool start_object(std::size_t) {
    const position at = classify(json_type::object);
    if (at == item) {
      item_open_ = true;
      fields_.reset();
    } else if (at == top) {
      top_is_object_ = true;
      if (!page_) {
        item_open_ = true;
        fields_.reset();
      }
    }
    ++depth_;
    return true;
  }
  bool key(json::string_t& k) {
    if (page_ && depth_ == 1 && top_is_object_) {
      member_ = k == "value" ? value_member : k == "nextLink" ? next_link_member_key : other;
    } else if (item_open_ && depth_ == item_depth()) {
      fields_.key(k);
    }
    return true;
  }
  bool end_object() {
    --depth_;
    if (item_open_ && depth_ == item_depth() - 1) {
      item_open_ = false;
      end_item();
    }
    return true;
  }
  bool start_array(std::size_t) {
    if (classify(json_type::array) == value_member_array) {
      items_open_ = true;
      items_.clear();
      item_error_.reset();
      index_ = 0;
    }
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    if (items_open_ && depth_ == 1) {
      items_open_ = false;
    }
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false; // the caller reports "not JSON"; nothing is thrown
  }

  /// After a successful parse of a single object: the item or its problem.
  result<value_type> take_item() {
    if (!top_is_object_) {
      return make_error(errc::malformed_response, "malformed response: a " +
                                                      std::string(Fields::what) + " is a " +
                                                      top_type_ + ", not an object");
    }
    if (item_error_) {
      return std::move(*item_error_);
    }
    return std::move(*single_);
  }

  /// After a successful parse of a page: the page or its first problem, in parse_page's order.
  result<page<value_type>> take_page(std::string_view what) {
    if (!top_is_object_) {
      return make_error(errc::malformed_response, "malformed response: the " + std::string(what) +
                                                      " is a " + top_type_ + ", not an object");
    }
    if (value_type_ != json_type::array) {
      return field_error(what, "value", value_type_ == nullptr ? "is missing" : "is not an array");
    }
    if (item_error_) {
      error e = std::move(*item_error_);
      e.message += " (item " + std::to_string(error_index_) + " of the " + std::string(what) + ")";
      return e;
    }
    page<value_type> out;
    out.items = std::move(items_);
    if (next_type_ != nullptr && next_type_ != json_type::null) {
      if (next_type_ != json_type::string) {
        return field_error(what, "nextLink", "is not a string");
      }
      if (!next_link_.empty()) {
        if (auto problem = next_link_defect(next_link_); !problem.empty()) {
          return field_error(what, "nextLink", problem);
        }
        out.next_link = std::move(next_link_);
      }
    }
    return out;
  }

private:
  enum position { ignored, top, page_member, value_member_array, next_link_member, item, field };
  enum member { other, value_member, next_link_member_key };

  int item_depth() const noexcept { return page_ ? 3 : 1; }

  // Where a value that starts now sits, noting its type where it matters.
  position classify(const char* type) {
    if (depth_ == 0) {
      top_type_ = type;
      return top;
    }
    if (page_ && depth_ == 1 && top_is_object_) {
      if (member_ == value_member) {
        value_type_ = type;
        return type == json_type::array ? value_member_array : page_member;
      }
      if (member_ == next_link_member_key) {
        next_type_ = type;
        return next_link_member;
      }
      return page_member;
    }
    if (page_ && depth_ == 2 && items_open_) {
      if (type != json_type::object) {
        record_item_error(type);
        ++index_;
      }
      return item;
    }
    if (item_open_ && depth_ == item_depth()) {
      fields_.value(type);
      return field;
    }
    return ignored;
  }
  void record_item_error(const char* type) {
    if (!item_error_) {
      item_error_ = make_error(errc::malformed_response, "malformed response: a " +
                                                             std::string(Fields::what) + " is a " +
                                                             type + ", not an object");
      error_index_ = index_;
    }
  }

  void end_item() {
    if (!item_error_) { // after the first bad item the rest are only walked
      auto r = fields_.finish(version_);
      if (r && !page_) {
        single_ = std::move(*r);
      } else if (r) {
        items_.push_back(std::move(*r));
      } else {
        item_error_ = std::move(r).error();
        error_index_ = index_;
      }
    }
    ++index_;
  }

  bool page_;
  const api_version& version_;
  Fields fields_;
  int depth_ = 0;
  const char* top_type_ = nullptr;
  bool top_is_object_ = false;
  member member_ = other;
  const char* value_type_ = nullptr; // type of the last "value" member; null: absent
  const char* next_type_ = nullptr;  // type of the last "nextLink" member; null: absent
  std::string next_link_;
  bool items_open_ = false;
  bool item_open_ = false;
  std::vector<value_type> items_;    // a page's items
  std::optional<value_type> single_; // the one item outside a page
  std::optional<error> item_error_;
  std::size_t index_ = 0;
  std::size_t error_index_ = 0;
};

/// The malformed_response error for a 2xx body that is not JSON, saying what arrived.
inline error not_json_error(const http_response& response, std::string_view what) {
  const auto type = response.headers.get("Content-Type");
  std::string message = "malformed response: the " + std::string(what) + " body (HTTP " +
                        std::to_string(response.status) + ", " +
                        std::to_string(response.body.size()) + " bytes";
  if (type) {
    message += ", " + std::string(*type);
  }
  message += ") is not JSON";
  auto e = make_error(errc::malformed_response, std::move(message), response.status);
  e.raw_body = response.body.substr(0, 4096);
  return e;
}

/// Runs `reader` over `body`; false when the body is not (strict, whole) JSON.
template <class Reader> bool sax_read(std::string_view body, Reader& reader) {
  return nlohmann::json::sax_parse(body.begin(), body.end(), &reader,
                                   nlohmann::json::input_format_t::json, /*strict=*/true,
                                   /*ignore_comments=*/false);
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
