// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): version macros and the ABI namespace macros.
#pragma once

/// Major version of acs_rooms.
#define ACS_ROOMS_VERSION_MAJOR 0
/// Minor version of acs_rooms.
#define ACS_ROOMS_VERSION_MINOR 1
/// Patch version of acs_rooms.
#define ACS_ROOMS_VERSION_PATCH 0
/// The version as one integer, major * 10000 + minor * 100 + patch (fmt's scheme).
#define ACS_ROOMS_VERSION                                                                          \
  (ACS_ROOMS_VERSION_MAJOR * 10000 + ACS_ROOMS_VERSION_MINOR * 100 + ACS_ROOMS_VERSION_PATCH)
/// The version as text, as it appears in the User-Agent.
#define ACS_ROOMS_VERSION_STRING "0.1.0"

/// Opens the library namespace; the inline namespace is the ABI tag, bumped at 1.0.
#define ACS_ROOMS_NAMESPACE_BEGIN                                                                  \
  namespace acs {                                                                                  \
  namespace rooms {                                                                                \
  inline namespace v0 {
/// Closes what ACS_ROOMS_NAMESPACE_BEGIN opened.
#define ACS_ROOMS_NAMESPACE_END                                                                    \
  }                                                                                                \
  }                                                                                                \
  }
