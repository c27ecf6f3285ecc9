// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): the RFC 3339 and RFC 1123 readers, the writers, and the
// overflow-safe time arithmetic.
//
// Input: a date text. Its first 16 bytes, when there are 16, also serve as two time values.

#include "fuzz_support.hpp"

#include <date/date.h>

#include <cstring>

using namespace acs::rooms;
using acs_rooms_fuzz::require;
using std::chrono::milliseconds;
using std::chrono::seconds;

namespace {

/// What format_* writes reads back as the floored value, except in the clock's first partial
/// millisecond (second), whose floor lies before the clock's range: reading refuses it.
void check_written(time_point t) {
  // Compared in milliseconds: near the clock's minimum a floored time point converted back to
  // nanoseconds would overflow. The clock's first partial millisecond (second) is written
  // rounded up, since its floor is before the range; everything else is written floored.
  const auto first_ms = date::ceil<milliseconds>(time_point::min());
  const auto back = parse_rfc3339(format_rfc3339(t));
  require(back.has_value(), "parse_rfc3339 refuses what format_rfc3339 wrote");
  require(date::floor<milliseconds>(*back) ==
                  (t < first_ms ? first_ms : date::floor<milliseconds>(t)) &&
              back->time_since_epoch() % milliseconds(1) == time_point::duration::zero(),
          "format_rfc3339 then parse_rfc3339 is not the millisecond floor (or the first one)");
  require(format_rfc3339(*back) == format_rfc3339(t), "format_rfc3339 is not stable");
  const auto first_s = date::ceil<seconds>(time_point::min());
  const auto back1123 = parse_rfc1123(format_rfc1123(t));
  require(back1123.has_value(), "parse_rfc1123 refuses what format_rfc1123 wrote");
  require(date::floor<seconds>(*back1123) == (t < first_s ? first_s : date::floor<seconds>(t)),
          "format_rfc1123 then parse_rfc1123 is not the second's floor (or the first one)");
  require(format_rfc1123(*back1123) == format_rfc1123(t), "format_rfc1123 is not stable");
}

std::int64_t read_int64(const std::uint8_t* p) {
  std::uint64_t u = 0;
  std::memcpy(&u, p, sizeof u);
  return static_cast<std::int64_t>(u);
}

/// a + b in 128 bits, clamped: what saturating_add must equal.
time_point exact_add(time_point t, time_point::duration d) {
  using duration = time_point::duration;
  const __int128 sum = static_cast<__int128>(t.time_since_epoch().count()) + d.count();
  if (sum > duration::max().count()) {
    return time_point::max();
  }
  if (sum < duration::min().count()) {
    return time_point::min();
  }
  return time_point(duration(static_cast<duration::rep>(sum)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto text = acs_rooms_fuzz::as_text(data, size);
  if (const auto t = parse_rfc3339(text)) {
    check_written(*t);
  }
  if (const auto t = parse_rfc1123(text)) {
    require(format_rfc1123(*t) == text, "an accepted RFC 1123 date is not written back as read");
    check_written(*t);
  }
  if (size >= 16) {
    using duration = time_point::duration;
    const time_point a{duration(read_int64(data))};
    const time_point b{duration(read_int64(data + 8))};
    check_written(a);
    check_written(b);
    const duration d = b.time_since_epoch();
    require(detail::saturating_add(a, d) == exact_add(a, d), "saturating_add is not exact");
    const __int128 diff =
        static_cast<__int128>(a.time_since_epoch().count()) - b.time_since_epoch().count();
    const __int128 distance = diff < 0 ? -diff : diff;
    const auto got = detail::time_distance(a, b);
    require(distance > duration::max().count() ? got == duration::max()
                                               : got.count() == static_cast<std::int64_t>(distance),
            "time_distance is not exact or clamped");
    require(detail::time_distance(a, b) == detail::time_distance(b, a),
            "time_distance is not symmetric");
    const seconds s{read_int64(data + 8)}; // seconds: converting alone may overflow
    const auto added = detail::saturating_add(a, s);
    require(s.count() >= 0 ? added >= a : added <= a, "saturating_add went the wrong way");
    (void)detail::within(a, b, s);
  }
  return 0;
}
