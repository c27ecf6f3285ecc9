// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations, detail): wiping key material so it does not linger in memory.
#pragma once

#include <acs/rooms/config.hpp>

#include <cstddef>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// Overwrites `size` bytes at `p` with zeros in a way the compiler may not drop as a dead store.
inline void secure_zero(void* p, std::size_t size) noexcept {
  volatile unsigned char* bytes = static_cast<volatile unsigned char*>(p);
  for (std::size_t i = 0; i < size; ++i) {
    bytes[i] = 0;
  }
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
