// SPDX-License-Identifier: MIT
// acs_rooms optional layer 6, internal: what the shipped transports share (checks, skeleton).
#pragma once

// What the shipped transports share besides their options (transport/options.hpp): the loopback
// rule for plain http, the checks on what is about to be sent, the shape of their error
// messages, and the skeleton of send() (detail::transport_base). Each transport adds only its
// library-specific perform(). Needs nothing beyond the library itself.

#include <acs/rooms/concepts.hpp>
#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/transport/options.hpp>

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
