// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations, detail): locale-free ASCII and hex helpers shared by every layer.
#pragma once

#include <acs/rooms/config.hpp>

#include <cstddef>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// ASCII-only lower-casing: header names and hosts are ASCII, and locales must not matter.
constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
/// ASCII-only upper-casing (HTTP methods in the HMAC string to sign).
constexpr char ascii_upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}
/// Case-insensitive ASCII comparison, as HTTP header names are compared.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}
/// `s` without leading and trailing ASCII blanks (space, tab, CR, LF).
constexpr std::string_view trim(std::string_view s) noexcept {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && blank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

/// Lower-case hex digits, indexed by nibble (JSON escapes, UUIDs).
inline constexpr char hex_digits_lower[] = "0123456789abcdef";
/// Upper-case hex digits, indexed by nibble (percent-encoding, as RFC 3986 recommends).
inline constexpr char hex_digits_upper[] = "0123456789ABCDEF";

/// The value of one hex digit (either case), or -1 when `c` is not one.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}
/// True for 0-9, a-f and A-F.
constexpr bool is_hex(char c) noexcept { return hex_value(c) >= 0; }

/// Appends `byte` as two hex digits, upper case when `upper`.
inline void append_hex_byte(std::string& out, unsigned char byte, bool upper = false) {
  const char* digits = upper ? hex_digits_upper : hex_digits_lower;
  out += digits[byte >> 4];
  out += digits[byte & 15];
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
