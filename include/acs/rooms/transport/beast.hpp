// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6: beast_transport, an AsyncTransport over Boost.Beast and OpenSSL.
#pragma once

// beast_transport: an AsyncTransport (see <acs/rooms/async.hpp>) over Boost.Beast 1.81 HTTP/1.1,
// with TLS through Boost.Asio's OpenSSL stream. Not part of the umbrella header. Needs Boost 1.81
// (header-only: Debian libboost1.81-dev) and OpenSSL: link `-lssl -lcrypto` (or OpenSSL::SSL
// OpenSSL::Crypto) and `-pthread`.

// Separate compilation of the exchange (docs/design.md, "Compile time"): with
// ACS_ROOMS_BEAST_SEPARATE_COMPILATION defined everywhere (and ACS_ROOMS_SEPARATE_COMPILATION,
// which it needs), this header declares the exchange and includes none of Beast, TLS or the
// sockets; one TU that also defines ACS_ROOMS_BEAST_IMPLEMENTATION (src/beast.cpp, or the
// acs_rooms::beast_compiled library) compiles Beast's reads and writes once for the program.
#if defined(ACS_ROOMS_BEAST_IMPLEMENTATION) && !defined(ACS_ROOMS_BEAST_SEPARATE_COMPILATION)
#define ACS_ROOMS_BEAST_SEPARATE_COMPILATION
#endif
#if defined(ACS_ROOMS_BEAST_SEPARATE_COMPILATION)
#if !defined(ACS_ROOMS_SEPARATE_COMPILATION) && !defined(ACS_ROOMS_IMPLEMENTATION)
// Beast compiled once needs the core compiled once: acs_rooms::beast_compiled brings both.
#error "ACS_ROOMS_BEAST_SEPARATE_COMPILATION needs ACS_ROOMS_SEPARATE_COMPILATION"
#endif
#define ACS_ROOMS_BEAST_API
#if defined(ACS_ROOMS_BEAST_IMPLEMENTATION)
#define ACS_ROOMS_BEAST_DEFINITIONS 1
#else
#define ACS_ROOMS_BEAST_DEFINITIONS 0
#endif
#else
/// `inline` header-only; nothing (one definition, in src/beast.cpp) with
/// ACS_ROOMS_BEAST_SEPARATE_COMPILATION.
#define ACS_ROOMS_BEAST_API inline
/// 1 where beast_transport's exchange is compiled: header-only, or the implementation TU.
#define ACS_ROOMS_BEAST_DEFINITIONS 1
#endif

#include <acs/rooms/concepts.hpp>
#include <acs/rooms/config.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/transport/options.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>

#include <memory>
#include <utility>

#if ACS_ROOMS_BEAST_DEFINITIONS
#include <acs/rooms/detail/transport/beast_exchange.hpp>

#include <boost/asio/compose.hpp>

#include <mutex>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {

struct beast_state;

/// The one completion handler type the exchange is built for: whatever the caller's token,
/// Beast's reads and writes (plain and TLS) are instantiated once, not once per operation and
/// token (that cost minutes of compile time per translation unit). The caller's executor is
/// bound back on (Beast needs a concrete executor, not any_completion_handler's own); its
/// allocator and cancellation slot pass through. The price is an allocation per send.
using beast_send_handler =
    boost::asio::executor_binder<boost::asio::any_completion_handler<void(result<http_response>)>,
                                 boost::asio::any_io_executor>;

/// What a beast_transport's copies share, made for `executor` and `options`.
ACS_ROOMS_BEAST_API std::shared_ptr<beast_state>
make_beast_state(boost::asio::any_io_executor executor, beast_transport_options options);
/// `state`'s executor.
ACS_ROOMS_BEAST_API const boost::asio::any_io_executor&
beast_executor(const beast_state& state) noexcept;
/// `state`'s settings.
ACS_ROOMS_BEAST_API const beast_transport_options& beast_options(const beast_state& state) noexcept;
/// Closes `state`'s idle connections.
ACS_ROOMS_BEAST_API void beast_close_idle(beast_state& state);
/// Starts one exchange of `request` on `state`'s pool; `handler` gets the outcome.
ACS_ROOMS_BEAST_API void start_beast_send(const std::shared_ptr<beast_state>& state,
                                          const http_request& request, const send_options& limits,
                                          beast_send_handler handler);

#if ACS_ROOMS_BEAST_DEFINITIONS
ACS_ROOMS_BEAST_API std::shared_ptr<beast_state>
make_beast_state(boost::asio::any_io_executor executor, beast_transport_options options) {
  return std::make_shared<beast_state>(std::move(executor), std::move(options));
}

ACS_ROOMS_BEAST_API const boost::asio::any_io_executor&
beast_executor(const beast_state& state) noexcept {
  return state.executor;
}

ACS_ROOMS_BEAST_API const beast_transport_options&
beast_options(const beast_state& state) noexcept {
  return state.options;
}

ACS_ROOMS_BEAST_API void beast_close_idle(beast_state& state) {
  std::lock_guard<std::mutex> lock(state.mutex);
  state.idle.clear();
}

ACS_ROOMS_BEAST_API void start_beast_send(const std::shared_ptr<beast_state>& state,
                                          const http_request& request, const send_options& limits,
                                          beast_send_handler handler) {
  auto executor = state->executor;
  boost::asio::async_compose<beast_send_handler, void(result<http_response>)>(
      beast_send_op(state, request, limits), handler, executor);
}
#endif

/// `handler` (any type) as a beast_send_handler, completing on its associated executor, or on
/// `fallback` when it has none.
template <class Handler>
beast_send_handler erase_beast_handler(Handler handler,
                                       const boost::asio::any_io_executor& fallback) {
  boost::asio::any_io_executor executor = boost::asio::get_associated_executor(handler, fallback);
  return boost::asio::bind_executor(
      std::move(executor),
      boost::asio::any_completion_handler<void(result<http_response>)>(std::move(handler)));
}

} // namespace detail

/// An AsyncTransport over Boost.Beast HTTP/1.1, for async_rooms_client.
///
/// - https through OpenSSL, verifying the certificate chain and host name and sending SNI unless
///   `verify_tls` is false; `ca_bundle` replaces the system's CA store.
/// - Plain `http://` only to loopback unless `allow_insecure_http`; a URL or header field that
///   would split the request is refused before any connection (`invalid_argument`).
/// - A small pool: up to `max_idle_per_host` kept-alive connections per origin are reused;
///   every send in flight uses a connection of its own, so many calls may be in flight at once on
///   one thread. A request on a pooled connection that the server had already closed is sent
///   again, once, on a new connection when it is idempotent or carries a Repeatability-Request-ID.
/// - `connect_timeout` bounds resolving the connection; `total_timeout` (or the call's remaining
///   time, when shorter) bounds the whole exchange.
/// - Response headers are kept in wire order, repeated ones included; bodies up to
///   `max_body_bytes` and header blocks up to `max_header_bytes` arrive intact.
/// - Every failure is a `transport_error` (status 0) naming the host and the cause.
///
/// Copies share the pool. Destroy the transport (and the clients holding it) before its
/// io_context: pooled connections are sockets of that context.
class beast_transport {
public:
  /// The executor every connection and completion runs on.
  using executor_type = boost::asio::any_io_executor;

  /// A transport on `executor`; nothing is connected until async_send().
  explicit beast_transport(executor_type executor, beast_transport_options options = {})
      : state_(detail::make_beast_state(std::move(executor), std::move(options))) {}

  /// The executor every connection and completion runs on.
  [[nodiscard]] executor_type get_executor() const noexcept {
    return detail::beast_executor(*state_);
  }
  /// The settings this transport was made with.
  [[nodiscard]] const beast_transport_options& options() const noexcept {
    return detail::beast_options(*state_);
  }

  /// Sends `request` (copied at once); completes with `void(result<http_response>)`.
  template <class CompletionToken>
  auto async_send(const http_request& request, CompletionToken&& token) {
    return async_send(request, send_options{}, std::forward<CompletionToken>(token));
  }

  /// async_send() bounded by the call's remaining time (`limits.timeout`).
  template <class CompletionToken>
  auto async_send(const http_request& request, const send_options& limits,
                  CompletionToken&& token) {
    return boost::asio::async_initiate<CompletionToken, void(result<http_response>)>(
        [](auto handler, const std::shared_ptr<detail::beast_state>& state, const http_request& req,
           const send_options& lim) {
          detail::start_beast_send(
              state, req, lim,
              detail::erase_beast_handler(std::move(handler), detail::beast_executor(*state)));
        },
        token, state_, request, limits);
  }

  /// Closes the idle pooled connections (those in use close when their exchange ends).
  void close_idle() { detail::beast_close_idle(*state_); }

private:
  std::shared_ptr<detail::beast_state> state_;
};

ACS_ROOMS_NAMESPACE_END
