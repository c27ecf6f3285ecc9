// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations, detail): UUID text, checked (request ids) and written (v4).
#pragma once

#include <acs/rooms/config.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// True at the offsets where the 8-4-4-4-12 form has its dashes.
constexpr bool uuid_dash_at(std::size_t i) noexcept {
  return i == 8 || i == 13 || i == 18 || i == 23;
}

/// True for the 8-4-4-4-12 hex form of a UUID (either case).
constexpr bool is_uuid(std::string_view s) noexcept {
  if (s.size() != 36) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (uuid_dash_at(i) ? s[i] != '-' : !is_hex(s[i])) {
      return false;
    }
  }
  return true;
}

/// A version-4 UUID in lower-case 8-4-4-4-12 form from 128 random bits (`hi` first); the
/// version and variant bits are overwritten. Pure: the caller owns the random source.
inline std::string uuid_v4_from_bits(std::uint64_t hi, std::uint64_t lo) {
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
  std::string out(36, '-');
  int bit = 60;
  for (std::size_t i = 0; i < 36; ++i) {
    if (uuid_dash_at(i)) {
      continue;
    }
    const std::uint64_t word = bit >= 0 ? hi : lo;
    const int shift = bit >= 0 ? bit : bit + 64;
    out[i] = hex_digits_lower[(word >> shift) & 15];
    bit -= 4;
  }
  return out;
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
