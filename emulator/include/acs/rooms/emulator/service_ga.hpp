// SPDX-License-Identifier: MIT
// acs_rooms emulator part: the GA dialect's operations (2023-06-14 and later) — create,
// get, update, delete and list rooms, list and update participants — over the shared store.
#pragma once

#include <acs/rooms/crypto/portable.hpp>
#include <acs/rooms/detail/foundations/uuid.hpp>
#include <acs/rooms/emulator/paging.hpp>
#include <acs/rooms/emulator/routing.hpp>
#include <acs/rooms/emulator/store.hpp>
#include <acs/rooms/emulator/validation.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/time.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// The GA operations, over the emulator's state (which it does not own). Each operation takes
/// `mutex` for the time it touches the store, and reads the request's body before that.
struct service_ga {
  using response = http_response;

  room_store& store;        ///< the rooms, shared with the other dialect
  std::mutex& mutex;        ///< guards store and random
  std::mt19937_64& random;  ///< new room ids
  const link_signer& links; ///< signs nextLink tokens
  std::size_t page_size;    ///< rooms and participants per page

  /// Runs the operation the method and path name.
  response serve(const incoming& c, std::string_view path) {
    route to;
    if (auto bad = match_route(c.method, path, to)) {
      return std::move(*bad);
    }
    switch (to.op) {
    case operation::create_room:
      return create_room(c);
    case operation::list_rooms:
      return list_rooms(c);
    case operation::get_room:
      return get_room(c, to.room_id);
    case operation::update_room:
      return update_room(c, to.room_id);
    case operation::delete_room:
      return delete_room(to.room_id);
    case operation::list_participants:
      return list_participants(c, to.room_id);
    case operation::update_participants:
      break; // below, so that every path visibly returns
    }
    return update_participants(c, to.room_id);
  }

  /// Reads the room a create asks for into `r`; the 400 or 415 to answer when it cannot.
  std::optional<response> read_new_room(const incoming& c, stored_room& r) const {
    detail::json body;
    if (auto bad = read_body(c, "application/json", body)) {
      return bad;
    }
    room_body fields;
    if (auto bad = read_room_body(c, body, fields)) {
      return bad;
    }
    const time_point from = fields.valid_from.value_or(c.now);
    const time_point until =
        fields.valid_until.value_or(detail::saturating_add(from, max_validity));
    if (auto bad = check_range(c.now, from, until)) {
      return bad;
    }
    r.created_at = c.now;
    r.valid_from = from;
    r.valid_until = until;
    r.pstn = fields.pstn.value_or(false);
    std::vector<roster_change> roster;
    if (auto bad = read_roster(c, body, false, "Invalid format for communication identifier.",
                               "createRoomRequestDto", roster)) {
      return bad;
    }
    for (auto& [raw_id, role] : roster) {
      r.participants[raw_id] = std::move(*role);
    }
    return std::nullopt;
  }

  /// Rooms_Create, with the repeatability rules of the service (see docs/emulator.md): a bad
  /// id or first-sent date is 400; a first-sent date, or a first use of the id, longer ago than
  /// the window is 412; a repeat within the window answers the first answer again, or 400 when
  /// its body differs.
  response create_room(const incoming& c) {
    const auto& headers = c.request->headers;
    const auto request_id = headers.get("Repeatability-Request-ID");
    if (request_id && !detail::is_uuid(*request_id)) {
      return repeat_rejected(400, "BadRequest",
                             "The Repeatability-Request-ID header must be a UUID.",
                             "Repeatability-Request-ID");
    }
    if (request_id) {
      const auto first_sent_text = headers.get("Repeatability-First-Sent");
      const auto first_sent =
          first_sent_text ? parse_rfc1123(*first_sent_text) : std::optional<time_point>();
      if (!first_sent) {
        return repeat_rejected(400, "BadRequest",
                               "The Repeatability-First-Sent header must be an RFC 1123 date "
                               "when Repeatability-Request-ID is present.",
                               "Repeatability-First-Sent");
      }
      if (!store.within_window(*first_sent, c.now)) {
        return outside_window(store.window());
      }
    }
    // The body is read before the lock (it needs no state) but judged after the repeat check:
    // a repeat gets the first answer even if its body would no longer pass (e.g. a time range
    // now in the past).
    stored_room r;
    std::optional<response> invalid = read_new_room(c, r);
    std::string digest;
    if (request_id) {
      digest = portable_crypto().sha256(c.request->body);
    }
    std::lock_guard<std::mutex> lock(mutex);
    store.sweep(c.now); // creates sweep too, so expired rooms never pile up
    if (request_id) {
      if (auto answer = judge_repeat(store, std::string(*request_id), digest, c.now)) {
        return std::move(*answer);
      }
    }
    if (invalid) {
      return std::move(*invalid);
    }
    const auto& [id, stored] = store.add(random, std::move(r));
    response answer = json_response(201, room_json(id, stored, c.version));
    answer.headers.set("Location", id);
    if (request_id) {
      answer.headers.set("Repeatability-Result", "accepted");
      store.remember(std::string(*request_id), c.now, std::move(digest), answer);
    }
    return answer;
  }

  response get_room(const incoming& c, const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex);
    const stored_room* r = store.find_live(id, c.now);
    return r ? json_response(200, room_json(id, *r, c.version)) : not_found();
  }

  response update_room(const incoming& c, const std::string& id) {
    detail::json body;
    if (auto bad = read_body(c, "application/merge-patch+json", body)) {
      return std::move(*bad);
    }
    room_body fields;
    if (auto bad = read_room_body(c, body, fields)) {
      return std::move(*bad);
    }
    std::lock_guard<std::mutex> lock(mutex);
    stored_room* r = store.find_live(id, c.now);
    if (r == nullptr) {
      return not_found();
    }
    if (fields.valid_from || fields.valid_until) {
      const time_point from = fields.valid_from.value_or(r->valid_from);
      const time_point until = fields.valid_until.value_or(r->valid_until);
      if (auto bad = check_range(c.now, from, until)) {
        return std::move(*bad);
      }
      store.set_validity(id, from, until);
    }
    if (fields.pstn) {
      r->pstn = *fields.pstn;
    }
    return json_response(200, room_json(id, *r, c.version));
  }

  response delete_room(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex);
    store.erase(id); // deleting again (or an unknown id) is still 204, as recorded
    response answer;
    answer.status = 204;
    return answer;
  }

  response update_participants(const incoming& c, const std::string& id) {
    detail::json body;
    if (auto bad = read_body(c, "application/merge-patch+json", body)) {
      return std::move(*bad);
    }
    // Everything is checked before anything is applied: no half-applied roster.
    std::vector<roster_change> changes;
    if (auto bad = read_roster(c, body, true, "Invalid value for the Participants.",
                               "updateParticipantsRequestDto", changes)) {
      return std::move(*bad);
    }
    std::lock_guard<std::mutex> lock(mutex);
    stored_room* r = store.find_live(id, c.now);
    if (r == nullptr) {
      return not_found();
    }
    for (auto& [raw_id, role] : changes) {
      if (role) {
        r->participants[raw_id] = std::move(*role);
      } else {
        r->participants.erase(raw_id); // removing a non-member is a no-op
      }
    }
    return json_response(200, "{}");
  }

  response list_rooms(const incoming& c) {
    const auto start = links.start_position(c, 'r', "");
    std::uint64_t after = 0; // the creation number of the last room listed; 0: none yet
    if (!start || (!start->empty() && !read_seq(*start, after))) {
      return bad_link();
    }
    std::optional<std::uint64_t> next_after = 0; // set by page_json (initialised for GCC 12)
    std::lock_guard<std::mutex> lock(mutex);
    store.sweep(c.now); // so that the page never walks past expired rooms
    std::string body = page_json(
        store.in_order(), after, page_size, // all live: swept just above
        [&](std::string& out, const auto& item) {
          append_room_json(out, item.second->first, item.second->second, c.version);
        },
        next_after);
    if (next_after) {
      body += ',';
      append_member(body, "nextLink",
                    links.next_link(c, "/rooms", 'r', "", std::to_string(*next_after)));
    }
    body += '}';
    return json_response(200, std::move(body));
  }

  /// The creation number a rooms token holds; false when it is not one.
  static bool read_seq(std::string_view text, std::uint64_t& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
  }

  response list_participants(const incoming& c, const std::string& id) {
    const auto start = links.start_position(c, 'p', id);
    if (!start) {
      return bad_link();
    }
    std::optional<std::string> next_after;
    std::lock_guard<std::mutex> lock(mutex);
    const stored_room* r = store.find_live(id, c.now);
    if (r == nullptr) {
      return not_found();
    }
    std::string body = page_json(
        r->participants, *start, page_size,
        [](std::string& out, const auto& item) {
          append_participant_json(out, item.first, item.second);
        },
        next_after);
    if (next_after) {
      body += ',';
      append_member(body, "nextLink",
                    links.next_link(c, "/rooms/" + id + "/participants", 'p', id, *next_after));
    }
    body += '}';
    return json_response(200, std::move(body));
  }
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
