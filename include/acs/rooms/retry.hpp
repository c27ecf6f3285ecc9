// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure): the retry policy — which answers are retried, and how long to wait.
#pragma once

#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/time.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// When and how often a call is sent again. Azure.Core's defaults.
///
/// "No limit" is the largest value: `max_retries = INT_MAX` retries for as long as the call's
/// deadline allows (the attempt count saturates), `max_delay = milliseconds::max()` lets every
/// computed and every requested delay be waited (waits saturate at the end of the steady clock,
/// about 292 years). Nothing overflows for any value; a negative value counts as 0.
struct retry_options {
  int max_retries = 3; ///< retries after the first attempt (at most 4 attempts); 0 disables
  std::chrono::milliseconds initial_delay{800}; ///< the first retry's delay, before jitter
  /// The longest wait between attempts, whoever chose it. A computed back-off is capped at it.
  /// A delay the service asks for (Retry-After family) is waited as given up to it; one longer
  /// than it is not waited and not cut short: the call ends at once with the answer's status
  /// and headers as a `service_error` naming the requested delay (see call_machine).
  std::chrono::milliseconds max_delay{60000};
};

namespace detail {
/// True for the statuses a call is retried on: 408, 429, 500, 502, 503, 504.
constexpr bool retriable_status(int status) noexcept {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

/// Reads a non-negative decimal integer (RFC 9110 delay-seconds: `1*DIGIT`, spaces around
/// allowed), saturating at INT64_MAX however many digits it has; nullopt when it is empty or
/// has anything but digits (a sign, a point, an exponent).
constexpr std::optional<std::int64_t> read_count(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  if (text.empty()) {
    return std::nullopt;
  }
  constexpr std::int64_t top = std::numeric_limits<std::int64_t>::max();
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    const int digit = c - '0';
    value = value > (top - digit) / 10 ? top : value * 10 + digit;
  }
  return value;
}

/// A small, fast generator for the jitter (splitmix64): the machine stays pure given its seed.
constexpr std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// The back-off before retry `n` (1 for the first): `initial_delay × 2^(n−1)`, jittered
/// uniformly within ±20% by a draw from `rng`, capped at `max_delay`. Any `initial_delay`,
/// `max_delay` and `n` give a delay in [0, max(max_delay, 0)], without overflow.
inline std::chrono::milliseconds backoff_delay(const retry_options& retry, int n,
                                               std::uint64_t& rng) {
  using std::chrono::milliseconds;
  const double initial =
      static_cast<double>(std::max<std::int64_t>(retry.initial_delay.count(), 0));
  const double cap = static_cast<double>(std::max<std::int64_t>(retry.max_delay.count(), 0));
  double delay = std::ldexp(initial, n > 1 ? std::min(n - 1, 64) : 0); // at most 2^63 × 2^64
  const double unit = static_cast<double>(splitmix64(rng) >> 11) / 9007199254740992.0;
  delay *= 0.8 + 0.4 * unit;
  if (delay >= cap) {
    return milliseconds(std::max<milliseconds::rep>(retry.max_delay.count(), 0));
  }
  // Below the cap, itself a milliseconds count: the conversion cannot overflow.
  return milliseconds(static_cast<milliseconds::rep>(delay));
}
} // namespace detail

/// The delay the service asked for, from `retry-after-ms`, then `x-ms-retry-after-ms`, then
/// `Retry-After` (seconds, or an HTTP date taken relative to `now`); nullopt when none is usable.
/// A header that is not a plain decimal count (negative, fractional, an exponent, text) or a
/// valid HTTP date is ignored. Huge values saturate at `milliseconds::max()` (as does a date
/// beyond the clock's range); a date already past is 0. The caller decides what a delay longer
/// than it will wait means (call_machine: the call ends).
[[nodiscard]] inline std::optional<std::chrono::milliseconds>
server_retry_delay(const http_headers& headers, time_point now) {
  using std::chrono::milliseconds;
  for (const char* name : {"retry-after-ms", "x-ms-retry-after-ms"}) {
    if (const auto value = headers.get(name)) {
      if (const auto ms = detail::read_count(*value)) {
        return milliseconds(*ms);
      }
    }
  }
  const auto value = headers.get("Retry-After");
  if (!value) {
    return std::nullopt;
  }
  if (const auto seconds = detail::read_count(*value)) {
    return detail::saturating_duration_cast<milliseconds>(std::chrono::seconds(*seconds));
  }
  if (const auto secs = detail::read_rfc1123(*value)) {
    const auto when = detail::time_from_seconds(*secs, 0);
    if (!when) { // a valid date the clock cannot hold: long past, or as far ahead as can be
      return *secs > 0 ? milliseconds::max() : milliseconds(0);
    }
    if (*when <= now) {
      return milliseconds(0);
    }
    // Rounded up: not a millisecond before the date; the distance saturates.
    return std::chrono::ceil<milliseconds>(detail::time_distance(*when, now));
  }
  return std::nullopt;
}

ACS_ROOMS_NAMESPACE_END
