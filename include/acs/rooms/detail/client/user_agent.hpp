// SPDX-License-Identifier: MIT
// acs_rooms layer 5 (client), internal: the User-Agent of the Azure SDK telemetry guideline and
// the rule on the application id before it.
#pragma once

#include <acs/rooms/version.hpp>

#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// The platform part of the User-Agent, fixed at compile time: "(<os> <arch>; <compiler>)".
inline std::string_view user_agent_platform() noexcept {
#if defined(_WIN32)
#define ACS_ROOMS_UA_OS "Windows"
#elif defined(__APPLE__)
#define ACS_ROOMS_UA_OS "Darwin"
#elif defined(__linux__)
#define ACS_ROOMS_UA_OS "Linux"
#else
#define ACS_ROOMS_UA_OS "unknown-os"
#endif
#if defined(__x86_64__) || defined(_M_X64)
#define ACS_ROOMS_UA_ARCH "x86_64"
#elif defined(__aarch64__) || defined(_M_ARM64)
#define ACS_ROOMS_UA_ARCH "arm64"
#elif defined(__i386__) || defined(_M_IX86)
#define ACS_ROOMS_UA_ARCH "x86"
#else
#define ACS_ROOMS_UA_ARCH "unknown-arch"
#endif
#define ACS_ROOMS_UA_STR2(x) #x
#define ACS_ROOMS_UA_STR(x) ACS_ROOMS_UA_STR2(x)
#if defined(__clang__)
#define ACS_ROOMS_UA_COMPILER                                                                      \
  "clang " ACS_ROOMS_UA_STR(__clang_major__) "." ACS_ROOMS_UA_STR(__clang_minor__)
#elif defined(__GNUC__)
#define ACS_ROOMS_UA_COMPILER "gcc " ACS_ROOMS_UA_STR(__GNUC__) "." ACS_ROOMS_UA_STR(__GNUC_MINOR__)
#elif defined(_MSC_VER)
#define ACS_ROOMS_UA_COMPILER "msvc " ACS_ROOMS_UA_STR(_MSC_VER)
#else
#define ACS_ROOMS_UA_COMPILER "unknown-compiler"
#endif
  return "(" ACS_ROOMS_UA_OS " " ACS_ROOMS_UA_ARCH "; " ACS_ROOMS_UA_COMPILER ")";
#undef ACS_ROOMS_UA_OS
#undef ACS_ROOMS_UA_ARCH
#undef ACS_ROOMS_UA_COMPILER
#undef ACS_ROOMS_UA_STR
#undef ACS_ROOMS_UA_STR2
}

/// Why `id` cannot be the User-Agent's application id (empty: it can). The Azure telemetry
/// guideline: at most 24 characters, no spaces (it is one token before the SDK's own).
ACS_ROOMS_API std::string application_id_problem(std::string_view id);

/// The User-Agent of the Azure SDK telemetry guideline:
/// "[<application id> ]azsdk-cpp-communication-rooms/<version> (<os> <arch>; <compiler>)".
ACS_ROOMS_API std::string make_user_agent(std::string_view application_id);

} // namespace detail

#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API std::string application_id_problem(std::string_view id) {
  if (id.size() > 24) {
    return "the application id is " + std::to_string(id.size()) +
           " characters long; the User-Agent allows at most 24";
  }
  for (char c : id) {
    if (c == ' ' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return c == ' ' ? "the application id contains a space, which the User-Agent does not allow"
                      : "the application id contains control characters";
    }
  }
  return {};
}

ACS_ROOMS_API std::string make_user_agent(std::string_view application_id) {
  std::string out;
  if (!application_id.empty() && application_id_problem(application_id).empty()) {
    out += application_id;
    out += ' ';
  }
  out += "azsdk-cpp-communication-rooms/" ACS_ROOMS_VERSION_STRING " ";
  out += user_agent_platform();
  return out;
}

} // namespace detail
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
