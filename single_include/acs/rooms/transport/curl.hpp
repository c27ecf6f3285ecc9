// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_CURL_HPP // transport/curl.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_CURL_HPP
// acs_rooms optional layer 6: curl_transport, a Transport over libcurl.

// curl_transport: a Transport over libcurl (Debian: libcurl4-openssl-dev). Not part of the
// umbrella header. Link libcurl: `target_link_libraries(app PRIVATE CURL::libcurl)` after
// `find_package(CURL)`, or `-lcurl`.

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

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// Settings of a curl_transport: the shared transport_options. A connect_timeout of 0 is curl's
/// own (300 s); a total_timeout of 0 is none.
struct curl_transport_options : transport_options {};

namespace detail {
/// Calls curl_global_init once per process, before the first handle (thread-safe static).
inline CURLcode curl_global_once() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  return code;
}

/// What the callbacks of one transfer fill in.
struct curl_exchange {
  http_response response;
  bool out_of_memory = false;
  std::uint64_t max_body_bytes = 0;   ///< transport_options' limits
  std::uint64_t max_header_bytes = 0; ///< all header blocks of the exchange together
  std::uint64_t header_bytes = 0;
  int status = 0;                           ///< of the last status line seen
  size_limit over_limit = size_limit::none; ///< the limit the answer went over
};

/// Runs `store` (which may allocate) for a callback that consumed `bytes`: an allocation
/// failure is reported to libcurl by returning 0, which aborts the transfer, instead of
/// throwing through C code.
template <class Store>
std::size_t curl_guarded(curl_exchange* exchange, std::size_t bytes, Store&& store) {
#if !ACS_ROOMS_NO_EXCEPTIONS
  try {
#endif
    store();
#if !ACS_ROOMS_NO_EXCEPTIONS
  } catch (...) {
    exchange->out_of_memory = true;
    return 0;
  }
#endif
  return bytes;
}

/// CURLOPT_WRITEFUNCTION: appends body bytes.
inline std::size_t curl_on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<curl_exchange*>(user);
  if (size * count > exchange->max_body_bytes - exchange->response.body.size()) {
    exchange->over_limit = size_limit::body; // returning short aborts the transfer
    return 0;
  }
  return curl_guarded(exchange, size * count,
                      [&] { exchange->response.body.append(data, size * count); });
}

/// libcurl's progress callback: non-zero aborts the transfer when the call was cancelled.
inline int curl_on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const cancellation_token*>(user)->cancelled() ? 1 : 0;
}

/// CURLOPT_HEADERFUNCTION: one raw header line per call. A status line starts a new response
/// (after a 100 Continue or a proxy's CONNECT answer), so only the final headers are kept.
inline std::size_t curl_on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* exchange = static_cast<curl_exchange*>(user);
  std::string_view line(data, size * count);
  exchange->header_bytes += line.size();
  if (exchange->header_bytes > exchange->max_header_bytes) {
    exchange->over_limit = size_limit::headers;
    return 0;
  }
  if (line.substr(0, 5) == "HTTP/") { // "HTTP/1.1 200 OK": the status, for a too-large error
    const auto digits = line.substr(std::min(line.find(' '), line.size() - 1) + 1, 3);
    exchange->status =
        digits.size() == 3 && std::all_of(digits.begin(), digits.end(),
                                          [](char c) { return c >= '0' && c <= '9'; })
            ? std::stoi(std::string(digits))
            : 0;
  }
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  return curl_guarded(exchange, size * count, [&] {
    auto& headers = exchange->response.headers;
    if (line.substr(0, 5) == "HTTP/") {
      headers = http_headers();
    } else if (!line.empty() && (line.front() == ' ' || line.front() == '\t') && !headers.empty()) {
      // obs-fold: a continuation of the previous field's value. Rebuild the last field.
      http_headers rebuilt;
      std::size_t index = 0;
      for (const auto& [name, value] : headers) {
        std::string v = value;
        if (++index == headers.size()) {
          v += ' ';
          v += trim(line);
        }
        rebuilt.add(name, std::move(v));
      }
      headers = std::move(rebuilt);
    } else {
      std::string name, value;
      if (split_header_line(line, name, value)) {
        headers.add(std::move(name), std::move(value));
      }
    }
  });
}

/// Frees a curl_slist when the request is done.
struct curl_slist_deleter {
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

/// What a curl_transport keeps between requests: the handle and the buffer curl writes its
/// error text into, at a stable address.
struct curl_state {
  /// Frees the easy handle.
  struct handle_deleter {
    void operator()(CURL* easy) const noexcept { curl_easy_cleanup(easy); }
  };
  /// Frees the multi handle.
  struct multi_deleter {
    void operator()(CURLM* m) const noexcept { curl_multi_cleanup(m); }
  };
  std::unique_ptr<CURL, handle_deleter> handle; ///< made by the first send()
  std::unique_ptr<CURLM, multi_deleter> multi;  ///< made by the first cancellable send()
  char error_text[CURL_ERROR_SIZE] = {};        ///< CURLOPT_ERRORBUFFER
  std::mutex mutex;                             ///< serialises send()
};

/// Runs the transfer set up on `easy`. When `cancel` can fire, through `st`'s multi handle,
/// polled at most 10 ms at a time: a cancellation then ends the transfer within about 10 ms,
/// where libcurl calls the progress callback only about once a second while it waits for bytes.
/// Otherwise curl_easy_perform.
inline CURLcode curl_run(curl_state& st, CURL* easy, const cancellation_token& cancel) {
#if LIBCURL_VERSION_NUM >= 0x074200 // curl_multi_poll
  if (cancel.can_be_cancelled()) {
    if (!st.multi) {
      st.multi.reset(curl_multi_init());
    }
    CURLM* const multi = st.multi.get();
    if (multi == nullptr || curl_multi_add_handle(multi, easy) != CURLM_OK) {
      return CURLE_FAILED_INIT;
    }
    CURLcode code = CURLE_RECV_ERROR; // if the transfer ended with no message (it cannot)
    for (;;) {
      int running = 0;
      if (curl_multi_perform(multi, &running) != CURLM_OK) {
        code = CURLE_FAILED_INIT;
        break;
      }
      int queued = 0;
      bool done = false;
      while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
        if (message->msg == CURLMSG_DONE && message->easy_handle == easy) {
          code = message->data.result;
          done = true;
        }
      }
      if (done || running == 0) {
        break;
      }
      if (cancel.cancelled()) {
        code = CURLE_ABORTED_BY_CALLBACK; // as the progress callback would say
        break;
      }
      curl_multi_poll(multi, nullptr, 0, 10, nullptr);
    }
    curl_multi_remove_handle(multi, easy); // an unfinished transfer's connection is closed
    return code;
  }
#endif
  return curl_easy_perform(easy);
}
} // namespace detail

/// A Transport over libcurl's easy interface.
///
/// - Keeps one easy handle, so connections (and TLS sessions, DNS answers) are reused from one
///   request to the next.
/// - Sends exactly the request's header fields and body: curl's own `Accept`, `Content-Type`
///   and `Expect: 100-continue` are suppressed, no `Accept-Encoding` is offered and nothing is
///   decoded, redirects are not followed, and HTTP/1.1 is spoken.
/// - Verifies TLS (chain and host name) unless `verify_tls` is false; refuses plain `http://`
///   to anything but loopback unless `allow_insecure_http`, and a URL or header field that
///   would split the request (a control character, or in the URL a space or non-ASCII byte).
/// - Sets TCP_NODELAY, so a request on a reused connection does not wait for a delayed ACK.
/// - A request on a reused connection that the server had closed is sent again once on a new
///   connection (curl does this itself when no byte of the answer arrived).
/// - An answer over `max_body_bytes` or `max_header_bytes` is cut off as it arrives: a
///   `transport_error` with code `ResponseTooLarge` and the answer's status.
/// - Never throws: every other failure is a `transport_error` (status 0) naming the host and
///   curl's reason; a request it refuses to send is an `invalid_argument`.
/// - Goes through the proxy of `options.proxy` (or the environment's, resolved as the other
///   transports do; never libcurl's own reading): CONNECT for https, absolute form for http,
///   basic proxy credentials; a 407 is the typed error `ProxyAuthenticationRequired`.
///
/// Movable, not copyable (a handle owns live connections). send() is serialised by a mutex, so
/// one transport may be shared by threads, but requests then go one at a time: give each thread
/// its own transport for parallel requests.
class curl_transport
    : public detail::transport_base<curl_transport, curl_transport_options, detail::curl_state> {
public:
  /// A transport with these settings. No handle or connection is made until send().
  explicit curl_transport(curl_transport_options options = {})
      : transport_base(std::move(options)) {}

private:
  friend class detail::transport_base<curl_transport, curl_transport_options, detail::curl_state>;
  static constexpr const char* options_name = "curl_transport_options";

  /// One transfer on the kept handle (send() holds the lock).
  result<http_response> perform(const http_request& request, const detail::url_parts& parts,
                                const std::string& host, const detail::exchange_limits& limits) {
    if (detail::curl_global_once() != CURLE_OK) {
      return detail::transport_failure(host, "libcurl could not be initialised");
    }
    detail::curl_state& st = state();
    if (!st.handle) {
      st.handle.reset(curl_easy_init());
      if (!st.handle) {
        return detail::transport_failure(host, "libcurl could not create a handle");
      }
    }
    CURL* const curl = st.handle.get();
    // Whatever happens, leave the handle with no pointers into this call's locals. Reset keeps
    // the live connections, which is the point of keeping the handle.
    struct reset_guard {
      CURL* curl;
      ~reset_guard() { curl_easy_reset(curl); }
    } guard{curl};

    std::unique_ptr<curl_slist, detail::curl_slist_deleter> fields;
    bool listed = true;
    const auto append = [&fields, &listed](const std::string& line) {
      curl_slist* grown = curl_slist_append(fields.get(), line.c_str());
      if (grown == nullptr) {
        listed = false; // the old list is untouched and still owned
        return;
      }
      (void)fields.release(); // curl_slist_append returned the same list, grown
      fields.reset(grown);
    };
    for (const auto& [name, value] : request.headers) {
      // "Name;" is curl's spelling of a field with an empty value ("Name:" would delete it).
      append(value.empty() ? name + ";" : name + ": " + value);
    }
    // "Name:" removes a field curl would otherwise add on its own.
    for (const char* own : {"Accept", "Content-Type", "Expect", "Transfer-Encoding"}) {
      if (!request.headers.contains(own)) {
        append(std::string(own) + ":");
      }
    }

    if (!listed) {
      return detail::transport_failure(host, "out of memory while preparing the request");
    }
    auto resolved = detail::resolve_proxy(options_.proxy, parts);
    if (!resolved) {
      return std::move(resolved).error();
    }
    const std::optional<detail::resolved_proxy>& proxy = *resolved;
    const std::string proxy_url = proxy ? proxy->display() : std::string();

    detail::curl_exchange exchange;
    exchange.max_body_bytes = options_.max_body_bytes;
    exchange.max_header_bytes = options_.max_header_bytes;
    st.error_text[0] = '\0';
    bool ok = true;
    const auto set = [&ok](CURLcode code) { ok = ok && code == CURLE_OK; };
    set(curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, st.error_text));
    set(curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str()));
#if LIBCURL_VERSION_NUM >= 0x075500
    set(curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https"));
#endif
    set(curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
    set(curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L)); // no SIGALRM: threads and timeouts mix
    // The default since curl 7.50.2, but said here: with Nagle on, a request written in two
    // pieces on a reused connection waits for the server's delayed ACK (about 40 ms).
    set(curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L));
    set(curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L));
    set(curl_easy_setopt(curl, CURLOPT_HTTP_CONTENT_DECODING, 0L));
    set(curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                         static_cast<long>(limits.connect_timeout.count())));
    set(curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                         static_cast<long>(limits.total_timeout.count())));
    // The caller's cancellation ends a transfer in progress, not only the waits between them.
    set(curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L));
    set(curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &detail::curl_on_progress));
    set(curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &limits.cancellation));
    set(curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L));
    set(curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L));
    if (!options_.ca_bundle.empty()) {
      set(curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str()));
    }
    // The proxy is always set, "" for none, so libcurl never reads the environment itself.
    set(curl_easy_setopt(curl, CURLOPT_PROXY, proxy_url.c_str()));
    set(curl_easy_setopt(curl, CURLOPT_NOPROXY, ""));
    if (proxy && proxy->has_credentials()) {
      set(curl_easy_setopt(curl, CURLOPT_PROXYAUTH, static_cast<long>(CURLAUTH_BASIC)));
      set(curl_easy_setopt(curl, CURLOPT_PROXYUSERNAME, proxy->username.c_str()));
      set(curl_easy_setopt(curl, CURLOPT_PROXYPASSWORD, proxy->password.c_str()));
    }
    set(curl_easy_setopt(curl, CURLOPT_HTTPHEADER, fields.get()));
    set(curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &detail::curl_on_body));
    set(curl_easy_setopt(curl, CURLOPT_WRITEDATA, &exchange));
    set(curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &detail::curl_on_header));
    set(curl_easy_setopt(curl, CURLOPT_HEADERDATA, &exchange));

    const bool has_body = !request.body.empty() || request.method == "POST" ||
                          request.method == "PUT" || request.method == "PATCH";
    if (has_body) {
      // POSTFIELDS does not copy: the request outlives the transfer.
      set(curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                           static_cast<curl_off_t>(request.body.size())));
      set(curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data()));
      if (request.method != "POST") {
        set(curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str()));
      }
    } else if (request.method == "HEAD") {
      set(curl_easy_setopt(curl, CURLOPT_NOBODY, 1L));
    } else if (request.method == "GET") {
      set(curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L));
    } else {
      set(curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str()));
    }
    if (!ok) {
      return detail::transport_failure(
          host, "this libcurl does not support an option the transport needs");
    }

    const CURLcode code = detail::curl_run(st, curl, limits.cancellation);
    if (exchange.out_of_memory) {
      return detail::transport_failure(host, "out of memory while receiving the response");
    }
    if (exchange.over_limit != detail::size_limit::none) {
      return detail::response_too_large(host, exchange.status, exchange.over_limit, options_);
    }
    long connect_code = 0;
    if (proxy && code != CURLE_OK &&
        curl_easy_getinfo(curl, CURLINFO_HTTP_CONNECTCODE, &connect_code) == CURLE_OK &&
        connect_code != 0 && (connect_code < 200 || connect_code > 299)) {
      return connect_code == 407
                 ? detail::proxy_auth_error(*proxy)
                 : detail::proxy_refused_error(*proxy, host, static_cast<int>(connect_code));
    }
    if (code != CURLE_OK) {
      std::string cause = curl_easy_strerror(code);
      if (st.error_text[0] != '\0') {
        cause += " (";
        cause += st.error_text;
        cause += ')';
      }
      if (code == CURLE_OPERATION_TIMEDOUT) {
        cause += limits.note();
      } else if (code == CURLE_ABORTED_BY_CALLBACK) {
        cause = "the call was cancelled during the transfer";
      }
      return detail::transport_failure(host, cause);
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < 100 || status > 999) {
      return detail::transport_failure(host, "the answer has no valid HTTP status");
    }
    if (proxy && status == 407) {
      return detail::proxy_auth_error(*proxy); // an http target, sent to the proxy as it is
    }
    exchange.response.status = static_cast<int>(status);
    return std::move(exchange.response);
  }
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_TRANSPORT_CURL_HPP
