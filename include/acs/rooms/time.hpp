// SPDX-License-Identifier: MIT
// acs_rooms layer 2 (data): RFC 3339 and RFC 1123 times, parsed and written locale-free.
#pragma once

#include <acs/rooms/fwd.hpp>

#include <date/date.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

// Parsing and formatting are done by hand over date's calendar arithmetic: date::parse and
// date::format go through iostreams and locales, which the request path must not touch.

namespace detail {
inline constexpr std::array<std::string_view, 7> weekday_names = {"Sun", "Mon", "Tue", "Wed",
                                                                  "Thu", "Fri", "Sat"};
inline constexpr std::array<std::string_view, 12> month_names = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/// Reads exactly `n` ASCII digits at `pos`; false when any is not a digit.
inline bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) noexcept {
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

/// Writes `v` as exactly `n` digits (zero-padded) at `out`.
inline char* write_digits(char* out, unsigned v, int n) noexcept {
  for (int i = n - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return out + n;
}

/// Writes `t` in UTC as "YYYY-MM-DDTHH:MM:SS" and, when `fraction_digits` is 1 to 9, '.' and
/// that many fractional digits (floored); returns the end. Needs 20 + fraction_digits chars. The
/// caller adds the offset: "Z" in format_rfc3339, "+00:00" after 7 digits in the service's style.
inline char* write_rfc3339_fields(char* p, time_point t, int fraction_digits) {
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
    auto fraction = std::chrono::duration_cast<std::chrono::nanoseconds>(t - secs).count();
    for (int i = fraction_digits; i < 9; ++i) {
      fraction /= 10;
    }
    *p++ = '.';
    p = write_digits(p, static_cast<unsigned>(fraction), fraction_digits);
  }
  return p;
}

/// Civil date and time to a time_point, or nullopt when invalid or out of the clock's range.
inline std::optional<time_point> make_time(int y, int mo, int d, int h, int mi, int s,
                                           std::int64_t nanos, std::int64_t offset_seconds) {
  const date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(mo)},
                                 date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 59) {
    return std::nullopt;
  }
  using std::chrono::seconds;
  const std::int64_t days = date::sys_days{ymd}.time_since_epoch().count();
  const std::int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - offset_seconds;
  // Stay a second inside the range so adding the fraction cannot overflow.
  constexpr std::int64_t limit =
      std::chrono::duration_cast<seconds>(time_point::duration::max()).count() - 1;
  if (secs > limit || secs < -limit) {
    return std::nullopt;
  }
  return time_point(
      std::chrono::duration_cast<time_point::duration>(seconds(secs)) +
      std::chrono::duration_cast<time_point::duration>(std::chrono::nanoseconds(nanos)));
}

/// Splits `t` into its civil day and the time of day, flooring towards the past.
inline void split_time(time_point t, date::year_month_day& ymd,
                       date::hh_mm_ss<std::chrono::milliseconds>& tod) {
  const auto ms = date::floor<std::chrono::milliseconds>(t);
  const auto day = date::floor<date::days>(ms);
  ymd = date::year_month_day{day};
  tod = date::hh_mm_ss<std::chrono::milliseconds>{ms - day};
}
} // namespace detail

/// RFC 3339 in UTC with milliseconds, as the SDKs send it: "2026-11-24T12:00:00.000Z".
/// Sub-millisecond precision is floored.
[[nodiscard]] inline std::string format_rfc3339(time_point t) {
  std::string out(24, '\0'); // YYYY-MM-DDTHH:MM:SS.fffZ
  char* p = detail::write_rfc3339_fields(out.data(), t, 3);
  *p = 'Z';
  return out;
}

/// Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±hh:mm)"; nullopt when malformed.
/// All nine fractional digits are kept, down to the clock's precision.
[[nodiscard]] inline std::optional<time_point> parse_rfc3339(std::string_view s) {
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

/// RFC 1123 / IMF-fixdate in GMT with English names, independent of the locale:
/// "Tue, 24 Nov 2026 12:00:00 GMT". Used for x-ms-date and Repeatability-First-Sent.
[[nodiscard]] inline std::string format_rfc1123(time_point t) {
  date::year_month_day ymd{};
  date::hh_mm_ss<std::chrono::milliseconds> tod{};
  detail::split_time(t, ymd, tod);
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

/// Parses an IMF-fixdate such as "Tue, 24 Nov 2026 12:00:00 GMT"; nullopt when malformed or
/// when the weekday does not match the date.
[[nodiscard]] inline std::optional<time_point> parse_rfc1123(std::string_view s) {
  if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  int d = 0, y = 0, h = 0, mi = 0, sec = 0;
  if (!detail::read_digits(s, 5, 2, d) || !detail::read_digits(s, 12, 4, y) ||
      !detail::read_digits(s, 17, 2, h) || !detail::read_digits(s, 20, 2, mi) ||
      !detail::read_digits(s, 23, 2, sec)) {
    return std::nullopt;
  }
  int mo = 0;
  for (std::size_t i = 0; i < detail::month_names.size(); ++i) {
    if (s.substr(8, 3) == detail::month_names[i]) {
      mo = static_cast<int>(i) + 1;
    }
  }
  if (mo == 0) {
    return std::nullopt;
  }
  auto t = detail::make_time(y, mo, d, h, mi, sec, 0, 0);
  if (!t || detail::weekday_names[date::weekday{date::floor<date::days>(*t)}.c_encoding()] !=
                s.substr(0, 3)) {
    return std::nullopt;
  }
  return t;
}

ACS_ROOMS_NAMESPACE_END
