// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations, detail): base64, decoded branch-free, and constant_time_equal.
#pragma once

#include <acs/rooms/config.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {

/// The standard base64 alphabet of RFC 4648 §4.
inline constexpr std::string_view base64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends standard base64 with `=` padding (RFC 4648 §4) of `bytes` to `out`.
inline void base64_append(std::string& out, std::string_view bytes) {
  const std::size_t start = out.size();
  out.resize(start + (bytes.size() + 2) / 3 * 4, '=');
  char* o = out.data() + start;
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t whole = bytes.size() / 3 * 3;
  for (std::size_t i = 0; i < whole; i += 3) {
    const std::uint32_t v =
        (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | std::uint32_t{in[i + 2]};
    *o++ = base64_alphabet[(v >> 18) & 63U];
    *o++ = base64_alphabet[(v >> 12) & 63U];
    *o++ = base64_alphabet[(v >> 6) & 63U];
    *o++ = base64_alphabet[v & 63U];
  }
  const std::size_t rest = bytes.size() - whole;
  if (rest != 0) {
    std::uint32_t v = std::uint32_t{in[whole]} << 16;
    if (rest == 2) {
      v |= std::uint32_t{in[whole + 1]} << 8;
    }
    *o++ = base64_alphabet[(v >> 18) & 63U];
    *o++ = base64_alphabet[(v >> 12) & 63U];
    if (rest == 2) {
      *o = base64_alphabet[(v >> 6) & 63U];
    }
  }
}

/// Standard base64 with `=` padding (RFC 4648 §4) of `bytes`.
[[nodiscard]] inline std::string base64_encode(std::string_view bytes) {
  std::string out;
  base64_append(out, bytes);
  return out;
}

/// The 6-bit value of base64 character `c`, or a value above 63 when `c` is not in the alphabet.
/// Branch- and table-free, because the text decoded is usually a secret access key.
constexpr std::uint32_t base64_value(unsigned char c) noexcept {
  const std::uint32_t x = c;
  // All ones when lo <= x <= hi: an out-of-range side wraps around and sets bit 31.
  const auto in = [x](std::uint32_t lo, std::uint32_t hi) noexcept -> std::uint32_t {
    return (((x - lo) | (hi - x)) >> 31) - 1U;
  };
  const std::uint32_t upper = in('A', 'Z');
  const std::uint32_t lower = in('a', 'z');
  const std::uint32_t digit = in('0', '9');
  const std::uint32_t plus = in('+', '+');
  const std::uint32_t slash = in('/', '/');
  const std::uint32_t value = (upper & (x - 'A')) | (lower & (x - 'a' + 26U)) |
                              (digit & (x - '0' + 52U)) | (plus & 62U) | (slash & 63U);
  return value | (~(upper | lower | digit | plus | slash) & 0x100U);
}

/// Strict standard base64 decoding of `text` into `out`. Refuses (returns false, `out`
/// unspecified) other alphabets, whitespace, a length that is not a multiple of 4, `=` other than
/// one or two at the very end, and non-zero unused bits in the last group, so that every byte
/// string has exactly one accepted spelling. Empty text decodes to empty.
[[nodiscard]] inline bool base64_decode(std::string_view text, std::string& out) {
  const std::size_t n = text.size();
  if (n % 4 != 0) {
    return false;
  }
  if (n == 0) {
    out.clear();
    return true;
  }
  std::size_t pad = 0;
  if (text[n - 1] == '=') {
    pad = text[n - 2] == '=' ? 2 : 1;
  }
  out.resize(n / 4 * 3 - pad);
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  // Invalid characters set bit 8 here; checked once at the end to keep the loop branch-free.
  std::uint32_t bad = 0;
  std::size_t o = 0;
  const std::size_t full = n - 4; // the last group is handled below, with its padding
  for (std::size_t i = 0; i < full; i += 4) {
    const std::uint32_t a = base64_value(in[i]);
    const std::uint32_t b = base64_value(in[i + 1]);
    const std::uint32_t c = base64_value(in[i + 2]);
    const std::uint32_t d = base64_value(in[i + 3]);
    bad |= a | b | c | d;
    const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = static_cast<char>((v >> 16) & 0xFFU);
    out[o++] = static_cast<char>((v >> 8) & 0xFFU);
    out[o++] = static_cast<char>(v & 0xFFU);
  }
  // A '=' is not in the alphabet, so a '=' before the padding (or a third one) lands in `bad`.
  const std::uint32_t a = base64_value(in[full]);
  const std::uint32_t b = base64_value(in[full + 1]);
  const std::uint32_t c = pad >= 2 ? 0U : base64_value(in[full + 2]);
  const std::uint32_t d = pad >= 1 ? 0U : base64_value(in[full + 3]);
  bad |= a | b | c | d;
  const std::uint32_t v = (a << 18) | (b << 12) | (c << 6) | d;
  // The bits that padding leaves unused must be zero (RFC 4648 §3.5, "canonical encoding").
  const std::uint32_t unused = pad == 2 ? 0xFFFFU : pad == 1 ? 0xFFU : 0U;
  if ((bad & ~std::uint32_t{63}) != 0 || (v & unused) != 0) {
    return false;
  }
  out[o++] = static_cast<char>((v >> 16) & 0xFFU);
  if (pad < 2) {
    out[o++] = static_cast<char>((v >> 8) & 0xFFU);
  }
  if (pad < 1) {
    out[o] = static_cast<char>(v & 0xFFU);
  }
  return true;
}

/// True when `a` and `b` hold the same bytes. For equal sizes the time taken does not depend on
/// where they differ, so comparing a received MAC leaks nothing; different sizes return at once.
[[nodiscard]] inline bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  unsigned int diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned int>(static_cast<unsigned char>(a[i]) ^
                                      static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

} // namespace detail

ACS_ROOMS_NAMESPACE_END
