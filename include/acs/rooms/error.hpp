// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations): errc, error and rooms_error.
#pragma once

#include <acs/rooms/config.hpp>
#include <acs/rooms/http.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// What kind of failure an `error` describes.
enum class errc {
  service_error = 1,  ///< the service (or a proxy in front of it) answered with a non-2xx status
  transport_error,    ///< no answer: the Transport failed to send or receive
  malformed_response, ///< a 2xx answer whose body is not what the API promises
  invalid_argument,   ///< the caller's input was refused before anything was sent
  timed_out,          ///< the call's deadline passed (retries and waits included)
  cancelled,          ///< the caller cancelled the call
};

/// The name of an `errc` value, e.g. "service_error".
[[nodiscard]] inline std::string_view to_string(errc kind) noexcept {
  switch (kind) {
  case errc::service_error:
    return "service_error";
  case errc::transport_error:
    return "transport_error";
  case errc::malformed_response:
    return "malformed_response";
  case errc::invalid_argument:
    return "invalid_argument";
  case errc::timed_out:
    return "timed_out";
  case errc::cancelled:
    return "cancelled";
  }
  return "unknown_error";
}

/// A failure as a value: the service's error envelope plus what the client knows about it.
/// Wire: `CommunicationError` {code, message, target, details, innererror} and `x-ms-error-code`.
struct error {
  errc kind = errc::invalid_argument; ///< what went wrong, broadly
  int status = 0;                     ///< HTTP status; 0 when no response was received
  std::string code;           ///< service code ("BadRequest", "NotFound"...), else x-ms-error-code
  std::string message;        ///< a sentence a person can act on; never contains a secret
  std::string target;         ///< what the error is about, e.g. "ValidUntil"
  std::vector<error> details; ///< nested errors, as the service sent them
  std::string client_request_id;  ///< the x-ms-client-request-id that was sent
  std::string correlation_vector; ///< the response's MS-CV header, for support tickets
  std::string azure_ref;          ///< the response's X-Azure-Ref header
  std::string raw_body;           ///< the response body when it was not a JSON error envelope
  http_headers headers; ///< the last response's headers (Retry-After, x-ms-error-code, ...)
  int attempts = 0;     ///< how many times the request was sent (0: never sent)

  /// The service's innererror, or nullptr.
  [[nodiscard]] const error* inner_error() const noexcept { return inner_.get(); }
  /// Sets the innererror (the parsers do; so may a custom transport or a test).
  void set_inner_error(error inner) { inner_ = std::make_shared<const error>(std::move(inner)); }
  /// True for a 404 from the service.
  [[nodiscard]] bool is_not_found() const noexcept {
    return kind == errc::service_error && status == 404;
  }
  /// One line for logs: "service_error 404 NotFound: The server cannot find...".
  [[nodiscard]] std::string describe() const {
    std::string out(to_string(kind));
    if (status != 0) {
      out += ' ';
      out += std::to_string(status);
    }
    if (!code.empty()) {
      out += ' ';
      out += code;
    }
    if (!message.empty()) {
      out += ": ";
      out += message;
    }
    for (const auto& d : details) {
      out += " [";
      out += d.code;
      if (!d.target.empty()) {
        out += " (" + d.target + ")";
      }
      if (!d.message.empty()) {
        out += ": " + d.message;
      }
      out += ']';
    }
    return out;
  }

private:
  std::shared_ptr<const error> inner_; // shared: copies of an error share its (immutable) inner
};

/// The exception `result<T>::value()` throws; it carries the whole `error`.
class rooms_error : public std::runtime_error {
public:
  /// Wraps `e`; what() is `e.describe()`.
  explicit rooms_error(acs::rooms::error e)
      : std::runtime_error(e.describe()), error_(std::move(e)) {}
  /// The failure, with every field the service sent.
  [[nodiscard]] const acs::rooms::error& error() const noexcept { return error_; }

private:
  acs::rooms::error error_;
};

/// An error of `kind` with a message (and an HTTP status, 0 when nothing was received): what a
/// custom Transport, Signer or test double returns in a `result`. The message is shown to people
/// and logged: never put a key, token or signature in it.
[[nodiscard]] inline error make_error(errc kind, std::string message, int status = 0) {
  error e;
  e.kind = kind;
  e.status = status;
  e.message = std::move(message);
  return e;
}

/// A `transport_error` (no answer, status 0), as a Transport that does not throw reports a
/// failure: `return acs::rooms::make_transport_error("connection reset");`. The client retries it
/// like a 503 (see retry_options).
[[nodiscard]] inline error make_transport_error(std::string message) {
  return make_error(errc::transport_error, std::move(message));
}

/// A `transport_error` naming the host and the cause, worded as the shipped transports word
/// theirs: "no answer from contoso.communication.azure.com: connection refused".
[[nodiscard]] inline error make_transport_error(std::string_view host, std::string_view cause) {
  std::string message = "no answer from ";
  message += host;
  message += ": ";
  message += cause;
  return make_transport_error(std::move(message));
}

namespace detail {
using acs::rooms::make_error; // the library's own spelling, from before make_error was public
} // namespace detail

ACS_ROOMS_NAMESPACE_END
