// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data): RFC 3339 / RFC 1123 reading and writing, overflow-safe time arithmetic.
#pragma once

#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/fwd.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#if ACS_ROOMS_DEFINITIONS
#include <date/date.h>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

// Parsing and formatting are done by hand over date's calendar arithmetic: date::parse and
// date::format go through iostreams and locales, which the request path must not touch. Only the
// definitions (ACS_ROOMS_DEFINITIONS) need date's header.

namespace detail {
inline constexpr std::array<std::string_view, 7> weekday_names = {"Sun", "Mon", "Tue", "Wed",
                                                                  "Thu", "Fri", "Sat"};
inline constexpr std::array<std::string_view, 12> month_names = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// Reads exactly `n` ASCII digits at `pos`; false when any is not a digit.
ACS_ROOMS_API bool read_digits(std::string_view s, std::size_t pos, std::size_t n,
                               int& out) noexcept;

/// Writes `v` as exactly `n` digits (zero-padded) at `out`.
ACS_ROOMS_API char* write_digits(char* out, unsigned v, int n) noexcept;

/// `t`, or, when `t` lies in the clock's first partial `unit` (whose floor, the precision a
/// formatter writes, is before time_point::min()), `t` rounded up to the next `unit`: so every
/// text the formatters write reads back. Only the clock's first unit is moved.
template <class Unit> time_point writable(time_point t, Unit unit) noexcept {
  using ticks = time_point::duration;
  const ticks step = std::chrono::duration_cast<ticks>(unit);
  const ticks first = time_point::min().time_since_epoch();
  if (step <= ticks::zero() || t.time_since_epoch() >= first + step) {
    return t; // first + step: min() plus one unit, no overflow; t - first could overflow
  }
  ticks rem = t.time_since_epoch() % step;
  if (rem < ticks::zero()) {
    rem += step;
  }
  return rem > t.time_since_epoch() - first ? t + (step - rem) : t;
}

/// Writes `t` in UTC as "YYYY-MM-DDTHH:MM:SS" and, when `fraction_digits` is 1 to 9, '.' and
/// that many fractional digits (floored); returns the end. Needs 20 + fraction_digits chars. The
/// caller adds the offset: "Z" in format_rfc3339, "+00:00" after 7 digits in the service's style.
ACS_ROOMS_API char* write_rfc3339_fields(char* p, time_point t, int fraction_digits);

/// Seconds since the epoch of a civil date and time at `offset_seconds` east of UTC; nullopt when
/// the date or the time of day is not valid. Years are at most four digits and offsets under a
/// day: nothing here can overflow.
ACS_ROOMS_API std::optional<std::int64_t> civil_seconds(int y, int mo, int d, int h, int mi, int s,
                                                        std::int64_t offset_seconds);

/// The instant `secs` seconds and `nanos` nanoseconds (floored to the clock's tick) after the
/// epoch, or nullopt when the clock cannot represent it. Never clamped: an instant outside
/// [time_point::min(), time_point::max()] is refused, not replaced by a different one.
ACS_ROOMS_API std::optional<time_point> time_from_seconds(std::int64_t secs, std::int64_t nanos);

/// Civil date and time to a time_point; nullopt when invalid or outside the clock's range
/// (refused, never clamped to the clock's ends).
ACS_ROOMS_API std::optional<time_point> make_time(int y, int mo, int d, int h, int mi, int s,
                                                  std::int64_t nanos, std::int64_t offset_seconds);

/// `d` in the clock's ticks (sub-tick precision truncated); nullopt when it does not fit,
/// that is when it is longer than the clock's whole range (about 292 years).
template <class Rep, class Period>
constexpr std::optional<time_point::duration>
to_clock_duration(std::chrono::duration<Rep, Period> d) noexcept {
  return checked_duration_cast<time_point::duration>(d);
}

/// `d` in the clock's ticks, clamped to the clock's longest durations instead of overflowing.
template <class Rep, class Period>
constexpr time_point::duration saturating_duration(std::chrono::duration<Rep, Period> d) noexcept {
  return saturating_duration_cast<time_point::duration>(d);
}

// saturating_add, saturating_sub, time_distance and within (for any clock) are in
// detail/saturate.hpp.

} // namespace detail

/// RFC 3339 in UTC with milliseconds, as the SDKs send it: "2026-11-24T12:00:00.000Z".
/// Sub-millisecond precision is floored; any time_point is written without overflow. The
/// clock's first partial millisecond (time_point::min() is not on one) is written rounded up,
/// since its floor lies before the clock's range: what is written always reads back.
[[nodiscard]] ACS_ROOMS_API std::string format_rfc3339(time_point t);

/// Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±hh:mm)"; nullopt when malformed, or when the
/// instant is outside the clock's range (1677-09-21T00:12:43.145224192Z to
/// 2262-04-11T23:47:16.854775807Z with nanosecond ticks): refused, never clamped to another
/// instant. All nine fractional digits are kept, down to the clock's precision.
[[nodiscard]] ACS_ROOMS_API std::optional<time_point> parse_rfc3339(std::string_view s);

/// RFC 1123 / IMF-fixdate in GMT with English names, independent of the locale:
/// "Tue, 24 Nov 2026 12:00:00 GMT". Used for x-ms-date and Repeatability-First-Sent.
[[nodiscard]] ACS_ROOMS_API std::string format_rfc1123(time_point t);

namespace detail {
/// Reads an IMF-fixdate such as "Tue, 24 Nov 2026 12:00:00 GMT" as seconds since the epoch,
/// whether or not the clock can represent it (years 0000 to 9999 fit); nullopt when malformed
/// or when the weekday does not match the date.
ACS_ROOMS_API std::optional<std::int64_t> read_rfc1123(std::string_view s);
} // namespace detail

/// Parses an IMF-fixdate such as "Tue, 24 Nov 2026 12:00:00 GMT"; nullopt when malformed, when
/// the weekday does not match the date, or when the clock cannot represent the instant.
[[nodiscard]] ACS_ROOMS_API std::optional<time_point> parse_rfc1123(std::string_view s);

#if ACS_ROOMS_DEFINITIONS
namespace detail {
ACS_ROOMS_API bool read_digits(std::string_view s, std::size_t pos, std::size_t n,
                               int& out) noexcept {
  if (pos + n > s.size()) {
    return false;
  }
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return false;
    }
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

ACS_ROOMS_API char* write_digits(char* out, unsigned v, int n) noexcept {
  for (int i = n - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + n;
}

ACS_ROOMS_API char* write_rfc3339_fields(char* p, time_point t, int fraction_digits) {
  const auto secs = date::floor<std::chrono::seconds>(t);
  const auto day = date::floor<date::days>(secs);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<std::chrono::seconds> tod{secs - day};
  p = write_digits(p, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  *p++ = '-';
  p = write_digits(p, static_cast<unsigned>(ymd.month()), 2);
  *p++ = '-';
  p = write_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = 'T';
  p = write_digits(p, static_cast<unsigned>(tod.hours().count()), 2);
  *p++ = ':';
  p = write_digits(p, static_cast<unsigned>(tod.minutes().count()), 2);
  *p++ = ':';
  p = write_digits(p, static_cast<unsigned>(tod.seconds().count()), 2);
  if (fraction_digits > 0) {
    // The part below the second, from the tick count itself: `t - secs` would convert `secs`
    // (floored below time_point::min() for the clock's first second) back into ticks, and
    // overflow.
    auto below = t.time_since_epoch() % std::chrono::seconds(1);
    if (below < below.zero()) {
      below += std::chrono::seconds(1);
    }
    auto fraction = std::chrono::duration_cast<std::chrono::nanoseconds>(below).count();
    for (int i = fraction_digits; i < 9; ++i) {
      fraction /= 10;
    }
    *p++ = '.';
    p = write_digits(p, static_cast<unsigned>(fraction), fraction_digits);
  }
  return p;
}

ACS_ROOMS_API std::optional<std::int64_t> civil_seconds(int y, int mo, int d, int h, int mi, int s,
                                                        std::int64_t offset_seconds) {
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) {
    return std::nullopt;
  }
  const std::int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  return days * 86400 + h * 3600 + mi * 60 + s - offset_seconds;
}

ACS_ROOMS_API std::optional<time_point> time_from_seconds(std::int64_t secs, std::int64_t nanos) {
  if (nanos < 0 || nanos >= 1000000000) {
    return std::nullopt;
  }
  // Everything below counts the clock's ticks (nanoseconds with libstdc++, microseconds
  // with libc++), so no step leaves the clock's range: the range is whole seconds plus a
  // non-negative remainder at each end.
  using duration = time_point::duration;
  static_assert(duration::period::num == 1 && duration::period::den <= 1000000000,
                "acs::rooms: the system clock must tick in whole fractions of a second");
  constexpr std::int64_t per_second = duration::period::den;
  constexpr std::int64_t billion = 1000000000;
  constexpr std::int64_t lo = duration::min().count();
  constexpr std::int64_t hi = duration::max().count();
  constexpr std::int64_t lo_s = lo / per_second - (lo % per_second < 0 ? 1 : 0); // floored
  constexpr std::int64_t lo_sub =
      lo - (lo / per_second) * per_second < 0 ? lo % per_second + per_second : lo % per_second;
  constexpr std::int64_t hi_s = hi / per_second;
  constexpr std::int64_t hi_sub = hi % per_second;
  const std::int64_t sub = nanos / (billion / per_second); // the fraction in ticks, floored
  if (secs > hi_s || (secs == hi_s && sub > hi_sub) || secs < lo_s ||
      (secs == lo_s && sub < lo_sub)) {
    return std::nullopt;
  }
  // Negative seconds go one second up first: lo_s * per_second alone may not fit.
  const std::int64_t ticks =
      secs < 0 ? (secs + 1) * per_second + (sub - per_second) : secs * per_second + sub;
  return time_point(duration(ticks));
}

ACS_ROOMS_API std::optional<time_point> make_time(int y, int mo, int d, int h, int mi, int s,
                                                  std::int64_t nanos, std::int64_t offset_seconds) {
  const auto secs = civil_seconds(y, mo, d, h, mi, s, offset_seconds);
  if (!secs) {
    return std::nullopt;
  }
  return time_from_seconds(*secs, nanos);
}

/// Splits `t` into its civil day and the time of day, flooring towards the past.
ACS_ROOMS_API void split_time(time_point t, date::year_month_day& ymd,
                              date::hh_mm_ss<std::chrono::milliseconds>& tod) {
  const auto ms = date::floor<std::chrono::milliseconds>(t);
  const auto day = date::floor<date::days>(ms);
  ymd = date::year_month_day{day};
  tod = date::hh_mm_ss<std::chrono::milliseconds>{ms - day};
}

} // namespace detail

ACS_ROOMS_API std::string format_rfc3339(time_point t) {
  std::string out(24, '\0'); // YYYY-MM-DDTHH:MM:SS.fffZ
  char* p = detail::write_rfc3339_fields(out.data(),
                                         detail::writable(t, std::chrono::milliseconds(1)), 3);
  *p = 'Z';
  return out;
}

ACS_ROOMS_API std::optional<time_point> parse_rfc3339(std::string_view s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!detail::read_digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' ||
      !detail::read_digits(s, 5, 2, mo) || s[7] != '-' || !detail::read_digits(s, 8, 2, d) ||
      (s[10] != 'T' && s[10] != 't') || !detail::read_digits(s, 11, 2, h) || s[13] != ':' ||
      !detail::read_digits(s, 14, 2, mi) || s[16] != ':' || !detail::read_digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  std::int64_t nanos = 0;
  if (s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (++digits > 9) {
        return std::nullopt;
      }
      nanos = nanos * 10 + (s[pos] - '0');
      ++pos;
    }
    if (digits == 0) {
      return std::nullopt;
    }
    for (int i = digits; i < 9; ++i) {
      nanos *= 10;
    }
  }
  std::int64_t offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z') && pos + 1 == s.size()) {
    offset = 0;
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!detail::read_digits(s, pos + 1, 2, oh) || !detail::read_digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset = (s[pos] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;
  }
  return detail::make_time(y, mo, d, h, mi, sec, nanos, offset);
}

ACS_ROOMS_API std::string format_rfc1123(time_point t) {
  date::year_month_day ymd{};
  date::hh_mm_ss<std::chrono::milliseconds> tod{};
  detail::split_time(detail::writable(t, std::chrono::seconds(1)), ymd, tod);
  const date::weekday wd{date::sys_days{ymd}};
  std::string out(29, '\0');
  char* p = out.data();
  const auto put = [&p](std::string_view text) {
    for (char c : text) {
      *p++ = c;
    }
  };
  put(detail::weekday_names[wd.c_encoding()]);
  put(", ");
  p = detail::write_digits(p, static_cast<unsigned>(ymd.day()), 2);
  *p++ = ' ';
  put(detail::month_names[static_cast<unsigned>(ymd.month()) - 1]);
  *p++ = ' ';
  p = detail::write_digits(p, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
  *p++ = ' ';
  p = detail::write_digits(p, static_cast<unsigned>(tod.hours().count()), 2);
  *p++ = ':';
  p = detail::write_digits(p, static_cast<unsigned>(tod.minutes().count()), 2);
  *p++ = ':';
  p = detail::write_digits(p, static_cast<unsigned>(tod.seconds().count()), 2);
  put(" GMT");
  return out;
}

namespace detail {
ACS_ROOMS_API std::optional<std::int64_t> read_rfc1123(std::string_view s) {
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  int d = 0, y = 0, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, 5, 2, d) || !read_digits(s, 12, 4, y) || !read_digits(s, 17, 2, h) ||
      !read_digits(s, 20, 2, mi) || !read_digits(s, 23, 2, sec)) {
    return std::nullopt;
  }
  int mo = 0;
  for (std::size_t i = 0; i < month_names.size(); ++i) {
    if (s.substr(8, 3) == month_names[i]) {
      mo = static_cast<int>(i) + 1;
    }
  }
  if (mo == 0) {
    return std::nullopt;
  }
  const auto secs = civil_seconds(y, mo, d, h, mi, sec, 0);
  if (!secs) {
    return std::nullopt;
  }
  const date::sys_days day{date::year{y} / date::month{static_cast<unsigned>(mo)} /
                           date::day{static_cast<unsigned>(d)}};
  if (weekday_names[date::weekday{day}.c_encoding()] != s.substr(0, 3)) {
    return std::nullopt;
  }
  return secs;
}

} // namespace detail

ACS_ROOMS_API std::optional<time_point> parse_rfc1123(std::string_view s) {
  const auto secs = detail::read_rfc1123(s);
  if (!secs) {
    return std::nullopt;
  }
  return detail::time_from_seconds(*secs, 0);
}
#endif // ACS_ROOMS_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
