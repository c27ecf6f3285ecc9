// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6: httplib_transport, a Transport over cpp-httplib.
#pragma once

// httplib_transport: a Transport over cpp-httplib 0.11 (Debian: libcpp-httplib-dev). Not part
// of the umbrella header.
//
// https needs cpp-httplib's OpenSSL support. Unless you have defined CPPHTTPLIB_OPENSSL_SUPPORT
// yourself, this header defines it when <openssl/ssl.h> is available, so you must then link
// OpenSSL: `-lssl -lcrypto`, or `OpenSSL::SSL OpenSSL::Crypto` after `find_package(OpenSSL)`.
// Debian ships cpp-httplib as a compiled library built with that macro: link `-lcpp-httplib` as
// well (pkg-config cpp-httplib), and keep the macro defined in every translation unit that
// includes <httplib.h>, or the library's classes and yours disagree on their layout and the
// program crashes at run time (munmap_chunk(): invalid pointer). So a translation unit that has
// already included <httplib.h> without the macro fails here, at compile time. cpp-httplib also
// needs `-pthread`.
//
// A header-only cpp-httplib (upstream's single httplib.h, not Debian's) may be used without
// OpenSSL, for plain http:// to loopback: define ACS_ROOMS_HTTPLIB_NO_OPENSSL to say so.

#if defined(ACS_ROOMS_HTTPLIB_NO_OPENSSL) && defined(CPPHTTPLIB_OPENSSL_SUPPORT)
#error                                                                                             \
    "acs_rooms: ACS_ROOMS_HTTPLIB_NO_OPENSSL and CPPHTTPLIB_OPENSSL_SUPPORT are both defined; define one of them"
#endif

#if defined(CPPHTTPLIB_HTTPLIB_H) && !defined(CPPHTTPLIB_OPENSSL_SUPPORT) &&                       \
    !defined(ACS_ROOMS_HTTPLIB_NO_OPENSSL)
#error                                                                                             \
    "acs_rooms: <httplib.h> was included without CPPHTTPLIB_OPENSSL_SUPPORT. Debian's libcpp-httplib is compiled with it, and a translation unit without it crashes at run time (munmap_chunk). Define CPPHTTPLIB_OPENSSL_SUPPORT before every #include <httplib.h> (pkg-config --cflags cpp-httplib does; so does linking the CMake target acs_rooms::httplib or meson's acs_rooms_httplib), or include <acs/rooms/transport/httplib.hpp> first. With a header-only httplib.h used without OpenSSL, define ACS_ROOMS_HTTPLIB_NO_OPENSSL instead."
#endif

#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT) && !defined(ACS_ROOMS_HTTPLIB_NO_OPENSSL) &&              \
    !defined(CPPHTTPLIB_HTTPLIB_H) && defined(__has_include)
#if __has_include(<openssl/ssl.h>)
/// Enables https in cpp-httplib (only when the user has not decided, and OpenSSL is there).
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#endif

#include <acs/rooms/detail/transport/common.hpp>
#include <acs/rooms/detail/transport/proxy.hpp>
#include <acs/rooms/detail/transport/watchdog.hpp>
#include <acs/rooms/result.hpp>

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// Settings of an httplib_transport: the shared transport_options.
struct httplib_transport_options : transport_options {};

namespace detail {
/// A sentence for a cpp-httplib error, followed by its name.
inline std::string httplib_cause(httplib::Error e) {
  std::string cause;
  switch (e) {
  case httplib::Error::Connection:
    cause = "could not connect (refused, unreachable, or the name did not resolve)";
    break;
  case httplib::Error::ConnectionTimeout:
    cause = "the connection was not established within the connect timeout";
    break;
  case httplib::Error::Read:
    cause = "the connection was closed, reset or timed out while reading the answer";
    break;
  case httplib::Error::Write:
    cause = "the connection was closed or reset while sending the request";
    break;
  case httplib::Error::Canceled:
    cause = "the total timeout passed while reading the answer";
    break;
  case httplib::Error::SSLConnection:
    cause = "the TLS handshake failed";
    break;
  case httplib::Error::SSLLoadingCerts:
    cause = "the CA certificates could not be loaded";
    break;
  case httplib::Error::SSLServerVerification:
    cause = "the server's TLS certificate did not verify";
    break;
  default:
    cause = "the request failed";
    break;
  }
  return cause + " (cpp-httplib: " + httplib::to_string(e) + ")";
}

/// What an httplib_transport keeps between requests: one keep-alive client per origin.
struct httplib_state {
  std::map<std::string, std::unique_ptr<httplib::Client>> clients; ///< "scheme://host:port"
  std::mutex mutex;                                                ///< serialises send()
  exchange_watchdog watchdog; ///< last: gone before the clients it may stop
};

} // namespace detail

/// A Transport over cpp-httplib's client.
///
/// - Keeps one keep-alive httplib::Client per scheme, host and port, so connections are reused.
/// - Sends the request's header fields and body, with the request's own `Host`; cpp-httplib
///   adds `Content-Length`. Nothing is compressed or decompressed (no `Accept-Encoding` is
///   offered), no `Expect: 100-continue` is sent and redirects are not followed.
/// - Verifies TLS (chain and host name) unless `verify_tls` is false; refuses plain `http://`
///   to anything but loopback unless `allow_insecure_http`, and a URL or header field that
///   would split the request (a control character, or in the URL a space or non-ASCII byte).
/// - Sets TCP_NODELAY, so a request on a reused connection does not wait for a delayed ACK.
/// - A request on a kept-alive connection that the server had already closed is sent again,
///   once, on a new connection: when it was not all written, or when no byte of an answer came
///   and the request is idempotent or carries a `Repeatability-Request-ID`.
/// - Timeouts: `connect_timeout` for the connection; `total_timeout` (or the call's remaining
///   time) for the whole exchange: a watchdog thread, one per transport, stops an exchange at
///   its deadline or when the call is cancelled, so a stalled or trickling answer is cut off.
/// - An answer over `max_body_bytes` or `max_header_bytes` is `ResponseTooLarge` (the header
///   block is measured once cpp-httplib 0.11, which has no limit of its own, has read it).
/// - Goes through the proxy of `options.proxy` (or the environment's): cpp-httplib tunnels https
///   with CONNECT and sends http in absolute form. cpp-httplib 0.11 would repeat the basic proxy
///   credentials inside the tunnel, to the server: an empty `Proxy-Authorization` field is sent
///   there instead. A 407 is the typed error `ProxyAuthenticationRequired`.
/// - Response headers: every field and repeated ones are kept, but cpp-httplib stores them
///   sorted by name, so the order across different names is not the wire order.
/// - Never throws: every other failure is a `transport_error` (status 0) naming the host and
///   cpp-httplib's reason; a request it refuses to send is an `invalid_argument`.
///
/// Movable, not copyable. send() is serialised by a mutex, so one transport may be shared by
/// threads, but requests then go one at a time: give each thread its own for parallel requests.
class httplib_transport
    : public detail::transport_base<httplib_transport, httplib_transport_options,
                                    detail::httplib_state> {
public:
  /// A transport with these settings. No connection is made until send().
  explicit httplib_transport(httplib_transport_options options = {})
      : transport_base(std::move(options)) {}

private:
  friend class detail::transport_base<httplib_transport, httplib_transport_options,
                                      detail::httplib_state>;
  static constexpr const char* options_name = "httplib_transport_options";

  /// The origin's key in the client map ("scheme://host:port").
  static std::string origin_key(const detail::url_parts& parts) {
    const std::string port = !parts.port.empty()       ? parts.port
                             : parts.scheme == "https" ? std::string("443")
                                                       : std::string("80");
    return parts.scheme + "://" + parts.host + ":" + port;
  }

  /// The kept client for this origin (and proxy), made on first use; `host` is the URL's.
  httplib::Client& client_for(const std::string& key, const std::string& origin,
                              [[maybe_unused]] const std::string& host,
                              const std::optional<detail::resolved_proxy>& proxy, bool https) {
    auto& clients = state().clients;
    if (clients.size() >= 16 && clients.count(key) == 0) {
      clients.clear(); // nextLinks could name many hosts: keep the cache bounded
    }
    auto& slot = clients[key];
    if (!slot) {
      slot = std::make_unique<httplib::Client>(origin);
      httplib::Client& c = *slot;
      if (proxy) {
        c.set_proxy(proxy->bare_host(), std::stoi(proxy->port));
        if (https && proxy->has_credentials()) {
          c.set_proxy_basic_auth(proxy->username, proxy->password); // for CONNECT
        }
      }
      c.set_connection_timeout(options_.connect_timeout);
      c.set_read_timeout(options_.total_timeout);
      c.set_write_timeout(options_.total_timeout);
      c.set_keep_alive(true);
      c.set_tcp_nodelay(true); // else a reused connection waits for a delayed ACK (~40 ms)
      c.set_follow_location(false);
      c.set_compress(false);
      c.set_decompress(false);
      c.set_url_encode(false); // the path is already percent-encoded and signed as it is
#if defined(CPPHTTPLIB_OPENSSL_SUPPORT)
      c.enable_server_certificate_verification(options_.verify_tls);
      if (!options_.ca_bundle.empty()) {
        c.set_ca_cert_path(options_.ca_bundle);
      }
      if (https && options_.verify_tls && c.ssl_context() != nullptr) {
        // cpp-httplib 0.11 accepts a certificate whose common name is the host when none of its
        // alternative names is (RFC 9525 forbids that): OpenSSL checks the name too, in the
        // handshake, by the RFC's rules.
        X509_VERIFY_PARAM* param = SSL_CTX_get0_param(c.ssl_context());
        const std::string bare = detail::without_brackets(host);
        if (X509_VERIFY_PARAM_set1_ip_asc(param, bare.c_str()) != 1) {
          X509_VERIFY_PARAM_set1_host(param, bare.c_str(), bare.size());
        }
      }
#endif
    }
    return *slot;
  }

  /// One exchange, sent again once on a new connection when a kept-alive one turns out to have
  /// been closed by the server (send() holds the lock).
  result<http_response> perform(const http_request& request, const detail::url_parts& parts,
                                const std::string& host, const detail::exchange_limits& limits) {
#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT)
    if (parts.scheme == "https") {
      return detail::transport_failure(
          host, "https needs cpp-httplib with CPPHTTPLIB_OPENSSL_SUPPORT (and OpenSSL linked)");
    }
#endif
    auto resolved = detail::resolve_proxy(options_.proxy, parts);
    if (!resolved) {
      return std::move(resolved).error();
    }
    const std::optional<detail::resolved_proxy>& proxy = *resolved;
    const bool https = parts.scheme == "https";
    const std::string origin = origin_key(parts);
    // One client per origin and proxy: a client is bound to its proxy and tunnel.
    const std::string key = proxy ? origin + proxy->key() : origin;
    httplib::Request req;
    req.method = request.method;
    req.path = parts.path_and_query();
    for (const auto& [name, value] : request.headers) {
      req.headers.emplace(name, value);
    }
    if (proxy && proxy->has_credentials() && !request.headers.contains("Proxy-Authorization")) {
      // http: to the proxy, with the request. https: cpp-httplib would add the credentials to
      // the tunnelled request too (it skips them when the field is there), so an empty field.
      req.headers.emplace("Proxy-Authorization", https ? "" : proxy->basic_authorization());
    }
    req.body = request.body;
    const bool bounded = limits.total_timeout.count() > 0;
    const auto deadline =
        detail::saturating_add(std::chrono::steady_clock::now(), limits.total_timeout);
    const cancellation_token& cancel = limits.cancellation;
    req.progress = [deadline, bounded, &cancel](std::uint64_t, std::uint64_t) {
      return (!bounded || std::chrono::steady_clock::now() < deadline) && !cancel.cancelled();
    };
    // The size limits: the header block is measured once cpp-httplib has read it (0.11 has no
    // limit of its own; the deadline bounds its time), the body as it arrives.
    auto over_limit = detail::size_limit::none;
    std::string body;
    req.response_handler = [this, &over_limit](const httplib::Response& answer) {
      std::uint64_t bytes = 0;
      for (const auto& [name, value] : answer.headers) {
        bytes += name.size() + value.size() + 4; // "name: value\r\n"
      }
      if (bytes > options_.max_header_bytes) {
        over_limit = detail::size_limit::headers;
        return false;
      }
      return true;
    };
    req.content_receiver = [this, &over_limit, &body](const char* data, std::size_t size,
                                                      std::uint64_t, std::uint64_t) {
      if (size > options_.max_body_bytes - body.size()) {
        over_limit = detail::size_limit::body;
        return false;
      }
      body.append(data, size);
      return true;
    };

    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    detail::exchange_watchdog& watchdog = state().watchdog;
    for (int attempt = 0;; ++attempt) {
      httplib::Client& c = client_for(key, origin, parts.host, proxy, https);
      // This exchange's limits: the call's remaining time may be shorter than the transport's.
      c.set_connection_timeout(limits.connect_timeout);
      c.set_read_timeout(limits.total_timeout);
      c.set_write_timeout(limits.total_timeout);
      // cpp-httplib peeks at a kept connection before reusing it, but a server that closes it
      // just after (its idle timeout) still gets the request: the kernel takes the bytes, the
      // server answers them with a reset, and the exchange fails with no answer at all.
      const bool reused = c.is_socket_open() != 0;
      res = httplib::Response();
      err = httplib::Error::Success;
      body.clear();
      watchdog.arm([&c] { c.stop(); }, deadline, bounded, cancel);
      const bool sent = c.send(req, res, err);
      const bool stopped = watchdog.disarm();
      if (over_limit != detail::size_limit::none) {
        state().clients.erase(key); // the rest of the answer is still on the connection
        return detail::response_too_large(host, std::max(res.status, 0), over_limit, options_);
      }
      if (sent && err == httplib::Error::Success && !stopped) {
        break;
      }
      // Again, once, on a new connection, when the server cannot have acted on the request: it
      // was not all written, or no byte of an answer came and the request may be repeated. Not
      // after the total timeout: then the server was slow, not gone.
      const bool unanswered = err == httplib::Error::Read && res.status == -1;
      const bool resend =
          attempt == 0 && reused && !stopped &&
          (!bounded || std::chrono::steady_clock::now() < deadline) &&
          (err == httplib::Error::Write || (unanswered && detail::may_resend(request)));
      if (!resend) {
        std::string cause = detail::httplib_cause(err);
#if defined(CPPHTTPLIB_OPENSSL_SUPPORT)
        if (err == httplib::Error::SSLServerVerification) {
          cause += ": ";
          cause += X509_verify_cert_error_string(c.get_openssl_verify_result());
        }
#endif
        if (proxy) {
          cause += " (through the proxy " + proxy->display() + ")";
        }
        if (cancel.cancelled() && (stopped || err == httplib::Error::Canceled)) {
          cause = "the call was cancelled during the exchange";
        } else if (stopped) {
          cause = "the total timeout passed before the answer was complete" + limits.note();
        } else if (err == httplib::Error::Read || err == httplib::Error::Canceled ||
                   err == httplib::Error::ConnectionTimeout) {
          cause += limits.note();
        }
        // The connection is in an unknown state: the next request starts on a new one (and
        // is_socket_open() above then means what it says).
        state().clients.erase(key);
        return detail::transport_failure(host, cause);
      }
      state().clients.erase(key); // the dead connection goes with its client
    }
    if (proxy && res.status == 407) {
      state().clients.erase(key); // after a refused CONNECT its socket has no tunnel
      return detail::proxy_auth_error(*proxy);
    }
    if (res.status < 100 || res.status > 999) {
      return detail::transport_failure(host, "the answer has no valid HTTP status");
    }
    http_response out;
    out.status = res.status;
    out.headers.reserve(res.headers.size());
    for (const auto& [name, value] : res.headers) {
      out.headers.add(name, value);
    }
    out.body = std::move(body);
    return out;
  }
};

ACS_ROOMS_NAMESPACE_END
