// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): Transport, Signer and Crypto as C++17 traits and C++20 concepts.
#pragma once

#include <acs/rooms/cancellation.hpp>
#include <acs/rooms/fwd.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>

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
