// SPDX-License-Identifier: MIT
// acs_rooms layer 1 (foundations, detail): saturating time arithmetic — conversions, sums and
// distances of durations and time points that clamp (or refuse) instead of overflowing.
#pragma once

#include <acs/rooms/config.hpp>

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <ratio>
#include <type_traits>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

// Every value that comes from outside (a Retry-After header, a token's expiry, a service date)
// or from options (timeouts, retry delays, refresh margins) goes through these before it is
// converted or added: `std::chrono` converts and adds in the target's integer type, and a
// signed overflow there is undefined behaviour (a wrapped deadline in practice). "No limit" is
// then simply the largest value: it saturates to the end of the clock instead of wrapping.

/// `d` in `To`'s units, truncated towards zero like `duration_cast`; nullopt when it does not
/// fit `To`'s count. Integral counts only, in whole multiples or fractions of each other's unit
/// (every std::chrono unit, and the clocks' ticks, are).
template <class To, class Rep, class Period>
constexpr std::optional<To> checked_duration_cast(std::chrono::duration<Rep, Period> d) noexcept {
  using to_rep = typename To::rep;
  using ratio = std::ratio_divide<Period, typename To::period>; // To's units per unit of d
  static_assert(std::is_integral_v<Rep> && std::is_integral_v<to_rep> && std::is_signed_v<to_rep>,
                "acs::rooms: integral durations into a signed count only");
  static_assert(ratio::num == 1 || ratio::den == 1,
                "acs::rooms: durations in whole multiples or fractions of each other's unit only");
  constexpr std::intmax_t to_max = std::numeric_limits<to_rep>::max();
  constexpr std::intmax_t to_min = std::numeric_limits<to_rep>::min();
  if constexpr (ratio::den == 1) { // a coarser unit: multiply, after checking the range
    constexpr std::intmax_t top = to_max / ratio::num;
    constexpr std::intmax_t bottom = to_min / ratio::num;
    if constexpr (std::is_signed_v<Rep>) {
      const std::intmax_t count = d.count();
      if (count > top || count < bottom) {
        return std::nullopt;
      }
      return To(static_cast<to_rep>(static_cast<to_rep>(count) * static_cast<to_rep>(ratio::num)));
    } else {
      const std::uintmax_t count = d.count();
      if (count > static_cast<std::uintmax_t>(top)) {
        return std::nullopt;
      }
      return To(static_cast<to_rep>(static_cast<to_rep>(count) * static_cast<to_rep>(ratio::num)));
    }
  } else { // a finer unit: dividing cannot overflow, but the result may not fit a narrower count
    if constexpr (std::is_signed_v<Rep>) {
      const std::intmax_t count = static_cast<std::intmax_t>(d.count()) / ratio::den;
      if (count > to_max || count < to_min) {
        return std::nullopt;
      }
      return To(static_cast<to_rep>(count));
    } else {
      const std::uintmax_t count =
          static_cast<std::uintmax_t>(d.count()) / static_cast<std::uintmax_t>(ratio::den);
      if (count > static_cast<std::uintmax_t>(to_max)) {
        return std::nullopt;
      }
      return To(static_cast<to_rep>(count));
    }
  }
}

/// `d` in `To`'s units, truncated towards zero, clamped to [To::min(), To::max()] instead of
/// overflowing: a duration longer than `To` can count is as long as `To` counts.
template <class To, class Rep, class Period>
constexpr To saturating_duration_cast(std::chrono::duration<Rep, Period> d) noexcept {
  const auto converted = checked_duration_cast<To>(d);
  if (converted) {
    return *converted;
  }
  return d.count() > 0 ? To::max() : To::min();
}

/// `t + d` in `t`'s units (`d` truncated towards zero to them), clamped to the clock's
/// [min(), max()] instead of overflowing. A duration longer than the clock's whole range counts
/// as forever.
template <class Clock, class Duration, class Rep, class Period>
constexpr std::chrono::time_point<Clock, Duration>
saturating_add(std::chrono::time_point<Clock, Duration> t,
               std::chrono::duration<Rep, Period> d) noexcept {
  using point = std::chrono::time_point<Clock, Duration>;
  const auto step = checked_duration_cast<Duration>(d);
  if (!step) {
    return d.count() > 0 ? point::max() : point::min();
  }
  const Duration since = t.time_since_epoch();
  if (step->count() > 0 && since > Duration::max() - *step) {
    return point::max();
  }
  if (step->count() < 0 && since < Duration::min() - *step) {
    return point::min();
  }
  return t + *step;
}

/// `t - d`, clamped like saturating_add.
template <class Clock, class Duration, class Rep, class Period>
constexpr std::chrono::time_point<Clock, Duration>
saturating_sub(std::chrono::time_point<Clock, Duration> t,
               std::chrono::duration<Rep, Period> d) noexcept {
  using step = std::chrono::duration<Rep, Period>;
  if (d == step::min()) { // -min() does not exist: t - d = t + -(d + 1) + 1
    return saturating_add(saturating_add(t, -(d + step(1))), step(1));
  }
  return saturating_add(t, -d);
}

/// |a - b|, clamped to the clock's longest duration instead of overflowing (1700 to 2262 is
/// longer than a signed 64-bit count of nanoseconds holds).
template <class Clock, class Duration>
constexpr Duration time_distance(std::chrono::time_point<Clock, Duration> a,
                                 std::chrono::time_point<Clock, Duration> b) noexcept {
  const Duration x = a < b ? b.time_since_epoch() : a.time_since_epoch(); // the later
  const Duration y = a < b ? a.time_since_epoch() : b.time_since_epoch(); // the earlier
  if (y.count() < 0 && x > Duration::max() + y) {
    return Duration::max();
  }
  return x - y;
}

/// True when `a` and `b` are at most `d` apart; never overflows.
template <class Clock, class Duration, class Rep, class Period>
constexpr bool within(std::chrono::time_point<Clock, Duration> a,
                      std::chrono::time_point<Clock, Duration> b,
                      std::chrono::duration<Rep, Period> d) noexcept {
  return time_distance(a, b) <= saturating_duration_cast<Duration>(d);
}

/// True when `until` is at or before `now`, or when a wait of `wait` from `now` would end after
/// it (both compared after clamping, so it never overflows, whatever the units).
template <class Clock, class Duration, class Rep, class Period>
constexpr bool would_pass(std::chrono::time_point<Clock, Duration> now,
                          std::chrono::duration<Rep, Period> wait,
                          std::chrono::time_point<Clock, Duration> until) noexcept {
  return now >= until || saturating_duration_cast<Duration>(wait) > time_distance(until, now);
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
