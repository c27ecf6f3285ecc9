// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): http_headers, http_request and http_response.
#pragma once

#include <acs/rooms/config.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// HTTP header fields in insertion order; names are compared case-insensitively.
class http_headers {
public:
  /// One header field: name and value.
  using value_type = std::pair<std::string, std::string>;
  /// Iterator over the fields in insertion order.
  using const_iterator = std::vector<value_type>::const_iterator;

  /// Replaces the first field called `name` (dropping any repeats), or appends it.
  void set(std::string name, std::string value) {
    auto it = find(name);
    if (it == fields_.end()) {
      fields_.emplace_back(std::move(name), std::move(value));
      return;
    }
    it->second = std::move(value);
    for (auto next = it + 1; next != fields_.end();) {
      next = detail::iequals(next->first, it->first) ? fields_.erase(next) : next + 1;
    }
  }
  /// Appends a field, even when one with that name exists.
  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  /// The value of the first field called `name`, if any.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const {
    for (const auto& field : fields_) {
      if (detail::iequals(field.first, name)) {
        return std::string_view(field.second);
      }
    }
    return std::nullopt;
  }
  /// True when a field called `name` exists.
  [[nodiscard]] bool contains(std::string_view name) const { return get(name).has_value(); }
  /// Removes every field called `name`.
  void erase(std::string_view name) {
    for (auto it = fields_.begin(); it != fields_.end();) {
      it = detail::iequals(it->first, name) ? fields_.erase(it) : it + 1;
    }
  }
  /// Number of fields.
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  /// True when there are no fields.
  [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }
  /// Reserves room for `n` fields.
  void reserve(std::size_t n) { fields_.reserve(n); }
  /// First field.
  [[nodiscard]] const_iterator begin() const noexcept { return fields_.begin(); }
  /// Past the last field.
  [[nodiscard]] const_iterator end() const noexcept { return fields_.end(); }

  /// Equal when the same fields appear in the same order (names compared case-insensitively).
  friend bool operator==(const http_headers& a, const http_headers& b) {
    if (a.fields_.size() != b.fields_.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.fields_.size(); ++i) {
      if (!detail::iequals(a.fields_[i].first, b.fields_[i].first) ||
          a.fields_[i].second != b.fields_[i].second) {
        return false;
      }
    }
    return true;
  }
  /// Negation of ==.
  friend bool operator!=(const http_headers& a, const http_headers& b) { return !(a == b); }

private:
  std::vector<value_type>::iterator find(std::string_view name) {
    for (auto it = fields_.begin(); it != fields_.end(); ++it) {
      if (detail::iequals(it->first, name)) {
        return it;
      }
    }
    return fields_.end();
  }
  std::vector<value_type> fields_;
};

/// A request as it goes on the wire. `url` is absolute; `method` is upper case.
struct http_request {
  std::string method;   ///< "GET", "POST", "PATCH" or "DELETE"
  std::string url;      ///< https://host[:port]/path?query, exactly as sent and signed
  http_headers headers; ///< header fields, in the order they were added
  std::string body;     ///< exact body bytes; empty for none
};

/// A response as received: status, headers and the whole body.
struct http_response {
  int status = 0;       ///< HTTP status code
  http_headers headers; ///< header fields as received
  std::string body;     ///< the body bytes
};

ACS_ROOMS_NAMESPACE_END
