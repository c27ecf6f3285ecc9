// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure): what a caller gives one call (call_options) and gets back besides its
// value (response_metadata), and the levels of the log lines a call writes.
#pragma once

#include <acs/rooms/cancellation.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/time.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// What the service answered a call with, besides the value: the Azure SDKs' `Response<T>` as
/// an out-parameter of call_options, so that every operation (named, generic, async, a page)
/// gets it the same way without a second spelling of each method. An `error` carries the same
/// facts already; this is for successes.
struct response_metadata {
  int status = 0;                ///< the final answer's status; 0 when no answer came
  http_headers headers;          ///< its headers: MS-CV, x-ms-request-id, Repeatability-Result, ...
  int attempts = 0;              ///< how many times the request was sent
  std::string client_request_id; ///< the x-ms-client-request-id that was sent
};

/// Per-call limits, the optional last argument of every operation: a timeout or a deadline
/// (the earlier wins) bounding the whole call, retries and waits included, and a cancellation
/// token (under C++20 a std::stop_token converts to one). "No limit" is nullopt, or the largest
/// value: `timeout = milliseconds::max()` and `deadline = time_point::max()` are no limit (a
/// timeout is added to the start saturating, never overflowing); a negative timeout has passed.
struct call_options {
  std::optional<std::chrono::milliseconds> timeout; ///< from the call's start; nullopt: none
  std::optional<time_point> deadline; ///< on the client's clock; nullopt or max(): none
  cancellation_token cancellation;    ///< cancels the call, waits included
  /// Filled when the call ends, success or failure: the final answer's status and headers and
  /// the attempt count (see response_metadata). Must outlive the call; null: not wanted.
  response_metadata* metadata = nullptr;
};

/// How much a log line matters.
enum class log_level {
  verbose, ///< details a person debugging wants
  info,    ///< an attempt that succeeded
  warning, ///< an attempt that failed and will be retried
  error,   ///< the call failed
};

/// The name of a log level, e.g. "warning".
[[nodiscard]] constexpr std::string_view to_string(log_level level) noexcept {
  switch (level) {
  case log_level::verbose:
    return "verbose";
  case log_level::info:
    return "info";
  case log_level::warning:
    return "warning";
  case log_level::error:
    return "error";
  }
  return "unknown";
}

ACS_ROOMS_NAMESPACE_END
