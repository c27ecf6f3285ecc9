// SPDX-License-Identifier: MIT
// acs_rooms 0.1.0: forward declarations of the public types.
// Generated from include/ by tools/amalgamate.py - do not edit.
#pragma once

// For headers that only name the library's types (in a signature, a pointer, a friend): cheaper
// than <acs/rooms.hpp>, with no nlohmann/json and no date. Like nlohmann/json_fwd.hpp, this is
// also where the default template arguments live, so the definitions do not repeat them.

// The guard, besides #pragma once, lets single_include/acs/rooms/fwd.hpp and the single header
// (which inlines this file) be included together: default template arguments may appear once.
#ifndef ACS_ROOMS_FWD_HPP
#define ACS_ROOMS_FWD_HPP

// separate-compilation switch.

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

#include <cstdlib> // std::abort

#if defined(_MSVC_LANG) && _MSVC_LANG > __cplusplus
#define ACS_ROOMS_CPLUSPLUS _MSVC_LANG
#else
/// The language standard in force (MSVC reports it in _MSVC_LANG).
#define ACS_ROOMS_CPLUSPLUS __cplusplus
#endif

#if ACS_ROOMS_CPLUSPLUS < 201703L
#error "acs_rooms needs C++17 or later"
#endif

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L && defined(__has_include)
#if __has_include(<concepts>)
#include <concepts>
#endif
#endif
#if defined(__cpp_concepts) && __cpp_concepts >= 201907L && defined(__cpp_lib_concepts) &&         \
    __cpp_lib_concepts >= 202002L
/// 1 when C++20 concepts are available: the requirements are then also concepts.
#define ACS_ROOMS_HAS_CONCEPTS 1
#else
#define ACS_ROOMS_HAS_CONCEPTS 0
#endif

// Detected from the compiler flags, like fmt: -fno-exceptions turns throws into std::abort.
#if !defined(ACS_ROOMS_NO_EXCEPTIONS)
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define ACS_ROOMS_NO_EXCEPTIONS 0
#else
/// 1 when exceptions are off: what would throw calls std::abort instead.
#define ACS_ROOMS_NO_EXCEPTIONS 1
#endif
#endif

#if ACS_ROOMS_NO_EXCEPTIONS
#define ACS_ROOMS_THROW(e) std::abort()
#else
/// Throws `e`, or aborts when exceptions are off.
#define ACS_ROOMS_THROW(e) throw(e)
#endif

// Separate compilation (as fmt and Asio offer it): with ACS_ROOMS_SEPARATE_COMPILATION defined
// everywhere, the public headers include only nlohmann/json_fwd.hpp and declare the JSON
// parsers and readers and the other non-template functions (ACS_ROOMS_API); one TU that also
// defines ACS_ROOMS_IMPLEMENTATION (src/compiled.cpp, or the acs_rooms::compiled library)
// defines them. Header-only, the default, defines them inline.
#if defined(ACS_ROOMS_IMPLEMENTATION) && !defined(ACS_ROOMS_SEPARATE_COMPILATION)
// The implementation TU is in separate compilation by definition.
#define ACS_ROOMS_SEPARATE_COMPILATION
#endif
#if defined(ACS_ROOMS_SEPARATE_COMPILATION)
#define ACS_ROOMS_API
#define ACS_ROOMS_JSON_API
/// Defined by the implementation TU only: a program whose TUs use ACS_ROOMS_SEPARATE_COMPILATION
/// but that links no implementation fails to link with an error naming this symbol, and so the
/// define, rather than with a list of missing parsers.
extern "C" int
    ACS_ROOMS_SEPARATE_COMPILATION_needs_acs_rooms_compiled_or_a_TU_with_ACS_ROOMS_IMPLEMENTATION;
#if defined(ACS_ROOMS_IMPLEMENTATION)
#define ACS_ROOMS_DEFINITIONS 1
#define ACS_ROOMS_JSON_DEFINITIONS 1
int ACS_ROOMS_SEPARATE_COMPILATION_needs_acs_rooms_compiled_or_a_TU_with_ACS_ROOMS_IMPLEMENTATION =
    1;
// Thread-local here, plain in every header-only TU: the linker refuses to put the two together,
// naming it, so a file compiled without the define cannot slip into a separate-compilation program.
extern "C" {
thread_local int ACS_ROOMS_SEPARATE_COMPILATION_is_not_defined_in_a_TU_of_this_program = 1;
}
#else
#define ACS_ROOMS_DEFINITIONS 0
#define ACS_ROOMS_JSON_DEFINITIONS 0
namespace {
// Every TU that includes the headers in separate compilation refers to the symbol ([[gnu::used]]
// keeps the reference at any optimisation level).
[[gnu::used]] const int* const acs_rooms_separate_compilation_link_check =
    &ACS_ROOMS_SEPARATE_COMPILATION_needs_acs_rooms_compiled_or_a_TU_with_ACS_ROOMS_IMPLEMENTATION;
} // namespace
#endif
#else
/// Defined thread-local by the separately compiled implementation (above), plain here: a program
/// that links that implementation and a TU compiled without ACS_ROOMS_SEPARATE_COMPILATION fails
/// to link with an error naming this symbol (and so the define).
extern "C" {
inline int ACS_ROOMS_SEPARATE_COMPILATION_is_not_defined_in_a_TU_of_this_program = 0;
}
namespace {
[[gnu::used]] const int* const acs_rooms_header_only_link_check =
    &ACS_ROOMS_SEPARATE_COMPILATION_is_not_defined_in_a_TU_of_this_program;
} // namespace
  /// `inline` header-only; nothing (one definition in the library) in separate compilation: marks
  /// the non-template functions whose bodies only the implementation TU sees then.
#define ACS_ROOMS_API inline
  /// The JSON parsers' ACS_ROOMS_API (its first name, kept).
#define ACS_ROOMS_JSON_API inline
  /// 1 where ACS_ROOMS_API functions are defined: always header-only, else only with
  /// ACS_ROOMS_IMPLEMENTATION.
#define ACS_ROOMS_DEFINITIONS 1
  /// ACS_ROOMS_DEFINITIONS (its first name, kept).
#define ACS_ROOMS_JSON_DEFINITIONS 1
#endif

#include <chrono>

ACS_ROOMS_NAMESPACE_BEGIN

/// The clock every time value in the API uses.
using time_point = std::chrono::system_clock::time_point;

// layer 1: foundations (error.hpp, result.hpp, http.hpp, cancellation.hpp, concepts.hpp)
enum class errc;
class cancellation_token;
class cancellation_source;
struct send_options;
struct error;
class rooms_error;
template <class T> class result;
class http_headers;
struct http_request;
struct http_response;

// layer 2: data (identifiers.hpp, models.hpp, api_version.hpp)
enum class identifier_kind;
enum class cloud_environment;
class communication_identifier;
class participant_role;
struct room_participant;
struct room;
struct create_room_options;
struct update_room_options;
template <class T> struct page;
class api_version;

// layer 3: protocol (connection_string.hpp, crypto/portable.hpp, signing.hpp)
struct connection_string;
struct portable_crypto;
template <class Crypto = portable_crypto> class hmac_signer;
class bearer_token_signer;
struct access_token;

// layer 4: pure layer (requests.hpp, operations.hpp, pagination.hpp, call.hpp)
struct request_context;
struct repeatability;
class page_cursor;
enum class next_link_policy;
struct retry_options;
struct call_options;
enum class log_level;
enum class call_action;
class call_machine;
struct create_room_operation;
struct get_room_operation;
struct update_room_operation;
struct delete_room_operation;
struct list_rooms_operation;
struct add_or_update_participants_operation;
struct remove_participants_operation;
struct list_participants_operation;
struct get_participants_operation;
struct add_participants_operation;
struct update_participants_operation;

// layer 5: client (client.hpp, pager.hpp)
template <class T> class pager;
struct client_options;
template <class Transport, class Signer> class rooms_client;

ACS_ROOMS_NAMESPACE_END

#endif // ACS_ROOMS_FWD_HPP
