// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data, detail): SAX readers straight from response bytes (or, through
// sax_walk, from a user's DOM) into room, room_participant and page<T>: the one JSON reading path
// for the models.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/detail/data/sax_fields.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>
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

/// The json_sax events that only note a value's type, and parse_error, for a SAX reader `Derived`
/// to derive from: each calls `Derived::classify(type)` (the base is its friend). The reader adds
/// the rest.
template <class Derived> class sax_value_events {
public:
  using json = nlohmann::json;

  bool null() { return note(json_type::null); }
  bool boolean(bool) { return note(json_type::boolean); }
  bool number_integer(json::number_integer_t) { return note(json_type::number); }
  bool number_unsigned(json::number_unsigned_t) { return note(json_type::number); }
  bool number_float(json::number_float_t, const json::string_t&) { return note(json_type::number); }
  bool binary(const json::binary_t&) { return note(json_type::binary); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false; // the caller reports "not JSON"; nothing is thrown
  }

private:
  bool note(const char* type) {
    static_cast<Derived&>(*this).classify(type);
    return true;
  }
};

/// A nlohmann SAX handler (the json_sax interface, without virtual calls) reading either one
/// object of `Fields` (a room) or a page `{"value":[...],"nextLink":...}` of them. Values of
/// unknown keys, however deep, are skipped. Fed by json::sax_parse (bytes) or sax_walk (a DOM).
/// Strings and keys are taken by const reference: the reader copies what it keeps.
template <class Fields> class sax_reader : public sax_value_events<sax_reader<Fields>> {
public:
  using json = nlohmann::json;
  using value_type = typename Fields::value_type;

  sax_reader(bool page_mode, const api_version& version) : page_(page_mode), version_(version) {}

  // The json_sax events the base does not cover (this boolean hides its: a room keeps the value).
  bool boolean(bool v) {
    if (classify(json_type::boolean) == field) {
      fields_.boolean(v);
    }
    return true;
  }
  bool string(const json::string_t& v) {
    const position at = classify(json_type::string);
    if (at == field) {
      fields_.string(v);
    } else if (at == next_link_member) {
      next_link_.assign(v);
    }
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
  bool key(const json::string_t& k) {
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

  /// After a successful parse of a page: the page or its first problem, in this order: the page
  /// is not an object, `value` is missing or not an array, an item (the first bad one), nextLink.
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
  friend class sax_value_events<sax_reader>;
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
#if NLOHMANN_JSON_VERSION_MAJOR == 3 && NLOHMANN_JSON_VERSION_MINOR == 11
  // json::sax_parse picks its reader at run time, so it also instantiates nlohmann's whole
  // binary_reader (CBOR, MessagePack, UBJSON, BSON) for every SAX type: about a tenth of a
  // header-only TU's compile time for bytes we never read. Its JSON branch, called directly
  // (nlohmann's detail API, so only for the 3.11 series it was checked against), is the same
  // parse.
  auto adapter = nlohmann::detail::input_adapter(body.data(), body.data() + body.size());
  return nlohmann::detail::parser<nlohmann::json, decltype(adapter)>(
             std::move(adapter), nullptr, /*allow_exceptions_=*/true, /*skip_comments=*/false)
      .sax_parse(&reader, /*strict=*/true);
#else
  return nlohmann::json::sax_parse(body.begin(), body.end(), &reader,
                                   nlohmann::json::input_format_t::json, /*strict=*/true,
                                   /*ignore_comments=*/false);
#endif
}

/// Feeds `handler` the events json::sax_parse would give for the text of `root`, so that a DOM
/// (a user's value in from_json) is read by the same SAX readers as response bytes. Iterative, so
/// a deeply nested value cannot overflow the stack; throws nothing nlohmann throws. False when a
/// handler event answers false or the DOM holds a discarded value (which has no text).
template <class Handler> bool sax_walk(const nlohmann::json& root, Handler& handler) {
  using json = nlohmann::json;
  struct frame {
    const json* container;
    json::const_iterator next;
  };
  const json::string_t no_text; // number_float's token text: the readers ignore it
  std::vector<frame> open;
  const json* v = &root;
  while (v != nullptr) {
    bool ok = true;
    switch (v->type()) {
    case json::value_t::null:
      ok = handler.null();
      break;
    case json::value_t::boolean:
      ok = handler.boolean(*v->get_ptr<const json::boolean_t*>());
      break;
    case json::value_t::number_integer:
      ok = handler.number_integer(*v->get_ptr<const json::number_integer_t*>());
      break;
    case json::value_t::number_unsigned:
      ok = handler.number_unsigned(*v->get_ptr<const json::number_unsigned_t*>());
      break;
    case json::value_t::number_float:
      ok = handler.number_float(*v->get_ptr<const json::number_float_t*>(), no_text);
      break;
    case json::value_t::string:
      ok = handler.string(*v->get_ptr<const json::string_t*>());
      break;
    case json::value_t::binary:
      ok = handler.binary(*v->get_ptr<const json::binary_t*>());
      break;
    case json::value_t::object:
      ok = handler.start_object(v->size());
      open.push_back({v, v->cbegin()});
      break;
    case json::value_t::array:
      ok = handler.start_array(v->size());
      open.push_back({v, v->cbegin()});
      break;
    case json::value_t::discarded:
    default:
      return false;
    }
    if (!ok) {
      return false;
    }
    // The next value: the next member or element of the innermost open container, closing the
    // containers that are done.
    v = nullptr;
    while (v == nullptr && !open.empty()) {
      frame& f = open.back();
      const bool is_object = f.container->is_object();
      if (f.next == f.container->cend()) {
        if (!(is_object ? handler.end_object() : handler.end_array())) {
          return false;
        }
        open.pop_back();
        continue;
      }
      if (is_object && !handler.key(f.next.key())) {
        return false;
      }
      v = &*f.next;
      ++f.next;
    }
  }
  return true;
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
