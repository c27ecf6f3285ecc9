// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit.
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.
#pragma once

// httplib_transport: a Transport over cpp-httplib 0.11 (Debian: libcpp-httplib-dev). Not part
// of the umbrella header.
//
// https needs cpp-httplib's OpenSSL support. Unless you have defined CPPHTTPLIB_OPENSSL_SUPPORT
// yourself (or included <httplib.h> before this header), this header defines it when
// <openssl/ssl.h> is available, so you must then link OpenSSL: `-lssl -lcrypto`, or
// `OpenSSL::SSL OpenSSL::Crypto` after `find_package(OpenSSL)`. Debian ships cpp-httplib as a
// compiled library built with that macro: link `-lcpp-httplib` as well (pkg-config cpp-httplib),
// and keep the macro defined in every translation unit that includes <httplib.h>, or the
// library's classes and yours disagree on their layout. cpp-httplib also needs `-pthread`.

#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT) && !defined(CPPHTTPLIB_HTTPLIB_H) && defined(__has_include)
#if __has_include(<openssl/ssl.h>)
/// Enables https in cpp-httplib (only when the user has not decided, and OpenSSL is there).
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#endif

#include <acs/rooms.hpp> // the whole core, from the single header
#include <acs/rooms/transport/common.hpp>

#include <httplib.h>

#include <chrono>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// Settings of an httplib_transport. The defaults are safe for the real service.
struct httplib_transport_options {
  std::chrono::milliseconds connect_timeout{10000}; ///< TCP + TLS handshake
  std::chrono::milliseconds total_timeout{60000};   ///< whole request and response
  bool verify_tls = true;           ///< verify the server's certificate chain and host name
  bool allow_insecure_http = false; ///< allow plain http:// to a host that is not loopback
  std::string ca_bundle;            ///< CA certificates file (PEM); empty: the system's store
};

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
} // namespace detail

/// A Transport over cpp-httplib's client.
///
/// - Keeps one keep-alive httplib::Client per scheme, host and port, so connections are reused.
/// - Sends the request's header fields and body, with the request's own `Host`; cpp-httplib
///   adds `Content-Length`. Nothing is compressed or decompressed (no `Accept-Encoding` is
///   offered), no `Expect: 100-continue` is sent and redirects are not followed.
/// - Verifies TLS (chain and host name) unless `verify_tls` is false; refuses plain `http://`
///   to anything but loopback unless `allow_insecure_http`.
/// - Timeouts: `connect_timeout` for the connection; `total_timeout` bounds each read and write
///   and is checked as the body arrives, so a stalled or trickling answer is cut off.
/// - Response headers: every field and repeated ones are kept, but cpp-httplib stores them
///   sorted by name, so the order across different names is not the wire order.
/// - Never throws: every failure is a `transport_error` (status 0) naming the host and
///   cpp-httplib's reason; a request it refuses to send is an `invalid_argument`.
///
/// Movable, not copyable. send() is serialised by a mutex, so one transport may be shared by
/// threads, but requests then go one at a time: give each thread its own for parallel requests.
class httplib_transport {
public:
  /// A transport with these settings. No connection is made until send().
  explicit httplib_transport(httplib_transport_options options = {})
      : options_(std::move(options)), state_(std::make_unique<state>()) {}

  /// Sends `request` and returns the whole response, or the error that prevented one.
  result<http_response> send(const http_request& request) {
    std::optional<detail::url_parts> parts;
    if (auto problem = detail::check_outgoing(request, options_.allow_insecure_http,
                                              "httplib_transport_options", parts)) {
      return std::move(*problem);
    }
    const std::string host = parts->authority();
#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT)
    if (parts->scheme == "https") {
      return detail::transport_failure(
          host, "https needs cpp-httplib with CPPHTTPLIB_OPENSSL_SUPPORT (and OpenSSL linked)");
    }
#endif
#if !ACS_ROOMS_NO_EXCEPTIONS
    try {
#endif
      if (!state_) {
        state_ = std::make_unique<state>(); // this transport was moved from: start afresh
      }
      std::lock_guard<std::mutex> lock(state_->mutex);
      return perform(request, *parts, host);
#if !ACS_ROOMS_NO_EXCEPTIONS
    } catch (const std::exception& e) {
      // cpp-httplib throws for some inputs (and bad_alloc): a failed send, not a crash.
      return detail::transport_failure(host, e.what());
    }
#endif
  }

  /// The settings this transport was made with.
  [[nodiscard]] const httplib_transport_options& options() const noexcept { return options_; }

private:
  struct state {
    std::map<std::string, std::unique_ptr<httplib::Client>> clients; // "scheme://host:port"
    std::mutex mutex;
  };

  httplib::Client& client_for(const detail::url_parts& parts) {
    const std::string port = !parts.port.empty()       ? parts.port
                             : parts.scheme == "https" ? std::string("443")
                                                       : std::string("80");
    const std::string key = parts.scheme + "://" + parts.host + ":" + port;
    if (state_->clients.size() >= 16 && state_->clients.count(key) == 0) {
      state_->clients.clear(); // nextLinks could name many hosts: keep the cache bounded
    }
    auto& slot = state_->clients[key];
    if (!slot) {
      slot = std::make_unique<httplib::Client>(key);
      httplib::Client& c = *slot;
      c.set_connection_timeout(options_.connect_timeout);
      c.set_read_timeout(options_.total_timeout);
      c.set_write_timeout(options_.total_timeout);
      c.set_keep_alive(true);
      c.set_follow_location(false);
      c.set_compress(false);
      c.set_decompress(false);
      c.set_url_encode(false); // the path is already percent-encoded and signed as it is
#if defined(CPPHTTPLIB_OPENSSL_SUPPORT)
      c.enable_server_certificate_verification(options_.verify_tls);
      if (!options_.ca_bundle.empty()) {
        c.set_ca_cert_path(options_.ca_bundle);
      }
#endif
    }
    return *slot;
  }

  result<http_response> perform(const http_request& request, const detail::url_parts& parts,
                                const std::string& host) {
    httplib::Client& c = client_for(parts);
    httplib::Request req;
    req.method = request.method;
    req.path = parts.path_and_query();
    for (const auto& [name, value] : request.headers) {
      req.headers.emplace(name, value);
    }
    req.body = request.body;
    const auto deadline = std::chrono::steady_clock::now() + options_.total_timeout;
    req.progress = [deadline](std::uint64_t, std::uint64_t) {
      return std::chrono::steady_clock::now() < deadline;
    };

    httplib::Response res;
    httplib::Error err = httplib::Error::Success;
    if (!c.send(req, res, err) || err != httplib::Error::Success) {
      std::string cause = detail::httplib_cause(err);
#if defined(CPPHTTPLIB_OPENSSL_SUPPORT)
      if (err == httplib::Error::SSLServerVerification) {
        cause += ": ";
        cause += X509_verify_cert_error_string(c.get_openssl_verify_result());
      }
#endif
      if (err == httplib::Error::Read || err == httplib::Error::Canceled ||
          err == httplib::Error::ConnectionTimeout) {
        cause += "; connect timeout " + std::to_string(options_.connect_timeout.count()) +
                 " ms, total timeout " + std::to_string(options_.total_timeout.count()) + " ms";
      }
      return detail::transport_failure(host, cause);
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
    out.body = std::move(res.body);
    return out;
  }

  httplib_transport_options options_;
  std::unique_ptr<state> state_;
};

ACS_ROOMS_NAMESPACE_END
