// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure): the retry policy — which answers are retried, and how long to wait.
#pragma once

#include <acs/rooms/http.hpp>
#include <acs/rooms/time.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// When and how often a call is sent again. Azure.Core's defaults.
struct retry_options {
  int max_retries = 3; ///< retries after the first attempt (at most 4 attempts); 0 disables
  std::chrono::milliseconds initial_delay{800}; ///< the first retry's delay, before jitter
  std::chrono::milliseconds max_delay{60000};   ///< no computed delay is longer than this
};

namespace detail {
/// True for the statuses a call is retried on: 408, 429, 500, 502, 503, 504.
constexpr bool retriable_status(int status) noexcept {
  return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
         status == 504;
}

/// Reads a non-negative decimal integer of at most 12 digits; nullopt otherwise.
constexpr std::optional<std::int64_t> read_count(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  if (text.empty() || text.size() > 12) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
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
/// uniformly within ±20% by a draw from `rng`, capped at `max_delay`.
inline std::chrono::milliseconds backoff_delay(const retry_options& retry, int n,
                                               std::uint64_t& rng) {
  double delay = static_cast<double>(retry.initial_delay.count());
  for (int i = 1; i < n && delay < 1e15; ++i) {
    delay *= 2;
  }
  const double unit = static_cast<double>(splitmix64(rng) >> 11) / 9007199254740992.0;
  delay *= 0.8 + 0.4 * unit;
  const double cap = static_cast<double>(retry.max_delay.count());
  return std::chrono::milliseconds(static_cast<std::int64_t>(delay < cap ? delay : cap));
}
} // namespace detail

/// The delay the service asked for, from `retry-after-ms`, then `x-ms-retry-after-ms`, then
/// `Retry-After` (seconds, or an HTTP date taken relative to `now`); nullopt when none is usable.
[[nodiscard]] inline std::optional<std::chrono::milliseconds>
server_retry_delay(const http_headers& headers, time_point now) {
  for (const char* name : {"retry-after-ms", "x-ms-retry-after-ms"}) {
    if (const auto value = headers.get(name)) {
      if (const auto ms = detail::read_count(*value)) {
        return std::chrono::milliseconds(*ms);
      }
    }
  }
  const auto value = headers.get("Retry-After");
  if (!value) {
    return std::nullopt;
  }
  if (const auto seconds = detail::read_count(*value)) {
    return std::chrono::milliseconds(*seconds * 1000);
  }
  if (const auto when = parse_rfc1123(*value)) {
    if (*when <= now) {
      return std::chrono::milliseconds(0);
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(*when - now);
  }
  return std::nullopt;
}

ACS_ROOMS_NAMESPACE_END
