// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure), internal: the text of the call machine's log line for one attempt.
#pragma once

#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/time.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
/// The response headers a log line may show: none of them carries a secret.
inline constexpr std::string_view loggable_headers[] = {
    "x-ms-client-request-id", "x-ms-error-code",      "Retry-After", "retry-after-ms",
    "x-ms-retry-after-ms",    "Repeatability-Result", "MS-CV",       "X-Azure-Ref",
    "Content-Type",           "Content-Length",
};
} // namespace detail

namespace detail {
/// "GET https://... -> 503 in 12 ms, attempt 1 of 4" for attempt `attempts` of `request`,
/// started at `started`, with `outcome` ("503", "failed (...)").
inline std::string attempt_log_line(const http_request& request, const std::string& outcome,
                                    time_point now, time_point started, int attempts,
                                    int max_retries) {
  const auto apart = time_distance(now, started); // a clock may jump
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(now < started ? -apart : apart);
  std::string line = request.method;
  line += ' ';
  line += request.url;
  line += " -> ";
  line += outcome;
  line += " in " + std::to_string(took.count()) + " ms, attempt " + std::to_string(attempts) +
          " of " + std::to_string(std::max<long long>(max_retries, 0) + 1);
  return line;
}

/// Appends the allow-listed headers of an answer (values cut at 200 characters).
inline void add_loggable_headers(std::string& line, const http_headers& headers) {
  for (std::string_view name : loggable_headers) {
    if (const auto value = headers.get(name)) {
      line += ' ';
      line += name;
      line += '=';
      line += value->substr(0, 200);
    }
  }
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END
