// SPDX-License-Identifier: MIT
// acs_rooms 0.1.0: the one translation unit of separate compilation, for the single header.
// Generated from src/compiled.cpp by tools/amalgamate.py - do not edit. Compile it once,
// with acs/rooms.hpp on the include path; define ACS_ROOMS_SEPARATE_COMPILATION in every
// other translation unit that includes <acs/rooms.hpp>.
#ifndef ACS_ROOMS_SEPARATE_COMPILATION
#define ACS_ROOMS_SEPARATE_COMPILATION
#endif
#define ACS_ROOMS_IMPLEMENTATION
#include <acs/rooms.hpp>
