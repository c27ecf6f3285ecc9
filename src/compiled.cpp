// SPDX-License-Identifier: MIT
// acs_rooms separate compilation: the one TU that defines the JSON parsers and readers. Build it
// with ACS_ROOMS_SEPARATE_COMPILATION defined (as every TU that uses the library then must), or
// link the acs_rooms::compiled library (CMake, meson), which does both.
#define ACS_ROOMS_IMPLEMENTATION
#include <acs/rooms.hpp>
