// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_BEAST_HPP // transport/beast.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_BEAST_HPP
// acs_rooms optional layer 6: beast_transport, an AsyncTransport over Boost.Beast and OpenSSL.

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

#include <acs/rooms.hpp> // the whole core, from the single header
#ifndef ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_OPTIONS_HPP // transport/options.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_OPTIONS_HPP
// acs_rooms optional layer 6: the options the shipped transports share, and beast_transport's.


#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

ACS_ROOMS_NAMESPACE_BEGIN

/// The HTTP proxy a transport goes through (docs/transports.md, "Proxies"). An explicit `url`
/// applies to every request, loopback included; without one, the standard environment variables
/// are read when `use_environment` (HTTPS_PROXY / HTTP_PROXY, NO_PROXY; never for loopback).
/// Only http:// proxies: https targets are tunnelled with CONNECT, http ones sent in absolute form.
struct proxy_options {
  std::string url;      ///< "http://proxy.example:3128" (port 80 when absent); empty: none set
  std::string username; ///< basic credentials; empty: those of the URL's userinfo, if any
  std::string password; ///< with `username`; never logged or put in an error message
  bool use_environment = true; ///< without `url`, use the proxy environment variables
};

/// Settings every shipped transport takes (curl_transport_options and httplib_transport_options
/// derive from it). The defaults are safe for the real service.
struct transport_options {
  std::chrono::milliseconds connect_timeout{10000}; ///< TCP + TLS handshake; 0: the library's
  std::chrono::milliseconds total_timeout{60000};   ///< whole request and response
  bool verify_tls = true;           ///< verify the server's certificate chain and host name
  bool allow_insecure_http = false; ///< allow plain http:// to a host that is not loopback
  std::string ca_bundle;            ///< CA certificates file (PEM); empty: the system's store
  proxy_options proxy;              ///< the HTTP proxy: explicit, or from the environment
  /// The largest response body accepted (64 MiB; a Rooms answer is a few KiB). A larger one
  /// ends the exchange with `transport_error` code "ResponseTooLarge", not retried.
  std::uint64_t max_body_bytes = std::uint64_t{64} << 20;
  /// The largest response header block accepted (1 MiB), as for `max_body_bytes`.
  std::uint32_t max_header_bytes = 1u << 20;
};

/// Settings of a beast_transport: the shared transport_options, plus the pool's size.
struct beast_transport_options : transport_options {
  std::size_t max_idle_per_host = 4; ///< kept-alive idle connections per origin
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_OPTIONS_HPP

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/bind_executor.hpp>

#include <memory>
#include <utility>

#if ACS_ROOMS_BEAST_DEFINITIONS
#ifndef ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_BEAST_EXCHANGE_HPP // detail/transport/beast_exchange.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_BEAST_EXCHANGE_HPP
// acs_rooms optional layer 6 (needs Boost.Beast 1.81 and OpenSSL): one HTTP/1.1 exchange of
// beast_transport, as an Asio composed operation over the pool of beast_pool.hpp.

#ifndef ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_BEAST_POOL_HPP // detail/transport/beast_pool.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_BEAST_POOL_HPP
// acs_rooms optional layer 6 (needs Boost.Beast 1.81 and OpenSSL), internal: what beast_transport's
// copies share - the TLS context and the per-host pool of kept connections.

#ifndef ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_COMMON_HPP // detail/transport/common.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_COMMON_HPP
// acs_rooms optional layer 6, internal: what the shipped transports share (checks, skeleton).

// What the shipped transports share besides their options (transport/options.hpp): the loopback
// rule for plain http, the checks on what is about to be sent, the shape of their error
// messages, and the skeleton of send() (detail::transport_base). Each transport adds only its
// library-specific perform(). Needs nothing beyond the library itself.


#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {

/// True for a dotted-quad IPv4 literal in 127.0.0.0/8 (four decimal parts, each 0 to 255).
inline bool is_ipv4_loopback(std::string_view host) noexcept {
  int parts = 0;
  int first = -1;
  while (true) {
    const auto dot = host.find('.');
    const std::string_view part = host.substr(0, dot);
    if (part.empty() || part.size() > 3) {
      return false;
    }
    int value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') {
        return false;
      }
      value = value * 10 + (c - '0');
    }
    if (value > 255) {
      return false;
    }
    if (first < 0) {
      first = value;
    }
    ++parts;
    if (dot == std::string_view::npos) {
      break;
    }
    host.remove_prefix(dot + 1);
  }
  return parts == 4 && first == 127;
}

/// True when `host` (lower case, as detail::parse_url gives it; IPv6 in brackets) names this
/// machine: "localhost", 127.0.0.0/8 or ::1. Other names are not resolved: a name that merely
/// resolves to 127.0.0.1 today is not trusted with plain http.
inline bool is_loopback_host(std::string_view host) noexcept {
  if (!host.empty() && host.back() == '.') {
    host.remove_suffix(1); // "localhost." is the same name, fully qualified
  }
  return host == "localhost" || host == "[::1]" || host == "[0:0:0:0:0:0:0:1]" ||
         is_ipv4_loopback(host);
}

/// A transport_error (status 0) naming the host and the cause.
inline error transport_failure(std::string_view host, std::string_view cause) {
  return make_transport_error(host, cause);
}

/// True when a request may be sent a second time although the first attempt may have reached
/// the server: its method is idempotent (RFC 9110 9.2.2), or it carries a
/// Repeatability-Request-ID, with which the service answers a repeat as it answered the first.
inline bool may_resend(const http_request& request) {
  const std::string& m = request.method;
  return m == "GET" || m == "HEAD" || m == "PUT" || m == "DELETE" || m == "OPTIONS" ||
         request.headers.contains("Repeatability-Request-ID");
}
/// Which of transport_options' size limits an answer went over.
enum class size_limit { none, body, headers };

/// The error of an answer over `which` limit of `options`. Its status is the answer's (0 when
/// its status line was not read): the call machine retries it only as that status would be,
/// since a 200 too large comes back as large.
inline error response_too_large(std::string_view host, int status, size_limit which,
                                const transport_options& options) {
  const bool body = which == size_limit::body;
  std::string message = "the answer from ";
  message += host;
  message += body ? " is larger than transport_options::max_body_bytes ("
                  : " is larger than transport_options::max_header_bytes (";
  message += std::to_string(body ? options.max_body_bytes : options.max_header_bytes);
  message += " bytes); raise it if answers this large are expected";
  error e = make_transport_error(std::move(message));
  e.code = "ResponseTooLarge";
  e.status = status;
  return e;
}

/// Checks what a transport is about to send: an absolute http(s) URL, plain http only to a
/// loopback host unless `allow_insecure_http` (its name in the options is `option_name`), and
/// header fields that cannot split the request. On success `parts` holds the parsed URL.
inline std::optional<error> check_outgoing(const http_request& request, bool allow_insecure_http,
                                           std::string_view option_name,
                                           std::optional<url_parts>& parts) {
  // A URL goes onto the request line as it is: a CR, LF or space in it (say from a nextLink)
  // would split the request, and a byte >= 0x80 has no defined meaning there. Such a request is
  // refused before any connection, as invalid_argument (like a bad header), not transport_error:
  // nothing was sent, and retrying it cannot help. The URL is not echoed (it could hold anything).
  if (const auto bad = invalid_url_char(request.url); bad != std::string_view::npos) {
    char where[64];
    std::snprintf(where, sizeof where, "byte 0x%02X at offset %zu",
                  static_cast<unsigned>(static_cast<unsigned char>(request.url[bad])), bad);
    return make_error(errc::invalid_argument,
                      std::string("the request URL has a character that cannot be sent as it is "
                                  "(a control character, a space or a non-ASCII byte; it must be "
                                  "percent-encoded): ") +
                          where);
  }
  parts = parse_url(request.url);
  if (!parts) {
    return make_error(errc::invalid_argument, "the request URL is not an absolute http(s) URL: \"" +
                                                  request.url.substr(0, 200) + '"');
  }
  if (parts->scheme == "http" && !allow_insecure_http && !is_loopback_host(parts->host)) {
    std::string message = "refusing to send plain http:// to '";
    message += parts->authority();
    message += "', which is not a loopback address (localhost, 127.0.0.0/8, ::1): the request "
               "is signed and would travel unencrypted. Use https://, or set ";
    message += option_name;
    message += ".allow_insecure_http = true to allow it";
    return make_error(errc::invalid_argument, std::move(message));
  }
  if (request.method.empty()) {
    return make_error(errc::invalid_argument, "the request has no method");
  }
  for (char c : request.method) {
    if (!(c >= 'A' && c <= 'Z')) {
      return make_error(errc::invalid_argument,
                        "the request method is not an upper-case token: \"" +
                            request.method.substr(0, 20) + '"');
    }
  }
  for (const auto& [name, value] : request.headers) {
    bool ok = !name.empty();
    for (char c : name) {
      // A token: no separators, blanks or controls, so the field cannot be re-parsed.
      const auto u = static_cast<unsigned char>(c);
      ok = ok && u > 0x20 && u < 0x7F && c != ':' && c != '(' && c != ')' && c != '"' && c != ',' &&
           c != ';' && c != '<' && c != '>' && c != '@' && c != '[' && c != ']' && c != '?' &&
           c != '=' && c != '{' && c != '}' && c != '/' && c != '\\';
    }
    for (char c : value) {
      const auto u = static_cast<unsigned char>(c);
      ok = ok && (u >= 0x20 || c == '\t') && u != 0x7F;
    }
    if (!ok) {
      // Name only: a value may be a credential.
      return make_error(errc::invalid_argument,
                        "the request header \"" + name.substr(0, 64) +
                            "\" has a malformed name or a control character in its value");
    }
  }
  return std::nullopt;
}

/// `Name: value` from one raw response header line (CRLF already stripped), or false for a line
/// that is not a field.
inline bool split_header_line(std::string_view line, std::string& name, std::string& value) {
  const auto colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  name.assign(trim(line.substr(0, colon)));
  value.assign(trim(line.substr(colon + 1)));
  return !name.empty();
}

/// "; connect timeout N ms, total timeout M ms": appended to a failure that a timeout may explain.
inline std::string timeout_note(const transport_options& options) {
  return "; connect timeout " + std::to_string(options.connect_timeout.count()) +
         " ms, total timeout " + std::to_string(options.total_timeout.count()) + " ms";
}

/// The timeouts of one exchange: the transport's own, shortened to the call's remaining time
/// when the client passed one (a total of 0 means none, as in transport_options).
struct exchange_limits {
  std::chrono::milliseconds connect_timeout; ///< for the connection
  std::chrono::milliseconds total_timeout;   ///< for the whole exchange; 0: none
  bool call_deadline = false;                ///< the call's remaining time set the total
  cancellation_token cancellation;           ///< the caller's cancellation

  /// The limits for `options` within the call's `limits`.
  static exchange_limits of(const transport_options& options, const send_options& limits) {
    exchange_limits out{options.connect_timeout, options.total_timeout, false, limits.cancellation};
    if (limits.timeout) {
      const auto left = std::max(*limits.timeout, std::chrono::milliseconds(1));
      if (out.total_timeout.count() == 0 || left < out.total_timeout) {
        out.total_timeout = left;
        out.call_deadline = true;
      }
      if (out.connect_timeout.count() == 0 || left < out.connect_timeout) {
        out.connect_timeout = left;
      }
    }
    return out;
  }

  /// "; connect timeout N ms, total timeout M ms" (or "the call's remaining time M ms").
  [[nodiscard]] std::string note() const {
    if (call_deadline) {
      return "; the call's remaining time was " + std::to_string(total_timeout.count()) + " ms";
    }
    return "; connect timeout " + std::to_string(connect_timeout.count()) + " ms, total timeout " +
           std::to_string(total_timeout.count()) + " ms";
  }
};

/// The send() every shipped transport shares, around the library-specific part. `Derived` has
/// `static constexpr const char* options_name` (for messages) and
/// `result<http_response> perform(const http_request&, const url_parts&, const std::string& host,
/// const exchange_limits&)`, called with `state()` locked. `State` holds the library's handles and
/// a `std::mutex mutex`.
///
/// send() checks the request (check_outgoing), remakes the state of a moved-from transport,
/// serialises requests with the state's mutex, and turns any exception (bad_alloc, a mutex
/// failure, a library that throws) into a transport_error naming the host.
template <class Derived, class Options, class State> class transport_base {
public:
  /// Sends `request` and returns the whole response, or the error that prevented one.
  result<http_response> send(const http_request& request) { return send(request, {}); }

  /// send(), bounded also by the call's remaining time and stopped by its cancellation.
  result<http_response> send(const http_request& request, const send_options& limits) {
    std::optional<url_parts> parts;
    if (auto problem =
            check_outgoing(request, options_.allow_insecure_http, Derived::options_name, parts)) {
      return std::move(*problem);
    }
    const std::string host = parts->authority();
#if !ACS_ROOMS_NO_EXCEPTIONS
    try {
#endif
      if (!state_) {
        state_ = std::make_unique<State>(); // this transport was moved from: start afresh
      }
      std::lock_guard<std::mutex> lock(state_->mutex);
      if (limits.cancellation.cancelled()) {
        return transport_failure(host, "the call was cancelled before sending");
      }
      return static_cast<Derived&>(*this).perform(request, *parts, host,
                                                  exchange_limits::of(options_, limits));
#if !ACS_ROOMS_NO_EXCEPTIONS
    } catch (const std::exception& e) {
      // bad_alloc, a mutex failure, or a library that throws: a failed send, not a crash.
      return transport_failure(host, e.what());
    }
#endif
  }

  /// The settings this transport was made with.
  [[nodiscard]] const Options& options() const noexcept { return options_; }

protected:
  /// A transport with these settings; nothing is connected until send().
  explicit transport_base(Options options)
      : options_(std::move(options)), state_(std::make_unique<State>()) {}

  /// The library's handles; never null inside perform().
  State& state() noexcept { return *state_; }

  Options options_;              ///< as given to the constructor
  std::unique_ptr<State> state_; ///< null only in a moved-from transport
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_COMMON_HPP

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {

/// One connection: plain TCP or TLS over TCP, with the bytes read past the last message.
struct beast_connection {
  std::optional<boost::beast::tcp_stream> plain;
  std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls;
  boost::beast::flat_buffer buffer;

  boost::beast::tcp_stream& lowest() noexcept { return tls ? tls->next_layer() : *plain; }
};

/// What every copy of a beast_transport and every send in flight share.
struct beast_state {
  beast_state(boost::asio::any_io_executor ex, beast_transport_options o)
      : executor(std::move(ex)), options(std::move(o)) {}

  boost::asio::any_io_executor executor;
  beast_transport_options options;
  std::mutex mutex; // guards idle and tls_context
  std::map<std::string, std::vector<std::unique_ptr<beast_connection>>> idle;
  std::shared_ptr<boost::asio::ssl::context> tls_context;

  /// The TLS context, made on first use; null with `problem` set when it cannot be made.
  std::shared_ptr<boost::asio::ssl::context> tls(std::string& problem) {
    std::lock_guard<std::mutex> lock(mutex);
    if (tls_context) {
      return tls_context;
    }
#if !ACS_ROOMS_NO_EXCEPTIONS
    try {
#endif
      auto ctx = std::make_shared<boost::asio::ssl::context>(boost::asio::ssl::context::tls_client);
      boost::system::error_code ec;
      ctx->set_options(boost::asio::ssl::context::default_workarounds |
                           boost::asio::ssl::context::no_sslv2 |
                           boost::asio::ssl::context::no_sslv3,
                       ec);
      if (options.verify_tls) {
        if (options.ca_bundle.empty()) {
          ctx->set_default_verify_paths(ec);
        } else {
          ctx->load_verify_file(options.ca_bundle, ec);
        }
        if (ec) {
          problem = "the CA certificates could not be loaded (" + ec.message() + ")";
          return nullptr;
        }
        ctx->set_verify_mode(boost::asio::ssl::verify_peer, ec);
      } else {
        ctx->set_verify_mode(boost::asio::ssl::verify_none, ec);
      }
      tls_context = std::move(ctx);
      return tls_context;
#if !ACS_ROOMS_NO_EXCEPTIONS
    } catch (const std::exception& e) {
      problem = std::string("the TLS context could not be made (") + e.what() + ")";
      return nullptr;
    }
#endif
  }

  /// A kept-alive connection to `key`, or null.
  std::unique_ptr<beast_connection> take_idle(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = idle.find(key);
    if (it == idle.end() || it->second.empty()) {
      return nullptr;
    }
    auto conn = std::move(it->second.back());
    it->second.pop_back();
    return conn;
  }

  /// Keeps `conn` for the next request to `key`, if the pool has room.
  void give_back(const std::string& key, std::unique_ptr<beast_connection> conn) {
    std::lock_guard<std::mutex> lock(mutex);
    if (idle.size() >= 16 && idle.count(key) == 0) {
      idle.clear(); // nextLinks could name many hosts: keep the pool bounded
    }
    auto& slot = idle[key];
    if (slot.size() < options.max_idle_per_host) {
      slot.push_back(std::move(conn));
    }
  }
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_BEAST_POOL_HPP
#ifndef ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_PROXY_HPP // detail/transport/proxy.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_PROXY_HPP
// acs_rooms optional layer 6, internal: which HTTP proxy a request goes through (pure).

// The one proxy resolver every shipped transport uses, so they agree (docs/transports.md,
// "Proxies"): the explicit proxy_options::url for every target; else, when use_environment,
// https_proxy / HTTPS_PROXY for https targets and http_proxy / HTTP_PROXY for http ones (lower
// case first, as curl and Python read them; HTTP_PROXY not under CGI, where a request's "Proxy:"
// header becomes it: httpoxy), unless no_proxy / NO_PROXY names the host or the host is loopback.
// The environment is read through an injected lookup, so tests never setenv.


#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// `host` without the brackets of an IPv6 literal.
inline std::string without_brackets(std::string_view host) {
  return std::string(host.size() > 1 && host.front() == '[' ? host.substr(1, host.size() - 2)
                                                            : host);
}

/// The proxy one request goes through.
struct resolved_proxy {
  std::string host;     ///< lower case; IPv6 in brackets, as in a URL
  std::string port;     ///< digits; "80" when the URL had none
  std::string username; ///< basic credentials (percent-decoded); empty: none
  std::string password; ///< with username
  std::string source;   ///< "proxy_options.url" or the environment variable's name

  /// "http://host:port": the proxy as messages name it (never with credentials).
  [[nodiscard]] std::string display() const { return "http://" + host + ":" + port; }
  /// Host without IPv6 brackets, for a resolver.
  [[nodiscard]] std::string bare_host() const { return without_brackets(host); }
  /// What a kept connection's key adds: a connection is bound to its proxy (and tunnel).
  [[nodiscard]] std::string key() const {
    return " via " + display() + " as " + username + ":" + password;
  }
  /// True when credentials are to be sent.
  [[nodiscard]] bool has_credentials() const { return !username.empty() || !password.empty(); }
  /// "Basic base64(user:password)", the Proxy-Authorization value.
  [[nodiscard]] std::string basic_authorization() const {
    return "Basic " + base64_encode(username + ":" + password);
  }
};

/// Reads an environment variable; nullopt when unset. Injected in tests.
using environment_lookup = std::function<std::optional<std::string>(const char* name)>;

/// The process environment (std::getenv).
inline std::optional<std::string> process_environment(const char* name) {
  const char* value = std::getenv(name); // NOLINT(concurrency-mt-unsafe): read only
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

/// `text` in ASCII lower case.
inline std::string proxy_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    out += ascii_lower(c);
  }
  return out;
}

/// `text` with %XX sequences decoded (a malformed one is kept as it is).
inline std::string percent_decode(std::string_view text) {
  const auto hex = [](char c) -> int {
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
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

/// Parses a proxy URL ("http://user:pass@host:port/", or "host:port", taken as http://) from
/// `source` (named in messages, which never echo the URL's userinfo).
inline result<resolved_proxy> parse_proxy_url(std::string_view url, std::string source) {
  url = trim(url);
  std::string scheme = "http";
  if (const auto sep = url.find("://"); sep != std::string_view::npos) {
    scheme = proxy_lower(url.substr(0, sep));
    url.remove_prefix(sep + 3);
  }
  if (scheme != "http") {
    return make_error(errc::invalid_argument,
                      "the proxy from " + source + " has the scheme '" + scheme.substr(0, 20) +
                          "', which is not supported: only http:// proxies are (https targets "
                          "are tunnelled through them with CONNECT)");
  }
  url = url.substr(0, url.find_first_of("/?#"));
  resolved_proxy out;
  out.source = std::move(source);
  if (const auto at = url.rfind('@'); at != std::string_view::npos) {
    const std::string_view userinfo = url.substr(0, at);
    const auto colon = userinfo.find(':');
    out.username = percent_decode(userinfo.substr(0, colon));
    if (colon != std::string_view::npos) {
      out.password = percent_decode(userinfo.substr(colon + 1));
    }
    url.remove_prefix(at + 1);
  }
  std::string_view host = url;
  std::string_view port;
  if (!url.empty() && url.front() == '[') {
    const auto close = url.find(']');
    host = url.substr(0, close == std::string_view::npos ? url.size() : close + 1);
    const std::string_view rest = url.substr(host.size());
    if (!rest.empty() && rest.front() == ':') {
      port = rest.substr(1);
    } else if (!rest.empty() || close == std::string_view::npos) {
      host = {};
    }
  } else if (const auto colon = url.rfind(':'); colon != std::string_view::npos) {
    host = url.substr(0, colon);
    port = url.substr(colon + 1);
  }
  bool port_ok = port.size() <= 5;
  unsigned long number = 0;
  for (char c : port) {
    port_ok = port_ok && c >= '0' && c <= '9';
    number = number * 10 + static_cast<unsigned long>(c - '0');
  }
  if (!port.empty() && (number == 0 || number > 65535)) {
    port_ok = false;
  }
  bool host_ok = !host.empty();
  for (char c : host) {
    const auto u = static_cast<unsigned char>(c);
    host_ok = host_ok && u > 0x20 && u < 0x7F && c != '@' && c != '/' && c != '%';
  }
  if (!host_ok || !port_ok) {
    return make_error(errc::invalid_argument,
                      "the proxy from " + out.source +
                          " is not a valid http://host:port URL (its host or port is malformed)");
  }
  out.host = proxy_lower(host);
  out.port = port.empty() ? std::string("80") : std::string(port);
  return out;
}

/// True when one NO_PROXY entry names `host` (lower case, IPv6 in brackets) on `port`. An entry
/// is "*", a host name (matching it and its subdomains; a leading "." or "*." changes nothing),
/// an IP literal (IPv6 with or without brackets), each with an optional ":port".
inline bool no_proxy_entry_matches(std::string_view entry, std::string_view host,
                                   std::string_view port) {
  entry = trim(entry);
  if (entry == "*") {
    return true;
  }
  std::string_view name = entry;
  std::string_view entry_port;
  if (!entry.empty() && entry.front() == '[') {
    const auto close = entry.find(']');
    if (close == std::string_view::npos) {
      return false;
    }
    name = entry.substr(1, close - 1);
    const std::string_view rest = entry.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') {
        return false;
      }
      entry_port = rest.substr(1);
    }
  } else if (const auto colon = entry.find(':');
             colon != std::string_view::npos &&
             entry.find(':', colon + 1) == std::string_view::npos) {
    name = entry.substr(0, colon); // one colon: host:port; more: a bare IPv6 literal
    entry_port = entry.substr(colon + 1);
  }
  if (!entry_port.empty() && entry_port != port) {
    return false;
  }
  if (name.substr(0, 2) == "*.") {
    name.remove_prefix(1);
  }
  if (!name.empty() && name.front() == '.') {
    name.remove_prefix(1);
  }
  while (!name.empty() && name.back() == '.') {
    name.remove_suffix(1);
  }
  if (name.empty()) {
    return false;
  }
  std::string_view bare = host;
  if (bare.size() > 1 && bare.front() == '[') {
    bare = bare.substr(1, bare.size() - 2);
  }
  while (!bare.empty() && bare.back() == '.') {
    bare.remove_suffix(1);
  }
  if (iequals(bare, name)) {
    return true;
  }
  // A domain suffix on a label boundary: "example.com" covers "a.example.com", not
  // "badexample.com".
  return bare.size() > name.size() && bare[bare.size() - name.size() - 1] == '.' &&
         iequals(bare.substr(bare.size() - name.size()), name);
}

/// True when the comma-separated NO_PROXY `list` names `host` on `port`.
inline bool no_proxy_matches(std::string_view list, std::string_view host, std::string_view port) {
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (no_proxy_entry_matches(list.substr(0, comma), host, port)) {
      return true;
    }
    if (comma == std::string_view::npos) {
      break;
    }
    list.remove_prefix(comma + 1);
  }
  return false;
}

/// The first of `names` that is set and not empty in the environment, and its name.
inline std::optional<std::pair<std::string, std::string>>
first_set(const environment_lookup& env, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (auto value = env(name); value && !trim(*value).empty()) {
      return std::make_pair(std::string(name), std::move(*value));
    }
  }
  return std::nullopt;
}

/// The proxy for a request to `target`, or nullopt to go direct. An explicit `options.url`
/// applies to every target; the environment's proxy never to loopback or a NO_PROXY host.
/// `options.username` / `password`, when set, replace the URL's userinfo.
inline result<std::optional<resolved_proxy>>
resolve_proxy(const proxy_options& options, const url_parts& target,
              const environment_lookup& env = process_environment) {
  std::optional<resolved_proxy> out;
  if (!trim(options.url).empty()) {
    auto parsed = parse_proxy_url(options.url, "proxy_options.url");
    if (!parsed) {
      return std::move(parsed).error();
    }
    out = std::move(*parsed);
  } else if (options.use_environment && !is_loopback_host(target.host)) {
    const bool https = target.scheme == "https";
    const bool cgi = env("REQUEST_METHOD").has_value(); // httpoxy: HTTP_PROXY may be a header
    auto chosen = https ? first_set(env, {"https_proxy", "HTTPS_PROXY"})
                  : cgi ? first_set(env, {"http_proxy"})
                        : first_set(env, {"http_proxy", "HTTP_PROXY"});
    if (!chosen) {
      return out;
    }
    const std::string port = !target.port.empty() ? target.port : std::string(https ? "443" : "80");
    if (const auto no_proxy = first_set(env, {"no_proxy", "NO_PROXY"});
        no_proxy && no_proxy_matches(no_proxy->second, target.host, port)) {
      return out;
    }
    auto parsed = parse_proxy_url(chosen->second, "the environment variable " + chosen->first);
    if (!parsed) {
      return std::move(parsed).error();
    }
    out = std::move(*parsed);
  } else {
    return out;
  }
  if (!options.username.empty() || !options.password.empty()) {
    out->username = options.username;
    out->password = options.password;
  }
  return out;
}

/// The typed error of a 407 from `proxy`: it asked for credentials, or refused those sent. Not
/// retried by the call machine (the same credentials would be refused again).
inline error proxy_auth_error(const resolved_proxy& proxy) {
  error e =
      make_error(errc::transport_error,
                 "the proxy " + proxy.display() + " (from " + proxy.source + ") answered 407 " +
                     (proxy.has_credentials()
                          ? "Proxy Authentication Required: it refused the proxy credentials "
                            "sent; check proxy_options.username and password (or the "
                            "user:password@ of the proxy URL)"
                          : "Proxy Authentication Required: set proxy credentials "
                            "(proxy_options.username and password, or user:password@ in the "
                            "proxy URL)"),
                 407);
  e.code = "ProxyAuthenticationRequired";
  return e;
}

/// A transport_error for a proxy that answered CONNECT with something other than 2xx or 407.
inline error proxy_refused_error(const resolved_proxy& proxy, std::string_view target, int status) {
  return make_transport_error(target, "the proxy " + proxy.display() + " answered CONNECT with " +
                                          std::to_string(status) + " (no tunnel)");
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_PROXY_HPP

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream_base.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// One exchange as an Asio composed operation: take a pooled connection or resolve, connect,
/// (for https through a proxy) CONNECT, (for https) handshake; write; read; give the connection
/// back when it may be kept. An http request through a proxy is sent to it in absolute form.
class beast_send_op {
  // clang-format off
  enum class phase { start, early, resolving, connecting, tunnel_writing, tunnel_reading,
                     handshaking, writing, reading };
  // clang-format on
  using tcp = boost::asio::ip::tcp;

  struct state {
    std::shared_ptr<beast_state> shared;
    std::optional<error> early;
    boost::beast::http::request<boost::beast::http::string_body> request;
    std::optional<resolved_proxy> proxy;
    boost::beast::http::request<boost::beast::http::string_body> tunnel; // CONNECT host:port
    std::string key;       // scheme://host:port (and the proxy), the pool's key
    std::string authority; // for messages and Host
    std::string hostname;  // for the resolver, SNI and certificate checks (no brackets)
    std::string port;
    bool https = false;
    bool may_resend = false;
    bool reused = false;
    bool resent = false;
    std::chrono::steady_clock::time_point deadline;
    std::optional<tcp::resolver> resolver;
    std::unique_ptr<beast_connection> conn;
    std::optional<boost::beast::http::response_parser<boost::beast::http::string_body>> parser;
    phase at = phase::start;
  };

public:
  beast_send_op(std::shared_ptr<beast_state> shared, const http_request& in,
                const send_options& limits)
      : s_(std::make_unique<state>()) {
    state& s = *s_;
    s.shared = std::move(shared);
    const transport_options& options = s.shared->options;
    std::optional<url_parts> parts;
    if (auto problem =
            check_outgoing(in, options.allow_insecure_http, "beast_transport_options", parts)) {
      s.early = std::move(*problem);
      return;
    }
    s.authority = parts->authority();
    if (limits.cancellation.cancelled()) {
      s.early = make_error(errc::cancelled, "the send was cancelled before it started");
      return;
    }
    s.https = parts->scheme == "https";
    s.port = !parts->port.empty() ? parts->port : s.https ? std::string("443") : std::string("80");
    s.hostname = without_brackets(parts->host);
    auto proxy = resolve_proxy(options.proxy, *parts);
    if (!proxy) {
      s.early = std::move(proxy).error();
      return;
    }
    s.proxy = std::move(*proxy);
    s.key = parts->scheme + "://" + parts->host + ":" + s.port + (s.proxy ? s.proxy->key() : "");
    const auto total = exchange_limits::of(options, limits).total_timeout; // 0: none
    s.deadline = saturating_add(std::chrono::steady_clock::now(),
                                total.count() > 0 ? total : std::chrono::hours(24 * 365));
    s.may_resend = may_resend(in);
    const std::string& m = in.method;
    auto& req = s.request;
    req.version(11);
    req.method_string(in.method);
    // Through a proxy, http goes in absolute form; https in a tunnel, in origin form.
    req.target(s.proxy && !s.https ? "http://" + s.authority + parts->path_and_query()
                                   : parts->path_and_query());
    if (s.proxy && s.https) { // CONNECT host:port, then TLS in the tunnel
      s.tunnel = {boost::beast::http::verb::connect, parts->host + ":" + s.port, 11};
      s.tunnel.set(boost::beast::http::field::host, s.tunnel.target());
    }
    if (s.proxy && s.proxy->has_credentials()) {
      auto& target = s.https ? s.tunnel : req;
      target.set(boost::beast::http::field::proxy_authorization, s.proxy->basic_authorization());
    }
    bool has_host = false;
    for (const auto& [name, value] : in.headers) {
      has_host = has_host || iequals(name, "Host");
      req.insert(name, value);
    }
    if (!has_host) {
      req.set(boost::beast::http::field::host, s.authority);
    }
    req.body() = in.body;
    if (!in.body.empty() || m == "POST" || m == "PUT" || m == "PATCH") {
      req.prepare_payload();
    }
  }

  /// Starts the exchange.
  template <class Self> void operator()(Self& self) {
    state& s = *s_;
    if (s.at == phase::early) {
      self.complete(result<http_response>(std::move(*s.early)));
      return;
    }
    if (s.early) { // complete from the executor, never inside async_send
      s.at = phase::early;
      boost::asio::post(s.shared->executor, std::move(self));
      return;
    }
    if (auto conn = s.shared->take_idle(s.key)) {
      s.conn = std::move(conn);
      s.reused = true;
      write(self);
      return;
    }
    resolve(self);
  }

  /// The name resolved.
  template <class Self>
  void operator()(Self& self, boost::system::error_code ec, tcp::resolver::results_type found) {
    state& s = *s_;
    s.resolver.reset();
    if (ec) {
      fail(self, ec, "could not resolve the host name");
      return;
    }
    s.conn = std::make_unique<beast_connection>();
    if (s.https) {
      std::string problem;
      auto ctx = s.shared->tls(problem);
      if (!ctx) {
        self.complete(result<http_response>(transport_failure(s.authority, problem)));
        return;
      }
      s.conn->tls.emplace(s.shared->executor, *ctx);
    } else {
      s.conn->plain.emplace(s.shared->executor);
    }
    const auto connect_timeout = s.shared->options.connect_timeout; // 0: the deadline alone
    const auto until = connect_timeout.count() <= 0
                           ? s.deadline
                           : std::min(s.deadline, saturating_add(std::chrono::steady_clock::now(),
                                                                 connect_timeout));
    s.at = phase::connecting;
    s.conn->lowest().expires_at(until);
    s.conn->lowest().async_connect(found, std::move(self));
  }

  /// Connected.
  template <class Self>
  void operator()(Self& self, boost::system::error_code ec, const tcp::endpoint&) {
    state& s = *s_;
    if (ec) {
      fail(self, ec, "could not connect");
      return;
    }
    boost::system::error_code ignored;
    s.conn->lowest().socket().set_option(tcp::no_delay(true), ignored);
    if (!s.https) {
      write(self);
      return;
    }
    if (s.proxy) {
      s.at = phase::tunnel_writing;
      s.conn->lowest().expires_at(s.deadline);
      boost::beast::http::async_write(s.conn->lowest(), s.tunnel, std::move(self));
      return;
    }
    handshake(self);
  }

  /// The handshake, the write or the read ended.
  template <class Self> void operator()(Self& self, boost::system::error_code ec, std::size_t = 0) {
    state& s = *s_;
    switch (s.at) {
    case phase::tunnel_writing:
      if (ec) {
        fail(self, ec, "the CONNECT request could not be sent to the proxy");
        return;
      }
      s.at = phase::tunnel_reading;
      s.parser.emplace();
      s.parser->skip(true); // a CONNECT answer has no body: the tunnel follows the header
      s.parser->header_limit(s.shared->options.max_header_bytes);
      s.conn->lowest().expires_at(s.deadline);
      boost::beast::http::async_read(s.conn->lowest(), s.conn->buffer, *s.parser, std::move(self));
      return;
    case phase::tunnel_reading: {
      if (ec) {
        fail(self, ec, "the proxy's answer to CONNECT could not be read");
        return;
      }
      const int status = static_cast<int>(s.parser->get().result_int());
      if (status < 200 || status > 299) {
        s.conn.reset(); // no tunnel: the connection is of no use
        self.complete(result<http_response>(
            status == 407 ? proxy_auth_error(*s.proxy)
                          : proxy_refused_error(*s.proxy, s.authority, status)));
        return;
      }
      s.conn->buffer.consume(s.conn->buffer.size());
      handshake(self);
      return;
    }
    case phase::handshaking:
      if (ec) {
        fail(self, ec,
             s.shared->options.verify_tls ? "the TLS handshake or certificate check failed"
                                          : "the TLS handshake failed");
        return;
      }
      write(self);
      return;
    case phase::writing:
      if (ec) {
        if (retry_on_new_connection(self)) {
          return;
        }
        fail(self, ec, "the request could not be sent");
        return;
      }
      read(self);
      return;
    case phase::reading:
      if (ec) {
        if (!s.parser->got_some() && retry_on_new_connection(self)) {
          return;
        }
        fail(self, ec, "the answer could not be read");
        return;
      }
      finish(self);
      return;
    default:
      fail(self, ec, "unexpected step");
      return;
    }
  }

private:
  /// SNI, the host name check, then the TLS handshake (directly or in the proxy's tunnel).
  template <class Self> void handshake(Self& self) {
    state& s = *s_;
    boost::system::error_code ignored;
    auto& tls = *s.conn->tls;
    boost::system::error_code not_ip;
    boost::asio::ip::make_address(s.hostname, not_ip);
    if (not_ip) { // SNI names a host; it is not sent for an IP literal (RFC 6066)
      if (SSL_set_tlsext_host_name(tls.native_handle(), s.hostname.c_str()) != 1) {
        self.complete(result<http_response>(
            transport_failure(s.authority, "could not set the TLS server name (SNI)")));
        return;
      }
    }
    if (s.shared->options.verify_tls) {
      tls.set_verify_callback(boost::asio::ssl::host_name_verification(s.hostname), ignored);
    }
    s.at = phase::handshaking;
    s.conn->lowest().expires_at(s.deadline);
    tls.async_handshake(boost::asio::ssl::stream_base::client, std::move(self));
  }

  template <class Self> void resolve(Self& self) {
    state& s = *s_;
    s.at = phase::resolving;
    s.resolver.emplace(s.shared->executor);
    s.resolver->async_resolve(s.proxy ? s.proxy->bare_host() : s.hostname,
                              s.proxy ? s.proxy->port : s.port, std::move(self));
  }

  template <class Self> void write(Self& self) {
    state& s = *s_;
    s.at = phase::writing;
    s.conn->lowest().expires_at(s.deadline);
    if (s.conn->tls) {
      boost::beast::http::async_write(*s.conn->tls, s.request, std::move(self));
    } else {
      boost::beast::http::async_write(*s.conn->plain, s.request, std::move(self));
    }
  }

  template <class Self> void read(Self& self) {
    state& s = *s_;
    s.at = phase::reading;
    s.parser.emplace();
    s.parser->body_limit(s.shared->options.max_body_bytes);
    s.parser->header_limit(s.shared->options.max_header_bytes);
    s.conn->lowest().expires_at(s.deadline);
    if (s.conn->tls) {
      boost::beast::http::async_read(*s.conn->tls, s.conn->buffer, *s.parser, std::move(self));
    } else {
      boost::beast::http::async_read(*s.conn->plain, s.conn->buffer, *s.parser, std::move(self));
    }
  }

  /// A kept-alive connection the server had closed: send once more on a new one, when the
  /// request may be repeated (idempotent, or with a Repeatability-Request-ID).
  template <class Self> bool retry_on_new_connection(Self& self) {
    state& s = *s_;
    if (!s.reused || s.resent || !s.may_resend ||
        self.get_cancellation_state().cancelled() != boost::asio::cancellation_type::none ||
        std::chrono::steady_clock::now() >= s.deadline) {
      return false;
    }
    s.resent = true;
    s.reused = false;
    s.conn.reset();
    resolve(self);
    return true;
  }

  template <class Self> void finish(Self& self) {
    state& s = *s_;
    auto message = s.parser->release();
    if (s.proxy && message.result_int() == 407) {
      s.conn.reset(); // an http request through the proxy, which wants credentials
      self.complete(result<http_response>(proxy_auth_error(*s.proxy)));
      return;
    }
    http_response out;
    out.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      out.headers.add(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(message.body());
    if (message.keep_alive() && s.conn) {
      s.conn->lowest().expires_never();
      s.shared->give_back(s.key, std::move(s.conn));
    }
    self.complete(result<http_response>(std::move(out)));
  }

  template <class Self> void fail(Self& self, boost::system::error_code ec, const char* what) {
    state& s = *s_;
    s.conn.reset(); // never reuse a connection in an unknown state
    if (ec == boost::beast::http::error::body_limit ||
        ec == boost::beast::http::error::header_limit) {
      const auto which =
          ec == boost::beast::http::error::body_limit ? size_limit::body : size_limit::headers;
      // A message's status is 200 until its start line is read; its reason is set with it.
      const bool started = s.parser && !s.parser->get().reason().empty();
      const int status = started ? static_cast<int>(s.parser->get().result_int()) : 0;
      self.complete(
          result<http_response>(response_too_large(s.authority, status, which, s.shared->options)));
      return;
    }
    std::string cause = what;
    if (ec == boost::beast::error::timeout) {
      cause += ": timed out" + timeout_note(s.shared->options);
    } else if (self.get_cancellation_state().cancelled() != boost::asio::cancellation_type::none) {
      cause += ": cancelled";
    } else {
      cause += " (" + ec.message() + ")";
    }
    cause += s.proxy ? " (through the proxy " + s.proxy->display() + ")" : std::string();
    self.complete(result<http_response>(transport_failure(s.authority, cause)));
  }

  std::unique_ptr<state> s_;
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_BEAST_EXCHANGE_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_BEAST_HPP
