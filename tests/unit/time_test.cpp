// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): time.hpp, RFC 3339 and RFC 1123 times, locale-free.
#include <acs/rooms/time.hpp>

#include "../support/test_support.hpp"

#include <clocale>
#include <ctime>
#include <date/date.h>
#include <locale>
#include <sstream>
#include <string>

using namespace acs::rooms;
using std::chrono::nanoseconds;

namespace {

/// German number punctuation, grouping every digit so that any locale-aware digit output shows.
struct german_numpunct : std::numpunct<char> {
  char do_decimal_point() const override { return ','; }
  char do_thousands_sep() const override { return '.'; }
  std::string do_grouping() const override { return "\1"; }
};

/// A time_put that writes "??" for everything: any use of the locale's time names shows.
struct opaque_time_put : std::time_put<char> {
  iter_type do_put(iter_type out, std::ios_base&, char, const std::tm*, char, char) const override {
    *out++ = '?';
    *out++ = '?';
    return out;
  }
};

std::locale german_style_locale() {
  return std::locale(std::locale(std::locale::classic(), new german_numpunct), new opaque_time_put);
}

/// Installs a global C++ locale and puts the previous one back.
class global_locale_guard {
public:
  explicit global_locale_guard(const std::locale& l) : saved_(std::locale::global(l)) {}
  ~global_locale_guard() { std::locale::global(saved_); }
  global_locale_guard(const global_locale_guard&) = delete;
  global_locale_guard& operator=(const global_locale_guard&) = delete;

private:
  std::locale saved_;
};

} // namespace

TEST_CASE("RFC 3339 parsing accepts Z and offsets with 0 to 9 fractional digits", "[time]") {
  const auto base = parse_rfc3339("2023-07-06T18:38:24Z");
  REQUIRE(base);
  CHECK(format_rfc3339(*base) == "2023-07-06T18:38:24.000Z");
  CHECK(parse_rfc3339("2023-07-06T18:38:24+00:00") == base);
  CHECK(parse_rfc3339("2023-07-06t18:38:24z") == base);
  CHECK(parse_rfc3339("2023-07-06T20:38:24+02:00") == base);
  CHECK(parse_rfc3339("2023-07-06T13:08:24-05:30") == base);

  // Every fractional length keeps its digits (down to the clock's nanoseconds).
  const char* fractions[] = {"1",      "12",      "123",      "1234",     "12345",
                             "123456", "1234567", "12345678", "123456789"};
  const long long expected_ns[] = {100000000, 120000000, 123000000, 123400000, 123450000,
                                   123456000, 123456700, 123456780, 123456789};
  for (int i = 0; i < 9; ++i) {
    const auto t = parse_rfc3339(std::string("2023-07-06T18:38:24.") + fractions[i] + "+00:00");
    REQUIRE(t);
    CHECK(std::chrono::duration_cast<nanoseconds>(*t - *base).count() == expected_ns[i]);
  }
  // The service's 7 digits survive: .1234567 is 123456700 ns, not rounded to milliseconds.
  const auto seven = parse_rfc3339("2023-06-26T05:46:17.8159131+00:00");
  REQUIRE(seven);
  CHECK(std::chrono::duration_cast<nanoseconds>(seven->time_since_epoch()).count() % 1000000000 ==
        815913100);
}

TEST_CASE("RFC 3339 parsing rejects malformed text", "[time]") {
  for (const char* bad :
       {"", "2023-07-06", "2023-07-06T18:38:24", "2023-07-06 18:38:24Z", "2023-13-06T18:38:24Z",
        "2023-02-30T18:38:24Z", "2023-07-06T24:00:00Z", "2023-07-06T18:60:00Z",
        "2023-07-06T18:38:60Z", "2023-07-06T18:38:24.Z", "2023-07-06T18:38:24.1234567890Z",
        "2023-07-06T18:38:24+0000", "2023-07-06T18:38:24+24:00", "2023-07-06T18:38:24Zjunk",
        "2023-07-06T18:38:24+00:00 ", "x023-07-06T18:38:24Z", "2023-07-06T18:38:24GMT",
        "9999-12-31T23:59:59Z" /* beyond the clock's range */}) {
    INFO(bad);
    CHECK_FALSE(parse_rfc3339(bad).has_value());
  }
}

TEST_CASE("RFC 3339 output is UTC with milliseconds and Z, floored", "[time]") {
  const auto t = parse_rfc3339("2026-11-24T12:00:00.5009999+01:00");
  REQUIRE(t);
  CHECK(format_rfc3339(*t) == "2026-11-24T11:00:00.500Z");
  CHECK(format_rfc3339(time_point{}) == "1970-01-01T00:00:00.000Z");
  // Before the epoch, flooring goes towards the past, not towards zero.
  const auto before = parse_rfc3339("1969-12-31T23:59:59.9999Z");
  REQUIRE(before);
  CHECK(format_rfc3339(*before) == "1969-12-31T23:59:59.999Z");
  CHECK(format_rfc3339(*parse_rfc3339("2024-02-29T23:59:59.999Z")) == "2024-02-29T23:59:59.999Z");
}

TEST_CASE("RFC 1123 dates are English and locale-independent", "[time]") {
  const auto t = parse_rfc3339("2022-04-13T18:09:12.451Z");
  REQUIRE(t);
  CHECK(format_rfc1123(*t) == "Wed, 13 Apr 2022 18:09:12 GMT");
  CHECK(format_rfc1123(*parse_rfc3339("2026-11-24T12:00:00Z")) == "Tue, 24 Nov 2026 12:00:00 GMT");
  CHECK(format_rfc1123(*parse_rfc3339("2022-04-06T01:02:03Z")) == "Wed, 06 Apr 2022 01:02:03 GMT");
  // A German-style global locale must not change anything. The facets are our own, so the
  // check runs on every machine, whatever locales it has installed.
  {
    const global_locale_guard guard(german_style_locale());
    std::ostringstream probe; // proves the locale is in effect: digits are grouped, ',' decimal
    probe << 2022 << ' ' << 1.5;
    REQUIRE(probe.str() == "2.0.2.2 1,5");
    CHECK(format_rfc1123(*t) == "Wed, 13 Apr 2022 18:09:12 GMT");
    CHECK(format_rfc3339(*t) == "2022-04-13T18:09:12.451Z");
    CHECK(parse_rfc1123("Wed, 13 Apr 2022 18:09:12 GMT") ==
          std::chrono::time_point_cast<std::chrono::seconds>(*t));
    CHECK(parse_rfc3339("2022-04-13T18:09:12.451Z") == t);
  }
  // And the C locale too, where the machine has de_DE.
  const char* old = std::setlocale(LC_ALL, nullptr);
  const std::string saved = old ? old : "C";
  if (std::setlocale(LC_ALL, "de_DE.UTF-8") != nullptr) {
    CHECK(format_rfc1123(*t) == "Wed, 13 Apr 2022 18:09:12 GMT");
  }
  std::setlocale(LC_ALL, saved.c_str());
  CHECK(parse_rfc1123("Wed, 13 Apr 2022 18:09:12 GMT") ==
        std::chrono::time_point_cast<std::chrono::seconds>(*t));
}

TEST_CASE("RFC 1123 parsing is strict", "[time]") {
  for (const char* bad :
       {"", "Wed, 13 Apr 2022 18:09:12", "Thu, 13 Apr 2022 18:09:12 GMT" /* wrong weekday */,
        "Wed, 13 Foo 2022 18:09:12 GMT", "Wed, 3 Apr 2022 18:09:12 GMT",
        "Wed, 13 Apr 2022 18:09:12 UTC", "Wed, 31 Apr 2022 18:09:12 GMT",
        "Wed 13 Apr 2022 18:09:12 GMT ", "2022-04-13T18:09:12Z"}) {
    INFO(bad);
    CHECK_FALSE(parse_rfc1123(bad).has_value());
  }
}

TEST_CASE("Times outside the clock's range are refused, never clamped", "[time][limits]") {
  const auto lo = time_point::min();
  const auto hi = time_point::max();
  // To the nanosecond, the exact ends are accepted and one step beyond is not.
  CHECK(parse_rfc3339("1677-09-21T00:12:43.145224192Z") == lo);
  CHECK(parse_rfc3339("1677-09-21T00:12:43.145224193Z") == lo + nanoseconds(1));
  CHECK(parse_rfc3339("2262-04-11T23:47:16.854775807Z") == hi);
  CHECK(parse_rfc3339("2262-04-11T23:47:16.854775806+00:00") == hi - nanoseconds(1));
  CHECK(parse_rfc3339("1677-09-21T01:12:43.145224192+01:00") == lo); // the same, at an offset
  // The first whole millisecond and second inside the range, at each end.
  CHECK(parse_rfc3339("1677-09-21T00:12:43.146Z").has_value());
  CHECK(parse_rfc3339("1677-09-21T00:12:44Z").has_value());
  CHECK(parse_rfc3339("2262-04-11T23:47:16.854Z").has_value());
  CHECK(parse_rfc3339("2262-04-11T23:47:16Z").has_value());
  // Before the minimum or after the maximum: refused, even where the text's last digit would
  // have covered the minimum (it was read as time_point::min(), a different instant).
  for (const char* beyond :
       {"1677-09-21T00:12:43.145224191Z", "1677-09-21T00:12:43.145Z", "1677-09-21T00:12:43.1Z",
        "1677-09-21T00:12:43Z", "1677-09-21T01:12:43.145224191+01:00", "1677-09-21T00:12:42Z",
        "2262-04-11T23:47:16.854775808Z", "2262-04-11T23:47:17Z",
        "2262-04-11T22:47:16.854775808-01:00", "0000-01-01T00:00:00Z", "1000-01-01T00:00:00Z",
        "2263-01-01T00:00:00Z", "9999-12-31T23:59:59+23:59", "0000-01-01T00:00:00-23:59"}) {
    INFO(beyond);
    CHECK_FALSE(parse_rfc3339(beyond).has_value());
  }
  CHECK(parse_rfc3339("1700-01-01T00:00:00-23:59").has_value());
  // RFC 1123 has whole seconds: the first and last whole seconds inside are read, the next not.
  CHECK(parse_rfc1123("Tue, 21 Sep 1677 00:12:44 GMT") ==
        date::ceil<std::chrono::seconds>(lo)); // the first whole second inside
  CHECK_FALSE(parse_rfc1123("Tue, 21 Sep 1677 00:12:43 GMT").has_value()); // was min(), clamped
  CHECK(parse_rfc1123("Fri, 11 Apr 2262 23:47:16 GMT") == date::floor<std::chrono::seconds>(hi));
  CHECK_FALSE(parse_rfc1123("Fri, 11 Apr 2262 23:47:17 GMT").has_value());
  CHECK_FALSE(parse_rfc1123("Fri, 31 Dec 9999 23:59:59 GMT").has_value());
  CHECK_FALSE(parse_rfc1123("Sat, 01 Jan 0000 00:00:00 GMT").has_value());
  CHECK(parse_rfc1123("Fri, 01 Jan 1700 00:00:00 GMT").has_value());
  // ... while the reader under Retry-After still sees those dates, to saturate on them.
  CHECK(detail::read_rfc1123("Fri, 31 Dec 9999 23:59:59 GMT") == 253402300799);
  CHECK(detail::read_rfc1123("Sat, 01 Jan 0000 00:00:00 GMT") == -62167219200);
  CHECK_FALSE(detail::read_rfc1123("Sat, 31 Dec 9999 23:59:59 GMT").has_value()); // weekday
}

TEST_CASE("Formatting never overflows; what is written at the clock's ends", "[time][limits]") {
  const auto lo = time_point::min();
  const auto hi = time_point::max();
  CHECK(format_rfc3339(hi) == "2262-04-11T23:47:16.854Z");
  CHECK(parse_rfc3339(format_rfc3339(hi)) == date::floor<std::chrono::milliseconds>(hi));
  CHECK(format_rfc1123(hi) == "Fri, 11 Apr 2262 23:47:16 GMT");
  CHECK(parse_rfc1123(format_rfc1123(hi)) == date::floor<std::chrono::seconds>(hi));
  // The minimum is not on a millisecond: its floor lies before the range, so the clock's first
  // partial millisecond (and second, for RFC 1123) is written rounded up, and reads back.
  const auto first_ms = date::ceil<std::chrono::milliseconds>(lo);
  const auto first_s = date::ceil<std::chrono::seconds>(lo);
  CHECK(format_rfc3339(lo) == "1677-09-21T00:12:43.146Z");
  CHECK(format_rfc1123(lo) == "Tue, 21 Sep 1677 00:12:44 GMT");
  CHECK(parse_rfc3339(format_rfc3339(lo)) == first_ms);
  CHECK(parse_rfc1123(format_rfc1123(lo)) == first_s);
  CHECK(format_rfc3339(first_ms - nanoseconds(1)) == "1677-09-21T00:12:43.146Z");
  // From the first millisecond on, everything written reads back as its floor.
  CHECK(parse_rfc3339(format_rfc3339(first_ms)) == first_ms);
  CHECK(parse_rfc3339(format_rfc3339(first_ms + nanoseconds(999999))) == first_ms);
}

TEST_CASE("Time arithmetic saturates instead of overflowing", "[time]") {
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  using duration = time_point::duration;
  const auto lo = time_point::min();
  const auto hi = time_point::max();
  const auto t1700 = *parse_rfc3339("1700-01-01T00:00:00Z");
  const auto t2026 = *parse_rfc3339("2026-01-01T00:00:00Z");
  const auto t2262 = *parse_rfc3339("2262-01-01T00:00:00Z");

  CHECK(detail::saturating_add(t2026, hours(1)) == t2026 + hours(1));
  CHECK(detail::saturating_add(t2026, -hours(1)) == t2026 - hours(1));
  CHECK(detail::saturating_add(t2262, hours(24 * 180)) == hi);
  CHECK(detail::saturating_add(hi, hours(1)) == hi);
  CHECK(detail::saturating_add(lo, -hours(1)) == lo);
  CHECK(detail::saturating_add(t2026, seconds::max()) == hi); // converting alone overflows
  CHECK(detail::saturating_add(t2026, seconds::min()) == lo);
  CHECK(detail::saturating_add(t2026, hours::max()) == hi);
  CHECK(detail::saturating_sub(t2026, hours(1)) == t2026 - hours(1));
  CHECK(detail::saturating_sub(lo, hours(1)) == lo);
  CHECK(detail::saturating_sub(t2026, duration::min()) == hi);
  CHECK(detail::saturating_sub(t2026, seconds::min()) == hi);

  CHECK(detail::time_distance(t2026, t2026 + minutes(3)) == minutes(3));
  CHECK(detail::time_distance(t2026 + minutes(3), t2026) == minutes(3));
  CHECK(detail::time_distance(t1700, t2026) == duration::max()); // 326 years do not fit
  CHECK(detail::time_distance(t2262, t1700) == duration::max());
  CHECK(detail::time_distance(lo, hi) == duration::max());
  CHECK(detail::time_distance(hi, hi) == duration::zero());

  // The emulator's two rules, written with these helpers, hold at the ends of the clock.
  CHECK(detail::within(t2026, t2026 + minutes(15), minutes(15)));
  CHECK_FALSE(
      detail::within(t2026, t2026 + minutes(15) + std::chrono::nanoseconds(1), minutes(15)));
  CHECK_FALSE(detail::within(t1700, t2026, minutes(15))); // wrapped, this once looked near
  CHECK_FALSE(detail::within(t1700, t2262, hours(24 * 180)));
  CHECK(detail::within(lo, hi, seconds::max()));
}

TEST_CASE("The saturating helpers work for any clock and unit", "[time][limits]") {
  using std::chrono::hours;
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  using namespace std::chrono_literals;
  using steady = std::chrono::steady_clock;
  using detail::checked_duration_cast;
  using detail::saturating_duration_cast;
  // Conversions: exact when the value fits, clamped (or refused) when it does not.
  CHECK(saturating_duration_cast<nanoseconds>(milliseconds(9223372036854)) ==
        nanoseconds(9223372036854000000));
  CHECK(saturating_duration_cast<nanoseconds>(milliseconds(9223372036855)) == nanoseconds::max());
  CHECK(saturating_duration_cast<nanoseconds>(milliseconds(9999999999000)) == nanoseconds::max());
  CHECK(saturating_duration_cast<nanoseconds>(milliseconds::max()) == nanoseconds::max());
  CHECK(saturating_duration_cast<nanoseconds>(milliseconds::min()) == nanoseconds::min());
  CHECK(saturating_duration_cast<nanoseconds>(-milliseconds(9223372036855)) == nanoseconds::min());
  CHECK(saturating_duration_cast<milliseconds>(seconds(999999999999)) ==
        milliseconds(999999999999000));
  CHECK(saturating_duration_cast<milliseconds>(seconds::max()) == milliseconds::max());
  CHECK(saturating_duration_cast<milliseconds>(nanoseconds(-1999999)) == milliseconds(-1));
  CHECK(saturating_duration_cast<milliseconds>(nanoseconds::max()) == milliseconds(9223372036854));
  CHECK(saturating_duration_cast<milliseconds>(nanoseconds::min()) == milliseconds(-9223372036854));
  CHECK(saturating_duration_cast<milliseconds>(milliseconds(0)) == milliseconds(0));
  CHECK(saturating_duration_cast<std::chrono::duration<int, std::milli>>(hours(1000)) ==
        std::chrono::duration<int, std::milli>::max()); // into a narrower count
  CHECK(saturating_duration_cast<std::chrono::duration<int>>(milliseconds::max()) ==
        std::chrono::duration<int>::max()); // a finer unit into a narrower count
  CHECK(saturating_duration_cast<milliseconds>(std::chrono::duration<unsigned long long>(~0ull)) ==
        milliseconds::max());
  CHECK(saturating_duration_cast<microseconds>(std::chrono::duration<unsigned>(5)) ==
        microseconds(5000000));
  CHECK_FALSE(checked_duration_cast<nanoseconds>(seconds(9223372037)).has_value());
  CHECK(checked_duration_cast<nanoseconds>(seconds(9223372036)) ==
        nanoseconds(9223372036000000000));
  // The steady clock, where the waits are: now + a huge delay is the clock's end.
  const auto now = steady::now();
  CHECK(detail::saturating_add(now, milliseconds::max()) == steady::time_point::max());
  CHECK(detail::saturating_add(now, milliseconds(9999999999000)) == steady::time_point::max());
  CHECK(detail::saturating_add(now, milliseconds::min()) == steady::time_point::min());
  CHECK(detail::saturating_add(now, 5ms) == now + 5ms);
  CHECK(detail::saturating_sub(now, milliseconds::min()) == steady::time_point::max());
  CHECK(detail::time_distance(steady::time_point::min(), steady::time_point::max()) ==
        steady::duration::max());
  // would_pass: is a wait longer than the time left (or is the time already up)?
  const auto t = *parse_rfc3339("2026-11-24T12:00:00Z");
  CHECK_FALSE(detail::would_pass(t, 10s, t + 10s));
  CHECK(detail::would_pass(t, 10001ms, t + 10s));
  CHECK(detail::would_pass(t, milliseconds(9999999999000), t + 10s));
  CHECK(detail::would_pass(t, milliseconds::max(), time_point::max()));
  CHECK(detail::would_pass(t, 0ms, t));
  CHECK_FALSE(detail::would_pass(time_point::min(), milliseconds(1), time_point::max()));
}
