// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations, detail): JSON text written by hand, byte for byte as the SDKs do.
#pragma once

#include <acs/rooms/config.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>

#include <cstddef>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

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
  const std::size_t start = out.size();
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    // Runs of printable ASCII other than '"' and '\\' (nearly all text) go in one append.
    std::size_t run = i;
    for (; run < s.size(); ++run) {
      const auto b = static_cast<unsigned char>(s[run]);
      if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\') {
        break;
      }
    }
    if (run != i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
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

} // namespace detail
ACS_ROOMS_NAMESPACE_END
