// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): feature detection (concepts, exceptions on/off) and the
// separate-compilation switch.
#pragma once

#include <acs/rooms/version.hpp>

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
