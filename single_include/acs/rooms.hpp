// SPDX-License-Identifier: MIT
// acs_rooms 0.1.0: a header-only C++ client for the Azure Communication Services Rooms API.
// Single header, generated from include/ by tools/amalgamate.py - do not edit.
// The optional parts (transport/curl.hpp, transport/httplib.hpp, emulator.hpp, async.hpp...)
// are one file each in acs/rooms/, needing only this one: README.md, "Integration", lists
// the files to copy for each feature.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_HPP

// The umbrella header: every public header of layers 1 to 5. The optional headers
// (crypto/openssl.hpp, transport/*.hpp, emulator.hpp) are included separately.

// Listed by layer, not alphabetically.
// clang-format off
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
// separate-compilation switch.


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
// For headers that only name the library's types (in a signature, a pointer, a friend): cheaper
// than <acs/rooms.hpp>, with no nlohmann/json and no date. Like nlohmann/json_fwd.hpp, this is
// also where the default template arguments live, so the definitions do not repeat them.

// The guard, besides #pragma once, lets single_include/acs/rooms/fwd.hpp and the single header
// (which inlines this file) be included together: default template arguments may appear once.
#ifndef ACS_ROOMS_FWD_HPP
#define ACS_ROOMS_FWD_HPP


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

#include <cstddef>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// ASCII-only lower-casing: header names and hosts are ASCII, and locales must not matter.
constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
/// ASCII-only upper-casing (HTTP methods in the HMAC string to sign).
constexpr char ascii_upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}
/// Case-insensitive ASCII comparison, as HTTP header names are compared.
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}
/// `s` without leading and trailing ASCII blanks (space, tab, CR, LF).
constexpr std::string_view trim(std::string_view s) noexcept {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && blank(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

/// Lower-case hex digits, indexed by nibble (JSON escapes, UUIDs).
inline constexpr char hex_digits_lower[] = "0123456789abcdef";
/// Upper-case hex digits, indexed by nibble (percent-encoding, as RFC 3986 recommends).
inline constexpr char hex_digits_upper[] = "0123456789ABCDEF";

/// The value of one hex digit (either case), or -1 when `c` is not one.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}
/// True for 0-9, a-f and A-F.
constexpr bool is_hex(char c) noexcept { return hex_value(c) >= 0; }

/// Appends `byte` as two hex digits, upper case when `upper`.
inline void append_hex_byte(std::string& out, unsigned char byte, bool upper = false) {
  const char* digits = upper ? hex_digits_upper : hex_digits_lower;
  out += digits[byte >> 4];
  out += digits[byte & 15];
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// HTTP header fields in insertion order; names are compared case-insensitively.
class http_headers {
public:
  /// One header field: name and value.
  using value_type = std::pair<std::string, std::string>;
  /// Iterator over the fields in insertion order.
  using const_iterator = std::vector<value_type>::const_iterator;

  /// Replaces the first field called `name` (dropping any repeats), or appends it.
  void set(std::string name, std::string value) {
    auto it = find(name);
    if (it == fields_.end()) {
      fields_.emplace_back(std::move(name), std::move(value));
      return;
    }
    it->second = std::move(value);
    for (auto next = it + 1; next != fields_.end();) {
      next = detail::iequals(next->first, it->first) ? fields_.erase(next) : next + 1;
    }
  }
  /// Appends a field, even when one with that name exists.
  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  /// The value of the first field called `name`, if any.
  [[nodiscard]] std::optional<std::string_view> get(std::string_view name) const {
    for (const auto& field : fields_) {
      if (detail::iequals(field.first, name)) {
        return std::string_view(field.second);
      }
    }
    return std::nullopt;
  }
  /// True when a field called `name` exists.
  [[nodiscard]] bool contains(std::string_view name) const { return get(name).has_value(); }
  /// Removes every field called `name`.
  void erase(std::string_view name) {
    for (auto it = fields_.begin(); it != fields_.end();) {
      it = detail::iequals(it->first, name) ? fields_.erase(it) : it + 1;
    }
  }
  /// Number of fields.
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  /// True when there are no fields.
  [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }
  /// Reserves room for `n` fields.
  void reserve(std::size_t n) { fields_.reserve(n); }
  /// First field.
  [[nodiscard]] const_iterator begin() const noexcept { return fields_.begin(); }
  /// Past the last field.
  [[nodiscard]] const_iterator end() const noexcept { return fields_.end(); }

  /// Equal when the same fields appear in the same order (names compared case-insensitively).
  friend bool operator==(const http_headers& a, const http_headers& b) {
    if (a.fields_.size() != b.fields_.size()) {
      return false;
    }
    for (std::size_t i = 0; i < a.fields_.size(); ++i) {
      if (!detail::iequals(a.fields_[i].first, b.fields_[i].first) ||
          a.fields_[i].second != b.fields_[i].second) {
        return false;
      }
    }
    return true;
  }
  /// Negation of ==.
  friend bool operator!=(const http_headers& a, const http_headers& b) { return !(a == b); }

private:
  std::vector<value_type>::iterator find(std::string_view name) {
    for (auto it = fields_.begin(); it != fields_.end(); ++it) {
      if (detail::iequals(it->first, name)) {
        return it;
      }
    }
    return fields_.end();
  }
  std::vector<value_type> fields_;
};

/// A request as it goes on the wire. `url` is absolute; `method` is upper case.
struct http_request {
  std::string method;   ///< "GET", "POST", "PATCH" or "DELETE"
  std::string url;      ///< https://host[:port]/path?query, exactly as sent and signed
  http_headers headers; ///< header fields, in the order they were added
  std::string body;     ///< exact body bytes; empty for none
};

/// A response as received: status, headers and the whole body.
struct http_response {
  int status = 0;       ///< HTTP status code
  http_headers headers; ///< header fields as received
  std::string body;     ///< the body bytes
};

ACS_ROOMS_NAMESPACE_END

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// What kind of failure an `error` describes.
enum class errc {
  service_error = 1,  ///< the service (or a proxy in front of it) answered with a non-2xx status
  transport_error,    ///< no answer: the Transport failed to send or receive
  malformed_response, ///< a 2xx answer whose body is not what the API promises
  invalid_argument,   ///< the caller's input was refused before anything was sent
  timed_out,          ///< the call's deadline passed (retries and waits included)
  cancelled,          ///< the caller cancelled the call
};

/// The name of an `errc` value, e.g. "service_error".
[[nodiscard]] inline std::string_view to_string(errc kind) noexcept {
  switch (kind) {
  case errc::service_error:
    return "service_error";
  case errc::transport_error:
    return "transport_error";
  case errc::malformed_response:
    return "malformed_response";
  case errc::invalid_argument:
    return "invalid_argument";
  case errc::timed_out:
    return "timed_out";
  case errc::cancelled:
    return "cancelled";
  }
  return "unknown_error";
}

/// A failure as a value: the service's error envelope plus what the client knows about it.
/// Wire: `CommunicationError` {code, message, target, details, innererror} and `x-ms-error-code`.
struct error {
  errc kind = errc::invalid_argument; ///< what went wrong, broadly
  int status = 0;                     ///< HTTP status; 0 when no response was received
  std::string code;           ///< service code ("BadRequest", "NotFound"...), else x-ms-error-code
  std::string message;        ///< a sentence a person can act on; never contains a secret
  std::string target;         ///< what the error is about, e.g. "ValidUntil"
  std::vector<error> details; ///< nested errors, as the service sent them
  std::string client_request_id;  ///< the x-ms-client-request-id that was sent
  std::string correlation_vector; ///< the response's MS-CV header, for support tickets
  std::string azure_ref;          ///< the response's X-Azure-Ref header
  std::string raw_body;           ///< the response body when it was not a JSON error envelope
  http_headers headers; ///< the last response's headers (Retry-After, x-ms-error-code, ...)
  int attempts = 0;     ///< how many times the request was sent (0: never sent)

  /// The service's innererror, or nullptr.
  [[nodiscard]] const error* inner_error() const noexcept { return inner_.get(); }
  /// Sets the innererror (the parsers do; so may a custom transport or a test).
  void set_inner_error(error inner) { inner_ = std::make_shared<const error>(std::move(inner)); }
  /// True for a 404 from the service.
  [[nodiscard]] bool is_not_found() const noexcept {
    return kind == errc::service_error && status == 404;
  }
  /// One line for logs: "service_error 404 NotFound: The server cannot find...".
  [[nodiscard]] std::string describe() const {
    std::string out(to_string(kind));
    if (status != 0) {
      out += ' ';
      out += std::to_string(status);
    }
    if (!code.empty()) {
      out += ' ';
      out += code;
    }
    if (!message.empty()) {
      out += ": ";
      out += message;
    }
    for (const auto& d : details) {
      out += " [";
      out += d.code;
      if (!d.target.empty()) {
        out += " (" + d.target + ")";
      }
      if (!d.message.empty()) {
        out += ": " + d.message;
      }
      out += ']';
    }
    return out;
  }

private:
  std::shared_ptr<const error> inner_; // shared: copies of an error share its (immutable) inner
};

/// The exception `result<T>::value()` throws; it carries the whole `error`.
class rooms_error : public std::runtime_error {
public:
  /// Wraps `e`; what() is `e.describe()`.
  explicit rooms_error(acs::rooms::error e)
      : std::runtime_error(e.describe()), error_(std::move(e)) {}
  /// The failure, with every field the service sent.
  [[nodiscard]] const acs::rooms::error& error() const noexcept { return error_; }

private:
  acs::rooms::error error_;
};

/// An error of `kind` with a message (and an HTTP status, 0 when nothing was received): what a
/// custom Transport, Signer or test double returns in a `result`. The message is shown to people
/// and logged: never put a key, token or signature in it.
[[nodiscard]] inline error make_error(errc kind, std::string message, int status = 0) {
  error e;
  e.kind = kind;
  e.status = status;
  e.message = std::move(message);
  return e;
}

/// A `transport_error` (no answer, status 0), as a Transport that does not throw reports a
/// failure: `return acs::rooms::make_transport_error("connection reset");`. The client retries it
/// like a 503 (see retry_options).
[[nodiscard]] inline error make_transport_error(std::string message) {
  return make_error(errc::transport_error, std::move(message));
}

/// A `transport_error` naming the host and the cause, worded as the shipped transports word
/// theirs: "no answer from contoso.communication.azure.com: connection refused".
[[nodiscard]] inline error make_transport_error(std::string_view host, std::string_view cause) {
  std::string message = "no answer from ";
  message += host;
  message += ": ";
  message += cause;
  return make_transport_error(std::move(message));
}

namespace detail {
using acs::rooms::make_error; // the library's own spelling, from before make_error was public
} // namespace detail

ACS_ROOMS_NAMESPACE_END

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

ACS_ROOMS_NAMESPACE_BEGIN

/// Either a `T` or an `error`, spelled like `std::expected<T, error>`.
template <class T> class [[nodiscard]] result {
  static_assert(!std::is_same_v<T, acs::rooms::error>, "result<error> is ambiguous");

public:
  /// A success holding `value`.
  result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}
  /// A failure holding `e`.
  result(acs::rooms::error e) : storage_(std::in_place_index<1>, std::move(e)) {}

  /// True when a value is held.
  [[nodiscard]] bool has_value() const noexcept { return storage_.index() == 0; }
  /// Same as has_value().
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws `rooms_error` (aborts without exceptions) when an error is held.
  T& value() & {
    check();
    return *std::get_if<0>(&storage_);
  }
  /// The value; throws `rooms_error` (aborts without exceptions) when an error is held.
  const T& value() const& {
    check();
    return *std::get_if<0>(&storage_);
  }
  /// The value, moved out; throws `rooms_error` when an error is held.
  T&& value() && {
    check();
    return std::move(*std::get_if<0>(&storage_));
  }
  /// The value, or `fallback` when an error is held.
  template <class U> T value_or(U&& fallback) const& {
    return has_value() ? *std::get_if<0>(&storage_) : static_cast<T>(std::forward<U>(fallback));
  }
  /// The error. Precondition: !has_value().
  const acs::rooms::error& error() const& noexcept { return *std::get_if<1>(&storage_); }
  /// The error, moved out. Precondition: !has_value().
  acs::rooms::error&& error() && noexcept { return std::move(*std::get_if<1>(&storage_)); }

  /// The value. Precondition: has_value().
  T& operator*() & noexcept { return *std::get_if<0>(&storage_); }
  /// The value. Precondition: has_value().
  const T& operator*() const& noexcept { return *std::get_if<0>(&storage_); }
  /// The value, moved out. Precondition: has_value().
  T&& operator*() && noexcept { return std::move(*std::get_if<0>(&storage_)); }
  /// Member access to the value. Precondition: has_value().
  T* operator->() noexcept { return std::get_if<0>(&storage_); }
  /// Member access to the value. Precondition: has_value().
  const T* operator->() const noexcept { return std::get_if<0>(&storage_); }

private:
  void check() const {
    if (!has_value()) {
      ACS_ROOMS_THROW(rooms_error(*std::get_if<1>(&storage_)));
    }
  }
  std::variant<T, acs::rooms::error> storage_;
};

/// Success with nothing to return, or an `error`.
template <> class [[nodiscard]] result<void> {
public:
  /// A success.
  result() noexcept = default;
  /// A failure holding `e`.
  result(acs::rooms::error e) : error_(std::move(e)) {}

  /// True on success.
  [[nodiscard]] bool has_value() const noexcept { return !error_.has_value(); }
  /// Same as has_value().
  explicit operator bool() const noexcept { return has_value(); }
  /// Throws `rooms_error` (aborts without exceptions) on failure; does nothing on success.
  void value() const {
    if (error_) {
      ACS_ROOMS_THROW(rooms_error(*error_));
    }
  }
  /// The error. Precondition: !has_value().
  const acs::rooms::error& error() const& noexcept { return *error_; }
  /// The error, moved out. Precondition: !has_value().
  acs::rooms::error&& error() && noexcept { return std::move(*error_); }

private:
  std::optional<acs::rooms::error> error_;
};

ACS_ROOMS_NAMESPACE_END
// distances of durations and time points that clamp (or refuse) instead of overflowing.


#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <ratio>
#include <type_traits>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

// Every value that comes from outside (a Retry-After header, a token's expiry, a service date)
// or from options (timeouts, retry delays, refresh margins) goes through these before it is
// converted or added: `std::chrono` converts and adds in the target's integer type, and a
// signed overflow there is undefined behaviour (a wrapped deadline in practice). "No limit" is
// then simply the largest value: it saturates to the end of the clock instead of wrapping.

/// `d` in `To`'s units, truncated towards zero like `duration_cast`; nullopt when it does not
/// fit `To`'s count. Integral counts only, in whole multiples or fractions of each other's unit
/// (every std::chrono unit, and the clocks' ticks, are).
template <class To, class Rep, class Period>
constexpr std::optional<To> checked_duration_cast(std::chrono::duration<Rep, Period> d) noexcept {
  using to_rep = typename To::rep;
  using ratio = std::ratio_divide<Period, typename To::period>; // To's units per unit of d
  static_assert(std::is_integral_v<Rep> && std::is_integral_v<to_rep> && std::is_signed_v<to_rep>,
                "acs::rooms: integral durations into a signed count only");
  static_assert(ratio::num == 1 || ratio::den == 1,
                "acs::rooms: durations in whole multiples or fractions of each other's unit only");
  constexpr std::intmax_t to_max = std::numeric_limits<to_rep>::max();
  constexpr std::intmax_t to_min = std::numeric_limits<to_rep>::min();
  if constexpr (ratio::den == 1) { // a coarser unit: multiply, after checking the range
    constexpr std::intmax_t top = to_max / ratio::num;
    constexpr std::intmax_t bottom = to_min / ratio::num;
    if constexpr (std::is_signed_v<Rep>) {
      const std::intmax_t count = d.count();
      if (count > top || count < bottom) {
        return std::nullopt;
      }
      return To(static_cast<to_rep>(static_cast<to_rep>(count) * static_cast<to_rep>(ratio::num)));
    } else {
      const std::uintmax_t count = d.count();
      if (count > static_cast<std::uintmax_t>(top)) {
        return std::nullopt;
      }
      return To(static_cast<to_rep>(static_cast<to_rep>(count) * static_cast<to_rep>(ratio::num)));
    }
  } else { // a finer unit: dividing cannot overflow, but the result may not fit a narrower count
    if constexpr (std::is_signed_v<Rep>) {
      const std::intmax_t count = static_cast<std::intmax_t>(d.count()) / ratio::den;
      if (count > to_max || count < to_min) {
        return std::nullopt;
      }
      return To(static_cast<to_rep>(count));
    } else {
      const std::uintmax_t count =
          static_cast<std::uintmax_t>(d.count()) / static_cast<std::uintmax_t>(ratio::den);
      if (count > static_cast<std::uintmax_t>(to_max)) {
        return std::nullopt;
      }
      return To(static_cast<to_rep>(count));
    }
  }
}

/// `d` in `To`'s units, truncated towards zero, clamped to [To::min(), To::max()] instead of
/// overflowing: a duration longer than `To` can count is as long as `To` counts.
template <class To, class Rep, class Period>
constexpr To saturating_duration_cast(std::chrono::duration<Rep, Period> d) noexcept {
  const auto converted = checked_duration_cast<To>(d);
  if (converted) {
    return *converted;
  }
  return d.count() > 0 ? To::max() : To::min();
}

/// `t + d` in `t`'s units (`d` truncated towards zero to them), clamped to the clock's
/// [min(), max()] instead of overflowing. A duration longer than the clock's whole range counts
/// as forever.
template <class Clock, class Duration, class Rep, class Period>
constexpr std::chrono::time_point<Clock, Duration>
saturating_add(std::chrono::time_point<Clock, Duration> t,
               std::chrono::duration<Rep, Period> d) noexcept {
  using point = std::chrono::time_point<Clock, Duration>;
  const auto step = checked_duration_cast<Duration>(d);
  if (!step) {
    return d.count() > 0 ? point::max() : point::min();
  }
  const Duration since = t.time_since_epoch();
  if (step->count() > 0 && since > Duration::max() - *step) {
    return point::max();
  }
  if (step->count() < 0 && since < Duration::min() - *step) {
    return point::min();
  }
  return t + *step;
}

/// `t - d`, clamped like saturating_add.
template <class Clock, class Duration, class Rep, class Period>
constexpr std::chrono::time_point<Clock, Duration>
saturating_sub(std::chrono::time_point<Clock, Duration> t,
               std::chrono::duration<Rep, Period> d) noexcept {
  using step = std::chrono::duration<Rep, Period>;
  if (d == step::min()) { // -min() does not exist: t - d = t + -(d + 1) + 1
    return saturating_add(saturating_add(t, -(d + step(1))), step(1));
  }
  return saturating_add(t, -d);
}

/// |a - b|, clamped to the clock's longest duration instead of overflowing (1700 to 2262 is
/// longer than a signed 64-bit count of nanoseconds holds).
template <class Clock, class Duration>
constexpr Duration time_distance(std::chrono::time_point<Clock, Duration> a,
                                 std::chrono::time_point<Clock, Duration> b) noexcept {
  const Duration x = a < b ? b.time_since_epoch() : a.time_since_epoch(); // the later
  const Duration y = a < b ? a.time_since_epoch() : b.time_since_epoch(); // the earlier
  if (y.count() < 0 && x > Duration::max() + y) {
    return Duration::max();
  }
  return x - y;
}

/// True when `a` and `b` are at most `d` apart; never overflows.
template <class Clock, class Duration, class Rep, class Period>
constexpr bool within(std::chrono::time_point<Clock, Duration> a,
                      std::chrono::time_point<Clock, Duration> b,
                      std::chrono::duration<Rep, Period> d) noexcept {
  return time_distance(a, b) <= saturating_duration_cast<Duration>(d);
}

/// True when `until` is at or before `now`, or when a wait of `wait` from `now` would end after
/// it (both compared after clamping, so it never overflows, whatever the units).
template <class Clock, class Duration, class Rep, class Period>
constexpr bool would_pass(std::chrono::time_point<Clock, Duration> now,
                          std::chrono::duration<Rep, Period> wait,
                          std::chrono::time_point<Clock, Duration> until) noexcept {
  return now >= until || saturating_duration_cast<Duration>(wait) > time_distance(until, now);
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <chrono>
#include <memory>
#include <optional>

#if ACS_ROOMS_DEFINITIONS
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

#if ACS_ROOMS_CPLUSPLUS >= 202002L && defined(__has_include)
#if __has_include(<stop_token>)
#include <stop_token>
#endif
#endif
#if defined(__cpp_lib_jthread) && __cpp_lib_jthread >= 201911L
/// 1 when std::stop_token exists: a cancellation_token can then wrap one.
#define ACS_ROOMS_HAS_STOP_TOKEN 1
#else
#define ACS_ROOMS_HAS_STOP_TOKEN 0
#endif

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// The shared state of a cancellation_source and its tokens (defined with the definitions: it
/// needs <mutex> and <condition_variable>).
struct cancellation_state;
} // namespace detail

/// Asks a call to stop: cheap to copy, all copies observe the same flag. A default-constructed
/// token is never cancelled. Under C++20 it can also wrap a `std::stop_token`.
class cancellation_token {
public:
  /// A token that is never cancelled.
  cancellation_token() = default;
#if ACS_ROOMS_HAS_STOP_TOKEN
  /// Observes `stop`: the call stops when stop is requested.
  cancellation_token(std::stop_token stop) : stop_(std::move(stop)) {} // NOLINT: implicit
#endif

  /// True once cancellation was requested.
  [[nodiscard]] bool cancelled() const noexcept;

  /// True when this token can ever be cancelled (it observes a source or a stop_token).
  [[nodiscard]] bool can_be_cancelled() const noexcept {
#if ACS_ROOMS_HAS_STOP_TOKEN
    if (stop_.stop_possible()) {
      return true;
    }
#endif
    return state_ != nullptr;
  }

  /// Waits up to `duration`, returning early (false) when cancelled; true when it waited it all.
  /// Any duration is safe: the end of the wait saturates at the end of the steady clock (a
  /// `milliseconds::max()` wait lasts until cancelled), and zero or less does not wait.
  bool wait_for(std::chrono::milliseconds duration) const;

private:
  friend class cancellation_source;
  explicit cancellation_token(std::shared_ptr<detail::cancellation_state> state)
      : state_(std::move(state)) {}
  std::shared_ptr<detail::cancellation_state> state_;
#if ACS_ROOMS_HAS_STOP_TOKEN
  std::stop_token stop_;
#endif
};

/// Hands out tokens and cancels them all at once, from any thread.
class cancellation_source {
public:
  /// A source whose tokens are not cancelled yet.
  cancellation_source();
  /// A token observing this source.
  [[nodiscard]] cancellation_token token() const { return cancellation_token(state_); }
  /// Cancels every token of this source; waits in progress end promptly.
  void cancel() const;
  /// True once cancel() was called.
  [[nodiscard]] bool cancelled() const;

private:
  std::shared_ptr<detail::cancellation_state> state_;
};

#if ACS_ROOMS_DEFINITIONS
namespace detail {
/// The state a source and its tokens share: a flag, and a condition variable so that a wait in
/// progress ends as soon as the flag is set.
struct cancellation_state {
  std::mutex mutex;
  std::condition_variable changed;
  bool cancelled = false;
};
} // namespace detail

ACS_ROOMS_API bool cancellation_token::cancelled() const noexcept {
#if ACS_ROOMS_HAS_STOP_TOKEN
  if (stop_.stop_requested()) {
    return true;
  }
#endif
  if (!state_) {
    return false;
  }
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->cancelled;
}

ACS_ROOMS_API bool cancellation_token::wait_for(std::chrono::milliseconds duration) const {
  const auto until = detail::saturating_add(std::chrono::steady_clock::now(), duration);
  const auto wait_on = [until](detail::cancellation_state& state) {
    std::unique_lock<std::mutex> lock(state.mutex);
    return !state.changed.wait_until(lock, until, [&state] { return state.cancelled; });
  };
#if ACS_ROOMS_HAS_STOP_TOKEN
  if (stop_.stop_possible()) {
    // A stop_token has no condition variable of ours: a local one is woken on request.
    detail::cancellation_state local;
    std::stop_callback wake(stop_, [&local] {
      std::lock_guard<std::mutex> lock(local.mutex);
      local.cancelled = true;
      local.changed.notify_all();
    });
    return wait_on(local);
  }
#endif
  if (!state_) {
    std::this_thread::sleep_until(until);
    return true;
  }
  return wait_on(*state_);
}

ACS_ROOMS_API cancellation_source::cancellation_source()
    : state_(std::make_shared<detail::cancellation_state>()) {}

ACS_ROOMS_API void cancellation_source::cancel() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->cancelled = true;
  state_->changed.notify_all();
}

ACS_ROOMS_API bool cancellation_source::cancelled() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->cancelled;
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// What a Transport may be told about one send, when it offers
/// `send(const http_request&, const send_options&)`: how long the call may still take, and a
/// token that is cancelled when the caller gives up. Transports without that overload are
/// called as `send(request)` and bounded only by their own timeouts.
struct send_options {
  std::optional<std::chrono::milliseconds> timeout; ///< the call's remaining time; nullopt: none
  cancellation_token cancellation;                  ///< the caller's cancellation
};

namespace detail {
template <class T, class = void> struct accepts_send_options : std::false_type {};
template <class T>
struct accepts_send_options<
    T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().send(
           std::declval<const http_request&>(), std::declval<const send_options&>()))>>
    : std::true_type {};
template <class T, class = void> struct send_result { using type = void; };
template <class T>
struct send_result<T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().send(
                          std::declval<const http_request&>()))>> {
  using type = decltype(std::declval<std::remove_reference_t<T>&>().send(
      std::declval<const http_request&>()));
};
template <class T, class = void> struct sign_result {
  using type = int; // "not callable": int is never a valid sign() result
};
template <class T>
struct sign_result<T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().sign(
                          std::declval<http_request&>(), std::declval<time_point>()))>> {
  using type = decltype(std::declval<std::remove_reference_t<T>&>().sign(
      std::declval<http_request&>(), std::declval<time_point>()));
};
template <class C, class = void> struct is_crypto_impl : std::false_type {};
template <class C>
struct is_crypto_impl<
    C, std::enable_if_t<std::is_convertible_v<decltype(std::declval<const C&>().sha256(
                                                  std::declval<std::string_view>())),
                                              std::string> &&
                        std::is_convertible_v<decltype(std::declval<const C&>().hmac_sha256(
                                                  std::declval<std::string_view>(),
                                                  std::declval<std::string_view>())),
                                              std::string>>> : std::true_type {};

template <class T, class = void> struct send2_result { using type = void; };
template <class T>
struct send2_result<
    T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().send(
           std::declval<const http_request&>(), std::declval<const send_options&>()))>> {
  using type = decltype(std::declval<std::remove_reference_t<T>&>().send(
      std::declval<const http_request&>(), std::declval<const send_options&>()));
};
template <class R>
inline constexpr bool is_send_result_v = std::is_same_v<std::decay_t<R>, http_response> ||
                                         std::is_same_v<std::decay_t<R>, result<http_response>>;
} // namespace detail

/// True when `t.send(const http_request&)` — or `t.send(const http_request&, const
/// send_options&)` — returns http_response or result<http_response>.
template <class T>
inline constexpr bool is_transport_v =
    detail::is_send_result_v<typename detail::send_result<T>::type> ||
    detail::is_send_result_v<typename detail::send2_result<T>::type>;

/// True when `s.sign(http_request&, time_point)` returns void or result<void>.
template <class S>
inline constexpr bool is_signer_v =
    std::is_void_v<typename detail::sign_result<S>::type> ||
    std::is_same_v<std::decay_t<typename detail::sign_result<S>::type>, result<void>>;

/// True when `c.sha256(sv)` and `c.hmac_sha256(key, message)` both return std::string.
template <class C> inline constexpr bool is_crypto_v = detail::is_crypto_impl<C>::value;

#if ACS_ROOMS_HAS_CONCEPTS
/// A Transport sends one request and returns the whole response (or result<http_response>).
template <class T>
concept transport = is_transport_v<T>;

/// A Signer adds authentication headers to a request about to be sent at `now`.
template <class S>
concept signer = requires(std::remove_reference_t<S>& s, http_request& request, time_point now) {
  s.sign(request, now);
}
&&is_signer_v<S>;

/// A Crypto provides SHA-256 and HMAC-SHA256 returning 32 raw bytes.
template <class C>
concept crypto = requires(const C& c, std::string_view data) {
  { c.sha256(data) } -> std::convertible_to<std::string>;
  { c.hmac_sha256(data, data) } -> std::convertible_to<std::string>;
};
#endif

ACS_ROOMS_NAMESPACE_END

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#if ACS_ROOMS_DEFINITIONS
#include <date/date.h>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

// Parsing and formatting are done by hand over date's calendar arithmetic: date::parse and
// date::format go through iostreams and locales, which the request path must not touch. Only the
// definitions (ACS_ROOMS_DEFINITIONS) need date's header.

namespace detail {
inline constexpr std::array<std::string_view, 7> weekday_names = {"Sun", "Mon", "Tue", "Wed",
                                                                  "Thu", "Fri", "Sat"};
inline constexpr std::array<std::string_view, 12> month_names = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// Reads exactly `n` ASCII digits at `pos`; false when any is not a digit.
ACS_ROOMS_API bool read_digits(std::string_view s, std::size_t pos, std::size_t n,
                               int& out) noexcept;

/// Writes `v` as exactly `n` digits (zero-padded) at `out`.
ACS_ROOMS_API char* write_digits(char* out, unsigned v, int n) noexcept;

/// `t`, or, when `t` lies in the clock's first partial `unit` (whose floor, the precision a
/// formatter writes, is before time_point::min()), `t` rounded up to the next `unit`: so every
/// text the formatters write reads back. Only the clock's first unit is moved.
template <class Unit> time_point writable(time_point t, Unit unit) noexcept {
  using ticks = time_point::duration;
  const ticks step = std::chrono::duration_cast<ticks>(unit);
  const ticks first = time_point::min().time_since_epoch();
  if (step <= ticks::zero() || t.time_since_epoch() >= first + step) {
    return t; // first + step: min() plus one unit, no overflow; t - first could overflow
  }
  ticks rem = t.time_since_epoch() % step;
  if (rem < ticks::zero()) {
    rem += step;
  }
  return rem > t.time_since_epoch() - first ? t + (step - rem) : t;
}

/// Writes `t` in UTC as "YYYY-MM-DDTHH:MM:SS" and, when `fraction_digits` is 1 to 9, '.' and
/// that many fractional digits (floored); returns the end. Needs 20 + fraction_digits chars. The
/// caller adds the offset: "Z" in format_rfc3339, "+00:00" after 7 digits in the service's style.
ACS_ROOMS_API char* write_rfc3339_fields(char* p, time_point t, int fraction_digits);

/// Seconds since the epoch of a civil date and time at `offset_seconds` east of UTC; nullopt when
/// the date or the time of day is not valid. Years are at most four digits and offsets under a
/// day: nothing here can overflow.
ACS_ROOMS_API std::optional<std::int64_t> civil_seconds(int y, int mo, int d, int h, int mi, int s,
                                                        std::int64_t offset_seconds);

/// The instant `secs` seconds and `nanos` nanoseconds (floored to the clock's tick) after the
/// epoch, or nullopt when the clock cannot represent it. Never clamped: an instant outside
/// [time_point::min(), time_point::max()] is refused, not replaced by a different one.
ACS_ROOMS_API std::optional<time_point> time_from_seconds(std::int64_t secs, std::int64_t nanos);

/// Civil date and time to a time_point; nullopt when invalid or outside the clock's range
/// (refused, never clamped to the clock's ends).
ACS_ROOMS_API std::optional<time_point> make_time(int y, int mo, int d, int h, int mi, int s,
                                                  std::int64_t nanos, std::int64_t offset_seconds);

/// `d` in the clock's ticks (sub-tick precision truncated); nullopt when it does not fit,
/// that is when it is longer than the clock's whole range (about 292 years).
template <class Rep, class Period>
constexpr std::optional<time_point::duration>
to_clock_duration(std::chrono::duration<Rep, Period> d) noexcept {
  return checked_duration_cast<time_point::duration>(d);
}

/// `d` in the clock's ticks, clamped to the clock's longest durations instead of overflowing.
template <class Rep, class Period>
constexpr time_point::duration saturating_duration(std::chrono::duration<Rep, Period> d) noexcept {
  return saturating_duration_cast<time_point::duration>(d);
}

// saturating_add, saturating_sub, time_distance and within (for any clock) are in
// detail/saturate.hpp.

} // namespace detail

/// RFC 3339 in UTC with milliseconds, as the SDKs send it: "2026-11-24T12:00:00.000Z".
/// Sub-millisecond precision is floored; any time_point is written without overflow. The
/// clock's first partial millisecond (time_point::min() is not on one) is written rounded up,
/// since its floor lies before the clock's range: what is written always reads back.
[[nodiscard]] ACS_ROOMS_API std::string format_rfc3339(time_point t);

/// Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±hh:mm)"; nullopt when malformed, or when the
/// instant is outside the clock's range (1677-09-21T00:12:43.145224192Z to
/// 2262-04-11T23:47:16.854775807Z with nanosecond ticks): refused, never clamped to another
/// instant. All nine fractional digits are kept, down to the clock's precision.
[[nodiscard]] ACS_ROOMS_API std::optional<time_point> parse_rfc3339(std::string_view s);

/// RFC 1123 / IMF-fixdate in GMT with English names, independent of the locale:
/// "Tue, 24 Nov 2026 12:00:00 GMT". Used for x-ms-date and Repeatability-First-Sent.
[[nodiscard]] ACS_ROOMS_API std::string format_rfc1123(time_point t);

namespace detail {
/// Reads an IMF-fixdate such as "Tue, 24 Nov 2026 12:00:00 GMT" as seconds since the epoch,
/// whether or not the clock can represent it (years 0000 to 9999 fit); nullopt when malformed
/// or when the weekday does not match the date.
ACS_ROOMS_API std::optional<std::int64_t> read_rfc1123(std::string_view s);
} // namespace detail

/// Parses an IMF-fixdate such as "Tue, 24 Nov 2026 12:00:00 GMT"; nullopt when malformed, when
/// the weekday does not match the date, or when the clock cannot represent the instant.
[[nodiscard]] ACS_ROOMS_API std::optional<time_point> parse_rfc1123(std::string_view s);

#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API bool read_digits(std::string_view s, std::size_t pos, std::size_t n,
                               int& out) noexcept {
  if (pos + n > s.size()) {
    return false;
  }
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

ACS_ROOMS_API char* write_digits(char* out, unsigned v, int n) noexcept {
  for (int i = n - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + n;
}

ACS_ROOMS_API char* write_rfc3339_fields(char* p, time_point t, int fraction_digits) {
  const auto secs = date::floor<std::chrono::seconds>(t);
  const auto day = date::floor<date::days>(secs);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> tod{secs - day};
  p = write_digits(p, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  *p++ = '-';
  p = write_digits(p, static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  p = write_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  p = write_digits(p, static_cast<unsigned>(tod.hours().count()), 2);
  *p++ = ':';
  p = write_digits(p, static_cast<unsigned>(tod.minutes().count()), 2);
  *p++ = ':';
  p = write_digits(p, static_cast<unsigned>(tod.seconds().count()), 2);
  if (fraction_digits > 0) {
    // The part below the second, from the tick count itself: `t - secs` would convert `secs`
    // (floored below time_point::min() for the clock's first second) back into ticks, and
    // overflow.
    auto below = t.time_since_epoch() % std::chrono::seconds(1);
    if (below < below.zero()) {
      below += std::chrono::seconds(1);
    }
    auto fraction = std::chrono::duration_cast<std::chrono::nanoseconds>(below).count();
    for (int i = fraction_digits; i < 9; ++i) {
      fraction /= 10;
    }
    *p++ = '.';
    p = write_digits(p, static_cast<unsigned>(fraction), fraction_digits);
  }
  return p;
}

ACS_ROOMS_API std::optional<std::int64_t> civil_seconds(int y, int mo, int d, int h, int mi, int s,
                                                        std::int64_t offset_seconds) {
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
    return std::nullopt;
  }
  const std::int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  return days * 86400 + h * 3600 + mi * 60 + s - offset_seconds;
}

ACS_ROOMS_API std::optional<time_point> time_from_seconds(std::int64_t secs, std::int64_t nanos) {
  if (nanos < 0 || nanos >= 1000000000) {
    return std::nullopt;
  }
  // Everything below counts the clock's ticks (nanoseconds with libstdc++, microseconds
  // with libc++), so no step leaves the clock's range: the range is whole seconds plus a
  // non-negative remainder at each end.
  using duration = time_point::duration;
  static_assert(duration::period::num == 1 && duration::period::den <= 1000000000,
                "acs::rooms: the system clock must tick in whole fractions of a second");
  constexpr std::int64_t per_second = duration::period::den;
  constexpr std::int64_t billion = 1000000000;
  constexpr std::int64_t lo = duration::min().count();
  constexpr std::int64_t hi = duration::max().count();
  constexpr std::int64_t lo_s = lo / per_second - (lo % per_second < 0 ? 1 : 0); // floored
  constexpr std::int64_t lo_sub =
      lo - (lo / per_second) * per_second < 0 ? lo % per_second + per_second : lo % per_second;
  constexpr std::int64_t hi_s = hi / per_second;
  constexpr std::int64_t hi_sub = hi % per_second;
  const std::int64_t sub = nanos / (billion / per_second); // the fraction in ticks, floored
  if (secs > hi_s || (secs == hi_s && sub > hi_sub) || secs < lo_s ||
      (secs == lo_s && sub < lo_sub)) {
    return std::nullopt;
  }
  // Negative seconds go one second up first: lo_s * per_second alone may not fit.
  const std::int64_t ticks =
      secs < 0 ? (secs + 1) * per_second + (sub - per_second) : secs * per_second + sub;
  return time_point(duration(ticks));
}

ACS_ROOMS_API std::optional<time_point> make_time(int y, int mo, int d, int h, int mi, int s,
                                                  std::int64_t nanos, std::int64_t offset_seconds) {
  const auto secs = civil_seconds(y, mo, d, h, mi, s, offset_seconds);
  if (!secs) {
    return std::nullopt;
  }
  return time_from_seconds(*secs, nanos);
}

/// Splits `t` into its civil day and the time of day, flooring towards the past.
ACS_ROOMS_API void split_time(time_point t, date::year_month_day& ymd,
                              date::hh_mm_ss<std::chrono::milliseconds>& tod) {
  const auto ms = date::floor<std::chrono::milliseconds>(t);
  const auto day = date::floor<date::days>(ms);
  ymd = date::year_month_day{day};
  tod = date::hh_mm_ss<std::chrono::milliseconds>{ms - day};
}

} // namespace detail

ACS_ROOMS_API std::string format_rfc3339(time_point t) {
  std::string out(24, '\0'); // YYYY-MM-DDTHH:MM:SS.fffZ
  char* p = detail::write_rfc3339_fields(out.data(),
                                         detail::writable(t, std::chrono::milliseconds(1)), 3);
  *p = 'Z';
  return out;
}

ACS_ROOMS_API std::optional<time_point> parse_rfc3339(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!detail::read_digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' ||
      !detail::read_digits(s, 5, 2, mo) || s[7] != '-' || !detail::read_digits(s, 8, 2, d) ||
      (s[10] != 'T' && s[10] != 't') || !detail::read_digits(s, 11, 2, h) || s[13] != ':' ||
      !detail::read_digits(s, 14, 2, mi) || s[16] != ':' || !detail::read_digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t nanos = 0;
  if (s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (++digits > 9) {
        return std::nullopt;
      }
      nanos = nanos * 10 + (s[pos] - '0');
      ++pos;
    }
    if (digits == 0) {
      return std::nullopt;
    }
    for (int i = digits; i < 9; ++i) {
      nanos *= 10;
    }
  }
  std::int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    offset = 0;
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!detail::read_digits(s, pos + 1, 2, oh) || !detail::read_digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  return detail::make_time(y, mo, d, h, mi, sec, nanos, offset);
}

ACS_ROOMS_API std::string format_rfc1123(time_point t) {
  date::year_month_day ymd{};
  date::hh_mm_ss<std::chrono::milliseconds> tod{};
  detail::split_time(detail::writable(t, std::chrono::seconds(1)), ymd, tod);
  const date::weekday wd{date::sys_days{ymd}};
  std::string out(29, '\0');
  char* p = out.data();
  const auto put = [&p](std::string_view text) {
    for (char c : text) {
      *p++ = c;
    }
  };
  put(detail::weekday_names[wd.c_encoding()]);
  put(", ");
  p = detail::write_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = ' ';
  put(detail::month_names[static_cast<unsigned>(ymd.month()) - 1]);
  *p++ = ' ';
  p = detail::write_digits(p, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  *p++ = ' ';
  p = detail::write_digits(p, static_cast<unsigned>(tod.hours().count()), 2);
  *p++ = ':';
  p = detail::write_digits(p, static_cast<unsigned>(tod.minutes().count()), 2);
  *p++ = ':';
  p = detail::write_digits(p, static_cast<unsigned>(tod.seconds().count()), 2);
  put(" GMT");
  return out;
}

namespace detail {
ACS_ROOMS_API std::optional<std::int64_t> read_rfc1123(std::string_view s) {
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  int d = 0, y = 0, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, 5, 2, d) || !read_digits(s, 12, 4, y) || !read_digits(s, 17, 2, h) ||
      !read_digits(s, 20, 2, mi) || !read_digits(s, 23, 2, sec)) {
    return std::nullopt;
  }
  int mo = 0;
  for (std::size_t i = 0; i < month_names.size(); ++i) {
    if (s.substr(8, 3) == month_names[i]) {
      mo = static_cast<int>(i) + 1;
    }
  }
  if (mo == 0) {
    return std::nullopt;
  }
  const auto secs = civil_seconds(y, mo, d, h, mi, sec, 0);
  if (!secs) {
    return std::nullopt;
  }
  const date::sys_days day{date::year{y} / date::month{static_cast<unsigned>(mo)} /
                           date::day{static_cast<unsigned>(d)}};
  if (weekday_names[date::weekday{day}.c_encoding()] != s.substr(0, 3)) {
    return std::nullopt;
  }
  return secs;
}

} // namespace detail

ACS_ROOMS_API std::optional<time_point> parse_rfc1123(std::string_view s) {
  const auto secs = detail::read_rfc1123(s);
  if (!secs) {
    return std::nullopt;
  }
  return detail::time_from_seconds(*secs, 0);
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END

#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// The kinds of communication identifier a raw id can name.
enum class identifier_kind {
  communication_user,   ///< "8:acs:...", "8:spool:...", "8:dod-acs:...", "8:gcch-acs:..."
  phone_number,         ///< "4:<number>"
  microsoft_teams_user, ///< "8:orgid:", "8:dod:", "8:gcch:", "8:teamsvisitor:"
  microsoft_teams_app,  ///< "28:orgid:", "28:dod:", "28:gcch:"
  teams_extension_user, ///< "8:acs:<resource>_<tenant>_<user>" (and dod/gcch variants)
  unknown,              ///< anything else; kept verbatim
};

/// The cloud a Teams or extension identifier belongs to.
enum class cloud_environment { public_cloud, dod, gcch };

/// A participant's identity, held as its raw id; the kind and parts are derived from it.
/// Parsing follows the official SDKs (JS 2.5, .NET): split on every ':' and require 3 parts.
class communication_identifier {
public:
  /// An empty identifier of kind `unknown`.
  communication_identifier() = default;
  /// Reads any raw id; never fails (an unrecognised one is of kind `unknown`).
  static communication_identifier from_raw_id(std::string raw_id) {
    const identifier_kind kind = classify(raw_id);
    return communication_identifier(std::move(raw_id), kind);
  }
  /// An ACS user, e.g. "8:acs:<resource>_<guid>"; the id is the raw id.
  static communication_identifier communication_user(std::string id) {
    return communication_identifier(std::move(id), identifier_kind::communication_user);
  }
  /// A phone number: raw id "4:" + the number as given (no '+' added or removed).
  static communication_identifier phone_number(std::string e164) {
    return communication_identifier("4:" + e164, identifier_kind::phone_number);
  }
  /// A Teams user: "8:orgid:<id>" (or dod/gcch), or "8:teamsvisitor:<id>" when anonymous.
  static communication_identifier
  microsoft_teams_user(std::string_view user_id, bool anonymous = false,
                       cloud_environment cloud = cloud_environment::public_cloud) {
    std::string prefix = anonymous                          ? "8:teamsvisitor:"
                         : cloud == cloud_environment::dod  ? "8:dod:"
                         : cloud == cloud_environment::gcch ? "8:gcch:"
                                                            : "8:orgid:";
    return communication_identifier(prefix.append(user_id), identifier_kind::microsoft_teams_user);
  }
  /// A Teams app: "28:orgid:<id>" (or dod/gcch).
  static communication_identifier
  microsoft_teams_app(std::string_view app_id,
                      cloud_environment cloud = cloud_environment::public_cloud) {
    std::string prefix = cloud == cloud_environment::dod    ? "28:dod:"
                         : cloud == cloud_environment::gcch ? "28:gcch:"
                                                            : "28:orgid:";
    return communication_identifier(prefix.append(app_id), identifier_kind::microsoft_teams_app);
  }
  /// A Teams Phone extension user: "8:acs:<resource>_<tenant>_<user>" (or dod-acs/gcch-acs).
  static communication_identifier
  teams_extension_user(std::string_view user_id, std::string_view tenant_id,
                       std::string_view resource_id,
                       cloud_environment cloud = cloud_environment::public_cloud) {
    std::string raw = cloud == cloud_environment::dod    ? "8:dod-acs:"
                      : cloud == cloud_environment::gcch ? "8:gcch-acs:"
                                                         : "8:acs:";
    raw.append(resource_id).append("_").append(tenant_id).append("_").append(user_id);
    return from_raw_id(std::move(raw));
  }

  /// What kind of identity this is.
  [[nodiscard]] identifier_kind kind() const noexcept { return kind_; }
  /// The raw id, exactly as given or as the service sent it.
  [[nodiscard]] const std::string& raw_id() const noexcept { return raw_id_; }

  /// Phone number: the text after "4:"; empty for other kinds.
  [[nodiscard]] std::string_view phone_number_value() const noexcept {
    return kind_ == identifier_kind::phone_number ? std::string_view(raw_id_).substr(2)
                                                  : std::string_view();
  }
  /// Phone number: the asserted id after the last '_' (empty if none). Empty for other kinds.
  [[nodiscard]] std::string_view asserted_id() const noexcept {
    const std::string_view value = phone_number_value();
    const auto cut = value.rfind('_');
    return cut == std::string_view::npos ? std::string_view() : value.substr(cut + 1);
  }
  /// True for "4:anonymous" and for "8:teamsvisitor:" users.
  [[nodiscard]] bool is_anonymous() const noexcept {
    return raw_id_ == "4:anonymous" || (kind_ == identifier_kind::microsoft_teams_user &&
                                        raw_id_.compare(0, 15, "8:teamsvisitor:") == 0);
  }
  /// Teams user id, Teams app id or extension user id; the whole raw id for ACS users and
  /// unknown ids; the number for phone numbers.
  [[nodiscard]] std::string_view id() const noexcept {
    const std::string_view raw(raw_id_);
    switch (kind_) {
    case identifier_kind::phone_number:
      return raw.substr(2);
    case identifier_kind::microsoft_teams_user:
    case identifier_kind::microsoft_teams_app:
      return raw.substr(raw.rfind(':') + 1);
    case identifier_kind::teams_extension_user:
      return raw.substr(raw.rfind('_') + 1);
    default:
      return raw;
    }
  }
  /// Extension user: the tenant id; empty for other kinds.
  [[nodiscard]] std::string_view tenant_id() const noexcept { return extension_part(1); }
  /// Extension user: the resource id; empty for other kinds.
  [[nodiscard]] std::string_view resource_id() const noexcept { return extension_part(0); }
  /// The cloud of a Teams user, Teams app or extension user (public for every other kind).
  [[nodiscard]] cloud_environment cloud() const noexcept {
    const std::string_view raw(raw_id_);
    const std::string_view middle = raw.substr(0, raw.find(':', raw.find(':') + 1) + 1);
    if (middle == "8:dod:" || middle == "28:dod:" || middle == "8:dod-acs:") {
      return cloud_environment::dod;
    }
    if (middle == "8:gcch:" || middle == "28:gcch:" || middle == "8:gcch-acs:") {
      return cloud_environment::gcch;
    }
    return cloud_environment::public_cloud;
  }

  /// Same raw id.
  friend bool operator==(const communication_identifier& a, const communication_identifier& b) {
    return a.raw_id_ == b.raw_id_;
  }
  /// Different raw ids.
  friend bool operator!=(const communication_identifier& a, const communication_identifier& b) {
    return !(a == b);
  }
  /// Ordered by raw id, so identifiers can key a std::map.
  friend bool operator<(const communication_identifier& a, const communication_identifier& b) {
    return a.raw_id_ < b.raw_id_;
  }

  /// The kind a raw id names (auth-identifiers.md §4.2).
  static identifier_kind classify(std::string_view raw) noexcept {
    if (raw.substr(0, 2) == "4:") {
      return identifier_kind::phone_number;
    }
    const auto first = raw.find(':');
    const auto second = first == std::string_view::npos ? first : raw.find(':', first + 1);
    if (second == std::string_view::npos || raw.find(':', second + 1) != std::string_view::npos) {
      return identifier_kind::unknown; // not exactly three ':'-separated segments
    }
    const std::string_view prefix = raw.substr(0, second + 1);
    const std::string_view suffix = raw.substr(second + 1);
    if (prefix == "8:teamsvisitor:" || prefix == "8:orgid:" || prefix == "8:dod:" ||
        prefix == "8:gcch:") {
      return identifier_kind::microsoft_teams_user;
    }
    if (prefix == "8:acs:" || prefix == "8:dod-acs:" || prefix == "8:gcch-acs:") {
      const auto a = suffix.find('_');
      const auto b = a == std::string_view::npos ? a : suffix.find('_', a + 1);
      const bool three = b != std::string_view::npos && suffix.find('_', b + 1) == suffix.npos;
      return three ? identifier_kind::teams_extension_user : identifier_kind::communication_user;
    }
    if (prefix == "8:spool:") {
      return identifier_kind::communication_user;
    }
    if (prefix == "28:orgid:" || prefix == "28:dod:" || prefix == "28:gcch:") {
      return identifier_kind::microsoft_teams_app;
    }
    return identifier_kind::unknown;
  }

private:
  communication_identifier(std::string raw, identifier_kind kind)
      : raw_id_(std::move(raw)), kind_(kind) {}

  std::string_view extension_part(int index) const noexcept {
    if (kind_ != identifier_kind::teams_extension_user) {
      return {};
    }
    std::string_view suffix(raw_id_);
    suffix = suffix.substr(suffix.rfind(':') + 1);
    const auto a = suffix.find('_');
    const auto b = suffix.find('_', a + 1);
    return index == 0 ? suffix.substr(0, a) : suffix.substr(a + 1, b - a - 1);
  }

  std::string raw_id_;
  identifier_kind kind_ = identifier_kind::unknown;
};

ACS_ROOMS_NAMESPACE_END
// and page<T>.


#include <optional>
#include <string>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// A participant's role. Extensible: a role string from a newer service round-trips unchanged.
/// Wire: `Role` ("Presenter", "Attendee", "Consumer", "Collaborator" from 2025-03-13).
class participant_role {
public:
  /// Any role string, known or not.
  explicit participant_role(std::string value) : value_(std::move(value)) {}
  /// Full control: A/V, screen share, remove participants, mute others.
  static const participant_role presenter;
  /// Audio and video, no screen share (the service's default).
  static const participant_role attendee;
  /// Receive only.
  static const participant_role consumer;
  /// Attendee plus screen share; needs api-version 2025-03-13.
  static const participant_role collaborator;

  /// The role as the service spells it.
  [[nodiscard]] const std::string& value() const noexcept { return value_; }
  /// Same role string.
  friend bool operator==(const participant_role& a, const participant_role& b) {
    return a.value_ == b.value_;
  }
  /// Different role strings.
  friend bool operator!=(const participant_role& a, const participant_role& b) { return !(a == b); }

private:
  std::string value_;
};

inline const participant_role participant_role::presenter{"Presenter"};
inline const participant_role participant_role::attendee{"Attendee"};
inline const participant_role participant_role::consumer{"Consumer"};
inline const participant_role participant_role::collaborator{"Collaborator"};

/// Who may join a room (2022-02-01 only; later versions make every room invite-only).
/// Extensible like participant_role. Wire: `RoomJoinPolicy`.
class room_join_policy {
public:
  /// Any policy string, known or not.
  explicit room_join_policy(std::string value) : value_(std::move(value)) {}
  /// Only the room's participants may join.
  static const room_join_policy invite_only;
  /// Any user of the Communication Services resource may join.
  static const room_join_policy communication_service_users;

  /// The policy as the service spells it.
  [[nodiscard]] const std::string& value() const noexcept { return value_; }
  /// Same policy string.
  friend bool operator==(const room_join_policy& a, const room_join_policy& b) {
    return a.value_ == b.value_;
  }
  /// Different policy strings.
  friend bool operator!=(const room_join_policy& a, const room_join_policy& b) { return !(a == b); }

private:
  std::string value_;
};

inline const room_join_policy room_join_policy::invite_only{"InviteOnly"};
inline const room_join_policy room_join_policy::communication_service_users{
    "CommunicationServiceUsers"};

/// A member of a room's roster. Wire: `RoomParticipant` {rawId, role}.
struct room_participant {
  communication_identifier id;                        ///< who
  participant_role role = participant_role::attendee; ///< what they may do

  /// Same identity and role.
  friend bool operator==(const room_participant& a, const room_participant& b) {
    return a.id == b.id && a.role == b.role;
  }
  /// Differs in identity or role.
  friend bool operator!=(const room_participant& a, const room_participant& b) { return !(a == b); }
};

/// A room as the service reports it. Wire: `RoomModel`.
struct room {
  std::string id;                     ///< opaque, server-generated (digits in practice)
  time_point created_at;              ///< `createdAt` (`createdDateTime` in 2022-02-01)
  time_point valid_from;              ///< `validFrom`
  time_point valid_until;             ///< `validUntil`
  bool pstn_dial_out_enabled = false; ///< `pstnDialOutEnabled` (false before 2024-04-15)
  /// From create only: the service's `Repeatability-Result` header as sent ("accepted": the
  /// service honoured the Repeatability-Request-ID, executing it or replaying the first
  /// result; "rejected": it did not), when there was one. About the response, not the room:
  /// == ignores it.
  std::optional<std::string> repeatability_result;
  std::optional<room_join_policy> join_policy = std::nullopt; ///< `roomJoinPolicy` (2022-02-01)
  /// The roster as the room carries it (2022-02-01 only; GA versions list it separately).
  std::optional<std::vector<room_participant>> participants = std::nullopt;

  /// Every field of the room equal (repeatability_result is about the response, not the room).
  friend bool operator==(const room& a, const room& b) {
    return a.id == b.id && a.created_at == b.created_at && a.valid_from == b.valid_from &&
           a.valid_until == b.valid_until && a.pstn_dial_out_enabled == b.pstn_dial_out_enabled &&
           a.join_policy == b.join_policy && a.participants == b.participants;
  }
  /// Some field differs.
  friend bool operator!=(const room& a, const room& b) { return !(a == b); }
};

/// What to create. Absent fields are left out of the body and the service chooses.
/// Wire: `CreateRoomRequest` and the Repeatability-* headers of `Rooms_Create`.
struct create_room_options {
  std::optional<time_point> valid_from;                ///< default: now (service)
  std::optional<time_point> valid_until;               ///< default: valid_from + 180 days (service)
  std::optional<bool> pstn_dial_out_enabled;           ///< needs 2023-10-30-preview or later
  std::vector<room_participant> participants;          ///< sent in this order
  std::optional<std::string> repeatability_request_id; ///< idempotency key (UUID); default: new
  std::optional<time_point> repeatability_first_sent;  ///< when that key was first used
  std::optional<room_join_policy> join_policy = std::nullopt; ///< needs 2022-02-01
};

/// What to change. Absent fields are left out of the merge-patch body (never sent as null).
/// Wire: `UpdateRoomRequest`.
struct update_room_options {
  std::optional<time_point> valid_from;                       ///< new start
  std::optional<time_point> valid_until;                      ///< new end
  std::optional<bool> pstn_dial_out_enabled;                  ///< needs 2023-10-30-preview or later
  std::optional<room_join_policy> join_policy = std::nullopt; ///< needs 2022-02-01
  /// Replaces the whole roster (2022-02-01 only; GA versions change it participant by participant).
  std::optional<std::vector<room_participant>> participants = std::nullopt;
};

/// One page of a listing. Wire: `RoomsCollection` / `ParticipantsCollection`.
template <class T> struct page {
  std::vector<T> items;                 ///< `value`, possibly empty even mid-listing
  std::optional<std::string> next_link; ///< `nextLink`: absolute URL of the next page, if any
};

ACS_ROOMS_NAMESPACE_END

#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// True when version string `v` is `date` or newer (version strings sort by their date prefix).
constexpr bool version_at_least(std::string_view v, std::string_view date) noexcept {
  return v.substr(0, date.size()) >= date;
}
/// True when `v` has `pstnDialOutEnabled` (2023-10-30-preview and later).
constexpr bool version_has_pstn(std::string_view v) noexcept {
  return version_at_least(v, "2023-10-30");
}
/// True when `v` speaks the 2022-02-01 dialect (join policy, participants:add/:update/:remove;
/// no listing): versions from 2022-02-01 up to, not including, 2023-03-31-preview.
constexpr bool version_is_2022_dialect(std::string_view v) noexcept {
  return version_at_least(v, "2022-02-01") && !version_at_least(v, "2023-03-31");
}
/// True when `v` has the `Collaborator` role (2025-03-13 and later).
constexpr bool version_has_collaborator(std::string_view v) noexcept {
  return version_at_least(v, "2025-03-13");
}
} // namespace detail

/// The Rooms `api-version` to speak. Extensible: any version string may be given; features are
/// enabled by comparing its date prefix, which sorts like the versions themselves.
class api_version {
public:
  /// Any version string, e.g. "2025-03-13" or "2023-10-30-preview".
  explicit api_version(std::string value) : value_(std::move(value)) {}
  /// The retired 2022-02-01 preview dialect: `roomJoinPolicy`, participants in the room,
  /// `participants:add|:update|:remove`, no listing of rooms.
  static const api_version v2022_02_01;
  /// First GA: rooms, roles Presenter/Attendee/Consumer, no PSTN dial-out.
  static const api_version v2023_06_14;
  /// Adds `pstnDialOutEnabled`.
  static const api_version v2024_04_15;
  /// Adds the `Collaborator` role. The default.
  static const api_version v2025_03_13;
  /// The newest version this library knows: v2025_03_13.
  static const api_version latest;

  /// The string sent as `api-version`.
  [[nodiscard]] const std::string& value() const noexcept { return value_; }
  /// True when rooms carry `pstnDialOutEnabled` (2023-10-30-preview and later).
  [[nodiscard]] bool has_pstn_dial_out() const noexcept { return detail::version_has_pstn(value_); }
  /// True when the `Collaborator` role exists (2025-03-13 and later).
  [[nodiscard]] bool has_collaborator() const noexcept {
    return detail::version_has_collaborator(value_);
  }

  /// True for the 2022-02-01 dialect (see v2022_02_01), whose operations differ from GA's.
  [[nodiscard]] bool is_2022_dialect() const noexcept {
    return detail::version_is_2022_dialect(value_);
  }

  /// Same version string.
  friend bool operator==(const api_version& a, const api_version& b) {
    return a.value_ == b.value_;
  }
  /// Different version strings.
  friend bool operator!=(const api_version& a, const api_version& b) { return !(a == b); }

private:
  std::string value_;
};

inline const api_version api_version::v2022_02_01{"2022-02-01"};
inline const api_version api_version::v2023_06_14{"2023-06-14"};
inline const api_version api_version::v2024_04_15{"2024-04-15"};
inline const api_version api_version::v2025_03_13{"2025-03-13"};
inline const api_version api_version::latest = api_version::v2025_03_13;

ACS_ROOMS_NAMESPACE_END

#include <cstddef>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// What append_json_string does with bytes that are not UTF-8.
enum class invalid_utf8 {
  reject, ///< return false and leave `out` as it was: such text cannot be sent as JSON
  replace ///< write U+FFFD for each maximal ill-formed subsequence, as Unicode recommends
};

/// Appends `s` as a JSON string literal, escaped as JSON.stringify does (so bodies match the
/// official SDK byte for byte). Never leaves partial JSON: on invalid UTF-8 it either appends
/// nothing and returns false (`reject`) or writes U+FFFD in its place (`replace`, always true).
inline bool append_json_string(std::string& out, std::string_view s,
                               invalid_utf8 policy = invalid_utf8::reject) {
  const std::size_t start = out.size();
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    // Runs of printable ASCII other than '"' and '\\' (nearly all text) go in one append.
    std::size_t run = i;
    for (; run < s.size(); ++run) {
      const auto b = static_cast<unsigned char>(s[run]);
      if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\') {
        break;
      }
    }
    if (run != i) {
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          append_hex_byte(out, c);
        } else {
          out += static_cast<char>(c);
        }
      }
      ++i;
      continue;
    }
    // Validate one multi-byte sequence (no overlongs, no surrogates, at most U+10FFFF);
    // `valid` counts its bytes that are well-formed so far.
    std::size_t n = 0;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      lo = c == 0xE0 ? 0xA0 : 0x80;
      hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF;
    }
    std::size_t valid = n == 0 ? 0 : 1;
    while (valid != 0 && valid <= n && i + valid < s.size()) {
      const auto cc = static_cast<unsigned char>(s[i + valid]);
      if (cc < (valid == 1 ? lo : 0x80) || cc > (valid == 1 ? hi : 0xBF)) {
        break;
      }
      ++valid;
    }
    if (valid == n + 1) {
      out.append(s.data() + i, n + 1);
      i += n + 1;
      continue;
    }
    if (policy == invalid_utf8::reject) {
      out.resize(start);
      return false;
    }
    out += "\xEF\xBF\xBD"; // U+FFFD REPLACEMENT CHARACTER
    i += valid == 0 ? 1 : valid;
  }
  out += '"';
  return true;
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
// What the SAX readers need besides nlohmann/json, included in either mode: the single header
// inlines each header once, where it is first included, so none may first come in under the #if.
// (sax_readers.hpp) collect them: the one place that knows each field's rules and messages.


#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

// The SAX readers build the result while nlohmann's lexer walks the bytes (or while sax_walk walks
// a DOM a user handed to from_json), with no DOM of their own. Fields are remembered with the
// type of their (last) value, as a DOM keeps the last of repeated keys, and checked at the end of
// their object in a fixed order, so an error names the same field whatever order the keys came in.

/// The malformed_response error for field `field` of `what`.
inline error field_error(std::string_view what, std::string_view field, std::string_view problem) {
  std::string message = "malformed response: ";
  message += what;
  message += " field '";
  message += field;
  message += "' ";
  message += problem;
  auto e = make_error(errc::malformed_response, std::move(message));
  e.target = std::string(field);
  return e;
}

/// nlohmann's type names (json::type_name()) for SAX events.
namespace json_type {
// Arrays, not `const char*` constants: a type is compared by address, and an inline array is one
// object in the whole program, where the addresses of equal string literals may differ between
// translation units (which made a page read in one TU fail a check compiled in another).
inline constexpr char null[] = "null";
inline constexpr char boolean[] = "boolean";
inline constexpr char number[] = "number";
inline constexpr char string[] = "string";
inline constexpr char object[] = "object";
inline constexpr char array[] = "array";
inline constexpr char binary[] = "binary";
} // namespace json_type

/// "is missing" or "is a <type>, not a string" for a required string field of type `type`
/// (nullptr: absent); nullopt when it is a string.
inline std::optional<error> check_string_field(std::string_view what, const char* field,
                                               const char* type) {
  if (type == nullptr) {
    return field_error(what, field, "is missing");
  }
  if (type != json_type::string) {
    return field_error(what, field, std::string("is a ") + type + ", not a string");
  }
  return std::nullopt;
}

/// The type of the last value of each of an object's `N` known members (nullptr: absent) and the
/// member the current key names, for a fields class to derive from.
template <int N> class member_types {
public:
  /// Forgets the members of the object before. Their values need no clearing: a value is read
  /// only when its member's type says it arrived.
  void reset() noexcept { *this = member_types(); }
  void value(const char* type) noexcept {
    if (current_ != none) {
      type_[current_] = type;
    }
  }

protected:
  static constexpr int none = -1; ///< the current key is none of the N
  int current_ = none;            ///< the member the current key names
  const char* type_[N] = {};      ///< the type of each member's last value; nullptr: absent
};

/// An RFC 3339 date-time member: its time, or the start of the text that is not one.
struct time_member {
  time_point value{};             ///< the last string's time, when it is one
  std::optional<std::string> bad; ///< the start (64 bytes) of the last string, when it is not

  /// Reads a string value of the member.
  void read(const std::string& text) {
    if (const auto t = parse_rfc3339(text)) {
      value = *t;
      bad.reset();
    } else {
      bad = text.substr(0, 64);
    }
  }
  /// The problem of member `name` of `what`, of type `type` (nullptr: absent), if any: missing,
  /// not a string, not a date-time.
  std::optional<error> check(std::string_view what, const char* name, const char* type) const {
    if (auto e = check_string_field(what, name, type)) {
      return e;
    }
    if (bad) {
      return field_error(what, name, "is not an RFC 3339 date-time: \"" + *bad + '"');
    }
    return std::nullopt;
  }
};

/// The members a room has in both dialects, for a room's fields class to derive from: id and its
/// three times (the first named `created_name`), in slots 0 to 3 of `N`.
template <int N> class room_members : public member_types<N> {
public:
  explicit room_members(const char* created_name) noexcept : created_(created_name) {}
  void string(const std::string& v) {
    if (this->current_ == id) {
      id_.assign(v); // a copy: the lexer keeps its buffer for the next token
    } else if (this->current_ >= created && this->current_ <= valid_until) {
      times_[this->current_ - created].read(v);
    }
  }

protected:
  /// The slots of these members; a derived class numbers its own from `more`.
  enum slot : int { id, created, valid_from, valid_until, more };

  /// The slot of key `k` among these four; none for another key.
  int room_key(std::string_view k) const noexcept {
    return k == "id"           ? id
           : k == created_     ? created
           : k == "validFrom"  ? valid_from
           : k == "validUntil" ? valid_until
                               : this->none;
  }
  /// The room with these members, or the first problem: id, then the times in order.
  result<room> finish_room(std::string_view what) {
    if (auto e = check_string_field(what, "id", this->type_[id])) {
      return std::move(*e);
    }
    const char* names[] = {created_, "validFrom", "validUntil"};
    for (int i = 0; i < 3; ++i) {
      if (auto e = times_[i].check(what, names[i], this->type_[created + i])) {
        return std::move(*e);
      }
    }
    room r;
    r.id = std::move(id_);
    r.created_at = times_[0].value;
    r.valid_from = times_[1].value;
    r.valid_until = times_[2].value;
    return r;
  }

private:
  const char* created_; // the name of the first time: the dialects differ
  std::string id_;
  time_member times_[3];
};

/// The fields of a room (`RoomModel`) as SAX events deliver them.
class room_fields : public room_members<5> {
public:
  using value_type = room;
  static constexpr std::string_view what = "room";

  room_fields() noexcept : room_members("createdAt") {}
  void key(std::string_view k) noexcept {
    current_ = k == "pstnDialOutEnabled" ? pstn : room_key(k);
  }
  void boolean(bool v) noexcept {
    if (current_ == pstn) {
      pstn_ = v;
    }
  }
  /// The room, or the first problem: id, createdAt, validFrom, validUntil, pstnDialOutEnabled.
  result<room> finish(const api_version& version) {
    auto r = finish_room(what);
    if (!r) {
      return r;
    }
    const char* pstn_type = type_[pstn];
    if (pstn_type != nullptr && pstn_type != json_type::boolean && pstn_type != json_type::null) {
      return field_error(what, "pstnDialOutEnabled",
                         std::string("is a ") + pstn_type + ", not a boolean");
    }
    if (pstn_type != json_type::boolean && version.has_pstn_dial_out()) {
      return field_error(what, "pstnDialOutEnabled", "is missing");
    }
    r->pstn_dial_out_enabled = pstn_type == json_type::boolean && pstn_;
    return r;
  }

private:
  static constexpr int pstn = more;
  bool pstn_ = false;
};

/// The fields of a participant (`RoomParticipant` {rawId, role}) as SAX events deliver them.
class participant_fields : public member_types<2> {
public:
  using value_type = room_participant;
  static constexpr std::string_view what = "participant";

  void key(std::string_view k) noexcept { current_ = k == "rawId" ? 0 : k == "role" ? 1 : none; }
  void string(const std::string& v) {
    if (current_ != none) {
      text_[current_].assign(v);
    }
  }
  void boolean(bool) noexcept {}
  /// The participant, or the first problem: rawId, then role.
  result<room_participant> finish(const api_version&) {
    if (auto e = check_string_field(what, "rawId", type_[0])) {
      return std::move(*e);
    }
    if (auto e = check_string_field(what, "role", type_[1])) {
      return std::move(*e);
    }
    return room_participant{communication_identifier::from_raw_id(std::move(text_[0])),
                            participant_role(std::move(text_[1]))};
  }

private:
  std::string text_[2];
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// An absolute http(s) URL split in place: every part is a view into the URL, nothing is
/// allocated (the signing path uses this; url_parts below owns lower-cased copies).
struct url_view {
  std::string_view scheme;   ///< "http" or "https", in any case as written
  std::string_view host;     ///< as written (brackets kept for IPv6); signing lower-cases it
  std::string_view port;     ///< digits as written; empty when absent
  std::string_view path;     ///< from the first '/' up to '?' or '#'; may be empty
  std::string_view query;    ///< after '?' up to '#', without the '?'; may be empty
  bool has_query = false;    ///< a '?' was present (even with nothing after it)
  bool has_userinfo = false; ///< "user@host": refused for endpoints

  /// True when the port is absent or the scheme's default (443 for https, 80 for http).
  [[nodiscard]] bool default_port() const noexcept {
    return port.empty() || (port == "443" && iequals(scheme, "https")) ||
           (port == "80" && iequals(scheme, "http"));
  }
  /// Appends the host as signed and sent in `Host`: lower case, ":port" only when not the
  /// scheme's default.
  void append_authority(std::string& out) const {
    for (char c : host) {
      out += ascii_lower(c);
    }
    if (!default_port()) {
      out += ':';
      out += port;
    }
  }
  /// The length append_authority() appends.
  [[nodiscard]] std::size_t authority_size() const noexcept {
    return host.size() + (default_port() ? 0 : 1 + port.size());
  }
  /// Appends the path and query as sent on the request line ("/" for an empty path).
  void append_path_and_query(std::string& out) const {
    if (path.empty()) {
      out += '/';
    } else {
      out += path;
    }
    if (has_query) {
      out += '?';
      out += query;
    }
  }
  /// The length append_path_and_query() appends.
  [[nodiscard]] std::size_t path_and_query_size() const noexcept {
    return (path.empty() ? 1 : path.size()) + (has_query ? 1 + query.size() : 0);
  }
};

/// Splits an absolute http(s) URL without allocating; nullopt when it is not one (no scheme,
/// empty host, bad port). The views point into `url`.
inline std::optional<url_view> split_url(std::string_view url) noexcept {
  url_view parts;
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  parts.scheme = url.substr(0, colon);
  if (!iequals(parts.scheme, "http") && !iequals(parts.scheme, "https")) {
    return std::nullopt;
  }
  std::string_view rest = url.substr(colon + 3);
  const auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
    parts.has_userinfo = true;
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority;
  const auto bracket = authority.rfind(']');
  const auto port_colon = authority.rfind(':');
  if (port_colon != std::string_view::npos &&
      (bracket == std::string_view::npos || port_colon > bracket)) {
    host = authority.substr(0, port_colon);
    const std::string_view port = authority.substr(port_colon + 1);
    if (port.empty() || port.size() > 5) {
      return std::nullopt;
    }
    unsigned value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) {
      return std::nullopt;
    }
    parts.port = port;
  }
  if (host.empty() || (host.front() == '[') != (host.back() == ']')) {
    return std::nullopt;
  }
  // ':' only inside brackets: "a:b:443" would otherwise sign and send Host "a:b".
  const bool bracketed = host.front() == '[';
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_' ||
                    (bracketed && (c == '[' || c == ']' || c == ':'));
    if (!ok) {
      return std::nullopt;
    }
  }
  parts.host = host;
  const auto hash = rest.find('#');
  rest = rest.substr(0, hash);
  const auto question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (question != std::string_view::npos) {
    parts.has_query = true;
    parts.query = rest.substr(question + 1);
  }
  return parts;
}

/// The parts of an absolute http(s) URL that signing and validation need.
struct url_parts {
  std::string scheme;        ///< "http" or "https", lower case
  std::string host;          ///< lower case, brackets kept for IPv6 ("[::1]")
  std::string port;          ///< digits as written; empty when absent
  std::string_view path;     ///< from the first '/' up to '?' or '#'; may be empty
  std::string_view query;    ///< after '?' up to '#', without the '?'; may be empty
  bool has_query = false;    ///< a '?' was present (even with nothing after it)
  bool has_userinfo = false; ///< "user@host": refused for endpoints

  /// Host as signed and sent in `Host`: lower case, port only when not the scheme's default.
  [[nodiscard]] std::string authority() const {
    const bool default_port =
        port.empty() || (scheme == "https" && port == "443") || (scheme == "http" && port == "80");
    return default_port ? host : host + ":" + port;
  }
  /// Path and query as sent on the request line ("/" for an empty path; no fragment).
  [[nodiscard]] std::string path_and_query() const {
    std::string out = path.empty() ? std::string("/") : std::string(path);
    if (has_query) {
      out += '?';
      out += query;
    }
    return out;
  }
};

/// Splits an absolute http(s) URL; nullopt when it is not one (no scheme, empty host, bad port).
/// The returned views point into `url`. Allocates the lower-cased copies; see split_url.
inline std::optional<url_parts> parse_url(std::string_view url) {
  const auto view = split_url(url);
  if (!view) {
    return std::nullopt;
  }
  url_parts parts;
  for (char c : view->scheme) {
    parts.scheme += ascii_lower(c);
  }
  for (char c : view->host) {
    parts.host += ascii_lower(c);
  }
  parts.port = std::string(view->port);
  parts.path = view->path;
  parts.query = view->query;
  parts.has_query = view->has_query;
  parts.has_userinfo = view->has_userinfo;
  return parts;
}

/// Percent-encodes `segment` as one URL path segment, leaving only the characters that
/// JavaScript's encodeURIComponent leaves (so requests match the official SDK byte for byte).
inline void append_path_segment(std::string& out, std::string_view segment) {
  const bool dots_only = segment == "." || segment == "..";
  for (char ch : segment) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || c == '!' || c == '~' || c == '*' || c == '\'' ||
                      c == '(' || c == ')' || (c == '.' && !dots_only);
    if (keep) {
      out += ch;
    } else {
      out += '%';
      append_hex_byte(out, c, /*upper=*/true);
    }
  }
}

/// The offset of the first byte of `url` that may not go on a request line as it is (a control
/// character, a space, DEL, or a byte >= 0x80: RFC 3986 allows only printable ASCII, with
/// anything else percent-encoded), or npos when there is none.
inline std::size_t invalid_url_char(std::string_view url) noexcept {
  for (std::size_t i = 0; i < url.size(); ++i) {
    const auto c = static_cast<unsigned char>(url[i]);
    if (c <= 0x20 || c >= 0x7F) {
      return i;
    }
  }
  return std::string_view::npos;
}

/// True when `url` is an absolute http(s) URL (see parse_url) made only of printable ASCII, so
/// that its path and query can be written onto a request line without splitting it.
inline bool url_is_valid(std::string_view url) {
  return invalid_url_char(url) == std::string_view::npos && split_url(url).has_value();
}

/// Why `link` cannot be a page's next link (empty: it can): it must be an absolute http(s) URL
/// that can go on a request line as it is — no control character, space or non-ASCII byte
/// (which could inject a header) — and without user info. Such a link is not echoed.
inline std::string next_link_defect(std::string_view link) {
  if (const auto bad = invalid_url_char(link); bad != std::string_view::npos) {
    return "has a character that cannot be sent in a URL (a control character, a space or a "
           "non-ASCII byte) at offset " +
           std::to_string(bad);
  }
  const auto url = split_url(link);
  if (!url) {
    return "is not an absolute http(s) URL: \"" + std::string(link.substr(0, 200)) + '"';
  }
  if (url->has_userinfo) {
    return "carries user info (\"user@host\"), which is never followed";
  }
  return {};
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END

#if ACS_ROOMS_JSON_DEFINITIONS
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_DATA_SAX_READERS_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_DATA_SAX_READERS_HPP
// sax_walk, from a user's DOM) into room, room_participant and page<T>: the one JSON reading path
// for the models.


#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// The json_sax events that only note a value's type, and parse_error, for a SAX reader `Derived`
/// to derive from: each calls `Derived::classify(type)` (the base is its friend). The reader adds
/// the rest.
template <class Derived> class sax_value_events {
public:
  using json = nlohmann::json;

  bool null() { return note(json_type::null); }
  bool boolean(bool) { return note(json_type::boolean); }
  bool number_integer(json::number_integer_t) { return note(json_type::number); }
  bool number_unsigned(json::number_unsigned_t) { return note(json_type::number); }
  bool number_float(json::number_float_t, const json::string_t&) { return note(json_type::number); }
  bool binary(const json::binary_t&) { return note(json_type::binary); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false; // the caller reports "not JSON"; nothing is thrown
  }

private:
  bool note(const char* type) {
    static_cast<Derived&>(*this).classify(type);
    return true;
  }
};

/// A nlohmann SAX handler (the json_sax interface, without virtual calls) reading either one
/// object of `Fields` (a room) or a page `{"value":[...],"nextLink":...}` of them. Values of
/// unknown keys, however deep, are skipped. Fed by json::sax_parse (bytes) or sax_walk (a DOM).
/// Strings and keys are taken by const reference: the reader copies what it keeps.
template <class Fields> class sax_reader : public sax_value_events<sax_reader<Fields>> {
public:
  using json = nlohmann::json;
  using value_type = typename Fields::value_type;

  sax_reader(bool page_mode, const api_version& version) : page_(page_mode), version_(version) {}

  // The json_sax events the base does not cover (this boolean hides its: a room keeps the value).
  bool boolean(bool v) {
    if (classify(json_type::boolean) == field) {
      fields_.boolean(v);
    }
    return true;
  }
  bool string(const json::string_t& v) {
    const position at = classify(json_type::string);
    if (at == field) {
      fields_.string(v);
    } else if (at == next_link_member) {
      next_link_.assign(v);
    }
    return true;
  }
  bool start_object(std::size_t) {
    const position at = classify(json_type::object);
    if (at == item) {
      item_open_ = true;
      fields_.reset();
    } else if (at == top) {
      top_is_object_ = true;
      if (!page_) {
        item_open_ = true;
        fields_.reset();
      }
    }
    ++depth_;
    return true;
  }
  bool key(const json::string_t& k) {
    if (page_ && depth_ == 1 && top_is_object_) {
      member_ = k == "value" ? value_member : k == "nextLink" ? next_link_member_key : other;
    } else if (item_open_ && depth_ == item_depth()) {
      fields_.key(k);
    }
    return true;
  }
  bool end_object() {
    --depth_;
    if (item_open_ && depth_ == item_depth() - 1) {
      item_open_ = false;
      end_item();
    }
    return true;
  }
  bool start_array(std::size_t) {
    if (classify(json_type::array) == value_member_array) {
      items_open_ = true;
      items_.clear();
      item_error_.reset();
      index_ = 0;
    }
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    if (items_open_ && depth_ == 1) {
      items_open_ = false;
    }
    return true;
  }
  /// After a successful parse of a single object: the item or its problem.
  result<value_type> take_item() {
    if (!top_is_object_) {
      return make_error(errc::malformed_response, "malformed response: a " +
                                                      std::string(Fields::what) + " is a " +
                                                      top_type_ + ", not an object");
    }
    if (item_error_) {
      return std::move(*item_error_);
    }
    return std::move(*single_);
  }

  /// After a successful parse of a page: the page or its first problem, in this order: the page
  /// is not an object, `value` is missing or not an array, an item (the first bad one), nextLink.
  result<page<value_type>> take_page(std::string_view what) {
    if (!top_is_object_) {
      return make_error(errc::malformed_response, "malformed response: the " + std::string(what) +
                                                      " is a " + top_type_ + ", not an object");
    }
    if (value_type_ != json_type::array) {
      return field_error(what, "value", value_type_ == nullptr ? "is missing" : "is not an array");
    }
    if (item_error_) {
      error e = std::move(*item_error_);
      e.message += " (item " + std::to_string(error_index_) + " of the " + std::string(what) + ")";
      return e;
    }
    page<value_type> out;
    out.items = std::move(items_);
    if (next_type_ != nullptr && next_type_ != json_type::null) {
      if (next_type_ != json_type::string) {
        return field_error(what, "nextLink", "is not a string");
      }
      if (!next_link_.empty()) {
        if (auto problem = next_link_defect(next_link_); !problem.empty()) {
          return field_error(what, "nextLink", problem);
        }
        out.next_link = std::move(next_link_);
      }
    }
    return out;
  }

private:
  friend class sax_value_events<sax_reader>;
  enum position { ignored, top, page_member, value_member_array, next_link_member, item, field };
  enum member { other, value_member, next_link_member_key };

  int item_depth() const noexcept { return page_ ? 3 : 1; }

  // Where a value that starts now sits, noting its type where it matters.
  position classify(const char* type) {
    if (depth_ == 0) {
      top_type_ = type;
      return top;
    }
    if (page_ && depth_ == 1 && top_is_object_) {
      if (member_ == value_member) {
        value_type_ = type;
        return type == json_type::array ? value_member_array : page_member;
      }
      if (member_ == next_link_member_key) {
        next_type_ = type;
        return next_link_member;
      }
      return page_member;
    }
    if (page_ && depth_ == 2 && items_open_) {
      if (type != json_type::object) {
        record_item_error(type);
        ++index_;
      }
      return item;
    }
    if (item_open_ && depth_ == item_depth()) {
      fields_.value(type);
      return field;
    }
    return ignored;
  }
  void record_item_error(const char* type) {
    if (!item_error_) {
      item_error_ = make_error(errc::malformed_response, "malformed response: a " +
                                                             std::string(Fields::what) + " is a " +
                                                             type + ", not an object");
      error_index_ = index_;
    }
  }

  void end_item() {
    if (!item_error_) { // after the first bad item the rest are only walked
      auto r = fields_.finish(version_);
      if (r && !page_) {
        single_ = std::move(*r);
      } else if (r) {
        items_.push_back(std::move(*r));
      } else {
        item_error_ = std::move(r).error();
        error_index_ = index_;
      }
    }
    ++index_;
  }

  bool page_;
  const api_version& version_;
  Fields fields_;
  int depth_ = 0;
  const char* top_type_ = nullptr;
  bool top_is_object_ = false;
  member member_ = other;
  const char* value_type_ = nullptr; // type of the last "value" member; null: absent
  const char* next_type_ = nullptr;  // type of the last "nextLink" member; null: absent
  std::string next_link_;
  bool items_open_ = false;
  bool item_open_ = false;
  std::vector<value_type> items_;    // a page's items
  std::optional<value_type> single_; // the one item outside a page
  std::optional<error> item_error_;
  std::size_t index_ = 0;
  std::size_t error_index_ = 0;
};

/// The malformed_response error for a 2xx body that is not JSON, saying what arrived.
inline error not_json_error(const http_response& response, std::string_view what) {
  const auto type = response.headers.get("Content-Type");
  std::string message = "malformed response: the " + std::string(what) + " body (HTTP " +
                        std::to_string(response.status) + ", " +
                        std::to_string(response.body.size()) + " bytes";
  if (type) {
    message += ", " + std::string(*type);
  }
  message += ") is not JSON";
  auto e = make_error(errc::malformed_response, std::move(message), response.status);
  e.raw_body = response.body.substr(0, 4096);
  return e;
}

/// Runs `reader` over `body`; false when the body is not (strict, whole) JSON.
template <class Reader> bool sax_read(std::string_view body, Reader& reader) {
#if NLOHMANN_JSON_VERSION_MAJOR == 3 && NLOHMANN_JSON_VERSION_MINOR == 11
  // json::sax_parse picks its reader at run time, so it also instantiates nlohmann's whole
  // binary_reader (CBOR, MessagePack, UBJSON, BSON) for every SAX type: about a tenth of a
  // header-only TU's compile time for bytes we never read. Its JSON branch, called directly
  // (nlohmann's detail API, so only for the 3.11 series it was checked against), is the same
  // parse.
  auto adapter = nlohmann::detail::input_adapter(body.data(), body.data() + body.size());
  return nlohmann::detail::parser<nlohmann::json, decltype(adapter)>(
             std::move(adapter), nullptr, /*allow_exceptions_=*/true, /*skip_comments=*/false)
      .sax_parse(&reader, /*strict=*/true);
#else
  return nlohmann::json::sax_parse(body.begin(), body.end(), &reader,
                                   nlohmann::json::input_format_t::json, /*strict=*/true,
                                   /*ignore_comments=*/false);
#endif
}

/// Feeds `handler` the events json::sax_parse would give for the text of `root`, so that a DOM
/// (a user's value in from_json) is read by the same SAX readers as response bytes. Iterative, so
/// a deeply nested value cannot overflow the stack; throws nothing nlohmann throws. False when a
/// handler event answers false or the DOM holds a discarded value (which has no text).
template <class Handler> bool sax_walk(const nlohmann::json& root, Handler& handler) {
  using json = nlohmann::json;
  struct frame {
    const json* container;
    json::const_iterator next;
  };
  const json::string_t no_text; // number_float's token text: the readers ignore it
  std::vector<frame> open;
  const json* v = &root;
  while (v != nullptr) {
    bool ok = true;
    switch (v->type()) {
    case json::value_t::null:
      ok = handler.null();
      break;
    case json::value_t::boolean:
      ok = handler.boolean(*v->get_ptr<const json::boolean_t*>());
      break;
    case json::value_t::number_integer:
      ok = handler.number_integer(*v->get_ptr<const json::number_integer_t*>());
      break;
    case json::value_t::number_unsigned:
      ok = handler.number_unsigned(*v->get_ptr<const json::number_unsigned_t*>());
      break;
    case json::value_t::number_float:
      ok = handler.number_float(*v->get_ptr<const json::number_float_t*>(), no_text);
      break;
    case json::value_t::string:
      ok = handler.string(*v->get_ptr<const json::string_t*>());
      break;
    case json::value_t::binary:
      ok = handler.binary(*v->get_ptr<const json::binary_t*>());
      break;
    case json::value_t::object:
      ok = handler.start_object(v->size());
      open.push_back({v, v->cbegin()});
      break;
    case json::value_t::array:
      ok = handler.start_array(v->size());
      open.push_back({v, v->cbegin()});
      break;
    case json::value_t::discarded:
    default:
      return false;
    }
    if (!ok) {
      return false;
    }
    // The next value: the next member or element of the innermost open container, closing the
    // containers that are done.
    v = nullptr;
    while (v == nullptr && !open.empty()) {
      frame& f = open.back();
      const bool is_object = f.container->is_object();
      if (f.next == f.container->cend()) {
        if (!(is_object ? handler.end_object() : handler.end_array())) {
          return false;
        }
        open.pop_back();
        continue;
      }
      if (is_object && !handler.key(f.next.key())) {
        return false;
      }
      v = &*f.next;
      ++f.next;
    }
  }
  return true;
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_DATA_SAX_READERS_HPP
#include <nlohmann/json.hpp>
#else
#include <nlohmann/json_fwd.hpp> // separate compilation: the parser is in the library
#endif

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

using json = nlohmann::json;

/// Parses a whole body without throwing; false when it is not JSON.
ACS_ROOMS_JSON_API bool parse_json(std::string_view body, json& out);

} // namespace detail

// ADL hooks so users can put models into and take them out of their own nlohmann::json.
// from_json reads through the same SAX readers as the response parsers (detail::sax_walk feeds
// them the DOM), so a field has one set of rules and messages; it throws rooms_error (never a
// nlohmann exception) on a malformed value, or aborts when exceptions are off.

/// room -> RoomModel JSON (times as RFC 3339 UTC with milliseconds).
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room& r);
/// RoomModel JSON -> room; throws rooms_error (malformed_response) when a field is wrong.
/// `pstnDialOutEnabled` may be absent (false), as in api-versions before 2024-04-15.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room& r);
/// room_participant -> {"rawId", "role"}.
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room_participant& p);
/// {"rawId", "role"} -> room_participant; throws rooms_error when a field is wrong.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room_participant& p);

#if ACS_ROOMS_JSON_DEFINITIONS
namespace detail {
ACS_ROOMS_JSON_API bool parse_json(std::string_view body, json& out) {
  out = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false,
                    /*ignore_comments=*/false);
  return !out.is_discarded();
}

/// Reads DOM value `j` as one `Fields` object through its SAX reader (sax_walk): the parsers'
/// rules and messages, for from_json.
template <class Fields>
result<typename Fields::value_type> read_dom(const json& j, const api_version& version) {
  sax_reader<Fields> reader(/*page_mode=*/false, version);
  if (!sax_walk(j, reader)) {
    return make_error(errc::malformed_response,
                      "malformed response: a " + std::string(Fields::what) +
                          " is or holds a discarded value, which is not JSON");
  }
  return reader.take_item();
}
} // namespace detail

/// room -> RoomModel JSON (times as RFC 3339 UTC with milliseconds).
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room& r) {
  j = nlohmann::json{{"id", r.id},
                     {"createdAt", format_rfc3339(r.created_at)},
                     {"validFrom", format_rfc3339(r.valid_from)},
                     {"validUntil", format_rfc3339(r.valid_until)},
                     {"pstnDialOutEnabled", r.pstn_dial_out_enabled}};
}
/// RoomModel JSON -> room; throws rooms_error (malformed_response) when a field is wrong.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room& r) {
  r = detail::read_dom<detail::room_fields>(j, api_version::v2023_06_14).value();
}
/// room_participant -> {"rawId", "role"}.
ACS_ROOMS_JSON_API void to_json(nlohmann::json& j, const room_participant& p) {
  j = nlohmann::json{{"rawId", p.id.raw_id()}, {"role", p.role.value()}};
}
/// {"rawId", "role"} -> room_participant; throws rooms_error when a field is wrong.
ACS_ROOMS_JSON_API void from_json(const nlohmann::json& j, room_participant& p) {
  p = detail::read_dom<detail::participant_fields>(j, api_version::latest).value();
}

#endif // ACS_ROOMS_JSON_DEFINITIONS

namespace detail {
/// Selects the hooks below for a basic_json other than nlohmann::json (ordered_json, ...).
/// nlohmann::json, named through `BasicJsonType` so that it is looked up where the hooks are used
/// (with ACS_ROOMS_SEPARATE_COMPILATION the headers see only its declaration).
template <class BasicJsonType>
using plain_json = std::conditional_t<sizeof(BasicJsonType) != 0, nlohmann::json, void>;
template <class BasicJsonType>
using if_other_json =
    std::enable_if_t<!std::is_same_v<BasicJsonType, nlohmann::json>,
                     decltype(std::declval<const BasicJsonType&>().is_object(), 0)>;
} // namespace detail

/// room -> RoomModel JSON for another basic_json, such as nlohmann::ordered_json (which then
/// keeps the service's field order). A template: compiled where it is used, in either mode.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void to_json(BasicJsonType& j, const room& r) {
  j = BasicJsonType::object();
  j["id"] = r.id;
  j["createdAt"] = format_rfc3339(r.created_at);
  j["validFrom"] = format_rfc3339(r.valid_from);
  j["validUntil"] = format_rfc3339(r.valid_until);
  j["pstnDialOutEnabled"] = r.pstn_dial_out_enabled;
}
/// RoomModel JSON in another basic_json -> room; throws rooms_error when a field is wrong.
/// The value is converted to nlohmann::json (no text in between, so nothing nlohmann throws on
/// invalid UTF-8) and read as one.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void from_json(const BasicJsonType& j, room& r) {
  from_json(detail::plain_json<BasicJsonType>(j), r);
}
/// room_participant -> {"rawId", "role"} in another basic_json.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void to_json(BasicJsonType& j, const room_participant& p) {
  j = BasicJsonType::object();
  j["rawId"] = p.id.raw_id();
  j["role"] = p.role.value();
}
/// {"rawId", "role"} in another basic_json -> room_participant; throws rooms_error when wrong.
template <class BasicJsonType, detail::if_other_json<BasicJsonType> = 0>
void from_json(const BasicJsonType& j, room_participant& p) {
  from_json(detail::plain_json<BasicJsonType>(j), p);
}

ACS_ROOMS_NAMESPACE_END

#include <string>
#include <string_view>

#if ACS_ROOMS_DEFINITIONS
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_BASE64_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_BASE64_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_BASE64_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_SECURE_MEMORY_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_SECURE_MEMORY_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_SECURE_MEMORY_HPP
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// The two parts of "endpoint=https://<resource>.communication.azure.com/;accesskey=<base64>".
struct connection_string {
  std::string endpoint;   ///< absolute http(s) URL of the resource, without a trailing '/'
  std::string access_key; ///< the base64 access key, as written (already checked to decode)
};

namespace detail {
/// Checks an endpoint URL; returns an empty string when fine, else what is wrong with it.
ACS_ROOMS_API std::string endpoint_problem(std::string_view endpoint);

/// The endpoint without a trailing '/', so paths can be appended directly.
ACS_ROOMS_API std::string normalize_endpoint(std::string_view endpoint);
} // namespace detail

/// Parses a connection string: keys `endpoint` and `accesskey` in any order and any case,
/// whitespace around keys and values trimmed, empty segments (a trailing ';') ignored, unknown
/// keys ignored. Fails with `invalid_argument` naming what is missing or wrong; the message
/// never contains the key.
[[nodiscard]] ACS_ROOMS_API result<connection_string>
parse_connection_string(std::string_view text);

#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API std::string endpoint_problem(std::string_view endpoint) {
  const auto parts = parse_url(endpoint);
  if (!parts) {
    return "the endpoint is not an absolute http(s) URL such as "
           "https://<resource>.communication.azure.com/";
  }
  if (parts->has_userinfo) {
    return "the endpoint must not contain user information ('user@')";
  }
  if ((!parts->path.empty() && parts->path != "/") || parts->has_query ||
      endpoint.find('#') != std::string_view::npos) {
    return "the endpoint must be the resource URL alone, with no path, query or fragment";
  }
  return {};
}

ACS_ROOMS_API std::string normalize_endpoint(std::string_view endpoint) {
  endpoint = trim(endpoint);
  while (!endpoint.empty() && endpoint.back() == '/') {
    endpoint.remove_suffix(1);
  }
  return std::string(endpoint);
}

} // namespace detail

ACS_ROOMS_API result<connection_string> parse_connection_string(std::string_view text) {
  const auto fail = [](std::string message) {
    return detail::make_error(errc::invalid_argument,
                              "invalid connection string: " + std::move(message));
  };
  std::optional<std::string_view> endpoint, key;
  while (!text.empty()) {
    const auto semi = text.find(';');
    const std::string_view segment = detail::trim(text.substr(0, semi));
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    if (segment.empty()) {
      continue;
    }
    const auto eq = segment.find('=');
    if (eq == std::string_view::npos) {
      // Do not echo the segment: it could be a key that lost its "accesskey=".
      return fail("a segment has no '=' (expected endpoint=...;accesskey=...)");
    }
    const std::string_view name = detail::trim(segment.substr(0, eq));
    const std::string_view value = detail::trim(segment.substr(eq + 1));
    if (detail::iequals(name, "endpoint")) {
      endpoint = value;
    } else if (detail::iequals(name, "accesskey")) {
      key = value;
    }
  }
  if (!endpoint) {
    return fail("'endpoint' is missing (expected endpoint=https://<resource>.communication."
                "azure.com/;accesskey=<key>)");
  }
  if (endpoint->empty()) {
    return fail("'endpoint' is empty");
  }
  if (!key) {
    return fail("'accesskey' is missing (expected endpoint=...;accesskey=<base64 key>)");
  }
  if (key->empty()) {
    return fail("'accesskey' is empty");
  }
  if (auto problem = detail::endpoint_problem(*endpoint); !problem.empty()) {
    return fail(std::move(problem));
  }
  std::string decoded;
  const bool decodes = detail::base64_decode(*key, decoded) && !decoded.empty();
  detail::secure_zero(decoded.data(), decoded.size()); // decoded only to check it
  if (!decodes) {
    return fail("'accesskey' is not valid base64 (copy it again from the Azure portal: "
                "Keys > Connection string)");
  }
  return connection_string{detail::normalize_endpoint(*endpoint), std::string(*key)};
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#if ACS_ROOMS_DEFINITIONS
#include <condition_variable>
#include <mutex>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// A Microsoft Entra ID access token and when it expires.
struct access_token {
  std::string token;     ///< the bearer token (never logged)
  time_point expires_on; ///< when the token stops being accepted
};

/// Signs requests with a Microsoft Entra ID access token: `Authorization: Bearer <token>`.
/// Request tokens for the scope "https://communication.azure.com//.default" (the double slash is
/// what the service expects; <acs/rooms/credentials.hpp> has sources that do). Given a source
/// of tokens (a callable returning `access_token`, or `result<access_token>` to report a failure
/// as an `error`), the token is cached and fetched again `refresh_margin` before it expires, or
/// after the service answered 401 (see invalidate()). Copies of a signer share the cache, and it
/// is safe from several threads: one refresh runs at a time (single flight), outside the lock,
/// and the others meanwhile send the token they have while it is valid, or wait for the refresh
/// when it is not. An expired token is never sent: when a refresh fails, a token still valid
/// (inside the margin) is used until `refresh_retry` has passed, then asked for again; past its
/// expiry sign() fails with the source's error. A token with control characters is refused: it
/// would inject headers.
class bearer_token_signer {
public:
  /// The first round's form: `token_source()` is called for every request (no caching).
  explicit bearer_token_signer(std::function<std::string()> token_source)
      : cache_(make_cache(std::move(token_source), {}, std::chrono::seconds(300),
                          std::chrono::seconds(30))) {}
  /// Caches each token until `refresh_margin` before its expiry. Any margin is safe: one
  /// reaching past the clock's range (`seconds::max()`: no limit) asks the source for every
  /// request (with `refresh_retry` 0), and a negative one counts as 0. After a refresh that gave
  /// no fresher token (it failed, or its token is inside the margin too), the token in hand is
  /// used for `refresh_retry` before the source is asked again; 0 asks for every request.
  template <class Source,
            std::enable_if_t<std::is_convertible_v<std::invoke_result_t<Source&>, access_token> ||
                                 std::is_same_v<std::decay_t<std::invoke_result_t<Source&>>,
                                                result<access_token>>,
                             int> = 0>
  explicit bearer_token_signer(Source token_source,
                               std::chrono::seconds refresh_margin = std::chrono::minutes(5),
                               std::chrono::seconds refresh_retry = std::chrono::seconds(30))
      : cache_(make_cache({}, as_source(std::move(token_source)), refresh_margin, refresh_retry)) {}

  /// Sets Authorization; fails with `invalid_argument` when the source gave no usable token, or
  /// with the source's own `error` when it failed and no valid token is at hand.
  result<void> sign(http_request& request, time_point now) const;

  /// Drops the cached token, so the next sign() fetches a new one. The client calls this once
  /// after a 401 and sends the request again.
  void invalidate() const;

  /// True: this signer's credential must never be sent to a host other than the endpoint's.
  static constexpr bool bearer_credential = true;

private:
  struct cache; // the token, its refresh state and their lock (defined with the definitions)

  // A source returning access_token, as one returning result<access_token>.
  template <class Source> static std::function<result<access_token>()> as_source(Source source) {
    if constexpr (std::is_same_v<std::decay_t<std::invoke_result_t<Source&>>,
                                 result<access_token>>) {
      return source;
    } else {
      return
          [s = std::move(source)]() mutable -> result<access_token> { return access_token(s()); };
    }
  }
  // The shared cache of a new signer (negative durations count as 0).
  static std::shared_ptr<cache> make_cache(std::function<std::string()> plain,
                                           std::function<result<access_token>()> source,
                                           std::chrono::seconds margin, std::chrono::seconds retry);

  // Why `token` cannot be sent, or null.
  static const char* token_problem(const std::string& token) noexcept;

  // The token to send at `now`: the cached one while fresh, else one refresh shared by all.
  result<std::string> current_token(time_point now) const;

  std::shared_ptr<cache> cache_;
};

namespace detail {
template <class S, class = void> struct can_invalidate : std::false_type {};
template <class S>
struct can_invalidate<
    S, std::void_t<decltype(std::declval<std::remove_reference_t<S>&>().invalidate())>>
    : std::true_type {};
template <class S, class = void> struct is_bearer : std::false_type {};
template <class S>
struct is_bearer<S, std::void_t<decltype(std::remove_reference_t<S>::bearer_credential)>>
    : std::bool_constant<std::remove_reference_t<S>::bearer_credential> {};
} // namespace detail

#if ACS_ROOMS_DEFINITIONS
/// The token, its refresh state and their lock, shared by a signer's copies.
struct bearer_token_signer::cache {
  std::mutex mutex;                             ///< guards everything below
  std::condition_variable refreshed;            ///< signalled when a refresh ends
  std::function<std::string()> plain;           ///< the first round's form: asked every time
  std::function<result<access_token>()> source; ///< the caching form's source
  std::chrono::seconds margin{300};             ///< refresh this long before expiry
  std::chrono::seconds retry{30};               ///< after a refresh that gave nothing fresher
  std::optional<access_token> current;          ///< the token in hand
  time_point next_attempt = time_point::min();  ///< no refresh before this while `current` is valid
  bool fetching = false;                        ///< a refresh is running
  std::uint64_t fetches = 0;                    ///< completed fetches: a waiter sees one ended
  std::optional<error> failure;                 ///< the last fetch's error, for those who waited
};

ACS_ROOMS_API std::shared_ptr<bearer_token_signer::cache>
bearer_token_signer::make_cache(std::function<std::string()> plain,
                                std::function<result<access_token>()> source,
                                std::chrono::seconds margin, std::chrono::seconds retry) {
  auto c = std::make_shared<cache>();
  c->plain = std::move(plain);
  c->source = std::move(source);
  c->margin = std::max(margin, std::chrono::seconds(0));
  c->retry = std::max(retry, std::chrono::seconds(0));
  return c;
}

ACS_ROOMS_API result<void> bearer_token_signer::sign(http_request& request, time_point now) const {
  auto token = current_token(now);
  if (!token) {
    return std::move(token).error();
  }
  if (const char* problem = token_problem(*token)) {
    return detail::make_error(errc::invalid_argument, problem);
  }
  request.headers.set("Authorization", "Bearer " + *token);
  return {};
}

ACS_ROOMS_API void bearer_token_signer::invalidate() const {
  std::lock_guard<std::mutex> lock(cache_->mutex);
  cache_->current.reset();
}

ACS_ROOMS_API const char* bearer_token_signer::token_problem(const std::string& token) noexcept {
  if (token.empty()) {
    return "the bearer token source returned no token";
  }
  for (char c : token) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return "the bearer token source returned a token with control characters; it was not "
             "sent";
    }
  }
  return nullptr;
}

ACS_ROOMS_API result<std::string> bearer_token_signer::current_token(time_point now) const {
  cache& c = *cache_;
  std::unique_lock<std::mutex> lock(c.mutex);
  if (c.plain) {
    return c.plain(); // asked for every request, serialised as before
  }
  if (!c.source) {
    return std::string();
  }
  for (;;) {
    const bool valid = c.current && now < c.current->expires_on;
    if (valid && (detail::saturating_add(now, c.margin) < c.current->expires_on ||
                  now < c.next_attempt || c.fetching)) {
      return c.current->token; // fresh, or a refresh is due but running or recently tried
    }
    if (!c.fetching) {
      break; // this call refreshes
    }
    const std::uint64_t seen = c.fetches;
    c.refreshed.wait(lock, [&] { return !c.fetching; });
    if (c.fetches != seen && c.failure && !(c.current && now < c.current->expires_on)) {
      return *c.failure; // the refresh this call waited for failed: share its error
    }
  }
  c.fetching = true;
  lock.unlock();
  // The source runs unlocked; `done` ends the refresh even when the source throws (the
  // exception passes through; those waiting get an error saying so).
  struct finish {
    cache& c;
    std::unique_lock<std::mutex>& lock;
    bool published = false;
    ~finish() {
      if (!lock.owns_lock()) {
        lock.lock();
      }
      if (!published) {
        c.failure = detail::make_error(errc::invalid_argument,
                                       "the bearer token source threw an exception");
      }
      c.fetching = false;
      ++c.fetches;
      c.refreshed.notify_all();
    }
  } done{c, lock};
  result<access_token> fetched = c.source();
  lock.lock();
  done.published = true;
  c.next_attempt = detail::saturating_add(now, c.retry);
  if (fetched && !token_problem(fetched->token) && now < fetched->expires_on) {
    c.failure.reset();
    c.current = std::move(*fetched);
    return c.current->token;
  }
  if (!fetched) {
    c.failure = std::move(fetched).error();
  } else if (const char* problem = token_problem(fetched->token)) {
    c.failure = detail::make_error(errc::invalid_argument, problem);
  } else {
    c.failure = detail::make_error(errc::invalid_argument,
                                   "the bearer token source returned a token that has already "
                                   "expired; it was not sent");
  }
  if (c.current && now < c.current->expires_on) {
    return c.current->token; // still valid: used until its expiry or the next attempt
  }
  return *c.failure;
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_SECURE_MEMORY_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_SECURE_MEMORY_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_SECURE_MEMORY_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {

/// Incremental SHA-256 (FIPS 180-4). Copyable: a copy taken after some update() calls is a saved
/// midstate that can be continued independently, which is how HMAC keys are prepared.
class sha256_engine {
public:
  /// Size in bytes of a digest.
  static constexpr std::size_t digest_size = 32;
  /// Size in bytes of the blocks the compression function consumes.
  static constexpr std::size_t block_size = 64;
  /// The raw digest bytes.
  using digest_type = std::array<unsigned char, digest_size>;

  /// An engine that has absorbed nothing.
  sha256_engine() noexcept = default;

  /// Absorbs `size` bytes at `data` (`data` may be null when `size` is 0).
  void update(const unsigned char* data, std::size_t size) noexcept {
    if (size == 0) {
      return;
    }
    const std::size_t used = static_cast<std::size_t>(length_ % block_size);
    length_ += size;
    if (used != 0) {
      const std::size_t take = size < block_size - used ? size : block_size - used;
      std::memcpy(buffer_.data() + used, data, take);
      if (used + take < block_size) {
        return;
      }
      compress(state_, buffer_.data(), 1);
      data += take;
      size -= take;
    }
    // Whole blocks are hashed straight from the input, without a copy through the buffer.
    if (size >= block_size) {
      compress(state_, data, size / block_size);
      data += size / block_size * block_size;
      size %= block_size;
    }
    if (size != 0) {
      std::memcpy(buffer_.data(), data, size);
    }
  }

  /// Absorbs the bytes of `data`.
  void update(std::string_view data) noexcept {
    update(reinterpret_cast<const unsigned char*>(data.data()), data.size());
  }

  /// Pads, returns the digest of everything absorbed, and resets the engine to its empty state.
  [[nodiscard]] digest_type finish() noexcept {
    const std::uint64_t bits = length_ * 8U;
    std::size_t used = static_cast<std::size_t>(length_ % block_size);
    buffer_[used++] = 0x80;
    if (used > block_size - 8) { // no room left for the 64-bit length: pad out a whole block
      std::memset(buffer_.data() + used, 0, block_size - used);
      compress(state_, buffer_.data(), 1);
      used = 0;
    }
    std::memset(buffer_.data() + used, 0, block_size - 8 - used);
    for (std::size_t i = 0; i < 8; ++i) {
      buffer_[block_size - 1 - i] = static_cast<unsigned char>((bits >> (8 * i)) & 0xFFU);
    }
    compress(state_, buffer_.data(), 1);
    digest_type out;
    for (std::size_t i = 0; i < 8; ++i) {
      store_be32(out.data() + 4 * i, state_[i]);
    }
    *this = sha256_engine();
    return out;
  }

private:
  using state_type = std::array<std::uint32_t, 8>;

  static constexpr std::uint32_t rotr(std::uint32_t x, unsigned int n) noexcept {
    return (x >> n) | (x << (32U - n)); // callers pass 0 < n < 32, so neither shift is UB
  }
  static std::uint32_t load_be32(const unsigned char* p) noexcept {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
  }
  static void store_be32(unsigned char* p, std::uint32_t v) noexcept {
    p[0] = static_cast<unsigned char>(v >> 24);
    p[1] = static_cast<unsigned char>((v >> 16) & 0xFFU);
    p[2] = static_cast<unsigned char>((v >> 8) & 0xFFU);
    p[3] = static_cast<unsigned char>(v & 0xFFU);
  }

  // One round; the caller rotates the roles of the eight working variables instead of moving
  // their values, so after inlining each round touches only the registers it must.
  static void step(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t& d,
                   std::uint32_t e, std::uint32_t f, std::uint32_t g, std::uint32_t& h,
                   std::uint32_t k_plus_w) noexcept {
    const std::uint32_t t1 =
        h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) + k_plus_w;
    const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)));
    d += t1;
    h = t1 + t2;
  }

  // The compression function of FIPS 180-4 §6.2.2, applied to `blocks` consecutive blocks.
  static void compress(state_type& state, const unsigned char* data, std::size_t blocks) noexcept {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    std::uint32_t w[64];
    for (; blocks != 0; --blocks, data += block_size) {
      for (std::size_t t = 0; t < 16; ++t) {
        w[t] = load_be32(data + 4 * t);
      }
      for (std::size_t t = 16; t < 64; ++t) {
        const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
      }
      std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
      std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
      for (std::size_t t = 0; t < 64; t += 8) {
        step(a, b, c, d, e, f, g, h, k[t] + w[t]);
        step(h, a, b, c, d, e, f, g, k[t + 1] + w[t + 1]);
        step(g, h, a, b, c, d, e, f, k[t + 2] + w[t + 2]);
        step(f, g, h, a, b, c, d, e, k[t + 3] + w[t + 3]);
        step(e, f, g, h, a, b, c, d, k[t + 4] + w[t + 4]);
        step(d, e, f, g, h, a, b, c, k[t + 5] + w[t + 5]);
        step(c, d, e, f, g, h, a, b, k[t + 6] + w[t + 6]);
        step(b, c, d, e, f, g, h, a, k[t + 7] + w[t + 7]);
      }
      state[0] += a;
      state[1] += b;
      state[2] += c;
      state[3] += d;
      state[4] += e;
      state[5] += f;
      state[6] += g;
      state[7] += h;
    }
  }

  // Initial hash value of FIPS 180-4 §5.3.3.
  state_type state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<unsigned char, block_size> buffer_{}; // a partial block, length_ % 64 bytes of it
  std::uint64_t length_ = 0;                       // bytes absorbed so far
};

} // namespace detail

/// The built-in Crypto: SHA-256 and HMAC-SHA256 with no dependency. Stateless and thread-safe.
struct portable_crypto {
  /// An HMAC-SHA256 key prepared once for many messages: only the hash states after absorbing
  /// key^ipad and key^opad are kept (never the key), and they are wiped on destruction.
  /// A default-constructed key holds nothing: hmac_sha256 with it returns an empty string.
  class hmac_key {
  public:
    /// A key that holds nothing (see valid()).
    hmac_key() noexcept = default;
    /// Copies the prepared state.
    hmac_key(const hmac_key&) noexcept = default;
    /// Copies the prepared state (the source is wiped when it is destroyed).
    hmac_key(hmac_key&&) noexcept = default;
    /// Copies the prepared state.
    hmac_key& operator=(const hmac_key&) noexcept = default;
    /// Copies the prepared state.
    hmac_key& operator=(hmac_key&&) noexcept = default;
    /// Wipes the key-equivalent hash states.
    ~hmac_key() { wipe(); }

    /// True when this key was made by prepare_hmac_key.
    [[nodiscard]] bool valid() const noexcept { return valid_; }

  private:
    friend struct portable_crypto;
    void wipe() noexcept {
      detail::secure_zero(&inner_, sizeof inner_);
      detail::secure_zero(&outer_, sizeof outer_);
    }
    detail::sha256_engine inner_; // after key ^ ipad
    detail::sha256_engine outer_; // after key ^ opad
    bool valid_ = false;
  };

  /// The raw bytes of a SHA-256 digest or HMAC-SHA256 value.
  using digest = detail::sha256_engine::digest_type;

  /// SHA-256 of `data`: 32 raw bytes.
  [[nodiscard]] std::string sha256(std::string_view data) const {
    digest out;
    sha256_into(data, out);
    return to_string(out);
  }

  /// SHA-256 of `data` into `out`, without allocating; always true.
  bool sha256_into(std::string_view data, digest& out) const noexcept {
    detail::sha256_engine engine;
    engine.update(data);
    out = engine.finish();
    return true;
  }

  /// Prepares `key` for hmac_sha256(const hmac_key&, ...); keys over 64 bytes are hashed first.
  [[nodiscard]] hmac_key prepare_hmac_key(std::string_view key) const noexcept {
    constexpr std::size_t block = detail::sha256_engine::block_size;
    std::array<unsigned char, block> pad{};
    if (key.size() > block) { // RFC 2104 §2: a long key is replaced by its hash
      detail::sha256_engine engine;
      engine.update(key);
      detail::sha256_engine::digest_type hashed = engine.finish();
      std::memcpy(pad.data(), hashed.data(), hashed.size());
      detail::secure_zero(hashed.data(), hashed.size());
    } else if (!key.empty()) {
      std::memcpy(pad.data(), key.data(), key.size());
    }
    hmac_key prepared;
    for (auto& byte : pad) {
      byte ^= 0x36U;
    }
    prepared.inner_.update(pad.data(), pad.size());
    for (auto& byte : pad) {
      byte ^= 0x36U ^ 0x5cU; // from key ^ ipad to key ^ opad
    }
    prepared.outer_.update(pad.data(), pad.size());
    detail::secure_zero(pad.data(), pad.size());
    prepared.valid_ = true;
    return prepared;
  }

  /// HMAC-SHA256 (RFC 2104) of `message` under a prepared key: 32 raw bytes, or an empty string
  /// when `key` is not valid().
  [[nodiscard]] std::string hmac_sha256(const hmac_key& key, std::string_view message) const {
    digest out;
    return hmac_sha256_into(key, message, out) ? to_string(out) : std::string();
  }

  /// HMAC-SHA256 of `message` under a prepared key into `out`, without allocating; false when
  /// `key` is not valid().
  bool hmac_sha256_into(const hmac_key& key, std::string_view message, digest& out) const noexcept {
    if (!key.valid_) {
      return false;
    }
    detail::sha256_engine inner = key.inner_;
    inner.update(message);
    const digest inner_digest = inner.finish();
    detail::sha256_engine outer = key.outer_;
    outer.update(inner_digest.data(), inner_digest.size());
    // No wipe needed for these copies: compress() overwrites the key-derived midstate in place,
    // and finish() then resets the engines.
    out = outer.finish();
    return true;
  }

  /// HMAC-SHA256 (RFC 2104) of `message` under the raw `key` bytes: 32 raw bytes.
  [[nodiscard]] std::string hmac_sha256(std::string_view key, std::string_view message) const {
    return hmac_sha256(prepare_hmac_key(key), message);
  }

private:
  static std::string to_string(const detail::sha256_engine::digest_type& digest) {
    return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
  }
};

ACS_ROOMS_NAMESPACE_END
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_BASE64_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_BASE64_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_BASE64_HPP

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// Appends "METHOD\n<path and query>\n<date>;<host>;<content hash>", the HMAC scheme's string
/// to sign; `append_path` writes the path and query (from a string or straight from a URL).
template <class AppendPath>
void append_string_to_sign(std::string& out, std::string_view method, AppendPath&& append_path,
                           std::string_view date, std::string_view host,
                           std::string_view content_hash) {
  for (char c : method) {
    out += ascii_upper(c);
  }
  out += '\n';
  append_path(out);
  out += '\n';
  out += date;
  out += ';';
  out += host;
  out += ';';
  out += content_hash;
}
} // namespace detail

/// The HMAC string to sign: "METHOD\npath?query\n<x-ms-date>;<host>;<content hash>".
[[nodiscard]] inline std::string string_to_sign(std::string_view method,
                                                std::string_view path_and_query,
                                                std::string_view date, std::string_view host,
                                                std::string_view content_hash) {
  std::string out;
  out.reserve(method.size() + path_and_query.size() + date.size() + host.size() +
              content_hash.size() + 4);
  detail::append_string_to_sign(
      out, method, [&](std::string& o) { o += path_and_query; }, date, host, content_hash);
  return out;
}

/// The Authorization value for a base64 signature.
[[nodiscard]] inline std::string hmac_authorization(std::string_view signature) {
  constexpr std::string_view prefix =
      "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
  std::string out;
  out.reserve(prefix.size() + signature.size());
  out += prefix;
  out += signature;
  return out;
}

namespace detail {
/// base64(SHA-256("")): the content hash of every request without a body.
inline constexpr std::string_view empty_body_sha256 =
    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

template <class C, class = void> struct has_prepared_key : std::false_type {};
template <class C>
struct has_prepared_key<
    C, std::void_t<typename C::hmac_key,
                   decltype(std::declval<const C&>().prepare_hmac_key(std::string_view())),
                   decltype(std::declval<const C&>().hmac_sha256(
                       std::declval<const typename C::hmac_key&>(), std::string_view()))>>
    : std::true_type {};
/// True when `C` also hashes into a caller's buffer: `C::digest` (32 bytes), `sha256_into` and
/// `hmac_sha256_into` with a prepared key, as both built-in Cryptos do. The signer then
/// allocates nothing for the digests.
template <class C, class = void> struct has_digest_into : std::false_type {};
template <class C>
struct has_digest_into<
    C,
    std::enable_if_t<has_prepared_key<C>::value &&
                     std::is_same_v<decltype(std::declval<const C&>().sha256_into(
                                        std::string_view(), std::declval<typename C::digest&>())),
                                    bool> &&
                     std::is_same_v<decltype(std::declval<const C&>().hmac_sha256_into(
                                        std::declval<const typename C::hmac_key&>(),
                                        std::string_view(), std::declval<typename C::digest&>())),
                                    bool>>> : std::true_type {};
template <class C, bool = has_prepared_key<C>::value> struct key_storage {
  using type = std::string; // the decoded key bytes
};
template <class C> struct key_storage<C, true> {
  using type = typename C::hmac_key; // pads absorbed once
};
} // namespace detail

/// Signs requests with an ACS access key (HMAC-SHA256 over method, path and query, date, host
/// and body hash), as every official SDK does. The key is decoded, and its HMAC pads prepared
/// when `Crypto` offers `prepare_hmac_key`, once per signer.
template <class Crypto> class hmac_signer { // default: portable_crypto, in fwd.hpp
  static_assert(is_crypto_v<Crypto>, "acs::rooms: the Crypto type is not a Crypto: it needs "
                                     "`std::string sha256(std::string_view) const` and "
                                     "`std::string hmac_sha256(std::string_view key, "
                                     "std::string_view message) const`");

public:
  /// A signer for a base64 access key. A key that does not decode makes every sign() fail
  /// with `invalid_argument`; use from_access_key() to find out at construction.
  explicit hmac_signer(std::string_view access_key, Crypto crypto = Crypto());

  /// A signer, or `invalid_argument` when the key is not valid base64.
  [[nodiscard]] static result<hmac_signer> from_access_key(std::string_view access_key,
                                                           Crypto crypto = Crypto()) {
    hmac_signer signer(access_key, std::move(crypto));
    if (!signer.valid_) {
      return detail::make_error(errc::invalid_argument, invalid_key_message);
    }
    return signer;
  }

  /// Sets x-ms-date, x-ms-content-sha256, Host and Authorization for sending at `now`.
  result<void> sign(http_request& request, time_point now) const;

  /// The crypto implementation in use.
  [[nodiscard]] const Crypto& crypto() const noexcept { return crypto_; }

private:
  static error crypto_failed() {
    return detail::make_error(errc::invalid_argument,
                              "the Crypto implementation did not return 32-byte digests");
  }

  // base64(SHA-256(body)) appended to `out`; false when the Crypto did not give 32 bytes.
  bool append_body_hash(std::string& out, std::string_view body) const {
    if constexpr (detail::has_digest_into<Crypto>::value) {
      typename Crypto::digest bytes{};
      if (!crypto_.sha256_into(body, bytes) || bytes.size() != 32) {
        return false;
      }
      detail::base64_append(
          out, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      return true;
    } else {
      const std::string bytes = crypto_.sha256(body);
      detail::base64_append(out, bytes);
      return bytes.size() == 32;
    }
  }

  // base64(HMAC-SHA256(key, to_sign)) appended to `out`; false when it was not 32 bytes.
  bool append_signature(std::string& out, std::string_view to_sign) const {
    if constexpr (detail::has_digest_into<Crypto>::value) {
      typename Crypto::digest bytes{};
      if (!crypto_.hmac_sha256_into(key_, to_sign, bytes) || bytes.size() != 32) {
        return false;
      }
      detail::base64_append(
          out, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      return true;
    } else {
      const std::string bytes = crypto_.hmac_sha256(key_, to_sign);
      detail::base64_append(out, bytes);
      return bytes.size() == 32;
    }
  }

  static constexpr const char* invalid_key_message =
      "the access key is not valid base64 (copy it again from the Azure portal: Keys)";
  Crypto crypto_;
  typename detail::key_storage<Crypto>::type key_{};
  bool valid_ = false;
};

// Defined out of the class, so not inline: in separate compilation the default signer's members
// are compiled once, by the implementation TU (the extern template below keeps other TUs from
// instantiating them, at any optimisation level).
template <class Crypto>
hmac_signer<Crypto>::hmac_signer(std::string_view access_key, Crypto crypto)
    : crypto_(std::move(crypto)) {
  std::string decoded;
  valid_ = detail::base64_decode(detail::trim(access_key), decoded) && !decoded.empty();
  if constexpr (detail::has_prepared_key<Crypto>::value) {
    key_ = crypto_.prepare_hmac_key(decoded);
    detail::secure_zero(decoded.data(), decoded.size()); // only the prepared pads stay
  } else {
    key_ = std::move(decoded);
  }
}
template <class Crypto>
result<void> hmac_signer<Crypto>::sign(http_request& request, time_point now) const {
  if (!valid_) {
    return detail::make_error(errc::invalid_argument, invalid_key_message);
  }
  const auto url = detail::split_url(request.url); // views into the URL: no allocation
  if (!url) {
    return detail::make_error(errc::invalid_argument,
                              "cannot sign a request whose URL is not absolute http(s): " +
                                  request.url);
  }
  // The empty body's hash is a constant: GET and DELETE need no hashing.
  std::string content_hash;
  content_hash.reserve(44);
  if (request.body.empty()) {
    content_hash = detail::empty_body_sha256;
  } else if (!append_body_hash(content_hash, request.body)) {
    return crypto_failed();
  }
  std::string date = format_rfc1123(now);
  std::string host;
  host.reserve(url->authority_size());
  url->append_authority(host);
  // The string to sign goes in a buffer kept per thread: it is rebuilt for every request.
  thread_local std::string to_sign;
  to_sign.clear();
  to_sign.reserve(request.method.size() + url->path_and_query_size() + date.size() + host.size() +
                  content_hash.size() + 4);
  detail::append_string_to_sign(
      to_sign, request.method, [&](std::string& o) { url->append_path_and_query(o); }, date, host,
      content_hash);
  constexpr std::string_view prefix =
      "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
  std::string authorization;
  authorization.reserve(prefix.size() + 44);
  authorization += prefix;
  if (content_hash.size() != 44 || !append_signature(authorization, to_sign)) {
    return crypto_failed();
  }
  request.headers.reserve(request.headers.size() + 4);
  request.headers.set("x-ms-date", std::move(date));
  request.headers.set("x-ms-content-sha256", std::move(content_hash));
  request.headers.set("Host", std::move(host));
  request.headers.set("Authorization", std::move(authorization));
  return {};
}
#if defined(ACS_ROOMS_SEPARATE_COMPILATION)
#if ACS_ROOMS_DEFINITIONS
template class hmac_signer<portable_crypto>;
#else
extern template class hmac_signer<portable_crypto>;
#endif
#endif

ACS_ROOMS_NAMESPACE_END
// arguments - the request_context and the resolved Repeatability-* pair.


#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// What every builder needs besides the operation's own arguments. The views must outlive the
/// call; nothing here is read from a clock, a random source or the environment.
struct request_context {
  std::string_view endpoint;                             ///< resource URL without a trailing '/'
  acs::rooms::api_version version = api_version::latest; ///< decides which fields may be sent
  std::string_view client_request_id;                    ///< x-ms-client-request-id; empty: none
  std::string_view user_agent;                           ///< User-Agent; empty: header omitted

  /// An empty context (latest version, no endpoint).
  request_context() = default;
  /// A context for `endpoint_in` speaking `version_in`.
  request_context(std::string_view endpoint_in, acs::rooms::api_version version_in,
                  std::string_view client_request_id_in = {}, std::string_view user_agent_in = {})
      : endpoint(endpoint_in), version(std::move(version_in)),
        client_request_id(client_request_id_in), user_agent(user_agent_in) {}
};

/// The Repeatability-* headers of a create, resolved once so that every attempt of the call
/// (and a retry after a lost answer) sends the same pair.
struct repeatability {
  std::string request_id; ///< Repeatability-Request-ID: a UUID
  time_point first_sent;  ///< Repeatability-First-Sent: when that id was first used
};

/// The caller's repeatability id and first-sent time from `options`, else `fresh_id` and `now`.
[[nodiscard]] inline repeatability resolve_repeatability(const create_room_options& options,
                                                         std::string fresh_id, time_point now) {
  return {options.repeatability_request_id ? *options.repeatability_request_id
                                           : std::move(fresh_id),
          options.repeatability_first_sent.value_or(now)};
}

ACS_ROOMS_NAMESPACE_END

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if ACS_ROOMS_DEFINITIONS
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_UUID_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_UUID_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_UUID_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_REQUEST_WRITERS_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_REQUEST_WRITERS_HPP
// checks behind the request builders.


#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
inline error invalid(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

/// A request with the URL "<endpoint>/rooms[/<id>[/participants]]?api-version=<v>".
inline http_request start_request(const request_context& ctx, const char* method,
                                  std::string_view room_id, bool participants) {
  http_request req;
  req.method = method;
  const std::string& version = ctx.version.value();
  req.url.reserve(ctx.endpoint.size() + room_id.size() + version.size() + 40);
  req.url += ctx.endpoint;
  req.url += "/rooms";
  if (!room_id.empty()) {
    req.url += '/';
    append_path_segment(req.url, room_id);
  }
  if (participants) {
    req.url += "/participants";
  }
  req.url += "?api-version=";
  append_path_segment(req.url, version);
  req.headers.reserve(10); // a create's 6 headers and the 4 of signing: no reallocation
  req.headers.add("Accept", "application/json");
  return req;
}

/// Adds the headers every request carries, after the operation's own.
inline void finish_request(const request_context& ctx, http_request& req) {
  if (!ctx.client_request_id.empty()) {
    req.headers.add("x-ms-client-request-id", std::string(ctx.client_request_id));
  }
  if (!ctx.user_agent.empty()) {
    req.headers.add("User-Agent", std::string(ctx.user_agent));
  }
}

/// The refusal of an empty room id (which would address the collection instead of a room).
inline std::optional<error> refuse_empty_room_id(std::string_view room_id) {
  if (room_id.empty()) {
    return invalid("the room id is empty");
  }
  return std::nullopt;
}

/// The refusal of `pstnDialOutEnabled` in a version without it: the one gate message.
inline std::optional<error> check_pstn(const request_context& ctx,
                                       const std::optional<bool>& pstn) {
  if (pstn && !ctx.version.has_pstn_dial_out()) {
    return invalid("pstn_dial_out_enabled needs api-version 2023-10-30-preview or later; this "
                   "client uses " +
                   ctx.version.value());
  }
  return std::nullopt;
}

/// Refuses the fields only the 2022-02-01 dialect has (a join policy, a whole roster).
inline std::optional<error> check_no_2022_fields(const request_context& ctx, bool policy,
                                                 bool roster) {
  if (policy || roster) {
    return invalid(std::string(policy ? "join_policy" : "a roster in update_room_options") +
                   " needs api-version 2022-02-01; this client uses " + ctx.version.value());
  }
  return std::nullopt;
}

/// Appends `"validFrom":...,"validUntil":...,"pstnDialOutEnabled":...` for the present fields.
inline void append_room_fields(std::string& body, const std::optional<time_point>& from,
                               const std::optional<time_point>& until,
                               const std::optional<bool>& pstn) {
  const auto comma = [&body] {
    if (body.size() > 1) {
      body += ',';
    }
  };
  const auto time = [&body](std::string_view key, time_point t) {
    char text[24]; // YYYY-MM-DDTHH:MM:SS.fffZ, as format_rfc3339 writes it, with no temporaries
    char* end = write_rfc3339_fields(text, t, 3);
    *end++ = 'Z';
    body += key;
    body.append(text, static_cast<std::size_t>(end - text));
    body += '"';
  };
  if (from) {
    comma();
    time("\"validFrom\":\"", *from);
  }
  if (until) {
    comma();
    time("\"validUntil\":\"", *until);
  }
  if (pstn) {
    comma();
    body += *pstn ? "\"pstnDialOutEnabled\":true" : "\"pstnDialOutEnabled\":false";
  }
}

/// Appends `"participants":{"<rawId>":<value>,...}`, refusing empty, repeated or non-UTF-8 raw
/// ids; `append_value` writes each value (a role object, or `null` to remove).
template <class Item, class RawId, class Value>
std::optional<error> append_participants(std::string& body, const request_context& ctx,
                                         const std::vector<Item>& items, RawId raw_id_of,
                                         Value append_value) {
  // Repeats are found by comparing with the earlier items; past a few items a list of views
  // (allocated once) is cheaper to search than re-reading each raw id through raw_id_of.
  constexpr std::size_t few = 16;
  std::vector<std::string_view> seen;
  if (items.size() > few) {
    seen.reserve(items.size());
  }
  body += "\"participants\":{";
  bool first = true;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    const std::string& raw = raw_id_of(item);
    if (raw.empty()) {
      return invalid("a participant has an empty raw id");
    }
    bool repeated = false;
    if (items.size() > few) {
      repeated = std::find(seen.begin(), seen.end(), raw) != seen.end();
      seen.push_back(raw);
    } else {
      for (std::size_t j = 0; j < i && !repeated; ++j) {
        repeated = raw_id_of(items[j]) == raw;
      }
    }
    if (repeated) {
      return invalid("participant '" + raw + "' is listed more than once");
    }
    if (!first) {
      body += ',';
    }
    first = false;
    if (!append_json_string(body, raw)) {
      return invalid("a participant raw id is not valid UTF-8");
    }
    body += ':';
    if (auto e = append_value(item, ctx)) {
      return e;
    }
  }
  body += '}';
  return std::nullopt;
}

/// Appends `{"role":"<role>"}` after checking the role exists in the selected version.
inline std::optional<error> append_role(std::string& body, const room_participant& p,
                                        const request_context& ctx) {
  const std::string& role = p.role.value();
  if (role.empty()) {
    return invalid("participant '" + p.id.raw_id() + "' has an empty role");
  }
  if (role == participant_role::collaborator.value() && !ctx.version.has_collaborator()) {
    return invalid("participant '" + p.id.raw_id() +
                   "' has role Collaborator, which needs api-version 2025-03-13 or later; this "
                   "client uses " +
                   ctx.version.value());
  }
  body += "{\"role\":";
  if (!append_json_string(body, role)) {
    return invalid("a participant role is not valid UTF-8");
  }
  body += '}';
  return std::nullopt;
}

inline std::optional<error> append_roster(std::string& body, const request_context& ctx,
                                          const std::vector<room_participant>& participants) {
  return append_participants(
      body, ctx, participants,
      [](const room_participant& p) -> const std::string& { return p.id.raw_id(); },
      [&body](const room_participant& p, const request_context& c) {
        return append_role(body, p, c);
      });
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_REQUEST_WRITERS_HPP
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// Rooms_Create: `POST /rooms`. Fields are sent in spec order and only when set (participants
/// always, as `{}` when there are none), with the Repeatability-* headers of `repeat` (see
/// resolve_repeatability; `options`' own repeatability fields are not read here).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_create_room(const request_context& ctx, const create_room_options& options,
                  const repeatability& repeat);

/// Rooms_Get: `GET /rooms/{roomId}`.
[[nodiscard]] ACS_ROOMS_API result<http_request> build_get_room(const request_context& ctx,
                                                                std::string_view room_id);

/// Rooms_Update: `PATCH /rooms/{roomId}` with a merge-patch body of the fields that are set.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_update_room(const request_context& ctx, std::string_view room_id,
                  const update_room_options& options);

/// Rooms_Delete: `DELETE /rooms/{roomId}`.
[[nodiscard]] ACS_ROOMS_API result<http_request> build_delete_room(const request_context& ctx,
                                                                   std::string_view room_id);

/// Rooms_List: `GET /rooms` (first page; later pages come from build_next_page).
[[nodiscard]] ACS_ROOMS_API result<http_request> build_list_rooms(const request_context& ctx);

/// Participants_Update: `PATCH /rooms/{roomId}/participants`, adding each participant or
/// changing its role.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_add_or_update_participants(const request_context& ctx, std::string_view room_id,
                                 const std::vector<room_participant>& participants);

/// Participants_Update: `PATCH /rooms/{roomId}/participants` with a null per participant,
/// which removes it (removing a non-member is a no-op at the service).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_remove_participants(const request_context& ctx, std::string_view room_id,
                          const std::vector<communication_identifier>& participants);

/// Participants_List: `GET /rooms/{roomId}/participants` (first page).
[[nodiscard]] ACS_ROOMS_API result<http_request> build_list_participants(const request_context& ctx,
                                                                         std::string_view room_id);

/// The next page of a listing: `GET <next_link>`, the URL used verbatim (it already carries
/// its token and api-version, and may name another host). Fails with `invalid_argument` when
/// it is not an absolute http(s) URL.
[[nodiscard]] ACS_ROOMS_API result<http_request> build_next_page(const request_context& ctx,
                                                                 std::string_view next_link);

#if ACS_ROOMS_DEFINITIONS
ACS_ROOMS_API result<http_request> build_create_room(const request_context& ctx,
                                                     const create_room_options& options,
                                                     const repeatability& repeat) {
  if (auto e = detail::check_pstn(ctx, options.pstn_dial_out_enabled)) {
    return std::move(*e);
  }
  if (auto e = detail::check_no_2022_fields(ctx, options.join_policy.has_value(), false)) {
    return std::move(*e);
  }
  if (!detail::is_uuid(repeat.request_id)) {
    return detail::invalid("the repeatability request id must be a UUID "
                           "(xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), got \"" +
                           repeat.request_id.substr(0, 64) + '"');
  }
  http_request req = detail::start_request(ctx, "POST", {}, false);
  req.body.reserve(128 + options.participants.size() * 80);
  req.body += '{';
  detail::append_room_fields(req.body, options.valid_from, options.valid_until,
                             options.pstn_dial_out_enabled);
  // Always sent, even empty: the official SDKs send "participants":{} and we match them.
  if (req.body.size() > 1) {
    req.body += ',';
  }
  if (auto e = detail::append_roster(req.body, ctx, options.participants)) {
    return std::move(*e);
  }
  req.body += '}';
  req.headers.add("Content-Type", "application/json");
  req.headers.add("Repeatability-Request-ID", repeat.request_id);
  req.headers.add("Repeatability-First-Sent", format_rfc1123(repeat.first_sent));
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_get_room(const request_context& ctx,
                                                  std::string_view room_id) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "GET", room_id, false);
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_update_room(const request_context& ctx,
                                                     std::string_view room_id,
                                                     const update_room_options& options) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  if (auto e = detail::check_pstn(ctx, options.pstn_dial_out_enabled)) {
    return std::move(*e);
  }
  if (auto e = detail::check_no_2022_fields(ctx, options.join_policy.has_value(),
                                            options.participants.has_value())) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "PATCH", room_id, false);
  req.body.reserve(96); // the three fields at most: one allocation
  req.body += '{';
  detail::append_room_fields(req.body, options.valid_from, options.valid_until,
                             options.pstn_dial_out_enabled);
  req.body += '}';
  req.headers.add("Content-Type", "application/merge-patch+json");
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_delete_room(const request_context& ctx,
                                                     std::string_view room_id) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "DELETE", room_id, false);
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_list_rooms(const request_context& ctx) {
  http_request req = detail::start_request(ctx, "GET", {}, false);
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request>
build_add_or_update_participants(const request_context& ctx, std::string_view room_id,
                                 const std::vector<room_participant>& participants) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "PATCH", room_id, true);
  req.body.reserve(16 + participants.size() * 80);
  req.body += '{';
  if (auto e = detail::append_roster(req.body, ctx, participants)) {
    return std::move(*e);
  }
  req.body += '}';
  req.headers.add("Content-Type", "application/merge-patch+json");
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request>
build_remove_participants(const request_context& ctx, std::string_view room_id,
                          const std::vector<communication_identifier>& participants) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "PATCH", room_id, true);
  req.body.reserve(16 + participants.size() * 64);
  req.body += '{';
  auto e = detail::append_participants(
      req.body, ctx, participants,
      [](const communication_identifier& id) -> const std::string& { return id.raw_id(); },
      [&req](const communication_identifier&, const request_context&) -> std::optional<error> {
        req.body += "null";
        return std::nullopt;
      });
  if (e) {
    return std::move(*e);
  }
  req.body += '}';
  req.headers.add("Content-Type", "application/merge-patch+json");
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_list_participants(const request_context& ctx,
                                                           std::string_view room_id) {
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "GET", room_id, true);
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_next_page(const request_context& ctx,
                                                   std::string_view next_link) {
  const auto url = detail::parse_url(next_link);
  if (detail::invalid_url_char(next_link) != std::string_view::npos) {
    return detail::invalid("a next-page link has a character that cannot be sent in a URL (a "
                           "control character, a space or a non-ASCII byte)");
  }
  if (!url || url->has_userinfo) {
    return detail::invalid("a next-page link must be an absolute http(s) URL without user "
                           "info, got \"" +
                           std::string(next_link.substr(0, 200)) + '"');
  }
  http_request req;
  req.method = "GET";
  req.url = std::string(next_link);
  req.headers.add("Accept", "application/json");
  detail::finish_request(ctx, req);
  return req;
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#if ACS_ROOMS_JSON_DEFINITIONS
#endif

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// A short English phrase for common statuses, for errors whose body says nothing.
inline std::string_view reason_phrase(int status) noexcept {
  switch (status) {
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 408:
    return "Request Timeout";
  case 409:
    return "Conflict";
  case 412:
    return "Precondition Failed";
  case 415:
    return "Unsupported Media Type";
  case 429:
    return "Too Many Requests";
  case 500:
    return "Internal Server Error";
  case 502:
    return "Bad Gateway";
  case 503:
    return "Service Unavailable";
  case 504:
    return "Gateway Timeout";
  default:
    return "unexpected status";
  }
}

inline std::string header_or_empty(const http_headers& headers, std::string_view name) {
  const auto value = headers.get(name);
  return value ? std::string(*value) : std::string();
}

inline bool is_success(int status) noexcept { return status >= 200 && status < 300; }

/// String member `field` of a JSON object, or "" when absent or not a string.
ACS_ROOMS_JSON_API std::string string_field(const json& object, const char* field);
/// Reads a `CommunicationError` object; nesting deeper than `depth` is dropped, not followed.
ACS_ROOMS_JSON_API error read_service_error(const json& j, int depth);
} // namespace detail

/// The error for a non-2xx response: status, the service's code (else `x-ms-error-code`),
/// message, target, details and innererror, plus the correlation headers. A body that is not
/// the service's JSON envelope (an HTML page from a proxy, an empty body) still gives a
/// `service_error` with the status and a message saying so.
[[nodiscard]] ACS_ROOMS_JSON_API error parse_error(const http_response& response);

/// A room from the answer to create (201), get or update (200); any other status is an error.
/// `version` is a GA one: a 2022-02-01 room has another shape (read it with parse_room_v2022;
/// this reader refuses that version with `invalid_argument`).
[[nodiscard]] ACS_ROOMS_JSON_API result<room>
parse_room(const http_response& response, const api_version& version = api_version::latest);

/// One page of rooms (`RoomsCollection`); 2022-02-01 has no listing (`invalid_argument`).
[[nodiscard]] ACS_ROOMS_JSON_API result<page<room>>
parse_room_page(const http_response& response, const api_version& version = api_version::latest);

/// One page of participants (`ParticipantsCollection`); unknown role strings are kept.
[[nodiscard]] ACS_ROOMS_JSON_API result<page<room_participant>>
parse_participant_page(const http_response& response);

/// The answer to delete (204) or to a participants update (200 `{}`): success or an error.
[[nodiscard]] inline result<void> parse_empty(const http_response& response) {
  if (!detail::is_success(response.status)) {
    return parse_error(response);
  }
  return {};
}

#if ACS_ROOMS_JSON_DEFINITIONS
namespace detail {
ACS_ROOMS_JSON_API std::string string_field(const json& object, const char* field) {
  const auto it = object.find(field);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

/// Reads a `CommunicationError` object; nesting deeper than `depth` is dropped, not followed.
ACS_ROOMS_JSON_API error read_service_error(const json& j, int depth) {
  error e;
  e.kind = errc::service_error;
  e.code = string_field(j, "code");
  e.message = string_field(j, "message");
  e.target = string_field(j, "target");
  if (depth <= 0) {
    return e;
  }
  if (const auto details = j.find("details"); details != j.end() && details->is_array()) {
    for (const auto& d : *details) {
      if (d.is_object()) {
        e.details.push_back(read_service_error(d, depth - 1));
      }
    }
  }
  if (const auto inner = j.find("innererror"); inner != j.end() && inner->is_object()) {
    e.set_inner_error(read_service_error(*inner, depth - 1));
  }
  return e;
}

/// One page of `Fields` items read by SAX straight from the body; the parse_error answer for a
/// non-2xx status.
template <class Fields>
result<page<typename Fields::value_type>>
parse_sax_page(const http_response& response, std::string_view what, const api_version& version) {
  if (!is_success(response.status)) {
    return parse_error(response);
  }
  sax_reader<Fields> reader(/*page_mode=*/true, version);
  if (!sax_read(response.body, reader)) {
    return not_json_error(response, what);
  }
  auto p = reader.take_page(what);
  if (!p) {
    auto e = std::move(p).error();
    e.status = response.status;
    return e;
  }
  return p;
}
} // namespace detail

/// The error for a non-2xx response: status, the service's code (else `x-ms-error-code`),
/// message, target, details and innererror, plus the correlation headers. A body that is not
/// the service's JSON envelope (an HTML page from a proxy, an empty body) still gives a
/// `service_error` with the status and a message saying so.
ACS_ROOMS_JSON_API error parse_error(const http_response& response) {
  error e;
  detail::json body;
  const bool is_json = detail::parse_json(response.body, body) && body.is_object();
  const auto envelope = is_json ? body.find("error") : body.end();
  if (is_json && envelope != body.end() && envelope->is_object()) {
    e = detail::read_service_error(*envelope, 16);
  } else if (is_json && (body.contains("code") || body.contains("message"))) {
    e = detail::read_service_error(body, 16); // a bare error object, as some gateways send
  } else {
    e.raw_body = response.body.substr(0, 4096);
  }
  e.kind = errc::service_error;
  e.status = response.status;
  if (e.code.empty()) {
    e.code = detail::header_or_empty(response.headers, "x-ms-error-code");
  }
  if (e.message.empty()) {
    e.message = "HTTP " + std::to_string(response.status) + " " +
                std::string(detail::reason_phrase(response.status));
    if (response.body.empty()) {
      e.message += " with an empty body";
    } else if (!is_json || envelope == body.end()) {
      const auto type = response.headers.get("Content-Type");
      e.message += " with a body that is not a service error (" +
                   std::to_string(response.body.size()) + " bytes" +
                   (type ? ", " + std::string(*type) : std::string()) + ")";
    }
  }
  e.client_request_id = detail::header_or_empty(response.headers, "x-ms-client-request-id");
  e.correlation_vector = detail::header_or_empty(response.headers, "MS-CV");
  e.azure_ref = detail::header_or_empty(response.headers, "X-Azure-Ref");
  e.headers = response.headers;
  return e;
}

namespace detail {
/// The refusal of a GA reader asked for the 2022-02-01 dialect, whose bodies differ: without
/// it, a 2022 room would fail as a "malformed" answer that is not malformed.
inline std::optional<error> refuse_2022_dialect(const api_version& version, const char* reader,
                                                const char* instead) {
  if (!version.is_2022_dialect()) {
    return std::nullopt;
  }
  return make_error(errc::invalid_argument, std::string(reader) +
                                                " reads the GA api-versions' bodies, not " +
                                                std::string(version.value()) + "'s; " + instead);
}
} // namespace detail

/// A room from the answer to create (201), get or update (200); any other status is an error.
ACS_ROOMS_JSON_API result<room> parse_room(const http_response& response,
                                           const api_version& version) {
  if (auto refused = detail::refuse_2022_dialect(version, "parse_room",
                                                 "read the answer with parse_room_v2022")) {
    return std::move(*refused);
  }
  if (!detail::is_success(response.status)) {
    return parse_error(response);
  }
  // Read by SAX straight into the room: no DOM (see detail/data/sax_readers.hpp). from_json reads
  // a user's DOM through the same reader.
  detail::sax_reader<detail::room_fields> reader(/*page_mode=*/false, version);
  if (!detail::sax_read(response.body, reader)) {
    return detail::not_json_error(response, "room");
  }
  auto r = reader.take_item();
  if (!r) {
    auto e = std::move(r).error();
    e.status = response.status;
    return e;
  }
  if (const auto replay = response.headers.get("Repeatability-Result")) {
    r->repeatability_result = std::string(*replay);
  }
  return r;
}

/// One page of rooms (`RoomsCollection`).
ACS_ROOMS_JSON_API result<page<room>> parse_room_page(const http_response& response,
                                                      const api_version& version) {
  if (auto refused = detail::refuse_2022_dialect(version, "parse_room_page",
                                                 "that version has no room listing")) {
    return std::move(*refused);
  }
  return detail::parse_sax_page<detail::room_fields>(response, "rooms page", version);
}

/// One page of participants (`ParticipantsCollection`); unknown role strings are kept.
ACS_ROOMS_JSON_API result<page<room_participant>>
parse_participant_page(const http_response& response) {
  return detail::parse_sax_page<detail::participant_fields>(response, "participants page",
                                                            api_version::latest);
}

#endif // ACS_ROOMS_JSON_DEFINITIONS

ACS_ROOMS_NAMESPACE_END

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if ACS_ROOMS_DEFINITIONS
#endif

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// Fails with `invalid_argument` naming the version when `operation` does not exist in the
/// dialect `ctx` speaks: `needs_2022` says whether the operation is a 2022-02-01 one.
ACS_ROOMS_API std::optional<error> check_dialect(const request_context& ctx, bool needs_2022,
                                                 std::string_view operation);

/// Appends `{"communicationIdentifier":{...},"role":"..."}` as the 1.0.0b3 Python SDK writes
/// it: an ACS user as `{"communicationUser":{"id":...}}`, any other identity as `{"rawId":...}`;
/// the role only when `with_role`.
ACS_ROOMS_API std::optional<error> append_participant_2022(std::string& body,
                                                           const room_participant& p,
                                                           const request_context& ctx,
                                                           bool with_role);

/// Appends `"participants":[...]`, refusing a raw id listed twice.
ACS_ROOMS_API std::optional<error>
append_participant_array(std::string& body, const request_context& ctx,
                         const std::vector<room_participant>& items, bool with_role);

/// The body of a 2022-02-01 create or update: the fields that are set, in spec order.
ACS_ROOMS_API std::optional<error>
room_body_2022(std::string& body, const request_context& ctx, const std::optional<time_point>& from,
               const std::optional<time_point>& until,
               const std::optional<room_join_policy>& policy,
               const std::vector<room_participant>* participants);

/// A POST /rooms/{roomId}/participants:<action> with `{"participants":[...]}`.
ACS_ROOMS_API result<http_request>
participants_action(const request_context& ctx, std::string_view room_id, const char* action,
                    const std::vector<room_participant>& participants, bool with_role);
} // namespace detail

/// Rooms_CreateRoom (2022-02-01): `POST /rooms` with `validFrom`, `validUntil`,
/// `roomJoinPolicy` and the participants array, each only when set (no participants: none sent,
/// as the Python SDK does). Repeatability-First-Sent is an RFC 3339 date-time in this version
/// (docs/design.md says why).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_create_room_v2022(const request_context& ctx, const create_room_options& options,
                        const repeatability& repeat);

/// Rooms_UpdateRoom (2022-02-01): `PATCH /rooms/{roomId}` (`application/json`, as the Python
/// SDK sends it) with the fields that are set; `participants` replaces the roster.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_update_room_v2022(const request_context& ctx, std::string_view room_id,
                        const update_room_options& options);

/// Rooms_GetParticipants (2022-02-01): `GET /rooms/{roomId}/participants`, the whole roster at
/// once (no paging in this version).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_get_participants_v2022(const request_context& ctx, std::string_view room_id);

/// Rooms_AddParticipants (2022-02-01): `POST /rooms/{roomId}/participants:add`.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_add_participants_v2022(const request_context& ctx, std::string_view room_id,
                             const std::vector<room_participant>& participants);

/// Rooms_UpdateParticipants (2022-02-01): `POST /rooms/{roomId}/participants:update`.
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_update_participants_v2022(const request_context& ctx, std::string_view room_id,
                                const std::vector<room_participant>& participants);

/// Rooms_RemoveParticipants (2022-02-01): `POST /rooms/{roomId}/participants:remove`, each
/// participant without a role (as the Python SDK sends it).
[[nodiscard]] ACS_ROOMS_API result<http_request>
build_remove_participants_v2022(const request_context& ctx, std::string_view room_id,
                                const std::vector<communication_identifier>& participants);

#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API std::optional<error> check_dialect(const request_context& ctx, bool needs_2022,
                                                 std::string_view operation) {
  if (ctx.version.is_2022_dialect() == needs_2022) {
    return std::nullopt;
  }
  std::string message(operation);
  message += needs_2022
                 ? " exists only in api-version 2022-02-01; this client uses " + ctx.version.value()
                 : " does not exist in api-version " + ctx.version.value() +
                       "; it needs a GA api-version (2023-06-14 or later)";
  return invalid(std::move(message));
}

ACS_ROOMS_API std::optional<error> append_participant_2022(std::string& body,
                                                           const room_participant& p,
                                                           const request_context& ctx,
                                                           bool with_role) {
  const std::string& raw = p.id.raw_id();
  if (raw.empty()) {
    return invalid("a participant has an empty raw id");
  }
  const bool user = p.id.kind() == identifier_kind::communication_user;
  body += user ? "{\"communicationIdentifier\":{\"communicationUser\":{\"id\":"
               : "{\"communicationIdentifier\":{\"rawId\":";
  if (!append_json_string(body, raw)) {
    return invalid("a participant raw id is not valid UTF-8");
  }
  body += user ? "}}" : "}";
  if (with_role) {
    const std::string& role = p.role.value();
    if (role.empty()) {
      return invalid("participant '" + raw + "' has an empty role");
    }
    if (role == participant_role::collaborator.value() && !ctx.version.has_collaborator()) {
      return invalid("participant '" + raw +
                     "' has role Collaborator, which needs api-version 2025-03-13 or later; this "
                     "client uses " +
                     ctx.version.value());
    }
    body += ",\"role\":";
    if (!append_json_string(body, role)) {
      return invalid("a participant role is not valid UTF-8");
    }
  }
  body += '}';
  return std::nullopt;
}

ACS_ROOMS_API std::optional<error>
append_participant_array(std::string& body, const request_context& ctx,
                         const std::vector<room_participant>& items, bool with_role) {
  body += "\"participants\":[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto same = [&](const room_participant& p) { return p.id == items[i].id; };
    if (std::any_of(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(i), same)) {
      return invalid("participant '" + items[i].id.raw_id() + "' is listed more than once");
    }
    if (i != 0) {
      body += ',';
    }
    if (auto e = append_participant_2022(body, items[i], ctx, with_role)) {
      return e;
    }
  }
  body += ']';
  return std::nullopt;
}

ACS_ROOMS_API std::optional<error>
room_body_2022(std::string& body, const request_context& ctx, const std::optional<time_point>& from,
               const std::optional<time_point>& until,
               const std::optional<room_join_policy>& policy,
               const std::vector<room_participant>* participants) {
  body += '{';
  append_room_fields(body, from, until, std::nullopt);
  if (policy) {
    if (policy->value().empty()) {
      return invalid("the room join policy is empty");
    }
    body += body.size() > 1 ? ",\"roomJoinPolicy\":" : "\"roomJoinPolicy\":";
    if (!append_json_string(body, policy->value())) {
      return invalid("the room join policy is not valid UTF-8");
    }
  }
  if (participants != nullptr) {
    if (body.size() > 1) {
      body += ',';
    }
    if (auto e = append_participant_array(body, ctx, *participants, true)) {
      return e;
    }
  }
  body += '}';
  return std::nullopt;
}

ACS_ROOMS_API result<http_request>
participants_action(const request_context& ctx, std::string_view room_id, const char* action,
                    const std::vector<room_participant>& participants, bool with_role) {
  if (auto e = check_dialect(ctx, true, std::string("participants:") + action)) {
    return std::move(*e);
  }
  if (auto e = refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  http_request req = start_request(ctx, "POST", room_id, true);
  const auto query = req.url.find('?');
  req.url.insert(query, std::string(":") + action);
  req.body.reserve(32 + participants.size() * 120);
  req.body += '{';
  if (auto e = append_participant_array(req.body, ctx, participants, with_role)) {
    return std::move(*e);
  }
  req.body += '}';
  req.headers.add("Content-Type", "application/json");
  finish_request(ctx, req);
  return req;
}

} // namespace detail

ACS_ROOMS_API result<http_request> build_create_room_v2022(const request_context& ctx,
                                                           const create_room_options& options,
                                                           const repeatability& repeat) {
  if (auto e = detail::check_dialect(ctx, true, "the 2022-02-01 create")) {
    return std::move(*e);
  }
  if (auto e = detail::check_pstn(ctx, options.pstn_dial_out_enabled)) {
    return std::move(*e);
  }
  if (!detail::is_uuid(repeat.request_id)) {
    return detail::invalid("the repeatability request id must be a UUID, got \"" +
                           repeat.request_id.substr(0, 64) + '"');
  }
  http_request req = detail::start_request(ctx, "POST", {}, false);
  if (auto e = detail::room_body_2022(
          req.body, ctx, options.valid_from, options.valid_until, options.join_policy,
          options.participants.empty() ? nullptr : &options.participants)) {
    return std::move(*e);
  }
  req.headers.add("Content-Type", "application/json");
  req.headers.add("Repeatability-Request-ID", repeat.request_id);
  req.headers.add("Repeatability-First-Sent", format_rfc3339(repeat.first_sent));
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_update_room_v2022(const request_context& ctx,
                                                           std::string_view room_id,
                                                           const update_room_options& options) {
  if (auto e = detail::check_dialect(ctx, true, "the 2022-02-01 update")) {
    return std::move(*e);
  }
  if (auto e = detail::refuse_empty_room_id(room_id)) {
    return std::move(*e);
  }
  if (auto e = detail::check_pstn(ctx, options.pstn_dial_out_enabled)) {
    return std::move(*e);
  }
  http_request req = detail::start_request(ctx, "PATCH", room_id, false);
  if (auto e = detail::room_body_2022(req.body, ctx, options.valid_from, options.valid_until,
                                      options.join_policy,
                                      options.participants ? &*options.participants : nullptr)) {
    return std::move(*e);
  }
  req.headers.add("Content-Type", "application/json");
  detail::finish_request(ctx, req);
  return req;
}

ACS_ROOMS_API result<http_request> build_get_participants_v2022(const request_context& ctx,
                                                                std::string_view room_id) {
  if (auto e = detail::check_dialect(ctx, true, "get_participants")) {
    return std::move(*e);
  }
  return build_list_participants(ctx, room_id);
}

ACS_ROOMS_API result<http_request>
build_add_participants_v2022(const request_context& ctx, std::string_view room_id,
                             const std::vector<room_participant>& participants) {
  return detail::participants_action(ctx, room_id, "add", participants, true);
}

ACS_ROOMS_API result<http_request>
build_update_participants_v2022(const request_context& ctx, std::string_view room_id,
                                const std::vector<room_participant>& participants) {
  return detail::participants_action(ctx, room_id, "update", participants, true);
}

ACS_ROOMS_API result<http_request>
build_remove_participants_v2022(const request_context& ctx, std::string_view room_id,
                                const std::vector<communication_identifier>& participants) {
  std::vector<room_participant> items;
  items.reserve(participants.size());
  for (const auto& id : participants) {
    items.push_back(room_participant{id});
  }
  return detail::participants_action(ctx, room_id, "remove", items, false);
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#if ACS_ROOMS_JSON_DEFINITIONS
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_DATA_SAX_V2022_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_DATA_SAX_V2022_HPP
// ParticipantsCollection, whose participants carry their raw id one object deeper.


#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// The fields of a 2022-02-01 `RoomParticipant` {communicationIdentifier {rawId, ...}, role} as
/// SAX events deliver them; depth 1 is the participant's members, 2 the identifier's.
class participant_2022_fields {
public:
  static constexpr std::string_view what = "participant";

  void reset() noexcept {
    identifier_type_ = raw_id_type_ = role_type_ = nullptr;
    current_ = none;
    in_identifier_ = raw_id_key_ = false;
  }
  void key(int depth, std::string_view k) noexcept {
    if (depth == 1) {
      current_ = k == "communicationIdentifier" ? identifier : k == "role" ? role : none;
      in_identifier_ = false;
    } else if (depth == 2 && in_identifier_) {
      raw_id_key_ = k == "rawId";
    }
  }
  void value(int depth, const char* type) noexcept {
    if (depth == 1 && current_ == identifier) {
      identifier_type_ = type;
      in_identifier_ = type == json_type::object;
      if (in_identifier_) { // a repeated identifier replaces the one before
        raw_id_type_ = nullptr;
        raw_id_key_ = false;
      }
    } else if (depth == 1 && current_ == role) {
      role_type_ = type;
    } else if (depth == 2 && in_identifier_ && raw_id_key_) {
      raw_id_type_ = type;
    }
  }
  void string(int depth, const std::string& v) {
    if (depth == 1 && current_ == role) {
      role_.assign(v);
    } else if (depth == 2 && in_identifier_ && raw_id_key_) {
      raw_id_.assign(v);
    }
  }
  /// The participant, or the first problem: communicationIdentifier, its rawId (required: the
  /// spec says "required in responses"), then role (absent or null: kept as an empty role).
  result<room_participant> finish() {
    if (identifier_type_ != json_type::object) {
      return field_error(what, "communicationIdentifier",
                         identifier_type_ == nullptr ? "is missing" : "is not an object");
    }
    if (auto e = check_string_field(what, "rawId", raw_id_type_)) {
      return std::move(*e);
    }
    if (role_type_ != nullptr && role_type_ != json_type::string && role_type_ != json_type::null) {
      return field_error(what, "role", std::string("is a ") + role_type_ + ", not a string");
    }
    return room_participant{
        communication_identifier::from_raw_id(std::move(raw_id_)),
        participant_role(role_type_ == json_type::string ? std::move(role_) : std::string())};
  }

private:
  enum slot { none, identifier, role };
  slot current_ = none;
  const char* identifier_type_ = nullptr;
  const char* raw_id_type_ = nullptr;
  const char* role_type_ = nullptr;
  bool in_identifier_ = false; // inside the communicationIdentifier object
  bool raw_id_key_ = false;    // its current key is rawId
  std::string raw_id_;
  std::string role_;
};

/// A 2022-02-01 `participants` array as it was read: its items, or its first bad item.
struct participant_list_2022 {
  std::vector<room_participant> items; ///< every item, when none is bad
  std::optional<error> item_error;     ///< the first bad item's problem
  std::size_t error_index = 0;         ///< and its place

  /// The checks of a present `participants` member of type `type` in `what`: an array whose
  /// items all read. nullopt when it is one; the items are then in `items`.
  std::optional<error> check(const char* type, std::string_view what) {
    if (type != json_type::array) {
      return field_error(what, "participants", type == nullptr ? "is missing" : "is not an array");
    }
    if (item_error) {
      error e = std::move(*item_error);
      e.message +=
          " (participant " + std::to_string(error_index) + " of the " + std::string(what) + ")";
      return e;
    }
    return std::nullopt;
  }
};

/// The members of a 2022-02-01 `RoomModel`: id, createdDateTime, validFrom and validUntil
/// required; roomJoinPolicy (any string, kept) and participants (the roster) when present.
class room_2022_fields : public room_members<6> {
public:
  using value_type = room;
  static constexpr std::string_view what = "room";

  room_2022_fields() noexcept : room_members("createdDateTime") {}
  /// The problem when the body is a `type`, not an object.
  static std::string not_an_object(const char* type) {
    return std::string("malformed response: a room is a ") + type + ", not an object";
  }
  void key(std::string_view k) noexcept {
    current_ = k == "roomJoinPolicy" ? join_policy
               : k == "participants" ? participants
                                     : room_key(k);
  }
  /// True while the current member is `participants` (its array is the roster).
  bool at_participants() const noexcept { return current_ == participants; }
  void string(const std::string& v) {
    if (current_ == join_policy) {
      join_policy_.assign(v);
    } else {
      room_members::string(v);
    }
  }
  /// The room, or the first problem: id, createdDateTime, validFrom, validUntil,
  /// roomJoinPolicy, participants (the first bad one).
  result<room> finish(participant_list_2022& list) {
    auto r = finish_room(what);
    if (!r) {
      return r;
    }
    if (type_[join_policy] == json_type::string) {
      r->join_policy = room_join_policy(std::move(join_policy_));
    } else if (type_[join_policy] != nullptr && type_[join_policy] != json_type::null) {
      return field_error(what, "roomJoinPolicy", "is not a string");
    }
    if (type_[participants] != nullptr && type_[participants] != json_type::null) {
      if (auto e = list.check(type_[participants], what)) {
        return std::move(*e);
      }
      r->participants = std::move(list.items);
    }
    return r;
  }

private:
  enum slot : int { join_policy = more, participants };
  std::string join_policy_;
};

/// The members of a 2022-02-01 `ParticipantsCollection` {participants: [...]}, the answer to
/// get participants and to the participants:add|:update|:remove actions.
class participant_collection_2022_fields : public member_types<1> {
public:
  using value_type = std::vector<room_participant>;
  static constexpr std::string_view what = "participants collection";

  /// The problem when the body is a `type`, not an object.
  static std::string not_an_object(const char* type) {
    return std::string("malformed response: the participants collection is a ") + type +
           ", not an object";
  }
  void key(std::string_view k) noexcept { current_ = k == "participants" ? 0 : none; }
  /// True while the current member is `participants`.
  bool at_participants() const noexcept { return current_ == 0; }
  void string(const std::string&) noexcept {}
  /// The roster, or the first problem: participants missing or not an array, a bad item.
  result<value_type> finish(participant_list_2022& list) {
    if (auto e = list.check(type_[0], what)) {
      return std::move(*e);
    }
    return std::move(list.items);
  }
};

/// A nlohmann SAX handler (the json_sax interface, without virtual calls) reading one 2022-02-01
/// object of `Top` (room_2022_fields, participant_collection_2022_fields) with its `participants`
/// array of participant_2022_fields. Values of unknown keys, however deep, are skipped.
template <class Top> class sax_reader_2022 : public sax_value_events<sax_reader_2022<Top>> {
public:
  using json = nlohmann::json;

  // The json_sax events the base does not cover.
  bool string(const json::string_t& v) {
    classify(json_type::string);
    if (depth_ == 1 && top_is_object_) {
      top_.string(v);
    } else if (item_open_ && depth_ >= 3) {
      item_.string(depth_ - 2, v);
    }
    return true;
  }
  bool start_object(std::size_t) {
    classify(json_type::object);
    if (depth_ == 0) {
      top_is_object_ = true;
    } else if (list_open_ && depth_ == 2) {
      item_open_ = true;
      item_.reset();
    }
    ++depth_;
    return true;
  }
  bool key(const json::string_t& k) {
    if (depth_ == 1 && top_is_object_) {
      top_.key(k);
    } else if (item_open_ && depth_ >= 3) {
      item_.key(depth_ - 2, k);
    }
    return true;
  }
  bool end_object() {
    --depth_;
    if (item_open_ && depth_ == 2) {
      item_open_ = false;
      if (!list_.item_error) { // after the first bad item the rest are only walked
        auto p = item_.finish();
        if (p) {
          list_.items.push_back(std::move(*p));
        } else {
          list_.item_error = std::move(p).error();
          list_.error_index = index_;
        }
      }
      ++index_;
    }
    return true;
  }
  bool start_array(std::size_t) {
    classify(json_type::array);
    if (depth_ == 1 && top_is_object_ && top_.at_participants()) {
      list_open_ = true; // a repeated member replaces the one before, as in a DOM
      list_ = participant_list_2022();
      index_ = 0;
    }
    ++depth_;
    return true;
  }
  bool end_array() {
    --depth_;
    if (list_open_ && depth_ == 1) {
      list_open_ = false;
    }
    return true;
  }
  /// After a successful parse: the value or its first problem.
  result<typename Top::value_type> take() {
    if (!top_is_object_) {
      return make_error(errc::malformed_response, Top::not_an_object(top_type_));
    }
    return top_.finish(list_);
  }

private:
  friend class sax_value_events<sax_reader_2022>;
  // Notes a value that starts now where it matters: the top's type, a member's type, a roster
  // item that is not an object, a participant's field.
  void classify(const char* type) {
    if (depth_ == 0) {
      top_type_ = type;
    } else if (depth_ == 1 && top_is_object_) {
      top_.value(type);
    } else if (list_open_ && depth_ == 2) {
      if (type != json_type::object) {
        if (!list_.item_error) {
          list_.item_error = make_error(errc::malformed_response,
                                        std::string("malformed response: a participant is a ") +
                                            type + ", not an object");
          list_.error_index = index_;
        }
        ++index_;
      }
    } else if (item_open_ && depth_ >= 3) {
      item_.value(depth_ - 2, type);
    }
  }

  Top top_;
  participant_2022_fields item_;
  participant_list_2022 list_;
  int depth_ = 0;
  const char* top_type_ = nullptr;
  bool top_is_object_ = false;
  bool list_open_ = false;
  bool item_open_ = false;
  std::size_t index_ = 0;
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_DATA_SAX_V2022_HPP
#endif

ACS_ROOMS_NAMESPACE_BEGIN

/// A room from a 2022-02-01 create (201), get or update (200): `RoomModel` directly, with
/// `createdDateTime`, `roomJoinPolicy` and the participants. Any other status is an error.
[[nodiscard]] ACS_ROOMS_JSON_API result<room> parse_room_v2022(const http_response& response);

/// The roster from a 2022-02-01 `ParticipantsCollection` (get participants and the three
/// participants:add|:update|:remove actions, which answer with the whole updated roster).
[[nodiscard]] ACS_ROOMS_JSON_API result<std::vector<room_participant>>
parse_participants_v2022(const http_response& response);

#if ACS_ROOMS_JSON_DEFINITIONS

namespace detail {
/// Reads a 2022-02-01 answer of shape `Top` by SAX straight from the body (see
/// detail/data/sax_v2022.hpp); the parse_error answer for a non-2xx status.
template <class Top>
result<typename Top::value_type> parse_sax_2022(const http_response& response) {
  if (!is_success(response.status)) {
    return parse_error(response);
  }
  sax_reader_2022<Top> reader;
  if (!sax_read(response.body, reader)) {
    return not_json_error(response, Top::what);
  }
  auto out = reader.take();
  if (!out) {
    auto e = std::move(out).error();
    e.status = response.status;
    return e;
  }
  return out;
}
} // namespace detail

/// A room from a 2022-02-01 create (201), get or update (200): `RoomModel` directly, with
/// `createdDateTime`, `roomJoinPolicy` and the participants. Any other status is an error.
ACS_ROOMS_JSON_API result<room> parse_room_v2022(const http_response& response) {
  auto r = detail::parse_sax_2022<detail::room_2022_fields>(response);
  if (r) {
    if (const auto replay = response.headers.get("Repeatability-Result")) {
      r->repeatability_result = std::string(*replay);
    }
  }
  return r;
}

/// The roster from a 2022-02-01 `ParticipantsCollection` (get participants and the three
/// participants:add|:update|:remove actions, which answer with the whole updated roster).
ACS_ROOMS_JSON_API result<std::vector<room_participant>>
parse_participants_v2022(const http_response& response) {
  return detail::parse_sax_2022<detail::participant_collection_2022_fields>(response);
}
#endif // ACS_ROOMS_JSON_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
// and its dialect, written once for every client.


#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

// An *Operation* (the named requirement every client's generic call path takes) is a value `op`
// of a type `Op` with:
//   Op::value_type            what a successful call gives (`room`, `void`, a page, ...)
//   Op::name                  a std::string_view naming it in messages ("create_room")
//   op.build(ctx)             -> result<http_request>: the request in the dialect of ctx.version
//   Op::parse(response, v)    -> result<value_type>: the answer, read for api-version `v`
// and optionally
//   Op::explain(e, sent, n)   adds to error `e` what only this operation knows, given the request
//                             sent and the number of attempts (create: a 412 after a retry)
//   Op::span_name             the name of its tracing span ("RoomsClient.CreateRoom"; .NET's
//                             names, docs/tracing.md); without it, Op::name
// A *listing* also has `Op::item_type`; its value_type is page<item_type> and build() makes
// the first page (later pages follow nextLink). Everything here is pure: the clients add the
// ids, clock, signing, sending and retries. Operations that take their arguments by reference
// (all but the listings) are meant to be built and called in one expression.

namespace detail {
/// A room in the dialect of `version`: the 2022-02-01 shape, or the GA one.
ACS_ROOMS_API result<room> parse_room_any(const http_response& response,
                                          const api_version& version);

/// `build(ctx)` when the operation exists in the dialect `ctx` speaks, else the refusal that
/// names the operation and the version.
template <class Build>
result<http_request> in_dialect(const request_context& ctx, bool needs_2022,
                                std::string_view operation, Build&& build) {
  if (auto refused = check_dialect(ctx, needs_2022, operation)) {
    return std::move(*refused);
  }
  return std::forward<Build>(build)();
}
} // namespace detail

/// Rooms_Create (`POST /rooms`), in either dialect. `repeat` is the Repeatability-* pair every
/// attempt sends (see resolve_repeatability): a retried create never makes two rooms.
struct create_room_operation {
  using value_type = room;                                                ///< the room made
  static constexpr std::string_view name = "create_room";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.CreateRoom"; ///< for tracing
  const create_room_options& options;                                     ///< what to create
  repeatability repeat; ///< resolved once per call
  /// The request (build_create_room, or build_create_room_v2022 for 2022-02-01).
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return ctx.version.is_2022_dialect() ? build_create_room_v2022(ctx, options, repeat)
                                         : build_create_room(ctx, options, repeat);
  }
  /// The room from the 201 answer.
  static result<room> parse(const http_response& r, const api_version& v) {
    return detail::parse_room_any(r, v);
  }
  /// A 412 to a create that was sent more than once: the service no longer knows the
  /// repeatability id (its window is 5 minutes from the first send), so it refused the retry,
  /// but an earlier attempt whose answer was lost may have made the room. Says so, with the id
  /// and first-sent time, so the caller checks before creating again.
  static void explain(error& e, const http_request& sent, int attempts);
};

/// Rooms_Get (`GET /rooms/{roomId}`), in either dialect.
struct get_room_operation {
  using value_type = room;                                             ///< the room
  static constexpr std::string_view name = "get_room";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.GetRoom"; ///< for tracing
  std::string_view room_id;                                            ///< which room
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_get_room(ctx, room_id);
  }
  /// The room from the 200 answer.
  static result<room> parse(const http_response& r, const api_version& v) {
    return detail::parse_room_any(r, v);
  }
};

/// Rooms_Update (`PATCH /rooms/{roomId}`), in either dialect: only the fields set are sent.
struct update_room_operation {
  using value_type = room;                                ///< the room after the change
  static constexpr std::string_view name = "update_room"; ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.UpdateRoom"; ///< for tracing
  std::string_view room_id;                                               ///< which room
  const update_room_options& options;                                     ///< what to change
  /// The request (merge-patch in GA versions, the whole JSON fields in 2022-02-01).
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return ctx.version.is_2022_dialect() ? build_update_room_v2022(ctx, room_id, options)
                                         : build_update_room(ctx, room_id, options);
  }
  /// The room from the 200 answer.
  static result<room> parse(const http_response& r, const api_version& v) {
    return detail::parse_room_any(r, v);
  }
};

/// Rooms_Delete (`DELETE /rooms/{roomId}`), in either dialect.
struct delete_room_operation {
  using value_type = void;                                                ///< nothing but success
  static constexpr std::string_view name = "delete_room";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.DeleteRoom"; ///< for tracing
  std::string_view room_id;                                               ///< which room
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_delete_room(ctx, room_id);
  }
  /// Success (204) or the error.
  static result<void> parse(const http_response& r, const api_version&) { return parse_empty(r); }
};

/// Rooms_List (`GET /rooms`): a listing, GA versions only.
struct list_rooms_operation {
  using item_type = room;                                               ///< one room
  using value_type = page<room>;                                        ///< one page
  static constexpr std::string_view name = "list_rooms";                ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.GetRooms"; ///< for tracing
  /// The first page's request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return detail::in_dialect(ctx, false, name, [&] { return build_list_rooms(ctx); });
  }
  /// One page of rooms.
  static result<page<room>> parse(const http_response& r, const api_version& v) {
    return parse_room_page(r, v);
  }
};

/// Participants_Update (`PATCH /rooms/{roomId}/participants`): adds these participants or
/// changes their roles; GA versions only.
struct add_or_update_participants_operation {
  using value_type = void;                                               ///< success
  static constexpr std::string_view name = "add_or_update_participants"; ///< for messages
  static constexpr std::string_view span_name =
      "RoomsClient.AddOrUpdateParticipants";         ///< for tracing
  std::string_view room_id;                          ///< which room
  const std::vector<room_participant>& participants; ///< who, with roles
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return detail::in_dialect(ctx, false, name, [&] {
      return build_add_or_update_participants(ctx, room_id, participants);
    });
  }
  /// Success (200 `{}`) or the error.
  static result<void> parse(const http_response& r, const api_version&) { return parse_empty(r); }
};

/// Removes participants from a room, in either dialect: a merge-patch of nulls in GA versions,
/// `POST participants:remove` in 2022-02-01 (whose roster answer is not read: use
/// get_participants). Removing a non-member is not an error.
struct remove_participants_operation {
  using value_type = void;                                                        ///< success
  static constexpr std::string_view name = "remove_participants";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.RemoveParticipants"; ///< for tracing
  std::string_view room_id;                                                       ///< which room
  const std::vector<communication_identifier>& participants;                      ///< who
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return ctx.version.is_2022_dialect()
               ? build_remove_participants_v2022(ctx, room_id, participants)
               : build_remove_participants(ctx, room_id, participants);
  }
  /// Success or the error.
  static result<void> parse(const http_response& r, const api_version&) { return parse_empty(r); }
};

/// Participants_List (`GET /rooms/{roomId}/participants`): a listing, GA versions only. Owns
/// its room id, since a pager keeps the operation for its later pages.
struct list_participants_operation {
  using item_type = room_participant;                                          ///< one participant
  using value_type = page<room_participant>;                                   ///< one page
  static constexpr std::string_view name = "list_participants";                ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.GetParticipants"; ///< for tracing
  std::string room_id;                                                         ///< which room
  /// The first page's request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return detail::in_dialect(ctx, false, name,
                              [&] { return build_list_participants(ctx, room_id); });
  }
  /// One page of participants.
  static result<page<room_participant>> parse(const http_response& r, const api_version&) {
    return parse_participant_page(r);
  }
};

/// Rooms_GetParticipants (2022-02-01 only): the whole roster in one answer.
struct get_participants_operation {
  using value_type = std::vector<room_participant>;                            ///< the roster
  static constexpr std::string_view name = "get_participants";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.GetParticipants"; ///< for tracing
  std::string_view room_id;                                                    ///< which room
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_get_participants_v2022(ctx, room_id);
  }
  /// The roster.
  static result<value_type> parse(const http_response& r, const api_version&) {
    return parse_participants_v2022(r);
  }
};

/// Rooms_AddParticipants (2022-02-01 only): adds these participants (members already in the
/// room are left as they are); the answer is the roster after.
struct add_participants_operation {
  using value_type = std::vector<room_participant>;                            ///< the roster after
  static constexpr std::string_view name = "add_participants";                 ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.AddParticipants"; ///< for tracing
  std::string_view room_id;                                                    ///< which room
  const std::vector<room_participant>& participants;                           ///< who, with roles
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_add_participants_v2022(ctx, room_id, participants);
  }
  /// The roster after.
  static result<value_type> parse(const http_response& r, const api_version&) {
    return parse_participants_v2022(r);
  }
};

/// Rooms_UpdateParticipants (2022-02-01 only): changes these members' roles; the answer is the
/// roster after.
struct update_participants_operation {
  using value_type = std::vector<room_participant>;               ///< the roster after
  static constexpr std::string_view name = "update_participants"; ///< for messages
  static constexpr std::string_view span_name = "RoomsClient.UpdateParticipants"; ///< for tracing
  std::string_view room_id;                                                       ///< which room
  const std::vector<room_participant>& participants; ///< who, with new roles
  /// The request.
  [[nodiscard]] result<http_request> build(const request_context& ctx) const {
    return build_update_participants_v2022(ctx, room_id, participants);
  }
  /// The roster after.
  static result<value_type> parse(const http_response& r, const api_version&) {
    return parse_participants_v2022(r);
  }
};

/// True when `Op` has the optional `explain(error&, const http_request&, int)`.
template <class Op, class = void> struct has_explain : std::false_type {};
/// True when `Op` has the optional `explain(error&, const http_request&, int)`.
template <class Op>
struct has_explain<Op, std::void_t<decltype(Op::explain(std::declval<error&>(),
                                                        std::declval<const http_request&>(), 0))>>
    : std::true_type {};

/// The name of `Op`'s tracing span: Op::span_name, else Op::name.
template <class Op, class = void> struct span_name_of {
  static constexpr std::string_view value = Op::name; ///< the name
};
/// The name of `Op`'s tracing span: Op::span_name, else Op::name.
template <class Op> struct span_name_of<Op, std::void_t<decltype(Op::span_name)>> {
  static constexpr std::string_view value = Op::span_name; ///< the name
};

/// True when `Op` is a listing (it has an `item_type`).
template <class Op, class = void> struct is_listing : std::false_type {};
/// True when `Op` is a listing (it has an `item_type`).
template <class Op> struct is_listing<Op, std::void_t<typename Op::item_type>> : std::true_type {};
/// is_listing<Op>::value.
template <class Op> inline constexpr bool is_listing_v = is_listing<Op>::value;

#if ACS_ROOMS_DEFINITIONS
ACS_ROOMS_API void create_room_operation::explain(error& e, const http_request& sent,
                                                  int attempts) {
  if (e.status != 412 || attempts < 2) {
    return;
  }
  const auto id = sent.headers.get("Repeatability-Request-ID");
  const auto first = sent.headers.get("Repeatability-First-Sent");
  e.message += "; this create was sent " + std::to_string(attempts) +
               " times and an earlier attempt may have created the room before its answer was "
               "lost (Repeatability-Request-ID " +
               std::string(id.value_or("?")) + ", first sent " + std::string(first.value_or("?")) +
               "): list the rooms to check before creating it again";
}

namespace detail {
ACS_ROOMS_API result<room> parse_room_any(const http_response& response,
                                          const api_version& version) {
  return version.is_2022_dialect() ? parse_room_v2022(response) : parse_room(response, version);
}

} // namespace detail
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// How the wait between attempts grows.
enum class retry_mode {
  exponential, ///< initial_delay × 2^(n−1), jittered ±20%, capped (the default; Azure.Core's)
  fixed,       ///< initial_delay before every retry, not jittered, capped at max_delay
};

/// A set of HTTP statuses (100 to 599), e.g. the ones a call is retried on.
class status_set {
public:
  /// The empty set.
  constexpr status_set() noexcept = default;
  /// The set of `statuses` (values outside 100 to 599 are ignored).
  constexpr status_set(std::initializer_list<int> statuses) noexcept {
    for (const int s : statuses) {
      insert(s);
    }
  }
  /// True when `status` is in the set.
  [[nodiscard]] constexpr bool contains(int status) const noexcept {
    return in_range(status) && (bits_[index(status) / 64] >> (index(status) % 64) & 1U) != 0;
  }
  /// Adds `status` (ignored outside 100 to 599).
  constexpr void insert(int status) noexcept {
    if (in_range(status)) {
      bits_[index(status) / 64] |= std::uint64_t(1) << (index(status) % 64);
    }
  }
  /// Removes `status`.
  constexpr void erase(int status) noexcept {
    if (in_range(status)) {
      bits_[index(status) / 64] &= ~(std::uint64_t(1) << (index(status) % 64));
    }
  }

private:
  static constexpr bool in_range(int s) noexcept { return s >= 100 && s <= 599; }
  static constexpr unsigned index(int s) noexcept { return static_cast<unsigned>(s - 100); }
  std::uint64_t bits_[8] = {}; // statuses 100..599, one bit each: no allocation, cheap to copy
};

/// The statuses retried by default: 408, 429, 500, 502, 503, 504 (Azure.Core's).
inline constexpr status_set default_retry_statuses{408, 429, 500, 502, 503, 504};

/// What a retry predicate sees of one finished attempt.
struct retry_attempt {
  const http_request& request;   ///< what was sent (a create's repeatability pair included)
  const http_response* response; ///< the answer; null when none came
  const error* failure;          ///< why no answer came (a transport_error, ...); else null
  int attempt;                   ///< 1 for the first attempt
  bool retry_by_rules;           ///< what the rules (statuses, max_retries) decided alone
};

/// A retry predicate's verdict.
enum class retry_decision {
  by_rules, ///< as the rules decided
  retry,    ///< retry, though the rules would not (still within max_retries and the deadline)
  stop,     ///< do not retry, though the rules would
};

/// When and how often a call is sent again. Azure.Core's defaults.
///
/// "No limit" is the largest value: `max_retries = INT_MAX` retries for as long as the call's
/// deadline allows (the attempt count saturates), `max_delay = milliseconds::max()` lets every
/// computed and every requested delay be waited (waits saturate at the end of the steady clock,
/// about 292 years). Nothing overflows for any value; a negative value counts as 0.
struct retry_options {
  int max_retries = 3; ///< retries after the first attempt (at most 4 attempts); 0 disables
  std::chrono::milliseconds initial_delay{800}; ///< the first retry's delay, before jitter
  /// The longest wait between attempts, whoever chose it. A computed back-off is capped at it.
  /// A delay the service asks for (Retry-After family) is waited as given up to it; one longer
  /// than it is not waited and not cut short: the call ends at once with the answer's status
  /// and headers as a `service_error` naming the requested delay (see call_machine).
  std::chrono::milliseconds max_delay{60000};
  retry_mode mode = retry_mode::exponential;    ///< how the computed wait grows
  status_set statuses = default_retry_statuses; ///< answers retried (a 401 is refreshed apart)
  /// Sees every attempt that failed (an answer other than 2xx and the 401 that refreshes
  /// a credential, or no answer) and may veto or
  /// force a retry, e.g. on an x-ms-error-code; empty: the rules alone. A forced retry sends
  /// the same request again (a create keeps its Repeatability-Request-ID and First-Sent), waits
  /// as any retry, and stays within max_retries and the deadline. A predicate that throws ends
  /// the call with `invalid_argument`.
  std::function<retry_decision(const retry_attempt&)> should_retry;
};

namespace detail {
/// Reads a non-negative decimal integer (RFC 9110 delay-seconds: `1*DIGIT`, spaces around
/// allowed), saturating at INT64_MAX however many digits it has; nullopt when it is empty or
/// has anything but digits (a sign, a point, an exponent).
constexpr std::optional<std::int64_t> read_count(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  if (text.empty()) {
    return std::nullopt;
  }
  constexpr std::int64_t top = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    const int digit = c - '0';
    value = value > (top - digit) / 10 ? top : value * 10 + digit;
  }
  return value;
}

/// A small, fast generator for the jitter (splitmix64): the machine stays pure given its seed.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// The back-off before retry `n` (1 for the first): in fixed mode `initial_delay`; else
/// `initial_delay × 2^(n−1)`, jittered
/// uniformly within ±20% by a draw from `rng`, capped at `max_delay`. Any `initial_delay`,
/// `max_delay` and `n` give a delay in [0, max(max_delay, 0)], without overflow.
inline std::chrono::milliseconds backoff_delay(const retry_options& retry, int n,
                                               std::uint64_t& rng) {
  using std::chrono::milliseconds;
  if (retry.mode == retry_mode::fixed) { // the same wait every time, within [0, max_delay]
    return std::clamp(retry.initial_delay, milliseconds(0),
                      std::max(retry.max_delay, milliseconds(0)));
  }
  const double initial =
      static_cast<double>(std::max<std::int64_t>(retry.initial_delay.count(), 0));
  const double cap = static_cast<double>(std::max<std::int64_t>(retry.max_delay.count(), 0));
  double delay = std::ldexp(initial, n > 1 ? std::min(n - 1, 64) : 0); // at most 2^63 × 2^64
  const double unit = static_cast<double>(splitmix64(rng) >> 11) / 9007199254740992.0;
  delay *= 0.8 + 0.4 * unit;
  if (delay >= cap) {
    return milliseconds(std::max<milliseconds::rep>(retry.max_delay.count(), 0));
  }
  // Below the cap, itself a milliseconds count: the conversion cannot overflow.
  return milliseconds(static_cast<milliseconds::rep>(delay));
}
} // namespace detail

/// The delay the service asked for, from `retry-after-ms`, then `x-ms-retry-after-ms`, then
/// `Retry-After` (seconds, or an HTTP date taken relative to `now`); nullopt when none is usable.
/// A header that is not a plain decimal count (negative, fractional, an exponent, text) or a
/// valid HTTP date is ignored. Huge values saturate at `milliseconds::max()` (as does a date
/// beyond the clock's range); a date already past is 0. The caller decides what a delay longer
/// than it will wait means (call_machine: the call ends).
[[nodiscard]] inline std::optional<std::chrono::milliseconds>
server_retry_delay(const http_headers& headers, time_point now) {
  using std::chrono::milliseconds;
  for (const char* name : {"retry-after-ms", "x-ms-retry-after-ms"}) {
    if (const auto value = headers.get(name)) {
      if (const auto ms = detail::read_count(*value)) {
        return milliseconds(*ms);
      }
    }
  }
  const auto value = headers.get("Retry-After");
  if (!value) {
    return std::nullopt;
  }
  if (const auto seconds = detail::read_count(*value)) {
    return detail::saturating_duration_cast<milliseconds>(std::chrono::seconds(*seconds));
  }
  if (const auto secs = detail::read_rfc1123(*value)) {
    const auto when = detail::time_from_seconds(*secs, 0);
    if (!when) { // a valid date the clock cannot hold: long past, or as far ahead as can be
      return *secs > 0 ? milliseconds::max() : milliseconds(0);
    }
    if (*when <= now) {
      return milliseconds(0);
    }
    // Rounded up: not a millisecond before the date; the distance saturates.
    return std::chrono::ceil<milliseconds>(detail::time_distance(*when, now));
  }
  return std::nullopt;
}

ACS_ROOMS_NAMESPACE_END
// tracing library (OpenTelemetry, your own) plugs in without the library depending on it.


#include <cstdint>
#include <memory>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// What a span stands for (OpenTelemetry's SpanKind, the two the clients use).
enum class span_kind {
  internal, ///< one public method, e.g. RoomsClient.CreateRoom, around all its attempts
  client,   ///< one HTTP attempt
};

/// How a span ended.
enum class span_status {
  unset, ///< not said (a success, by OpenTelemetry's convention)
  ok,    ///< explicitly a success
  error, ///< a failure; the description says what failed (never a secret)
};

/// One span a `tracer` opened. The client sets attributes and a status on it, asks it to put
/// its context in a request's headers, and calls end() once (last). Attribute names follow
/// OpenTelemetry's HTTP conventions and the Azure SDK's (docs/tracing.md has the table).
class span {
public:
  virtual ~span() = default;
  /// Sets a string attribute.
  virtual void set_attribute(std::string_view key, std::string_view value) = 0;
  /// Sets an integer attribute.
  virtual void set_attribute(std::string_view key, std::int64_t value) = 0;
  /// Sets the status; `description` is set with `error` only.
  virtual void set_status(span_status status, std::string_view description = {}) = 0;
  /// Writes this span's context into `headers`: W3C `traceparent`, and `tracestate` when there
  /// is one (set(), so a retried request carries its own attempt's span). Default: nothing.
  virtual void inject(http_headers& headers) { static_cast<void>(headers); }
  /// Ends the span; nothing is called on it afterwards.
  virtual void end() = 0;
};

/// Opens spans; give one to `client_options::tracer`. Called from any thread that makes calls
/// (and from the executor's threads for the async client), so it must be thread-safe.
class tracer {
public:
  virtual ~tracer() = default;
  /// A new span named `name`, child of `parent`, or of the tracer's own current context (the
  /// caller's active span, say) when `parent` is null. May return null: that span is skipped.
  virtual std::unique_ptr<span> start_span(std::string_view name, span_kind kind, span* parent) = 0;
};

/// The `az.namespace` attribute of every span (the Azure resource provider).
inline constexpr std::string_view tracing_namespace = "Microsoft.Communication";

ACS_ROOMS_NAMESPACE_END
// value (response_metadata), and the levels of the log lines a call writes.


#include <chrono>
#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// What the service answered a call with, besides the value: the Azure SDKs' `Response<T>` as
/// an out-parameter of call_options, so that every operation (named, generic, async, a page)
/// gets it the same way without a second spelling of each method. An `error` carries the same
/// facts already; this is for successes.
struct response_metadata {
  int status = 0;                ///< the final answer's status; 0 when no answer came
  http_headers headers;          ///< its headers: MS-CV, x-ms-request-id, Repeatability-Result, ...
  int attempts = 0;              ///< how many times the request was sent
  std::string client_request_id; ///< the x-ms-client-request-id that was sent
};

/// Per-call limits, the optional last argument of every operation: a timeout or a deadline
/// (the earlier wins) bounding the whole call, retries and waits included, and a cancellation
/// token (under C++20 a std::stop_token converts to one). "No limit" is nullopt, or the largest
/// value: `timeout = milliseconds::max()` and `deadline = time_point::max()` are no limit (a
/// timeout is added to the start saturating, never overflowing); a negative timeout has passed.
struct call_options {
  std::optional<std::chrono::milliseconds> timeout; ///< from the call's start; nullopt: none
  std::optional<time_point> deadline; ///< on the client's clock; nullopt or max(): none
  cancellation_token cancellation;    ///< cancels the call, waits included
  /// Filled when the call ends, success or failure: the final answer's status and headers and
  /// the attempt count (see response_metadata). Must outlive the call; null: not wanted.
  response_metadata* metadata = nullptr;
};

/// How much a log line matters.
enum class log_level {
  verbose, ///< details a person debugging wants
  info,    ///< an attempt that succeeded
  warning, ///< an attempt that failed and will be retried
  error,   ///< the call failed
};

/// The name of a log level, e.g. "warning".
[[nodiscard]] constexpr std::string_view to_string(log_level level) noexcept {
  switch (level) {
  case log_level::verbose:
    return "verbose";
  case log_level::info:
    return "info";
  case log_level::warning:
    return "warning";
  case log_level::error:
    return "error";
  }
  return "unknown";
}

ACS_ROOMS_NAMESPACE_END
// one client span per HTTP attempt - with their attributes, for the call machine.


#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// `url` for the `url.full` attribute: every query value but api-version's is REDACTED (a
/// continuation token or a user's filter is nobody's business in a trace).
inline std::string redacted_url(std::string_view url) {
  const auto question = url.find('?');
  if (question == std::string_view::npos) {
    return std::string(url);
  }
  std::string out(url.substr(0, question + 1));
  std::string_view query = url.substr(question + 1);
  bool first = true;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    out += first ? "" : "&";
    first = false;
    out += key;
    if (eq != std::string_view::npos) {
      out += key == "api-version" ? pair.substr(eq) : std::string_view("=REDACTED");
    }
  }
  return out;
}

/// A span that is ended when dropped, if nobody ended it before.
class owned_span {
public:
  owned_span() = default;
  explicit owned_span(std::unique_ptr<span> s) noexcept : span_(std::move(s)) {}
  owned_span(owned_span&&) noexcept = default;
  owned_span& operator=(owned_span&& other) noexcept {
    end();
    span_ = std::move(other.span_);
    return *this;
  }
  owned_span(const owned_span&) = delete;
  owned_span& operator=(const owned_span&) = delete;
  ~owned_span() { end(); }

  span* get() const noexcept { return span_.get(); }
  span* operator->() const noexcept { return span_.get(); }
  explicit operator bool() const noexcept { return span_ != nullptr; }
  void end() {
    if (span_) {
      span_->end();
      span_.reset();
    }
  }

private:
  std::unique_ptr<span> span_;
};

/// The spans of one call. Empty (and free) without a tracer.
class call_trace {
public:
  call_trace() = default;
  /// Opens the method's span `name` (internal) on `tracer`.
  call_trace(std::shared_ptr<tracer> t, std::string_view name) : tracer_(std::move(t)) {
    if (tracer_) {
      method_ = owned_span(tracer_->start_span(name, span_kind::internal, nullptr));
      if (method_) {
        method_->set_attribute("az.namespace", tracing_namespace);
      }
    }
  }

  /// An attempt of `request` starts: its client span, and its context in the headers.
  /// `resend_count` is 0 for the first attempt.
  void attempt_started(http_request& request, int resend_count) {
    if (!tracer_) {
      return;
    }
    attempt_ = owned_span(tracer_->start_span(request.method, span_kind::client, method_.get()));
    if (!attempt_) {
      return;
    }
    attempt_->set_attribute("az.namespace", tracing_namespace);
    attempt_->set_attribute("http.request.method", request.method);
    attempt_->set_attribute("url.full", redacted_url(request.url));
    if (const auto url = parse_url(request.url)) {
      attempt_->set_attribute("server.address", url->host);
      const std::string port =
          url->port.empty() ? (url->scheme == "https" ? "443" : "80") : url->port;
      attempt_->set_attribute("server.port", static_cast<std::int64_t>(std::stoi(port)));
    }
    if (const auto id = request.headers.get("x-ms-client-request-id")) {
      attempt_->set_attribute("az.client_request_id", *id);
    }
    if (resend_count > 0) {
      attempt_->set_attribute("http.request.resend_count", static_cast<std::int64_t>(resend_count));
    }
    attempt_->inject(request.headers);
  }

  /// The attempt was answered with `status`.
  void attempt_answered(const http_response& response) {
    if (!attempt_) {
      return;
    }
    attempt_->set_attribute("http.response.status_code",
                            static_cast<std::int64_t>(response.status));
    if (const auto id = response.headers.get("x-ms-request-id")) {
      attempt_->set_attribute("az.service_request_id", *id);
    }
    if (response.status >= 400) {
      const std::string status = std::to_string(response.status);
      attempt_->set_attribute("error.type", status);
      attempt_->set_status(span_status::error, "HTTP " + status);
    }
    attempt_.end();
  }

  /// The attempt ended without an answer (or was never sent: signing failed, or cancelled).
  void attempt_failed(const error& e) {
    if (!attempt_) {
      return;
    }
    attempt_->set_attribute("error.type", to_string(e.kind));
    attempt_->set_status(span_status::error, e.message);
    attempt_.end();
  }

  /// The call is over: `e` is its error, or null on success. Ends every span.
  void finished(const error* e) {
    if (e != nullptr) {
      attempt_failed(*e);
      if (method_) {
        method_->set_attribute("error.type", e->status >= 400 ? std::to_string(e->status)
                                                              : std::string(to_string(e->kind)));
        method_->set_status(span_status::error, e->message);
      }
    }
    attempt_.end();
    method_.end();
  }

private:
  std::shared_ptr<tracer> tracer_;
  owned_span method_;
  owned_span attempt_;
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// What the driver of a `call_machine` must do next.
enum class call_action {
  send,   ///< sign `request()` at the current time and send it; report with on_response/on_error
  wait,   ///< wait `delay()`, then report on_waited (or cancel)
  finish, ///< the call is over: take_outcome()
};

/// One call as a sans-I/O state machine (h11-style): given the request, it says what to do
/// next — send, wait, or finish — and is told what happened. It decides retries, delays
/// (Retry-After headers first, else exponential back-off with ±20% jitter; a requested delay
/// past the deadline ends the call with `timed_out`, one longer than `max_delay` with the
/// answer's `service_error`, both naming it, and neither is slept), deadlines, the one
/// credential refresh after a 401, and writes the log line of each attempt. It never reads a
/// clock, sleeps, or touches a socket: the sync client drives it with a blocking wait, the async
/// client with timers, and anyone with their own I/O can drive it the same way:
///
///     call_machine m(std::move(request), retry, now(), deadline, seed);
///     while (m.next() != call_action::finish) {
///       if (m.next() == call_action::send) {
///         sign(m.request(), now());               // fresh x-ms-date each attempt
///         auto r = send(m.request());
///         r ? m.on_response(std::move(*r), now()) : m.on_error(std::move(r).error(), now());
///       } else {
///         sleep(m.delay());
///         m.on_waited(now());
///       }
///     }
///     result<http_response> outcome = m.take_outcome();   // then parse it
class call_machine {
public:
  /// A call of `request` (built, not yet signed) starting at `now`; `deadline` bounds the whole
  /// call (time_point::max(), where a saturated timeout ends, is none); `seed` feeds the jitter;
  /// `can_refresh` says the signer can drop a cached credential, so a 401 is retried once with a
  /// fresh one.
  call_machine(http_request request, retry_options retry, time_point now,
               std::optional<time_point> deadline = std::nullopt, std::uint64_t seed = 0,
               bool can_refresh = false);

  /// What to do now.
  [[nodiscard]] call_action next() const noexcept { return action_; }
  /// The request to sign and send (the same request every attempt: same ids and body).
  [[nodiscard]] http_request& request() noexcept { return request_; }
  /// The request, read-only.
  [[nodiscard]] const http_request& request() const noexcept { return request_; }
  /// How long to wait, when next() is `wait`.
  [[nodiscard]] std::chrono::milliseconds delay() const noexcept { return delay_; }
  /// Attempts made so far.
  [[nodiscard]] int attempts() const noexcept { return attempts_; }
  /// True when the driver should drop a cached credential before signing the next attempt.
  [[nodiscard]] bool refresh_credentials() const noexcept { return refresh_next_; }
  /// The time left before the deadline at `now`, or nullopt without a deadline (never negative).
  [[nodiscard]] std::optional<std::chrono::milliseconds> remaining(time_point now) const;

  /// Turns the log lines on (off by default, so a client without a logger builds no text).
  void log_lines(bool on) noexcept { logging_ = on; }

  /// Opens the call's spans on `t` (see tracing.hpp): the method's span `name` now, a client
  /// span per attempt from on_sending, all ended by finish_trace (or when the machine goes).
  void trace(std::shared_ptr<tracer> t, std::string_view name);
  /// Ends the spans: `e` is how the call failed (the parser's verdict included), or null.
  void finish_trace(const error* e) { trace_.finished(e); }

  /// Where the driver reports the call's response_metadata (null: nowhere).
  void report_to(response_metadata* sink) noexcept { metadata_ = sink; }
  /// See report_to.
  [[nodiscard]] response_metadata* metadata() const noexcept { return metadata_; }

  /// Marks the start of an attempt at `now`, before it is signed: the log line's duration
  /// starts, and with a tracer the attempt's span opens and its traceparent goes in the request.
  void on_sending(time_point now);

  /// The transport answered.
  void on_response(http_response response, time_point now);

  /// The transport failed without an answer (a `transport_error`, or any error it reported).
  void on_error(error e, time_point now);

  /// The wait asked for is over.
  void on_waited(time_point now);

  /// The caller cancelled: the call finishes with `errc::cancelled`.
  /// With `in_flight`, an attempt had been sent (its answer is dropped): it counts.
  void cancel(bool in_flight = false);

  /// Signing failed, or anything else the driver cannot go on from: finish with `e`.
  void fail(error e);

  /// The log line of the last event ("GET https://... -> 503 in 12 ms, attempt 1 of 4; retrying
  /// in 800 ms: ..."), with allow-listed headers only; empty before the first event.
  [[nodiscard]] const std::string& log_line() const noexcept { return log_; }
  /// How much the last event matters.
  [[nodiscard]] log_level log_line_level() const noexcept { return log_level_; }

  /// The outcome, once next() is `finish`: the last response (any status: the operation's
  /// parser turns a non-2xx into its error), or the error that ended the call. An error carries
  /// the attempt count and, when there was one, the last response's status and headers.
  [[nodiscard]] result<http_response> take_outcome();

private:
  std::chrono::milliseconds backoff() { return detail::backoff_delay(retry_, attempts_, rng_); }

  // Whether to retry after the attempt just counted, which the rules alone would (`by_rules`,
  // before max_retries) and the predicate may overrule; nullopt when the predicate threw (the
  // call then fails with invalid_argument: a user's callback must not escape a driver).
  std::optional<bool> decide(bool by_rules, const http_response* answer, const error* failure);

  // One more attempt; the count saturates, so max_retries = INT_MAX never overflows it.
  void count_attempt() noexcept {
    if (attempts_ < std::numeric_limits<int>::max()) {
      ++attempts_;
    }
  }

  // Waits `wait` before the next attempt, unless the wait would pass the deadline (the call
  // ends with timed_out) or, when the service `requested` it, is longer than max_delay.
  //
  // A requested delay longer than max_delay is neither slept nor cut short: sleeping it lets any
  // server or proxy park the caller for as long as it likes (Retry-After: 9999999999 is 317
  // years), and retrying sooner goes against what the service asked while it sheds load. So
  // the call ends at once with the answer's status and headers (Retry-After among them) as a
  // `service_error` whose message names the requested delay and the limit: the caller, who
  // knows whether waiting that long makes sense, decides. Azure SDK for Go does the same with
  // MaxRetryDelay; raise max_delay (milliseconds::max(): no limit) to wait any request.
  void schedule(std::chrono::milliseconds wait, const char* why, time_point now,
                bool requested = false);

  void finish_timed_out(const std::string& what);

  void finish_with(errc kind, std::string message);

  std::string attempt_line(const std::string& outcome, time_point now) const;

  http_request request_;
  retry_options retry_;
  std::optional<time_point> deadline_;
  time_point attempt_started_;
  std::uint64_t rng_;
  bool can_refresh_;
  bool refreshed_ = false;
  bool refresh_next_ = false;
  call_action action_ = call_action::send;
  std::chrono::milliseconds delay_{0};
  int attempts_ = 0;
  std::optional<http_response> last_;
  std::optional<error> last_error_;
  std::string log_;
  log_level log_level_ = log_level::verbose;
  bool logging_ = false;
  detail::call_trace trace_;              // empty without a tracer
  response_metadata* metadata_ = nullptr; // the caller's, through call_options
};

ACS_ROOMS_NAMESPACE_END

#if ACS_ROOMS_DEFINITIONS
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_CALL_MACHINE_IMPL_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_CALL_MACHINE_IMPL_HPP
// compiled inline header-only and once, by the implementation TU, in separate compilation.

#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_ATTEMPT_LOG_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_ATTEMPT_LOG_HPP

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
/// The response headers a log line may show: none of them carries a secret.
inline constexpr std::string_view loggable_headers[] = {
    "x-ms-client-request-id", "x-ms-error-code",      "Retry-After", "retry-after-ms",
    "x-ms-retry-after-ms",    "Repeatability-Result", "MS-CV",       "X-Azure-Ref",
    "Content-Type",           "Content-Length",
};
} // namespace detail

namespace detail {
/// "GET https://... -> 503 in 12 ms, attempt 1 of 4" for attempt `attempts` of `request`,
/// started at `started`, with `outcome` ("503", "failed (...)").
inline std::string attempt_log_line(const http_request& request, const std::string& outcome,
                                    time_point now, time_point started, int attempts,
                                    int max_retries) {
  const auto apart = time_distance(now, started); // a clock may jump
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(now < started ? -apart : apart);
  std::string line = request.method;
  line += ' ';
  line += request.url;
  line += " -> ";
  line += outcome;
  line += " in " + std::to_string(took.count()) + " ms, attempt " + std::to_string(attempts) +
          " of " + std::to_string(std::max<long long>(max_retries, 0) + 1);
  return line;
}

/// Appends the allow-listed headers of an answer (values cut at 200 characters).
inline void add_loggable_headers(std::string& line, const http_headers& headers) {
  for (std::string_view name : loggable_headers) {
    if (const auto value = headers.get(name)) {
      line += ' ';
      line += name;
      line += '=';
      line += value->substr(0, 200);
    }
  }
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_ATTEMPT_LOG_HPP

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

ACS_ROOMS_API call_machine::call_machine(http_request request, retry_options retry, time_point now,
                                         std::optional<time_point> deadline, std::uint64_t seed,
                                         bool can_refresh)
    : request_(std::move(request)), retry_(retry), deadline_(deadline), attempt_started_(now),
      rng_(seed), can_refresh_(can_refresh) {
  if (deadline_ && *deadline_ == time_point::max()) {
    deadline_.reset(); // the end of the clock: no limit
  }
  if (deadline_ && now >= *deadline_) {
    finish_timed_out("the deadline had passed before the call started");
  }
}

ACS_ROOMS_API std::optional<std::chrono::milliseconds>
call_machine::remaining(time_point now) const {
  if (!deadline_) {
    return std::nullopt;
  }
  if (now >= *deadline_) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::ceil<std::chrono::milliseconds>(detail::time_distance(*deadline_, now));
}

ACS_ROOMS_API void call_machine::trace(std::shared_ptr<tracer> t, std::string_view name) {
  trace_ = detail::call_trace(std::move(t), name);
}

ACS_ROOMS_API void call_machine::on_sending(time_point now) {
  attempt_started_ = now;
  trace_.attempt_started(request_, attempts_);
}

ACS_ROOMS_API void call_machine::on_response(http_response response, time_point now) {
  count_attempt();
  trace_.attempt_answered(response);
  refresh_next_ = false;
  const int status = response.status;
  const bool unauthorized = status == 401 && can_refresh_ && !refreshed_;
  std::optional<std::chrono::milliseconds> wait;
  const char* why = nullptr;
  bool requested = false;
  const bool success = status >= 200 && status < 300; // final: the predicate is not asked
  const auto retry = unauthorized || success
                         ? std::optional<bool>(false)
                         : decide(retry_.statuses.contains(status), &response, nullptr);
  if (!retry) {
    return; // the predicate threw: the call has failed
  }
  if (*retry) {
    if (auto server = server_retry_delay(response.headers, now)) {
      wait = *server;
      why = "the service asked (Retry-After)";
      requested = true;
    } else {
      wait = backoff();
      why = "back-off";
    }
  }
  if (logging_) {
    log_ = attempt_line(std::to_string(status), now);
    detail::add_loggable_headers(log_, response.headers);
  }
  last_ = std::move(response);
  last_error_.reset();
  if (unauthorized) {
    refreshed_ = true;
    refresh_next_ = true;
    log_level_ = log_level::warning;
    if (logging_) {
      log_ += "; sending again with a fresh credential";
    }
    action_ = call_action::send;
    return;
  }
  if (wait) {
    schedule(*wait, why, now, requested);
    return;
  }
  log_level_ = status >= 200 && status < 300 ? log_level::info : log_level::error;
  action_ = call_action::finish;
}

ACS_ROOMS_API void call_machine::on_error(error e, time_point now) {
  count_attempt();
  refresh_next_ = false;
  if (logging_) {
    log_ = attempt_line("failed (" + e.message + ")", now);
  }
  trace_.attempt_failed(e);
  const bool expired = deadline_ && now >= *deadline_;
  if (expired && e.kind == errc::transport_error) {
    last_.reset();
    last_error_ = std::move(e);
    finish_timed_out("no answer before the deadline");
    return;
  }
  // A transport error with a status is an intermediary's answer (a proxy's 407): retried as
  // that status would be.
  const auto retry = decide(e.kind == errc::transport_error &&
                                (e.status == 0 || retry_.statuses.contains(e.status)),
                            nullptr, &e);
  if (!retry) {
    return; // the predicate threw: the call has failed
  }
  last_.reset();
  last_error_ = std::move(e);
  if (*retry) {
    schedule(backoff(), "no answer", now);
    return;
  }
  log_level_ = log_level::error;
  action_ = call_action::finish;
}

ACS_ROOMS_API void call_machine::on_waited(time_point now) {
  log_.clear();
  if (deadline_ && now >= *deadline_) {
    finish_timed_out("the deadline passed while waiting to retry");
    return;
  }
  action_ = call_action::send;
}

ACS_ROOMS_API void call_machine::cancel(bool in_flight) {
  if (in_flight) {
    count_attempt();
  }
  log_.clear();
  finish_with(errc::cancelled,
              "the call was cancelled after " + std::to_string(attempts_) + " attempt(s)");
}

ACS_ROOMS_API void call_machine::fail(error e) {
  trace_.attempt_failed(e);
  log_.clear();
  last_.reset();
  last_error_ = std::move(e);
  log_level_ = log_level::error;
  action_ = call_action::finish;
}

ACS_ROOMS_API result<http_response> call_machine::take_outcome() {
  if (last_error_) {
    error e = std::move(*last_error_);
    e.attempts = attempts_;
    return e;
  }
  if (last_) {
    return std::move(*last_);
  }
  return detail::make_error(errc::invalid_argument, "the call has not finished");
}

ACS_ROOMS_API std::optional<bool> call_machine::decide(bool by_rules, const http_response* answer,
                                                       const error* failure) {
  const bool within = attempts_ <= retry_.max_retries;
  by_rules = by_rules && within;
  if (!retry_.should_retry) {
    return by_rules;
  }
  retry_decision verdict = retry_decision::by_rules;
#if !ACS_ROOMS_NO_EXCEPTIONS
  try {
#endif
    verdict = retry_.should_retry(retry_attempt{request_, answer, failure, attempts_, by_rules});
#if !ACS_ROOMS_NO_EXCEPTIONS
  } catch (const std::exception& x) {
    fail(detail::make_error(errc::invalid_argument,
                            "the retry predicate threw: " + std::string(x.what()).substr(0, 200)));
    return std::nullopt;
  } catch (...) {
    fail(detail::make_error(errc::invalid_argument, "the retry predicate threw"));
    return std::nullopt;
  }
#endif
  return verdict == retry_decision::by_rules ? by_rules
                                             : verdict == retry_decision::retry && within;
}

ACS_ROOMS_API void call_machine::schedule(std::chrono::milliseconds wait, const char* why,
                                          time_point now, bool requested) {
  if (deadline_ && detail::would_pass(now, wait, *deadline_)) {
    if (logging_) {
      log_ += "; not retrying: waiting " + std::to_string(wait.count()) + " ms (" + why +
              ") would pass the deadline";
    }
    finish_timed_out("waiting " + std::to_string(wait.count()) + " ms to retry (" + why +
                     ") would pass the call's deadline");
    return;
  }
  const std::chrono::milliseconds limit = std::max(retry_.max_delay, std::chrono::milliseconds(0));
  if (requested && wait > limit) {
    if (logging_) {
      log_ += "; not retrying: the service asked to wait " + std::to_string(wait.count()) +
              " ms, longer than max_delay (" + std::to_string(limit.count()) + " ms)";
    }
    finish_with(errc::service_error,
                "the service asked to wait " + std::to_string(wait.count()) +
                    " ms before a retry (Retry-After), longer than retry_options::max_delay (" +
                    std::to_string(limit.count()) + " ms): not retried after " +
                    std::to_string(attempts_) + " attempt(s)");
    return;
  }
  delay_ = wait;
  log_level_ = log_level::warning;
  if (logging_) {
    log_ += "; retrying in " + std::to_string(wait.count()) + " ms (" + why + ")";
  }
  action_ = call_action::wait;
}

ACS_ROOMS_API void call_machine::finish_timed_out(const std::string& what) {
  finish_with(errc::timed_out,
              "timed out after " + std::to_string(attempts_) + " attempt(s): " + what);
}

ACS_ROOMS_API void call_machine::finish_with(errc kind, std::string message) {
  error e = detail::make_error(kind, std::move(message));
  if (last_) { // keep what the last answer said (Retry-After, x-ms-error-code, ...)
    e.status = last_->status;
    if (kind == errc::service_error) { // the answer is the error: its headers say what they can
      e.code = std::string(last_->headers.get("x-ms-error-code").value_or(""));
      e.correlation_vector = std::string(last_->headers.get("MS-CV").value_or(""));
      e.azure_ref = std::string(last_->headers.get("X-Azure-Ref").value_or(""));
    }
    e.headers = std::move(last_->headers);
  } else if (last_error_) {
    e.message += " (last attempt: " + last_error_->message + ")";
  }
  last_.reset();
  last_error_ = std::move(e);
  log_level_ = log_level::error;
  if (logging_) {
    log_ += log_.empty() ? "" : "; ";
    log_ += last_error_->message;
  }
  action_ = call_action::finish;
}

ACS_ROOMS_API std::string call_machine::attempt_line(const std::string& outcome,
                                                     time_point now) const {
  return detail::attempt_log_line(request_, outcome, now, attempt_started_, attempts_,
                                  retry_.max_retries);
}

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_PURE_CALL_MACHINE_IMPL_HPP
#endif

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// Which hosts a `nextLink` may send the client to.
enum class next_link_policy {
  same_origin, ///< only the endpoint's scheme, host and port (the default)
  any_host,    ///< any http(s) host; a bearer token still never leaves the endpoint's host
};

/// Where a listing stands, without any I/O: the link of the next page, whether the listing is
/// over, and the links already visited, so that a `nextLink` that leads back to a page already
/// read (A → A, or A → B → A) stops the listing with an error instead of paging forever. A
/// hostile or broken service could also send an endless chain of distinct empty pages: after
/// `max_empty_pages` empty pages in a row the listing stops with `malformed_response`.
/// A failed fetch changes nothing: the same page is asked for again.
class page_cursor {
public:
  /// Empty pages in a row after which a listing is taken for a broken chain (the service may
  /// send an empty page mid-listing, but not a hundred).
  static constexpr std::size_t max_empty_pages = 100;

  /// A cursor before the first page.
  page_cursor() = default;
  /// A cursor that resumes at `continuation_token` (a next-page link taken from another cursor).
  explicit page_cursor(std::string continuation_token)
      : next_link_(std::move(continuation_token)), started_(true) {}

  /// True once a page without a next link was accepted.
  [[nodiscard]] bool done() const noexcept { return started_ && !next_link_; }
  /// The link of the next page; nullopt for the first page (and when done).
  [[nodiscard]] const std::optional<std::string>& next_link() const noexcept { return next_link_; }

  /// Takes in a page of `items` items fetched from `url`, advancing to its next link; refuses
  /// (and stays where it was) when that link leads back to a page already read, or when it is
  /// the `max_empty_pages`-th empty page in a row that still has a next link.
  [[nodiscard]] std::optional<error>
  accept(std::string_view url, const std::optional<std::string>& next_link, std::size_t items = 1);

private:
  std::optional<std::string> next_link_;
  bool started_ = false;
  std::size_t empty_in_a_row_ = 0;
  std::unordered_set<std::string> visited_; // hashed: a long listing costs the same per page
};

namespace detail {
/// Why the client must not follow `link` from a client of `endpoint` (empty: it may). A link
/// with user info is always refused; another origin only under `any_host`, and never when the
/// credential is a bearer token, which must not leave the endpoint's host.
ACS_ROOMS_API std::string next_link_problem(std::string_view endpoint, std::string_view link,
                                            next_link_policy policy, bool bearer_credential);
} // namespace detail

#if ACS_ROOMS_DEFINITIONS
ACS_ROOMS_API std::optional<error> page_cursor::accept(std::string_view url,
                                                       const std::optional<std::string>& next_link,
                                                       std::size_t items) {
  if (next_link) {
    if (*next_link == url || visited_.count(*next_link) != 0) {
      return detail::make_error(
          errc::malformed_response,
          "malformed response: the page's nextLink leads back to a page already read (" +
              std::string(next_link->substr(0, 200)) + "); stopping instead of looping forever");
    }
    if (items == 0 && empty_in_a_row_ + 1 >= max_empty_pages) {
      return detail::make_error(
          errc::malformed_response,
          "malformed response: " + std::to_string(max_empty_pages) +
              " empty pages in a row, each with a new nextLink; stopping instead of paging "
              "forever");
    }
  }
  visited_.emplace(url);
  empty_in_a_row_ = items == 0 ? empty_in_a_row_ + 1 : 0;
  started_ = true;
  next_link_ = next_link;
  return std::nullopt;
}

namespace detail {
ACS_ROOMS_API std::string next_link_problem(std::string_view endpoint, std::string_view link,
                                            next_link_policy policy, bool bearer_credential) {
  const auto to = parse_url(link);
  if (!to) {
    return "the nextLink is not an absolute http(s) URL";
  }
  if (to->has_userinfo) {
    return "the nextLink carries user info (\"user@host\"), which is never followed";
  }
  const auto from = parse_url(endpoint);
  const bool same_origin =
      from && from->scheme == to->scheme && from->authority() == to->authority();
  if (same_origin) {
    return {};
  }
  if (policy == next_link_policy::same_origin) {
    return "the nextLink points at another host (" + to->scheme + "://" + to->authority() +
           ") than the endpoint; set client_options::next_links to next_link_policy::any_host "
           "to follow it";
  }
  if (bearer_credential) {
    return "the nextLink points at another host (" + to->scheme + "://" + to->authority() +
           ") than the endpoint, and a bearer token is never sent to another host";
  }
  return {};
}

} // namespace detail
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// A shared tracer (client_options::tracer).
using tracer_ptr = std::shared_ptr<tracer>;

/// How a client talks to the service. Every field has a working default.
struct client_options {
  api_version version = api_version::latest; ///< the `api-version` to speak
  std::function<time_point()> clock;         ///< empty: system_clock::now
  std::function<std::string()> uuid_source;  ///< empty: random v4 UUIDs
  /// Prefixed to the User-Agent: at most 24 characters, no spaces (else every call, and
  /// make_client, fail with invalid_argument).
  std::string application_id;
  retry_options retry; ///< when to send a failed call again
  /// Waits between attempts; empty: a real wait that a cancellation ends at once.
  std::function<void(std::chrono::milliseconds)> sleep;
  /// Receives one line per attempt (never a key, token or signature); empty: no logging.
  std::function<void(log_level, std::string_view)> logger;
  next_link_policy next_links = next_link_policy::same_origin; ///< where paging may go
  /// Opens a span per public method and per HTTP attempt, and puts `traceparent` on each
  /// attempt (see tracing.hpp, docs/tracing.md); null: no tracing, at no cost.
  tracer_ptr tracer;
};

ACS_ROOMS_NAMESPACE_END

#include <cstddef>
#include <functional>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// A lazy listing: no request is made until next_page() (or iteration) asks for one. The fetch
/// function it is given owns (shares) what it needs — endpoint, transport, signer, options —
/// so a pager stays valid after its client is moved or destroyed. A failed fetch changes
/// nothing: call next_page() again to retry.
template <class T> class pager {
public:
  /// Fetches the page at `link` (nullopt: the first page) and accepts it into `cursor`.
  using fetch_function =
      std::function<result<page<T>>(page_cursor& cursor, const call_options* per_call)>;

  /// The first round's fetch: given the link (nullopt: the first page), returns the page.
  using link_fetch_function = std::function<result<page<T>>(const std::optional<std::string>&)>;

  /// A pager that starts at the first page.
  explicit pager(fetch_function fetch) : fetch_(std::move(fetch)) {}
  /// A pager that resumes from a continuation token taken from another pager.
  pager(fetch_function fetch, std::string continuation_token)
      : fetch_(std::move(fetch)), cursor_(std::move(continuation_token)) {}
  /// A pager over a fetch by link (the cursor's bookkeeping, cycle refusal included, is added).
  explicit pager(link_fetch_function fetch) : pager(by_link(std::move(fetch))) {}
  /// A pager over a fetch by link, resumed from a continuation token.
  pager(link_fetch_function fetch, std::string continuation_token)
      : pager(by_link(std::move(fetch)), std::move(continuation_token)) {}

  /// True once a page without a next link has been returned.
  [[nodiscard]] bool done() const noexcept { return cursor_.done(); }

  /// Fetches the next page (possibly empty, even when more follow). After the last page this
  /// fails with `invalid_argument`.
  result<page<T>> next_page() { return next(nullptr); }
  /// next_page() with a per-call deadline or cancellation token.
  result<page<T>> next_page(const call_options& per_call) { return next(&per_call); }

  /// Where to resume later (the next page's link), or nullopt before the first page and after
  /// the last one.
  [[nodiscard]] std::optional<std::string> continuation_token() const {
    return cursor_.next_link();
  }

  /// Walks the items of every remaining page, fetching pages as needed (empty pages are
  /// skipped). A failed fetch throws `rooms_error` (aborts without exceptions).
  class iterator {
  public:
    using iterator_category = std::input_iterator_tag; ///< single pass
    using value_type = T;                              ///< an item
    using difference_type = std::ptrdiff_t;            ///< unused
    using pointer = T*;                                ///< pointer to an item
    using reference = T&;                              ///< reference to an item

    /// The end iterator.
    iterator() = default;
    /// The current item.
    reference operator*() const { return items_[index_]; }
    /// Member access to the current item.
    pointer operator->() const { return &items_[index_]; }
    /// Moves to the next item, fetching pages as needed.
    iterator& operator++() {
      ++index_;
      settle();
      return *this;
    }
    /// Equal when both are at the end.
    friend bool operator==(const iterator& a, const iterator& b) { return a.owner_ == b.owner_; }
    /// Negation of ==.
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

  private:
    friend class pager;
    explicit iterator(pager* owner) : owner_(owner) { settle(); }
    void settle() {
      while (owner_ != nullptr && index_ >= items_.size()) {
        if (owner_->done()) {
          owner_ = nullptr;
          return;
        }
        auto next = owner_->next_page();
        if (!next) {
          ACS_ROOMS_THROW(rooms_error(next.error()));
        }
        items_ = std::move(next->items);
        index_ = 0;
      }
    }
    pager* owner_ = nullptr;
    mutable std::vector<T> items_;
    std::size_t index_ = 0;
  };

  /// Starts iteration at the next unfetched page.
  iterator begin() { return iterator(this); }
  /// The end of iteration.
  iterator end() { return iterator(); }

private:
  static fetch_function by_link(link_fetch_function fetch) {
    if (!fetch) {
      return {};
    }
    return [fetch = std::move(fetch)](page_cursor& cursor, const call_options*) {
      const std::optional<std::string> link = cursor.next_link();
      auto fetched = fetch(link);
      if (fetched) {
        if (auto e = cursor.accept(link ? std::string_view(*link) : std::string_view(),
                                   fetched->next_link, fetched->items.size())) {
          return result<page<T>>(std::move(*e));
        }
      }
      return fetched;
    };
  }

  result<page<T>> next(const call_options* per_call) {
    if (done()) {
      return detail::make_error(errc::invalid_argument,
                                "the listing is complete: there is no next page");
    }
    if (!fetch_) {
      return detail::make_error(errc::invalid_argument, "this pager was moved from");
    }
    return fetch_(cursor_, per_call);
  }

  fetch_function fetch_;
  page_cursor cursor_;
};

ACS_ROOMS_NAMESPACE_END
// machine.

// the state of a client and the steps of a call (prepare, drive, finish) around the call machine.

// caller's response_metadata and the api-deprecated-versions warning.


#include <atomic>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// A flag that is set once, from any thread; a copy starts unset (a copied client warns anew).
struct once_flag {
  once_flag() = default;
  once_flag(const once_flag&) noexcept {}
  once_flag& operator=(const once_flag&) noexcept { return *this; }
  /// True the first time only.
  bool first() const noexcept { return !done.exchange(true); }
  mutable std::atomic<bool> done{false};
};

/// Tells the caller's response_metadata, if any, how the call ended: `answer` (the final
/// response), else what error `e` kept of it.
ACS_ROOMS_API void report_metadata(const call_machine& machine, const http_response* answer,
                                   const error* e);

/// Logs one warning per client (`warned`) through `options.logger` when `answer`'s
/// `api-deprecated-versions` (a comma-separated list) names the api-version in use.
ACS_ROOMS_API void warn_if_deprecated(const client_options& options, const once_flag& warned,
                                      const http_response& answer);

} // namespace detail
#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API void report_metadata(const call_machine& machine, const http_response* answer,
                                   const error* e) {
  response_metadata* out = machine.metadata();
  if (out == nullptr) {
    return;
  }
  out->status = answer != nullptr ? answer->status : e != nullptr ? e->status : 0;
  out->headers = answer != nullptr ? answer->headers : e != nullptr ? e->headers : http_headers{};
  out->attempts = machine.attempts();
  out->client_request_id = std::string(
      machine.request().headers.get("x-ms-client-request-id").value_or(std::string_view()));
}

ACS_ROOMS_API void warn_if_deprecated(const client_options& options, const once_flag& warned,
                                      const http_response& answer) {
  const auto deprecated = answer.headers.get("api-deprecated-versions");
  if (!deprecated || !options.logger) {
    return;
  }
  const std::string& mine = options.version.value();
  std::string_view list = *deprecated;
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (trim(list.substr(0, comma)) == mine) {
      if (warned.first()) {
        options.logger(log_level::warning, "the service says api-version " + mine +
                                               " is deprecated (api-deprecated-"
                                               "versions: " +
                                               std::string(deprecated->substr(0, 200)) +
                                               "); choose a newer client_options::version");
      }
      return;
    }
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
}

} // namespace detail
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
// the rule on the application id before it.


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
// that a template can hand its lambda to a function compiled once (no allocation, no copy).


#include <memory>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
template <class Signature> class function_ref;

/// Calls the callable it was made from, which must outlive it (a function argument does).
template <class R, class... Args> class function_ref<R(Args...)> {
public:
  /// Refers to `f` (not copied).
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, function_ref>>>
  function_ref(F&& f) noexcept // NOLINT: implicit, like a reference
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* object, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(object))(std::forward<Args>(args)...);
        }) {}

  /// Calls the callable.
  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

private:
  void* object_;
  R (*call_)(void*, Args...);
};
} // namespace detail
ACS_ROOMS_NAMESPACE_END
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_UUID_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_UUID_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_FOUNDATIONS_UUID_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// A random 64-bit value from a per-thread generator seeded once from std::random_device: a
/// syscall per call would cost as much as the HMAC itself.
ACS_ROOMS_API std::uint64_t random_u64();

/// A random version-4 UUID.
ACS_ROOMS_API std::string random_uuid();

/// True when `value` can go in a header: no control characters (no header injection).
inline bool header_safe(std::string_view value) noexcept {
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      return false;
    }
  }
  return true;
}

/// Sends through a Transport that returns either http_response or result<http_response>,
/// passing the call's limits to those that accept them.
template <class Transport>
result<http_response> send_through(Transport& transport, const http_request& request,
                                   const send_options& limits) {
  if constexpr (accepts_send_options<Transport>::value) {
    return transport.send(request, limits);
  } else {
    return transport.send(request);
  }
}

/// Signs with a Signer whose sign() returns either void or result<void>.
template <class Signer>
result<void> sign_with(Signer& signer, http_request& request, time_point now) {
  if constexpr (std::is_void_v<decltype(signer.sign(request, now))>) {
    signer.sign(request, now);
    return {};
  } else {
    return signer.sign(request, now);
  }
}

/// The part of a client that does not depend on its Transport and Signer, compiled once in
/// separate compilation: the endpoint, options and User-Agent, and the steps of a call around
/// the call machine (prepare, the blocking drive loop, the outcome). client_core adds the
/// transport and signer, and hands them to these steps as function_refs.
struct client_state {
  /// Normalises and checks the endpoint and the application id (a problem is kept in
  /// setup_error, which every call then fails with).
  client_state(std::string endpoint_in, client_options options_in);

  /// The client's clock.
  [[nodiscard]] time_point now() const {
    return options.clock ? options.clock() : std::chrono::system_clock::now();
  }
  /// A fresh client request id (or Repeatability-Request-ID): the options' source, else random.
  [[nodiscard]] std::string new_uuid() const;

  /// Builds the request of one call (with a fresh client request id) and sets up its machine,
  /// traced as `span_name` when the client has a tracer; `can_refresh`: the signer can drop a
  /// cached credential.
  result<call_machine>
  prepare_call(function_ref<result<http_request>(const request_context&)> build,
               const call_options* per_call, std::string_view span_name, bool can_refresh);

  /// Hands the machine's log line, if any, to the logger.
  void log(const call_machine& machine) const;

  /// Runs the machine to its end, blocking: `attempt` signs and sends one attempt (and reports
  /// it to the machine); waits and cancellation are handled here.
  void drive_with(call_machine& machine, const call_options* per_call,
                  function_ref<void(call_machine&, const cancellation_token&)> attempt);

  /// Logs one warning per client when `answer` says its api-version is deprecated.
  void check_deprecation(const http_response& answer) const;

  /// The Repeatability-* pair of a create: the caller's, else a fresh id at the client's time.
  [[nodiscard]] repeatability repeatability_for(const create_room_options& create) const;

  /// The finished machine's outcome, its metadata reported; an error carries the request id
  /// and attempt count. `self` (null for a moved-from client) hears about the answer.
  static result<http_response> outcome_of(call_machine& machine, const client_state* self);
  /// `e` with the machine's request id (unless it has one) and attempt count.
  static error decorated(const call_machine& machine, error e);

  /// How a call's answer is read as T: operation `Op`'s parse and, when it has one, explain.
  template <class T> struct finish_steps {
    result<T> (*parse)(const http_response&, const api_version&);
    void (*explain)(error&, const http_request&, int); ///< may be null
  };
  /// The finish_steps of operation `Op`.
  template <class Op> static finish_steps<typename Op::value_type> steps_of() {
    using value = typename Op::value_type;
    finish_steps<value> steps{[](const http_response& r, const api_version& v) -> result<value> {
                                return Op::parse(r, v);
                              },
                              nullptr};
    if constexpr (has_explain<Op>::value) {
      steps.explain = [](error& e, const http_request& sent, int attempts) {
        Op::explain(e, sent, attempts);
      };
    }
    return steps;
  }

  /// One blocking call whose answer reads as T: prepare (with `build`), drive (each attempt
  /// through `attempt`), then read the outcome with `steps`; a page is accepted into `cursor`.
  /// Not inline: the implementation TU compiles it for the library's value types once.
  template <class T>
  result<T> run(function_ref<result<http_request>(const request_context&)> build,
                const call_options* per_call, std::string_view span_name, bool can_refresh,
                function_ref<void(call_machine&, const cancellation_token&)> attempt,
                finish_steps<T> steps, page_cursor* cursor = nullptr);

  /// Accepts a fetched page into the cursor, or turns a looping link into an error.
  template <class T>
  static result<page<T>> accept(page_cursor& cursor, const call_machine& machine,
                                result<page<T>> fetched) {
    if (fetched) {
      if (auto e =
              cursor.accept(machine.request().url, fetched->next_link, fetched->items.size())) {
        e->attempts = machine.attempts();
        return std::move(*e);
      }
    }
    return fetched;
  }

  std::string endpoint;
  client_options options;
  std::string user_agent;
  std::optional<error> setup_error;
  once_flag deprecation; // api-deprecated-versions: one warning per client
};

/// Everything a client needs to make a call, shared by the client and the pagers it makes (so
/// a pager outlives a moved or destroyed client). The async client uses the same pieces and
/// replaces only drive().
template <class Transport, class Signer> struct client_core : client_state {
  client_core(std::string endpoint_in, Transport transport_in, Signer signer_in,
              client_options options_in)
      : client_state(std::move(endpoint_in), std::move(options_in)),
        transport(std::forward<Transport>(transport_in)), signer(std::forward<Signer>(signer_in)) {}

  /// Builds the request of one call (with a fresh client request id) and sets up its machine,
  /// traced as `span_name` when the client has a tracer.
  template <class Build>
  result<call_machine> prepare(Build&& build, const call_options* per_call,
                               std::string_view span_name = "RoomsClient.Call") {
    return prepare_call(build, per_call, span_name, can_invalidate<Signer>::value);
  }

  /// Runs the machine to its end with blocking sends and waits.
  void drive(call_machine& machine, const call_options* per_call) {
    drive_with(machine, per_call, attempt_fn());
  }

  /// What one attempt does with this client's transport and signer: drop a cached credential
  /// when asked, sign at the current time, send, and tell the machine.
  auto attempt_fn() {
    return [this](call_machine& m, const cancellation_token& cancel) {
      if constexpr (can_invalidate<Signer>::value) {
        if (m.refresh_credentials()) {
          signer.invalidate();
        }
      }
      const time_point at = now();
      m.on_sending(at);
      if (auto signed_ok = sign_with(signer, m.request(), at); !signed_ok) {
        m.fail(std::move(signed_ok).error());
        return;
      }
      auto response = send_through(transport, m.request(), send_options{m.remaining(at), cancel});
      if (response) {
        m.on_response(std::move(*response), now());
      } else {
        m.on_error(std::move(response).error(), now());
      }
    };
  }

  /// The machine's outcome through `parse`, with the request id and attempt count on errors;
  /// `self` (null for a moved-from client) hears about the answer.
  template <class Parse>
  static auto finish(call_machine& machine, Parse&& parse, const client_core* self = nullptr)
      -> decltype(parse(std::declval<const http_response&>())) {
    auto outcome = outcome_of(machine, self);
    if (!outcome) {
      return std::move(outcome).error();
    }
    auto parsed = parse(*outcome);
    if (!parsed) {
      return decorated(machine, std::move(parsed).error());
    }
    return parsed;
  }

  /// The finished machine's outcome read as operation `Op` reads it for `version`, with what
  /// only the operation can say about a failure (Op::explain, when it has one).
  /// The spans end here, with the final verdict.
  template <class Op>
  static result<typename Op::value_type>
  finish_op(call_machine& machine, const api_version& version, const client_core* self = nullptr) {
    auto out = finish(
        machine, [&version](const http_response& r) { return Op::parse(r, version); }, self);
    if (!out) {
      error e = std::move(out).error();
      if constexpr (has_explain<Op>::value) {
        Op::explain(e, machine.request(), machine.attempts());
      }
      machine.finish_trace(&e);
      return e;
    }
    machine.finish_trace(nullptr);
    return out;
  }

  /// Builds the request of the page `cursor` stands at: the operation's first page, else its
  /// next link, if the client may follow it.
  template <class Op> auto page_builder(const page_cursor& cursor, const Op& op) const {
    return [this, &cursor, &op](const request_context& ctx) -> result<http_request> {
      if (!cursor.next_link()) {
        return op.build(ctx);
      }
      const std::string& link = *cursor.next_link();
      if (auto problem =
              next_link_problem(endpoint, link, options.next_links, is_bearer<Signer>::value);
          !problem.empty()) {
        return make_error(errc::invalid_argument,
                          "refusing to follow the listing's next link: " + problem);
      }
      return build_next_page(ctx, link);
    };
  }

  /// One call of operation `op` through the blocking driver: build -> (sign -> send -> maybe
  /// wait)* -> parse, in run<T> (compiled once per value type).
  template <class Op>
  result<typename Op::value_type> call(const Op& op, const call_options* per_call) {
    return run<typename Op::value_type>(
        [&op](const request_context& ctx) { return op.build(ctx); }, per_call,
        span_name_of<Op>::value, can_invalidate<Signer>::value, attempt_fn(), steps_of<Op>());
  }

  /// One page of listing `op`, through the blocking driver.
  template <class Op>
  result<typename Op::value_type> fetch_page(page_cursor& cursor, const Op& op,
                                             const call_options* per_call) {
    return run<typename Op::value_type>(page_builder(cursor, op), per_call, span_name_of<Op>::value,
                                        can_invalidate<Signer>::value, attempt_fn(), steps_of<Op>(),
                                        &cursor);
  }

  Transport transport;
  Signer signer;
};

/// What both clients are: a handle on a shared client_core (so pagers and operations in flight
/// outlive a moved or destroyed client), with the accessors they share.
template <class Transport, class Signer> class client_base {
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(signer<Signer>,
#else
  static_assert(is_signer_v<Signer>,
#endif
                "acs::rooms: the Signer type is not a Signer: it needs a member "
                "`void sign(http_request&, time_point)` (or one returning result<void>)");

public:
  /// The transport, e.g. to inspect a fake in tests (not on a moved-from client).
  std::remove_reference_t<Transport>& transport() noexcept { return core_->transport; }
  /// The signer (not on a moved-from client).
  std::remove_reference_t<Signer>& signer() noexcept { return core_->signer; }
  /// The options the client was made with (not on a moved-from client).
  [[nodiscard]] const client_options& options() const noexcept { return core_->options; }
  /// The endpoint, without a trailing '/' (not on a moved-from client).
  [[nodiscard]] const std::string& endpoint() const noexcept { return core_->endpoint; }

protected:
  using core = client_core<Transport, Signer>;

  explicit client_base(std::shared_ptr<core> state) noexcept : core_(std::move(state)) {}

  /// What every call on a moved-from client fails with.
  static error moved_from() {
    return make_error(errc::invalid_argument,
                      "this client was moved from; use the client it was moved to");
  }
  /// The version the client speaks (the latest on a moved-from client, which fails anyway).
  [[nodiscard]] api_version version() const {
    return core_ ? core_->options.version : api_version::latest;
  }
  /// The Repeatability-* pair of a create (empty on a moved-from client, which fails anyway).
  [[nodiscard]] repeatability repeatability_for(const create_room_options& create) const {
    return core_ ? core_->repeatability_for(create) : repeatability{};
  }

  std::shared_ptr<core> core_; ///< null only in a moved-from client
};

/// A client of type `Client` for a connection string ("endpoint=...;accesskey=..."), signing
/// with hmac_signer<portable_crypto>: what make_client and make_async_client share.
template <class Client, class Transport>
result<Client> client_from_connection_string(std::string_view connection_string,
                                             Transport&& transport, client_options options) {
  auto parsed = parse_connection_string(connection_string);
  if (!parsed) {
    return std::move(parsed).error();
  }
  if (auto refused = application_id_problem(options.application_id); !refused.empty()) {
    return make_error(errc::invalid_argument, std::move(refused));
  }
  return Client(parsed->endpoint, std::forward<Transport>(transport),
                hmac_signer<>(parsed->access_key), std::move(options));
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END

// (client_core.hpp), a template on the answer's type; in separate compilation it is compiled
// once, by the implementation TU, for the library's value types.


#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
/// True for page<T>: run<T> then accepts the page into its cursor.
template <class T> struct is_page_result : std::false_type {};
/// See above.
template <class T> struct is_page_result<page<T>> : std::true_type {};

// Out of the class, so not inline: in separate compilation the implementation TU instantiates it
// for the library's value types and the extern templates below keep other TUs from doing so.
template <class T>
result<T> client_state::run(function_ref<result<http_request>(const request_context&)> build,
                            const call_options* per_call, std::string_view span_name,
                            bool can_refresh,
                            function_ref<void(call_machine&, const cancellation_token&)> attempt,
                            finish_steps<T> steps, page_cursor* cursor) {
  auto machine = prepare_call(build, per_call, span_name, can_refresh);
  if (!machine) {
    return std::move(machine).error();
  }
  drive_with(*machine, per_call, attempt);
  auto outcome = outcome_of(*machine, this);
  result<T> out =
      outcome ? steps.parse(*outcome, options.version) : result<T>(std::move(outcome).error());
  if (!out) {
    error e = outcome ? decorated(*machine, std::move(out).error()) : std::move(out).error();
    if (steps.explain != nullptr) {
      steps.explain(e, machine->request(), machine->attempts());
    }
    machine->finish_trace(&e);
    return e;
  }
  machine->finish_trace(nullptr);
  if constexpr (is_page_result<T>::value) {
    if (cursor != nullptr) {
      return accept(*cursor, *machine, std::move(out));
    }
  }
  return out;
}

#if defined(ACS_ROOMS_SEPARATE_COMPILATION)
#if ACS_ROOMS_DEFINITIONS
#define ACS_ROOMS_RUN_INSTANTIATION template
#else
#define ACS_ROOMS_RUN_INSTANTIATION extern template
#endif
ACS_ROOMS_RUN_INSTANTIATION result<room>
client_state::run<room>(function_ref<result<http_request>(const request_context&)>,
                        const call_options*, std::string_view, bool,
                        function_ref<void(call_machine&, const cancellation_token&)>,
                        finish_steps<room>, page_cursor*);
ACS_ROOMS_RUN_INSTANTIATION result<void>
client_state::run<void>(function_ref<result<http_request>(const request_context&)>,
                        const call_options*, std::string_view, bool,
                        function_ref<void(call_machine&, const cancellation_token&)>,
                        finish_steps<void>, page_cursor*);
ACS_ROOMS_RUN_INSTANTIATION result<page<room>>
client_state::run<page<room>>(function_ref<result<http_request>(const request_context&)>,
                              const call_options*, std::string_view, bool,
                              function_ref<void(call_machine&, const cancellation_token&)>,
                              finish_steps<page<room>>, page_cursor*);
ACS_ROOMS_RUN_INSTANTIATION result<page<room_participant>>
client_state::run<page<room_participant>>(
    function_ref<result<http_request>(const request_context&)>, const call_options*,
    std::string_view, bool, function_ref<void(call_machine&, const cancellation_token&)>,
    finish_steps<page<room_participant>>, page_cursor*);
ACS_ROOMS_RUN_INSTANTIATION result<std::vector<room_participant>>
client_state::run<std::vector<room_participant>>(
    function_ref<result<http_request>(const request_context&)>, const call_options*,
    std::string_view, bool, function_ref<void(call_machine&, const cancellation_token&)>,
    finish_steps<std::vector<room_participant>>, page_cursor*);
#undef ACS_ROOMS_RUN_INSTANTIATION
#endif
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#if ACS_ROOMS_DEFINITIONS
#ifndef ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_CLIENT_CLIENT_CORE_IMPL_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_CLIENT_CLIENT_CORE_IMPL_HPP
// random ids (client_core.hpp), inline header-only and compiled once in separate compilation.


#include <algorithm>
#include <random>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
ACS_ROOMS_API std::uint64_t random_u64() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  return engine();
}

ACS_ROOMS_API std::string random_uuid() {
  const std::uint64_t hi = random_u64(); // named first: argument evaluation order is unspecified
  const std::uint64_t lo = random_u64();
  return uuid_v4_from_bits(hi, lo);
}

ACS_ROOMS_API client_state::client_state(std::string endpoint_in, client_options options_in)
    : endpoint(normalize_endpoint(endpoint_in)), options(std::move(options_in)) {
  if (auto problem = endpoint_problem(endpoint); !problem.empty()) {
    setup_error = make_error(errc::invalid_argument, "invalid endpoint: " + problem);
  } else if (auto refused = application_id_problem(options.application_id); !refused.empty()) {
    setup_error = make_error(errc::invalid_argument, std::move(refused));
  }
  user_agent = make_user_agent(options.application_id);
}

ACS_ROOMS_API std::string client_state::new_uuid() const {
  return options.uuid_source ? options.uuid_source() : random_uuid();
}

ACS_ROOMS_API result<call_machine>
client_state::prepare_call(function_ref<result<http_request>(const request_context&)> build,
                           const call_options* per_call, std::string_view span_name,
                           bool can_refresh) {
  if (setup_error) {
    return *setup_error;
  }
  const std::string request_id = new_uuid();
  if (!header_safe(request_id)) {
    return make_error(errc::invalid_argument,
                      "the uuid source returned an id with control characters");
  }
  const request_context ctx(endpoint, options.version, request_id, user_agent);
  auto request = build(ctx);
  if (!request) {
    return std::move(request).error();
  }
  const time_point start = now();
  std::optional<time_point> deadline;
  if (per_call != nullptr) {
    deadline = per_call->deadline;
    if (per_call->timeout) {
      const time_point by_timeout = saturating_add(start, *per_call->timeout); // no overflow
      deadline = deadline ? std::min(*deadline, by_timeout) : by_timeout;
    }
  }
  call_machine machine(std::move(*request), options.retry, start, deadline, random_u64(),
                       can_refresh);
  machine.log_lines(static_cast<bool>(options.logger));
  if (options.tracer) {
    machine.trace(options.tracer, span_name);
  }
  machine.report_to(per_call != nullptr ? per_call->metadata : nullptr);
  return machine;
}

ACS_ROOMS_API void client_state::log(const call_machine& machine) const {
  if (options.logger && !machine.log_line().empty()) {
    options.logger(machine.log_line_level(), machine.log_line());
  }
}

ACS_ROOMS_API void
client_state::drive_with(call_machine& machine, const call_options* per_call,
                         function_ref<void(call_machine&, const cancellation_token&)> attempt) {
  static const cancellation_token never;
  const cancellation_token& cancel = per_call != nullptr ? per_call->cancellation : never;
  while (machine.next() != call_action::finish) {
    if (cancel.cancelled()) {
      machine.cancel();
    } else if (machine.next() == call_action::send) {
      attempt(machine, cancel);
    } else if (options.sleep) {
      options.sleep(machine.delay());
      if (!cancel.cancelled()) {
        machine.on_waited(now());
      }
    } else if (cancel.wait_for(machine.delay())) {
      machine.on_waited(now());
    }
    log(machine);
  }
}

ACS_ROOMS_API void client_state::check_deprecation(const http_response& answer) const {
  warn_if_deprecated(options, deprecation, answer);
}

ACS_ROOMS_API repeatability
client_state::repeatability_for(const create_room_options& create) const {
  return resolve_repeatability(create, create.repeatability_request_id ? std::string() : new_uuid(),
                               now());
}

ACS_ROOMS_API error client_state::decorated(const call_machine& machine, error e) {
  if (e.client_request_id.empty()) {
    e.client_request_id = std::string(
        machine.request().headers.get("x-ms-client-request-id").value_or(std::string_view()));
  }
  e.attempts = machine.attempts();
  return e;
}

ACS_ROOMS_API result<http_response> client_state::outcome_of(call_machine& machine,
                                                             const client_state* self) {
  auto outcome = machine.take_outcome();
  if (!outcome) {
    error e = decorated(machine, std::move(outcome).error());
    report_metadata(machine, nullptr, &e);
    return e;
  }
  if (self != nullptr) {
    self->check_deprecation(*outcome);
  }
  report_metadata(machine, &*outcome, nullptr);
  return outcome;
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_PART_INCLUDE_ACS_ROOMS_DETAIL_CLIENT_CLIENT_CORE_IMPL_HPP
#endif

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// The Rooms client: builds each request with the pure builders, runs it through the call
/// machine (signing each attempt, sending through `Transport`, retrying and waiting as the
/// machine says) and reads the answer with the pure parsers. `Transport` and `Signer` are held
/// by value; pass reference types (`rooms_client<my_transport&, ...>`) to keep them outside.
/// One client may be used from several threads if its Transport, Signer and options may.
/// Every operation takes an optional last `call_options` (timeout, deadline, cancellation).
template <class Transport, class Signer>
class rooms_client : public detail::client_base<Transport, Signer> {
#if ACS_ROOMS_HAS_CONCEPTS
  static_assert(transport<Transport>,
#else
  static_assert(is_transport_v<Transport>,
#endif
                "acs::rooms: the Transport type is not a Transport: it needs a member "
                "`http_response send(const http_request&)` (or one returning "
                "result<http_response>)");
  using base = detail::client_base<Transport, Signer>;
  using base::core_;
  using base::moved_from;
  using base::repeatability_for;
  using typename base::core;

public:
  /// A client for the resource at `endpoint` (e.g. "https://<resource>.communication.azure.com").
  /// A malformed endpoint or application id is reported by every call as `invalid_argument`.
  rooms_client(std::string endpoint, Transport transport, Signer signer,
               client_options options = {})
      : base(std::make_shared<core>(std::move(endpoint), std::forward<Transport>(transport),
                                    std::forward<Signer>(signer), std::move(options))) {}
  /// A copy with its own copy of the transport, signer and options (a pager of the original
  /// keeps using the original's).
  rooms_client(const rooms_client& other)
      : base(other.core_ ? std::make_shared<core>(*other.core_) : nullptr) {}
  /// Takes over `other`'s state; `other` then fails every call with `invalid_argument`. Pagers
  /// made by `other` keep working.
  rooms_client(rooms_client&& other) noexcept = default;
  /// Copy or move assignment.
  rooms_client& operator=(rooms_client other) noexcept {
    core_.swap(other.core_);
    return *this;
  }
  ~rooms_client() = default;

  /// Runs any operation of operations.hpp (or your own: see its Operation requirement) through
  /// the call machine: build, then (sign, send, maybe wait)* until done, then parse. Every named
  /// method below is this with its operation.
  template <class Op>
  result<typename Op::value_type> call(const Op& op, const call_options& per_call = {}) {
    static_assert(!is_listing_v<Op>, "acs::rooms: a listing is walked with pages(op)");
    if (!core_) {
      return moved_from();
    }
    return core_->call(op, &per_call);
  }

  /// A lazy pager over a listing operation (list_rooms_operation, list_participants_operation),
  /// from the first page or from a pager's continuation_token().
  template <class Op>
  pager<typename Op::item_type> pages(Op op,
                                      std::optional<std::string> continuation_token = {}) const {
    auto fetch = [state = core_, op = std::move(op)](
                     page_cursor& cursor,
                     const call_options* per_call) -> result<typename Op::value_type> {
      if (!state) {
        return moved_from();
      }
      return state->fetch_page(cursor, op, per_call);
    };
    return continuation_token
               ? pager<typename Op::item_type>(std::move(fetch), std::move(*continuation_token))
               : pager<typename Op::item_type>(std::move(fetch));
  }

  /// Rooms_Create. Absent options are chosen by the service (valid now, for 180 days). Every
  /// attempt sends the same Repeatability-Request-ID and -First-Sent, so a retried create never
  /// makes two rooms.
  result<room> create_room(const create_room_options& options = {},
                           const call_options& per_call = {}) {
    return call(create_room_operation{options, repeatability_for(options)}, per_call);
  }

  /// Rooms_Get.
  result<room> get_room(std::string_view room_id, const call_options& per_call = {}) {
    return call(get_room_operation{room_id}, per_call);
  }

  /// Rooms_Update: changes only the fields set in `options`.
  result<room> update_room(std::string_view room_id, const update_room_options& options,
                           const call_options& per_call = {}) {
    return call(update_room_operation{room_id, options}, per_call);
  }

  /// Rooms_Delete. Deleting a room does not end a call in progress in it.
  result<void> delete_room(std::string_view room_id, const call_options& per_call = {}) {
    return call(delete_room_operation{room_id}, per_call);
  }

  /// Rooms_List: a lazy pager over the resource's rooms.
  pager<room> list_rooms() { return pages(list_rooms_operation{}); }
  /// Rooms_List resumed from a pager's continuation_token().
  pager<room> list_rooms_from(std::string continuation_token) {
    return pages(list_rooms_operation{}, std::move(continuation_token));
  }

  /// Participants_Update: adds these participants or changes their roles.
  result<void> add_or_update_participants(std::string_view room_id,
                                          const std::vector<room_participant>& participants,
                                          const call_options& per_call = {}) {
    return call(add_or_update_participants_operation{room_id, participants}, per_call);
  }

  /// Participants_Update with nulls: removes these participants (non-members are ignored). On
  /// 2022-02-01, `POST participants:remove` (use get_participants for the roster after).
  result<void> remove_participants(std::string_view room_id,
                                   const std::vector<communication_identifier>& participants,
                                   const call_options& per_call = {}) {
    return call(remove_participants_operation{room_id, participants}, per_call);
  }

  /// Rooms_GetParticipants (2022-02-01 only): the whole roster, in one call.
  result<std::vector<room_participant>> get_participants(std::string_view room_id,
                                                         const call_options& per_call = {}) {
    return call(get_participants_operation{room_id}, per_call);
  }

  /// Rooms_AddParticipants (2022-02-01 only): adds these participants (members already in the
  /// room are left as they are) and returns the whole roster after.
  result<std::vector<room_participant>>
  add_participants(std::string_view room_id, const std::vector<room_participant>& participants,
                   const call_options& per_call = {}) {
    return call(add_participants_operation{room_id, participants}, per_call);
  }

  /// Rooms_UpdateParticipants (2022-02-01 only): changes these members' roles and returns the
  /// whole roster after.
  result<std::vector<room_participant>>
  update_participants(std::string_view room_id, const std::vector<room_participant>& participants,
                      const call_options& per_call = {}) {
    return call(update_participants_operation{room_id, participants}, per_call);
  }

  /// Participants_List: a lazy pager over a room's roster.
  pager<room_participant> list_participants(std::string_view room_id) {
    return pages(list_participants_operation{std::string(room_id)});
  }
  /// Participants_List resumed from a pager's continuation_token().
  pager<room_participant> list_participants_from(std::string continuation_token) {
    return pages(list_participants_operation{}, std::move(continuation_token));
  }
};

/// A client for a connection string ("endpoint=...;accesskey=..."), signing with
/// hmac_signer<portable_crypto>. Fails with `invalid_argument` for a malformed string.
template <class Transport>
result<rooms_client<Transport, hmac_signer<>>>
make_client(std::string_view connection_string, Transport transport, client_options options = {}) {
  return detail::client_from_connection_string<rooms_client<Transport, hmac_signer<>>>(
      connection_string, std::forward<Transport>(transport), std::move(options));
}

ACS_ROOMS_NAMESPACE_END
// clang-format on

#endif // ACS_ROOMS_SINGLE_INCLUDE_HPP
