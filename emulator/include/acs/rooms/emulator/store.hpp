// SPDX-License-Identifier: MIT
// acs_rooms emulator part: the rooms in memory, their expiry, and repeatability ids.
#pragma once

#include <acs/rooms/http.hpp>
#include <acs/rooms/time.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

// Where a request's time meets a duration (the 15-minute date check, the 180-day rule, the
// default validUntil, the repeatability window) the emulator uses time.hpp's saturating
// arithmetic: a time_point spans only 1677 to 2262, so a plain t + d or a - b can overflow.

/// A room as stored: the model plus its roster (keyed, and so listed, by raw id).
struct stored_room {
  std::uint64_t seq = 0; ///< its place in creation order, which listings follow (from 1)
  time_point created_at;
  time_point valid_from;
  time_point valid_until;
  bool pstn = false;
  std::map<std::string, std::string> participants; ///< raw id -> role
  std::string join_policy = "InviteOnly";          ///< roomJoinPolicy (read by 2022-02-01 only)
};

/// What a Repeatability-Request-ID seen before means for a create.
enum class repeat_verdict {
  fresh,          ///< not seen (or long forgotten): execute the create
  replay,         ///< seen within the window, same body: the first answer again
  different_body, ///< seen within the window, another body: 400
  outside_window, ///< seen longer ago than the window: 412
};

/// How long, and how many, Repeatability-Request-IDs are remembered.
struct repeat_limits {
  std::chrono::seconds window{300};      ///< a repeat within this long is answered as the first
  std::chrono::seconds retention{86400}; ///< an id is known (for 412) this long (>= window)
  std::size_t capacity = 100000;         ///< at most this many ids; the oldest go first
};

/// The rooms by id, and the Repeatability-Request-IDs seen. Not thread-safe: the emulator holds
/// its mutex around every call.
///
/// Memory: a request id is kept with its first answer for the window, then with only the
/// SHA-256 of its body (enough to answer 412 rather than create again) until `retention` has
/// passed, and never more than `capacity` ids at once (the oldest are forgotten first).
class room_store {
public:
  /// The rooms by id: hashed, so that a get or a create costs the same at any size.
  using room_map = std::unordered_map<std::string, stored_room>;
  /// The rooms in creation order (seq -> entry): what a listing walks, so paging is stable.
  using room_order = std::map<std::uint64_t, const room_map::value_type*>;

  /// An empty store that remembers request ids within `limits`.
  explicit room_store(repeat_limits limits) : limits_(limits) {
    limits_.retention = std::max(limits_.retention, limits_.window);
  }
  /// An empty store with a `repeatability_window` and the default retention and capacity.
  explicit room_store(std::chrono::seconds repeatability_window)
      : room_store(repeat_limits{repeatability_window}) {}

  /// Every stored room not swept yet (see sweep): expired ones may be included.
  [[nodiscard]] const room_map& rooms() const noexcept { return rooms_; }

  /// The same rooms in creation order.
  [[nodiscard]] const room_order& in_order() const noexcept { return order_; }

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

  /// Stores `r` under a fresh 17-digit id, like the service's, drawn from `random`; returns
  /// the stored entry. The indexes are hinted at their ends, where a new room usually goes.
  const room_map::value_type& add(std::mt19937_64& random, stored_room r) {
    std::uniform_int_distribution<std::uint64_t> digits(10000000000000000ULL, 99999999999999999ULL);
    for (;;) {
      const auto [it, added] = rooms_.try_emplace(std::to_string(digits(random)));
      if (added) {
        it->second = std::move(r);
        index(*it);
        return *it;
      }
    }
  }

  /// Stores `r` under `id`, unless a room has that id already.
  void add(std::string id, stored_room r) {
    const auto [it, added] = rooms_.emplace(std::move(id), std::move(r));
    if (added) {
      index(*it);
    }
  }

  /// Sets the validity of room `id` (stored); keeps the expiry order.
  void set_validity(const std::string& id, time_point from, time_point until) {
    const auto it = rooms_.find(id);
    if (it == rooms_.end()) {
      return;
    }
    by_expiry_.erase({it->second.valid_until, &it->first});
    it->second.valid_from = from;
    it->second.valid_until = until;
    by_expiry_.emplace(until, &it->first);
  }

  /// Deletes room `id`; an unknown id is no error.
  void erase(const std::string& id) {
    const auto it = rooms_.find(id);
    if (it != rooms_.end()) {
      unindex(*it);
      rooms_.erase(it);
    }
  }

  /// Removes every room expired at `t`, soonest first, so that a listing never walks past
  /// them (the service deletes a room once its validUntil has passed). Amortised: each room is
  /// swept once. A clock moved back later does not bring a swept room back.
  void sweep(time_point t) {
    while (!by_expiry_.empty() && by_expiry_.begin()->first <= t) {
      const auto it = rooms_.find(*by_expiry_.begin()->second);
      unindex(*it);
      rooms_.erase(it);
    }
  }

  /// True when something first seen (or first sent) at `first` is still within the window at `t`.
  [[nodiscard]] bool within_window(time_point first, time_point t) const noexcept {
    return first >= detail::saturating_sub(t, limits_.window); // never overflows, even in 1700
  }

  /// The window, e.g. for a message.
  [[nodiscard]] std::chrono::seconds window() const noexcept { return limits_.window; }

  /// What `request_id`, sent at `t` with a body whose SHA-256 is `body_digest`, means; for a
  /// replay, `first` is set to the first answer.
  repeat_verdict check_repeat(const std::string& request_id, const std::string& body_digest,
                              time_point t, const http_response*& first) {
    forget(t);
    const auto it = repeat_.find(request_id);
    if (it == repeat_.end()) {
      return repeat_verdict::fresh;
    }
    const repeat_record& seen = it->second;
    if (!seen.answer || !within_window(seen.first_seen, t)) {
      return repeat_verdict::outside_window;
    }
    if (seen.body_digest != body_digest) {
      return repeat_verdict::different_body;
    }
    first = &*seen.answer;
    return repeat_verdict::replay;
  }

  /// Remembers `answer` as the first answer to `request_id` (not seen before), given at `t`.
  void remember(const std::string& request_id, time_point t, std::string body_digest,
                const http_response& answer) {
    if (limits_.capacity == 0) {
      return;
    }
    const auto [it, added] =
        repeat_.emplace(request_id, repeat_record{t, std::move(body_digest), answer});
    if (!added) {
      return;
    }
    repeat_order_.push_back(it);
    while (repeat_.size() > limits_.capacity) {
      drop_oldest();
    }
  }

  /// How many request ids are remembered (with or without their answer).
  [[nodiscard]] std::size_t remembered() const noexcept { return repeat_.size(); }

  /// Calls `f(id, first_seen, body_digest, answer)` for every remembered id, oldest first.
  template <class F> void each_remembered(F&& f) const {
    for (const auto& it : repeat_order_) {
      f(it->first, it->second.first_seen, it->second.body_digest, it->second.answer);
    }
  }

  /// Remembers `request_id` as each_remembered gave it (restore in that order: oldest first).
  void restore_remembered(std::string request_id, time_point first_seen, std::string body_digest,
                          std::optional<http_response> answer) {
    const bool answered = answer.has_value();
    const auto [it, added] =
        repeat_.emplace(std::move(request_id),
                        repeat_record{first_seen, std::move(body_digest), std::move(answer)});
    if (added) {
      // Ids without their answer are a prefix of the order (forget() relies on it).
      answered_from_ += !answered && answered_from_ == repeat_order_.size() ? 1 : 0;
      repeat_order_.push_back(it);
    }
  }

  /// Forgets every room and request id.
  void clear() {
    rooms_.clear();
    order_.clear();
    by_expiry_.clear();
    repeat_.clear();
    repeat_order_.clear();
    answered_from_ = 0;
  }

private:
  struct repeat_record {
    time_point first_seen;
    std::string body_digest;             // SHA-256 of the body, raw bytes
    std::optional<http_response> answer; // dropped once the window has passed
  };
  using repeat_map = std::map<std::string, repeat_record>;

  void drop_oldest() {
    repeat_.erase(repeat_order_.front());
    repeat_order_.pop_front();
    if (answered_from_ > 0) {
      --answered_from_;
    }
  }

  /// Drops the answers older than the window and the ids older than the retention. Ids are in
  /// arrival order, so both are prefixes (a clock moved backwards only delays forgetting).
  void forget(time_point t) {
    while (!repeat_order_.empty() && repeat_order_.front()->second.first_seen <
                                         detail::saturating_sub(t, limits_.retention)) {
      drop_oldest();
    }
    while (answered_from_ < repeat_order_.size() &&
           !within_window(repeat_order_[answered_from_]->second.first_seen, t)) {
      repeat_order_[answered_from_]->second.answer.reset();
      ++answered_from_;
    }
  }

  /// Enters a new room in the creation order (numbering it) and the expiry order.
  void index(room_map::value_type& entry) {
    entry.second.seq = ++last_seq_;
    order_.emplace_hint(order_.end(), entry.second.seq, &entry);
    by_expiry_.emplace_hint(by_expiry_.end(), entry.second.valid_until, &entry.first);
  }

  /// Takes a room out of both orders (before it is erased).
  void unindex(const room_map::value_type& entry) {
    order_.erase(entry.second.seq);
    by_expiry_.erase({entry.second.valid_until, &entry.first});
  }

  repeat_limits limits_;
  room_map rooms_;   // node-based: entries stay put, so the indexes may point at them
  room_order order_; // creation order
  std::uint64_t last_seq_ = 0;
  std::set<std::pair<time_point, const std::string*>> by_expiry_; // validUntil, key in rooms_
  repeat_map repeat_;                                             // request id -> what was seen
  std::deque<repeat_map::iterator> repeat_order_;                 // oldest first, for forgetting
  std::size_t answered_from_ = 0; // repeat_order_[i] for i < this no longer hold an answer
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
