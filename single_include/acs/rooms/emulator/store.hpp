// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit.
// acs_rooms emulator part (layer 6): the rooms in memory, their expiry, and repeatability.
#pragma once

#include <acs/rooms.hpp> // the whole core, from the single header

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <random>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

// Time arithmetic where a request's time meets a duration. A time_point spans about 292 years
// (1677 to 2262), so the distance between two of them, or one plus 180 days, may not fit:
// these compute in unsigned 64-bit ticks and clamp, and never overflow.

/// |a - b| in ticks of time_point::duration; exact, since it always fits in 64 unsigned bits.
[[nodiscard]] inline std::uint64_t time_distance(time_point a, time_point b) noexcept {
  const auto x = static_cast<std::uint64_t>(a.time_since_epoch().count());
  const auto y = static_cast<std::uint64_t>(b.time_since_epoch().count());
  return a >= b ? x - y : y - x; // modular subtraction of the smaller: the true difference
}

/// `d` in ticks of time_point::duration, clamped at 0 and at the largest tick count.
template <class Rep, class Period>
[[nodiscard]] std::uint64_t duration_ticks(std::chrono::duration<Rep, Period> d) noexcept {
  using ticks = time_point::duration;
  if (d <= d.zero()) {
    return 0;
  }
  if (d >= std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(ticks::max())) {
    return static_cast<std::uint64_t>(ticks::max().count());
  }
  return static_cast<std::uint64_t>(std::chrono::duration_cast<ticks>(d).count());
}

/// True when `a` and `b` are more than `d` apart.
template <class Rep, class Period>
[[nodiscard]] bool further_apart_than(time_point a, time_point b,
                                      std::chrono::duration<Rep, Period> d) noexcept {
  return time_distance(a, b) > duration_ticks(d);
}

/// `t + d` for d >= 0, or time_point::max() when that is past the end of the clock.
template <class Rep, class Period>
[[nodiscard]] time_point plus_clamped(time_point t, std::chrono::duration<Rep, Period> d) noexcept {
  const std::uint64_t room = time_distance(time_point::max(), t);
  const std::uint64_t add = duration_ticks(d);
  return add >= room ? time_point::max()
                     : t + time_point::duration(static_cast<time_point::duration::rep>(add));
}

/// True when at least `d` (>= 0) has passed from `earlier` to `later`.
template <class Rep, class Period>
[[nodiscard]] bool at_least_after(time_point earlier, time_point later,
                                  std::chrono::duration<Rep, Period> d) noexcept {
  return later >= earlier && time_distance(later, earlier) >= duration_ticks(d);
}

/// A room as stored: the model plus its roster, keyed (and so listed) by raw id.
struct stored_room {
  time_point created_at;
  time_point valid_from;
  time_point valid_until;
  bool pstn = false;
  std::map<std::string, std::string> participants; ///< raw id -> role
};

/// The rooms by id, and the first answers to Repeatability-Request-IDs. Not thread-safe: the
/// emulator holds its mutex around every call.
class room_store {
public:
  /// The rooms, ordered by id (so paging is stable); expired ones included.
  using room_map = std::map<std::string, stored_room>;

  /// An empty store that remembers a request id for `repeatability_window`.
  explicit room_store(std::chrono::seconds repeatability_window) : window_(repeatability_window) {}

  /// Every stored room, expired or not.
  [[nodiscard]] const room_map& rooms() const noexcept { return rooms_; }

  /// True when `r` exists at time `t` (it ages out at its validUntil).
  static bool live(const stored_room& r, time_point t) noexcept { return t < r.valid_until; }

  /// The room `id` if it exists at `t`; nullptr otherwise.
  [[nodiscard]] stored_room* find_live(const std::string& id, time_point t) {
    const auto it = rooms_.find(id);
    return it == rooms_.end() || !live(it->second, t) ? nullptr : &it->second;
  }

  /// The const view of find_live.
  [[nodiscard]] const stored_room* find_live(const std::string& id, time_point t) const {
    const auto it = rooms_.find(id);
    return it == rooms_.end() || !live(it->second, t) ? nullptr : &it->second;
  }

  /// How many rooms exist at `t`.
  [[nodiscard]] std::size_t live_count(time_point t) const {
    return static_cast<std::size_t>(std::count_if(
        rooms_.begin(), rooms_.end(), [&](const auto& r) { return live(r.second, t); }));
  }

  /// A fresh 17-digit id, like the service's, drawn from `random`.
  [[nodiscard]] std::string new_id(std::mt19937_64& random) const {
    std::uniform_int_distribution<std::uint64_t> digits(10000000000000000ULL, 99999999999999999ULL);
    for (;;) {
      std::string id = std::to_string(digits(random));
      if (rooms_.find(id) == rooms_.end()) {
        return id;
      }
    }
  }

  /// Stores `r` under `id` (from new_id).
  void add(std::string id, stored_room r) { rooms_.emplace(std::move(id), std::move(r)); }

  /// Deletes room `id`; an unknown id is no error.
  void erase(const std::string& id) { rooms_.erase(id); }

  /// The first answer given to `request_id` within the window before `t`, if any.
  [[nodiscard]] const http_response* repeated(const std::string& request_id, time_point t) {
    while (!repeat_order_.empty() && at_least_after(repeat_order_.front().first, t, window_)) {
      repeat_.erase(repeat_order_.front().second);
      repeat_order_.pop_front();
    }
    const auto it = repeat_.find(request_id);
    return it == repeat_.end() ? nullptr : &it->second;
  }

  /// Remembers `answer` as the first answer to `request_id`, given at `t`.
  void remember(const std::string& request_id, time_point t, const http_response& answer) {
    repeat_.emplace(request_id, answer);
    repeat_order_.emplace_back(t, request_id);
  }

private:
  std::chrono::seconds window_;
  room_map rooms_;
  std::map<std::string, http_response> repeat_;                 // request id -> first answer
  std::deque<std::pair<time_point, std::string>> repeat_order_; // oldest first, for forgetting
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
