// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure): the retry policy — which answers are retried, and how long to wait.
#pragma once

#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/time.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

/// How the wait between attempts grows.
enum class retry_mode {
  exponential, ///< initial_delay × 2^(n−1), jittered ±20%, capped (the default; Azure.Core's)
  fixed,       ///< initial_delay before every retry, not jittered, capped at max_delay
};

/// A set of HTTP statuses (100 to 599), e.g. the ones a call is retried on.
class status_set {
public:
  /// The empty set.
  constexpr status_set() noexcept = default;
  /// The set of `statuses` (values outside 100 to 599 are ignored).
  constexpr status_set(std::initializer_list<int> statuses) noexcept {
    for (const int s : statuses) {
      insert(s);
    }
  }
  /// True when `status` is in the set.
  [[nodiscard]] constexpr bool contains(int status) const noexcept {
    return in_range(status) && (bits_[index(status) / 64] >> (index(status) % 64) & 1U) != 0;
  }
  /// Adds `status` (ignored outside 100 to 599).
  constexpr void insert(int status) noexcept {
    if (in_range(status)) {
      bits_[index(status) / 64] |= std::uint64_t(1) << (index(status) % 64);
    }
  }
  /// Removes `status`.
  constexpr void erase(int status) noexcept {
    if (in_range(status)) {
      bits_[index(status) / 64] &= ~(std::uint64_t(1) << (index(status) % 64));
    }
  }

private:
  static constexpr bool in_range(int s) noexcept { return s >= 100 && s <= 599; }
  static constexpr unsigned index(int s) noexcept { return static_cast<unsigned>(s - 100); }
  std::uint64_t bits_[8] = {}; // statuses 100..599, one bit each: no allocation, cheap to copy
};

/// The statuses retried by default: 408, 429, 500, 502, 503, 504 (Azure.Core's).
inline constexpr status_set default_retry_statuses{408, 429, 500, 502, 503, 504};

/// What a retry predicate sees of one finished attempt.
struct retry_attempt {
  const http_request& request;   ///< what was sent (a create's repeatability pair included)
  const http_response* response; ///< the answer; null when none came
  const error* failure;          ///< why no answer came (a transport_error, ...); else null
  int attempt;                   ///< 1 for the first attempt
  bool retry_by_rules;           ///< what the rules (statuses, max_retries) decided alone
};

/// A retry predicate's verdict.
enum class retry_decision {
  by_rules, ///< as the rules decided
  retry,    ///< retry, though the rules would not (still within max_retries and the deadline)
  stop,     ///< do not retry, though the rules would
};

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
  retry_mode mode = retry_mode::exponential;    ///< how the computed wait grows
  status_set statuses = default_retry_statuses; ///< answers retried (a 401 is refreshed apart)
  /// Sees every attempt that failed (an answer other than 2xx and the 401 that refreshes
  /// a credential, or no answer) and may veto or
  /// force a retry, e.g. on an x-ms-error-code; empty: the rules alone. A forced retry sends
  /// the same request again (a create keeps its Repeatability-Request-ID and First-Sent), waits
  /// as any retry, and stays within max_retries and the deadline. A predicate that throws ends
  /// the call with `invalid_argument`.
  std::function<retry_decision(const retry_attempt&)> should_retry;
};

namespace detail {
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

/// The back-off before retry `n` (1 for the first): in fixed mode `initial_delay`; else
/// `initial_delay × 2^(n−1)`, jittered
/// uniformly within ±20% by a draw from `rng`, capped at `max_delay`. Any `initial_delay`,
/// `max_delay` and `n` give a delay in [0, max(max_delay, 0)], without overflow.
inline std::chrono::milliseconds backoff_delay(const retry_options& retry, int n,
                                               std::uint64_t& rng) {
  using std::chrono::milliseconds;
  if (retry.mode == retry_mode::fixed) { // the same wait every time, within [0, max_delay]
    return std::clamp(retry.initial_delay, milliseconds(0),
                      std::max(retry.max_delay, milliseconds(0)));
  }
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
