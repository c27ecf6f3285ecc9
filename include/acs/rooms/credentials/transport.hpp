// SPDX-License-Identifier: MIT
// acs_rooms credentials: credential_transport, any Transport as the way to a token endpoint.
#pragma once

#include <acs/rooms/concepts.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
template <class T> struct unwrap_transport { using type = T; };
template <class T> struct unwrap_transport<std::reference_wrapper<T>> { using type = T; };
} // namespace detail

/// The Transport a credential reaches its token endpoint through: the client's own kind (any
/// type satisfying Transport), held by value, or by reference when given as `std::ref(t)` (then
/// `t` must outlive every copy). Copies share one held transport. A transport that throws has
/// its exception's what() turned into a `transport_error`, so that a chain can go on.
class credential_transport {
public:
  /// Holds `transport` (moved in), or refers to it when it is a `std::reference_wrapper`.
  template <
      class Transport,
      std::enable_if_t<
          !std::is_same_v<std::decay_t<Transport>, credential_transport> &&
              is_transport_v<typename detail::unwrap_transport<std::decay_t<Transport>>::type>,
          int> = 0>
  credential_transport(Transport&& transport) { // NOLINT(google-explicit-constructor)
    using held = std::decay_t<Transport>;
    auto shared = std::make_shared<held>(std::forward<Transport>(transport));
    send_ = [shared](const http_request& request,
                     const send_options& limits) -> result<http_response> {
      auto& t = static_cast<typename detail::unwrap_transport<held>::type&>(*shared);
      using target = typename detail::unwrap_transport<held>::type;
      if constexpr (detail::accepts_send_options<target>::value) {
        return t.send(request, limits);
      } else {
        (void)limits;
        return t.send(request);
      }
    };
  }

  /// Sends `request` within `limits`; a throwing transport's exception becomes an error.
  [[nodiscard]] result<http_response> send(const http_request& request,
                                           const send_options& limits) const {
#if ACS_ROOMS_NO_EXCEPTIONS
    return send_(request, limits);
#else
    try {
      return send_(request, limits);
    } catch (const std::exception& e) {
      return detail::make_error(errc::transport_error, e.what());
    } catch (...) {
      return detail::make_error(errc::transport_error, "the transport threw an exception");
    }
#endif
  }

private:
  std::function<result<http_response>(const http_request&, const send_options&)> send_;
};

ACS_ROOMS_NAMESPACE_END
