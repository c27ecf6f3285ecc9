// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations, detail): JSON text written by hand, byte for byte as the SDKs do.
#pragma once

#include <acs/rooms/config.hpp>
#include <acs/rooms/detail/strings.hpp>

#include <cstddef>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// Appends `s` as a JSON string literal, escaped as JSON.stringify does (so bodies match the
/// official SDK byte for byte). Returns false, leaving `out` unspecified, when `s` is not
/// valid UTF-8: such text cannot be sent as JSON.
inline bool append_json_string(std::string& out, std::string_view s) {
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
          append_hex_byte(out, c);
        } else {
          out += static_cast<char>(c);
        }
      }
      ++i;
      continue;
    }
    // Validate one multi-byte sequence (no overlongs, no surrogates, at most U+10FFFF).
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
    } else {
      return false;
    }
    if (i + n >= s.size()) {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if (cc < (k == 1 ? lo : 0x80) || cc > (k == 1 ? hi : 0xBF)) {
        return false;
      }
    }
    out.append(s.data() + i, n + 1);
    i += n + 1;
  }
  out += '"';
  return true;
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
