// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_ASYNC_CONCEPTS_HPP // async/concepts.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_ASYNC_CONCEPTS_HPP
// acs_rooms optional layer 6 (needs Boost.Asio 1.81): the AsyncTransport requirements, checked
// at compile time.

#include <acs/rooms.hpp> // the whole core, from the single header

#include <boost/asio/any_io_executor.hpp>

#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// A callback of the AsyncTransport completion signature, to probe async_send with.
struct async_send_probe {
  void operator()(result<http_response>) const {}
};

template <class T, class = void> struct has_get_executor : std::false_type {};
template <class T>
struct has_get_executor<
    T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().get_executor())>>
    : std::true_type {};

/// The type of `t.get_executor()`; any_io_executor when there is none (the client's
/// static_assert then explains).
template <class T, class = void> struct executor_of { using type = boost::asio::any_io_executor; };
template <class T>
struct executor_of<
    T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().get_executor())>> {
  using type = std::decay_t<decltype(std::declval<std::remove_reference_t<T>&>().get_executor())>;
};

template <class T, class = void> struct has_async_send : std::false_type {};
template <class T>
struct has_async_send<T,
                      std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().async_send(
                          std::declval<const http_request&>(), async_send_probe{}))>>
    : std::true_type {};

template <class T, class = void> struct has_async_send_options : std::false_type {};
template <class T>
struct has_async_send_options<
    T, std::void_t<decltype(std::declval<std::remove_reference_t<T>&>().async_send(
           std::declval<const http_request&>(), std::declval<const send_options&>(),
           async_send_probe{}))>> : std::true_type {};
} // namespace detail

/// True when `t.get_executor()` exists and `t.async_send(const http_request&, token)` accepts a
/// callback of signature `void(result<http_response>)` (docs/requirements.md, "AsyncTransport").
template <class T>
inline constexpr bool is_async_transport_v = detail::has_get_executor<T>::value &&
                                             (detail::has_async_send<T>::value ||
                                              detail::has_async_send_options<T>::value);

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_ASYNC_CONCEPTS_HPP
