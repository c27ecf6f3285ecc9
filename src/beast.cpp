// SPDX-License-Identifier: MIT
// acs_rooms separate compilation of beast_transport: the one TU that compiles its exchange
// (Beast's reads and writes, TLS, the pool). Every TU of the program then defines
// ACS_ROOMS_SEPARATE_COMPILATION and ACS_ROOMS_BEAST_SEPARATE_COMPILATION, and the program links
// this TU and src/compiled.cpp: or link acs_rooms::beast_compiled (CMake, meson), which does all.
#ifndef ACS_ROOMS_SEPARATE_COMPILATION
#define ACS_ROOMS_SEPARATE_COMPILATION
#endif
#define ACS_ROOMS_BEAST_IMPLEMENTATION
#include <acs/rooms/transport/beast.hpp>
