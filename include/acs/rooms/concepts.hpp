// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): Transport, Signer and Crypto as C++17 traits and C++20 concepts.
#pragma once

#include <acs/rooms/fwd.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
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
} // namespace detail

/// True when `t.send(const http_request&)` returns http_response or result<http_response>.
template <class T>
inline constexpr bool is_transport_v =
    std::is_same_v<std::decay_t<typename detail::send_result<T>::type>, http_response> ||
    std::is_same_v<std::decay_t<typename detail::send_result<T>::type>, result<http_response>>;

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
concept transport = requires(std::remove_reference_t<T>& t, const http_request& request) {
  t.send(request);
}
&&is_transport_v<T>;

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
