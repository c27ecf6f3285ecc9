// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_HTTPLIB_HPP // transport/httplib.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_HTTPLIB_HPP
// acs_rooms optional layer 6: httplib_transport, a Transport over cpp-httplib.

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

#ifndef ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_COMMON_HPP // detail/transport/common.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_COMMON_HPP
// acs_rooms optional layer 6, internal: what the shipped transports share (checks, skeleton).

// What the shipped transports share besides their options (transport/options.hpp): the loopback
// rule for plain http, the checks on what is about to be sent, the shape of their error
// messages, and the skeleton of send() (detail::transport_base). Each transport adds only its
// library-specific perform(). Needs nothing beyond the library itself.

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
#ifndef ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_WATCHDOG_HPP // detail/transport/watchdog.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_WATCHDOG_HPP
// acs_rooms optional layer 6: exchange_watchdog, which ends a blocking transport's exchange at
// its deadline or on cancellation.


#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// Ends a blocking exchange at its deadline or on cancellation, by calling its `stop` (which
/// shuts its socket down) from a thread of its own. For libraries whose own timeouts do not
/// bound an exchange: cpp-httplib 0.11's read timeout starts again with every byte, so an
/// answer whose headers trickle in would hold the call past its deadline, and its progress
/// callback only runs while a body arrives. One exchange at a time (the transport's lock).
class exchange_watchdog {
public:
  exchange_watchdog() = default;
  exchange_watchdog(const exchange_watchdog&) = delete;            ///< owns a thread
  exchange_watchdog& operator=(const exchange_watchdog&) = delete; ///< owns a thread
  ~exchange_watchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  /// Watches the exchange about to start, until disarm(): `stop` ends it. The thread starts
  /// with the first exchange that has a deadline or can be cancelled.
  void arm(std::function<void()> stop, std::chrono::steady_clock::time_point deadline, bool bounded,
           const cancellation_token& cancel) {
    if (!bounded && !cancel.can_be_cancelled()) {
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) {
      thread_ = std::thread([this] { run(); });
    }
    stop_ = std::move(stop);
    deadline_ = deadline;
    bounded_ = bounded;
    cancel_ = &cancel;
    fired_ = false;
    wake_.notify_all();
  }

  /// Stops watching; true when the watchdog ended the exchange.
  bool disarm() {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = nullptr;
    return std::exchange(fired_, false);
  }

private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!quit_) {
      if (!stop_ || fired_) {
        wake_.wait(lock);
        continue;
      }
      const auto now = std::chrono::steady_clock::now();
      if ((bounded_ && now >= deadline_) || cancel_->cancelled()) {
        stop_(); // the blocked read or write returns with an error
        fired_ = true;
        continue;
      }
      auto until = bounded_ ? deadline_ : now + std::chrono::hours(1);
      if (cancel_->can_be_cancelled()) { // a token has no callback: look at it every 10 ms
        until = std::min(until, now + std::chrono::milliseconds(10));
      }
      wake_.wait_until(lock, until);
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::function<void()> stop_; // of the exchange watched; empty: none
  std::chrono::steady_clock::time_point deadline_;
  bool bounded_ = false;
  const cancellation_token* cancel_ = nullptr;
  bool fired_ = false;
  bool quit_ = false;
  std::thread thread_; // last: it starts after, and is joined before, what it reads
};

} // namespace detail
ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_DETAIL_TRANSPORT_WATCHDOG_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_HTTPLIB_HPP
