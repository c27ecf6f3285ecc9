// SPDX-License-Identifier: MIT
// acs_rooms 0.1.0: the emulator component (acs_rooms::emulator), the Rooms service in process, a test double.
// Single header, generated from emulator/include/ by tools/amalgamate.py - do not edit.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_EMULATOR_HPP
#define ACS_ROOMS_SINGLE_INCLUDE_EMULATOR_HPP

#include <acs/rooms.hpp> // the whole core, from the single header

// identity - issuing tokens the emulated Rooms API accepts until they expire.


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

#include <nlohmann/json.hpp> // the whole parser, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <date/date.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// One entry of an error's `details`.
struct error_detail {
  std::string code;    ///< e.g. "BadArgument"
  std::string message; ///< as the service words it
  std::string target;  ///< e.g. "ValidUntil"; empty: omitted
};

/// The service's generic 400 message, used with details.
inline constexpr std::string_view malformed_syntax =
    "The request could not be understood by the server due to malformed syntax.";

/// Appends `"name":"value"`, escaped; text that is not UTF-8 (e.g. from a percent-decoded
/// query) has U+FFFD in its place, so the body is always JSON. The caller adds the separators.
inline void append_member(std::string& out, std::string_view name, std::string_view value) {
  append_json_string(out, name, invalid_utf8::replace);
  out += ':';
  append_json_string(out, value, invalid_utf8::replace);
}

/// The CommunicationErrorResponse envelope {"error":{code,message,target?,details?}}.
inline http_response error_response(int status, std::string_view code, std::string_view message,
                                    std::string_view target = {},
                                    const std::vector<error_detail>& details = {}) {
  std::string body = "{\"error\":{";
  append_member(body, "code", code);
  body += ',';
  append_member(body, "message", message);
  if (!target.empty()) {
    body += ',';
    append_member(body, "target", target);
  }
  if (!details.empty()) {
    body += ",\"details\":[";
    for (std::size_t i = 0; i < details.size(); ++i) {
      body += i == 0 ? "{" : ",{";
      append_member(body, "code", details[i].code);
      body += ',';
      append_member(body, "message", details[i].message);
      if (!details[i].target.empty()) {
        body += ',';
        append_member(body, "target", details[i].target);
      }
      body += '}';
    }
    body += ']';
  }
  body += "}}";
  http_response response;
  response.status = status;
  response.headers.set("Content-Type", "application/json; charset=utf-8");
  response.headers.set("x-ms-error-code", std::string(code));
  response.body = std::move(body);
  return response;
}

/// 400 BadRequest with the generic message and one BadArgument detail.
inline http_response bad_argument(std::string_view target, std::string_view message) {
  return error_response(400, "BadRequest", malformed_syntax, {},
                        {{"BadArgument", std::string(message), std::string(target)}});
}

/// 401 Unauthorized, saying why.
inline http_response unauthorized(std::string_view why) {
  return error_response(401, "Unauthorized", why);
}

/// 404 NotFound, as the service words it.
inline http_response not_found() {
  return error_response(404, "NotFound", "The server cannot find the requested resource.");
}

/// 405 MethodNotAllowed, as the service words it.
inline http_response method_not_allowed() {
  return error_response(405, "MethodNotAllowed",
                        "The method is not allowed for the requested resource.");
}

/// A 2xx JSON response.
inline http_response json_response(int status, std::string body) {
  http_response response;
  response.status = status;
  response.headers.set("Content-Type", "application/json; charset=utf-8");
  response.body = std::move(body);
  return response;
}

/// Appends `t` in the service's time style: "+00:00" offset and 7 fractional digits (100 ns
/// ticks, floored), written in place.
inline void append_service_time(std::string& out, time_point t) {
  const std::size_t at = out.size();
  out.resize(at + 33); // YYYY-MM-DDTHH:MM:SS.fffffff+00:00
  char* p = write_rfc3339_fields(&out[at], t, 7);
  std::copy_n("+00:00", 6, p);
}

/// `t` in the service's time style (see append_service_time).
inline std::string format_service_time(time_point t) {
  std::string out;
  append_service_time(out, t);
  return out;
}

/// Appends `"name":"<t>"`; `name` needs no escaping.
inline void append_time_member(std::string& out, std::string_view name, time_point t) {
  out += '"';
  out += name;
  out += "\":\"";
  append_service_time(out, t);
  out += '"';
}

/// Appends the RoomModel JSON, with pstnDialOutEnabled only where the version has it. Written
/// in place: a page of rooms is one growing string, not one per room.
inline void append_room_json(std::string& out, const std::string& id, const stored_room& r,
                             std::string_view version) {
  out += '{';
  append_member(out, "id", id);
  out += ',';
  append_time_member(out, "createdAt", r.created_at);
  out += ',';
  append_time_member(out, "validFrom", r.valid_from);
  out += ',';
  append_time_member(out, "validUntil", r.valid_until);
  if (version_has_pstn(version)) {
    out += r.pstn ? ",\"pstnDialOutEnabled\":true" : ",\"pstnDialOutEnabled\":false";
  }
  out += '}';
}

/// The RoomModel JSON of append_room_json, as a string.
inline std::string room_json(const std::string& id, const stored_room& r,
                             std::string_view version) {
  std::string out;
  out.reserve(192);
  append_room_json(out, id, r, version);
  return out;
}

/// RoomParticipant JSON: {"rawId":...,"role":...}.
inline void append_participant_json(std::string& out, const std::string& raw_id,
                                    const std::string& role) {
  out += '{';
  append_member(out, "rawId", raw_id);
  out += ',';
  append_member(out, "role", role);
  out += '}';
}

/// A refusal of the Repeatability-* headers: the envelope plus `Repeatability-Result: rejected`.
inline http_response repeat_rejected(int status, std::string_view code, std::string_view message,
                                     std::string_view target) {
  http_response r = error_response(status, code, message, target);
  r.headers.set("Repeatability-Result", "rejected");
  return r;
}

/// 412 for a Repeatability-Request-ID used longer ago than `window`.
inline http_response outside_window(std::chrono::seconds window) {
  const std::string span = window.count() % 60 == 0
                               ? std::to_string(window.count() / 60) + " minute"
                               : std::to_string(window.count()) + " second";
  return repeat_rejected(412, "PreconditionFailed",
                         "Repeatability first sent header not within " + span + " window.",
                         "Repeatability-First-Sent");
}

/// The repeatability verdict on a create as an answer to send at once (a replay, a 400 or a
/// 412), or nullopt to go on and create. Needs the store's lock.
inline std::optional<http_response> judge_repeat(room_store& store, const std::string& request_id,
                                                 const std::string& body_digest, time_point t) {
  const http_response* first = nullptr;
  switch (store.check_repeat(request_id, body_digest, t, first)) {
  case repeat_verdict::replay:
    return *first; // the first answer again; nothing is created
  case repeat_verdict::different_body:
    return repeat_rejected(400, "BadRequest",
                           "The request does not match the earlier request with this "
                           "Repeatability-Request-ID.",
                           "Repeatability-Request-ID");
  case repeat_verdict::outside_window:
    return outside_window(store.window());
  case repeat_verdict::fresh:
    break;
  }
  return std::nullopt;
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <nlohmann/json.hpp> // the whole parser, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// The api-versions served, oldest first.
inline constexpr std::array<std::string_view, 5> supported_versions = {
    "2022-02-01", "2023-06-14", "2023-10-30-preview", "2024-04-15", "2025-03-13"};

/// The longest validity the service grants a room (and how far ahead validFrom may be).
inline constexpr std::chrono::hours max_validity{24 * 180};

/// What a route needs to know about the request.
struct incoming {
  std::string_view method;
  std::string scheme;
  std::string host; ///< as the client addressed us, for nextLinks
  std::string_view query;
  std::string version; ///< the api-version
  time_point now;
  const http_request* request = nullptr;
};

/// Decodes %XX escapes; false on a malformed escape.
inline bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  const auto hex = [](char c) { return detail::hex_value(c); };
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size() || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
      return false;
    }
    out += static_cast<char>(hex(in[i + 1]) * 16 + hex(in[i + 2]));
    i += 2;
  }
  return true;
}

/// The first value of query parameter `name` (decoded); nullopt when absent or malformed.
inline std::optional<std::string> query_param(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const auto eq = pair.find('=');
    if (pair.substr(0, eq) != name) {
      continue;
    }
    std::string value;
    if (eq == std::string_view::npos || !percent_decode(pair.substr(eq + 1), value)) {
      return std::nullopt;
    }
    return value;
  }
  return std::nullopt;
}

/// The served api-version of `query` in `version`, or the 400 to answer.
inline std::optional<http_response> read_version(std::string_view query, std::string& version) {
  const auto v = query_param(query, "api-version");
  if (!v) {
    return error_response(400, "BadRequest", "The api-version query parameter is required.",
                          "api-version");
  }
  if (std::find(supported_versions.begin(), supported_versions.end(), *v) ==
      supported_versions.end()) {
    std::string message =
        "The api-version '" + v->substr(0, 64) + "' is not supported. " + "Supported versions: ";
    for (const auto served : supported_versions) {
      message += served;
      message += served == supported_versions.back() ? "." : ", ";
    }
    return error_response(400, "BadRequest", message, "api-version");
  }
  version = *v;
  return std::nullopt;
}

/// True for a media type equal to `expected`, parameters (e.g. charset) ignored.
inline bool media_type_is(std::optional<std::string_view> value, std::string_view expected) {
  if (!value) {
    return false;
  }
  return iequals(trim(value->substr(0, value->find(';'))), expected);
}

/// The recorded rule for a room id: 14 to 20 characters, all digits.
inline std::optional<http_response> validate_room_id(std::string_view id) {
  if (id.size() < 14 || id.size() > 20) {
    return error_response(400, "BadRequest", "Invalid room ID length.");
  }
  if (!std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return error_response(400, "BadRequest", "Invalid room ID.");
  }
  return std::nullopt;
}

/// The JSON object body of a POST or PATCH, or the error to answer.
inline std::optional<http_response> read_body(const incoming& c, std::string_view media_type,
                                              json& body) {
  if (!media_type_is(c.request->headers.get("Content-Type"), media_type)) {
    return error_response(415, "UnsupportedMediaType",
                          "The Content-Type must be " + std::string(media_type) + ".");
  }
  if (trim(c.request->body).empty()) {
    return bad_argument("", "A non-empty request body is required.");
  }
  if (!parse_json(c.request->body, body)) {
    return bad_argument("$", "The JSON value could not be parsed.");
  }
  if (!body.is_object()) {
    return bad_argument("$", "The JSON value could not be converted to an object.");
  }
  return std::nullopt;
}

/// The validFrom / validUntil / pstnDialOutEnabled of a create or update body.
struct room_body {
  std::optional<time_point> valid_from;  ///< absent or null: nullopt
  std::optional<time_point> valid_until; ///< absent or null: nullopt
  std::optional<bool> pstn;              ///< absent or null: nullopt
};

/// Reads the room fields with this version's rules; null counts as absent.
inline std::optional<http_response> read_room_body(const incoming& c, const json& body,
                                                   room_body& out) {
  const auto read_time = [&](const char* name,
                             std::optional<time_point>& t) -> std::optional<http_response> {
    const auto it = body.find(name);
    if (it == body.end() || it->is_null()) {
      return std::nullopt;
    }
    if (it->is_string()) {
      t = parse_rfc3339(it->get_ref<const std::string&>());
    }
    if (!t) {
      return bad_argument(std::string("$.") + name,
                          "The JSON value could not be converted to System.DateTimeOffset.");
    }
    return std::nullopt;
  };
  if (auto bad = read_time("validFrom", out.valid_from)) {
    return bad;
  }
  if (auto bad = read_time("validUntil", out.valid_until)) {
    return bad;
  }
  const auto pstn = body.find("pstnDialOutEnabled");
  if (pstn != body.end() && !version_has_pstn(c.version)) {
    return bad_argument("pstnDialOutEnabled",
                        "pstnDialOutEnabled is not supported by api-version " + c.version + ".");
  }
  if (pstn != body.end() && !pstn->is_null()) {
    if (!pstn->is_boolean()) {
      return bad_argument("$.pstnDialOutEnabled",
                          "The JSON value could not be converted to System.Boolean.");
    }
    out.pstn = pstn->get<bool>();
  }
  return std::nullopt;
}

/// The service's range rules at time `t`, in the order the recordings suggest.
inline std::optional<http_response> check_range(time_point t, time_point from, time_point until) {
  if (from > saturating_add(t, max_validity)) {
    return bad_argument("ValidFrom", "Value is incorrect or more than 180 days in the future.");
  }
  if (until < t) {
    return bad_argument("ValidUntil", "The time range end is in the past.");
  }
  if (until <= from || !within(until, from, max_validity)) {
    return bad_argument("ValidUntil", "The time range is incorrect, or larger than 180 days.");
  }
  return std::nullopt;
}

/// A role value (absent or null: Attendee); nullopt when unknown to this version.
inline std::optional<std::string> read_role(const incoming& c, const json& properties) {
  const auto it = properties.find("role");
  if (it == properties.end() || it->is_null()) {
    return std::string("Attendee");
  }
  if (!it->is_string()) {
    return std::nullopt;
  }
  const auto& role = it->get_ref<const std::string&>();
  if (role == "Presenter" || role == "Attendee" || role == "Consumer" ||
      (role == "Collaborator" && version_has_collaborator(c.version))) {
    return role;
  }
  return std::nullopt;
}

/// The two details the service gives for a role it cannot read.
inline http_response bad_role(std::string_view raw_id, std::string_view dto) {
  return error_response(
      400, "BadRequest", malformed_syntax, {},
      {{"BadArgument", "The " + std::string(dto) + " field is required.", std::string(dto)},
       {"BadArgument",
        "The JSON value could not be converted to Azure.Communication.Rooms.Models.RoleDto.",
        "$.participants." + std::string(raw_id) + ".role"}});
}

/// One roster change: a role to set, or nullopt to remove the participant.
using roster_change = std::pair<std::string, std::optional<std::string>>;

/// Reads a request's `participants` map into `changes`, checking every entry before anything
/// is applied. On create (`null_removes` false) a null entry means Attendee; in the
/// participants PATCH it means remove. Raw-id and role errors are worded as the service words
/// them for that operation (`invalid_id_message`, `dto`).
inline std::optional<http_response> read_roster(const incoming& c, const json& body,
                                                bool null_removes,
                                                std::string_view invalid_id_message,
                                                std::string_view dto,
                                                std::vector<roster_change>& changes) {
  const auto participants = body.find("participants");
  if (participants == body.end() || participants->is_null()) {
    return std::nullopt;
  }
  if (!participants->is_object()) {
    return bad_argument("$.participants", "The JSON value could not be converted to "
                                          "Dictionary<string, ParticipantPropertiesDto>.");
  }
  for (const auto& [raw_id, properties] : participants->items()) {
    if (communication_identifier::classify(raw_id) == identifier_kind::unknown) {
      return error_response(400, "BadRequest", invalid_id_message);
    }
    if (properties.is_null()) {
      changes.emplace_back(raw_id,
                           null_removes ? std::nullopt : std::optional<std::string>("Attendee"));
      continue;
    }
    if (!properties.is_object()) {
      return bad_argument("$.participants." + raw_id,
                          "The JSON value could not be converted to ParticipantPropertiesDto.");
    }
    auto role = read_role(c, properties);
    if (!role) {
      return bad_role(raw_id, dto);
    }
    changes.emplace_back(raw_id, std::move(role));
  }
  return std::nullopt;
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// The token endpoints an `emulator` plays (`emulator_options::identity`); each is off until
/// configured. Tokens they issue are accepted as bearer tokens by the emulated Rooms API until
/// they expire on the emulator's clock. Requests reach them through `emulator::send` like any
/// other (the host is not looked at), so the fault plan applies by path.
struct emulator_identity {
  /// Entra ID v2: POST /{tenant_id}/oauth2/v2.0/token (grant_type=client_credentials) is served
  /// when this is set.
  std::string tenant_id;
  std::string client_id;        ///< the application Entra ID knows
  std::string client_secret;    ///< the secret it accepts (empty: none)
  std::string client_assertion; ///< the jwt-bearer assertion it accepts (empty: none)
  bool imds = false; ///< serve IMDS: GET /metadata/identity/oauth2/token with `Metadata: true`
  /// App Service: GET at this path with X-IDENTITY-HEADER == identity_header (both set: served).
  std::string app_service_path;
  std::string identity_header; ///< the X-IDENTITY-HEADER App Service requires
  /// A user-assigned managed identity's client id; a managed identity request naming another
  /// client_id is refused ("Identity not found"). Empty: any.
  std::string managed_client_id;
  std::string scope = "https://communication.azure.com//.default"; ///< the one scope served
  std::chrono::seconds token_lifetime{3600}; ///< how long an issued token is accepted
};

namespace detail {
namespace emu {

/// Serves the token endpoints of an `emulator_identity` and remembers what it issued.
class identity_service {
public:
  /// Serves what `config` configures.
  explicit identity_service(emulator_identity config) : config_(std::move(config)) {
    std::random_device device;
    random_.seed((static_cast<std::uint64_t>(device()) << 32U) ^ device());
  }

  /// True when `path` is one of the token endpoints served (they need no Authorization).
  [[nodiscard]] bool serves(std::string_view path) const {
    return (!config_.tenant_id.empty() && path == "/" + config_.tenant_id + "/oauth2/v2.0/token") ||
           (config_.imds && path == "/metadata/identity/oauth2/token") ||
           (!config_.app_service_path.empty() && !config_.identity_header.empty() &&
            path == config_.app_service_path);
  }

  /// The answer of a token endpoint, or nullopt when `url` is not one.
  std::optional<http_response> serve(const http_request& request, const url_parts& url,
                                     time_point now) {
    if (!serves(url.path)) {
      return std::nullopt;
    }
    if (config_.imds && url.path == "/metadata/identity/oauth2/token") {
      return managed(request, url, now, false);
    }
    if (url.path == config_.app_service_path && !config_.identity_header.empty()) {
      return managed(request, url, now, true);
    }
    return entra(request, now);
  }

  /// True when `token` was issued here and has not expired at `now`.
  [[nodiscard]] bool accepts(std::string_view token, time_point now) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = issued_.find(std::string(token));
    return it != issued_.end() && now < it->second;
  }

private:
  static std::map<std::string, std::string> form(std::string_view text) {
    std::map<std::string, std::string> out;
    while (!text.empty()) {
      const auto amp = text.find('&');
      std::string_view pair = text.substr(0, amp);
      text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
      const auto eq = pair.find('=');
      std::string name(pair.substr(0, eq));
      std::string raw(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      for (char& c : raw) {
        c = c == '+' ? ' ' : c;
      }
      std::string value;
      if (!percent_decode(raw, value)) {
        value = "\x01"; // matches nothing configured
      }
      out[name] = value;
    }
    return out;
  }

  static http_response oauth_error(int status, std::string_view code, std::string_view what) {
    nlohmann::json body = {{"error", code}, {"error_description", what}};
    http_response r = json_response(status, body.dump());
    return r;
  }

  std::string issue(time_point now, time_point& expiry) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = issued_.begin(); it != issued_.end();) {
      it = now < it->second ? std::next(it) : issued_.erase(it); // forget expired ones
    }
    std::string token = "emu.";
    for (int i = 0; i < 4; ++i) {
      const std::uint64_t bits = random_();
      for (int b = 0; b < 8; ++b) {
        append_hex_byte(token, static_cast<unsigned char>(bits >> (8 * b)));
      }
    }
    expiry = saturating_add(now, config_.token_lifetime);
    issued_[token] = expiry;
    return token;
  }

  static std::string epoch(time_point t) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
  }

  http_response entra(const http_request& request, time_point now) {
    if (request.method != "POST") {
      return oauth_error(405, "invalid_request", "AADSTS900561: The endpoint only accepts POST.");
    }
    auto f = form(request.body);
    if (f["grant_type"] != "client_credentials") {
      return oauth_error(400, "unsupported_grant_type",
                         "AADSTS70003: The app requested an unsupported grant type.");
    }
    if (f["client_id"].empty() || f["client_id"] != config_.client_id) {
      return oauth_error(400, "unauthorized_client",
                         "AADSTS700016: Application was not found in the directory.");
    }
    const bool secret_ok = !config_.client_secret.empty() && f.count("client_secret") != 0 &&
                           constant_time_equal(f["client_secret"], config_.client_secret);
    const bool assertion_ok =
        !config_.client_assertion.empty() && f.count("client_assertion") != 0 &&
        f["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" &&
        constant_time_equal(f["client_assertion"], config_.client_assertion);
    if (!secret_ok && !assertion_ok) {
      return f.count("client_assertion") != 0
                 ? oauth_error(401, "invalid_client",
                               "AADSTS700211: No matching federated identity record found for "
                               "presented assertion.")
                 : oauth_error(401, "invalid_client",
                               "AADSTS7000215: Invalid client secret provided.");
    }
    if (f["scope"] != config_.scope) {
      return oauth_error(400, "invalid_scope",
                         "AADSTS70011: The provided value for the input parameter 'scope' is not "
                         "valid.");
    }
    time_point expiry;
    nlohmann::json body = {{"token_type", "Bearer"},
                           {"expires_in", config_.token_lifetime.count()},
                           {"ext_expires_in", config_.token_lifetime.count()},
                           {"access_token", issue(now, expiry)}};
    return json_response(200, body.dump());
  }

  http_response managed(const http_request& request, const url_parts& url, time_point now,
                        bool app_service) {
    if (request.method != "GET") {
      return oauth_error(405, "invalid_request", "Only GET is allowed.");
    }
    if (app_service) {
      const auto header = request.headers.get("X-IDENTITY-HEADER");
      if (!header || !constant_time_equal(*header, config_.identity_header)) {
        nlohmann::json body = {{"statusCode", 401},
                               {"message", "The X-IDENTITY-HEADER is missing or not valid."}};
        return json_response(401, body.dump());
      }
    } else if (request.headers.get("Metadata") != std::optional<std::string_view>("true")) {
      return oauth_error(400, "invalid_request", "Required metadata header not specified");
    }
    auto q = form(url.query);
    const std::string want_version = app_service ? "2019-08-01" : "2018-02-01";
    if (q["api-version"] != want_version) {
      return oauth_error(400, "invalid_request", "The api-version is missing or not supported.");
    }
    std::string resource = config_.scope;
    if (resource.size() > 9 && resource.compare(resource.size() - 9, 9, "/.default") == 0) {
      resource.resize(resource.size() - 9);
    }
    if (q["resource"] != resource) {
      return oauth_error(400, "invalid_resource",
                         "AADSTS500011: The resource principal was not found.");
    }
    if (!config_.managed_client_id.empty() && q.count("client_id") != 0 &&
        q["client_id"] != config_.managed_client_id) {
      return oauth_error(400, "invalid_request", "Identity not found");
    }
    time_point expiry;
    const std::string token = issue(now, expiry);
    nlohmann::json body = {{"access_token", token},
                           {"expires_on", epoch(expiry)},
                           {"resource", resource},
                           {"token_type", "Bearer"}};
    if (!app_service) {
      body["expires_in"] = std::to_string(config_.token_lifetime.count());
    }
    return json_response(200, body.dump());
  }

  emulator_identity config_;
  mutable std::mutex mutex_; // guards issued_ and random_
  std::map<std::string, time_point> issued_;
  std::mt19937_64 random_;
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// Checks the Authorization of a request: the HMAC scheme exactly as the service checks it
/// (date skew, content hash, signature over method, path and query, date and host), or the
/// one accepted bearer token, or a token `issuer` issued and not yet expired.
class authenticator {
public:
  /// `access_key` is base64; one that does not decode to bytes lets no HMAC request through.
  /// `issuer` (may be null) must outlive the authenticator.
  authenticator(std::string_view access_key, std::optional<std::string> accepted_token,
                const identity_service* issuer = nullptr)
      : accepted_token_(std::move(accepted_token)), issuer_(issuer) {
    std::string key;
    if (base64_decode(trim(access_key), key) && !key.empty()) {
      key_ = crypto_.prepare_hmac_key(key);
    } // else: key_ stays invalid
    secure_zero(key.data(), key.size());
  }

  /// nullopt when `request` (addressed to `url`) may pass at time `t`; else the 401 to answer.
  /// With `check_body` false the body is not looked at: the signature still covers the
  /// x-ms-content-sha256 header, so a server may refuse a request before reading its body.
  std::optional<http_response> check(const http_request& request, const url_parts& url,
                                     time_point t, bool check_body = true) const {
    if (issuer_ != nullptr && issuer_->serves(url.path)) {
      return std::nullopt; // a token endpoint: the credentials are in the request itself
    }
    const auto authorization = request.headers.get("Authorization");
    if (!authorization) {
      return unauthorized("The request has no Authorization header.");
    }
    const std::string_view value = trim(*authorization);
    if (value.size() > 7 && iequals(value.substr(0, 7), "Bearer ")) {
      if (accepted_token_ && constant_time_equal(trim(value.substr(7)), *accepted_token_)) {
        return std::nullopt;
      }
      if (issuer_ != nullptr && issuer_->accepts(trim(value.substr(7)), t)) {
        return std::nullopt;
      }
      return unauthorized("The bearer token is not valid.");
    }
    const std::string prefix = hmac_authorization("");
    if (value.substr(0, prefix.size()) != prefix) {
      return unauthorized("The Authorization header is neither HMAC-SHA256 with SignedHeaders="
                          "x-ms-date;host;x-ms-content-sha256 nor an accepted bearer token.");
    }
    const auto date = request.headers.get("x-ms-date");
    const auto sent = date ? parse_rfc1123(*date) : std::nullopt;
    if (!sent) {
      return unauthorized("The x-ms-date header is missing or not an RFC 1123 date.");
    }
    if (!detail::within(*sent, t, std::chrono::minutes(15))) {
      return unauthorized("The x-ms-date header is more than 15 minutes away from the time of "
                          "the service.");
    }
    const auto hash = request.headers.get("x-ms-content-sha256");
    if (!hash || (check_body && *hash != base64_encode(crypto_.sha256(request.body)))) {
      return unauthorized("The x-ms-content-sha256 header does not match the body.");
    }
    const std::string host(request.headers.get("Host").value_or(url.authority()));
    const std::string expected = base64_encode(crypto_.hmac_sha256(
        key_, string_to_sign(request.method, url.path_and_query(), *date, host, *hash)));
    if (expected.size() != 44 || !constant_time_equal(value.substr(prefix.size()), expected)) {
      return unauthorized("The HMAC signature does not match: check the access key, and that "
                          "the method, path and query, x-ms-date, Host and body are signed as "
                          "sent.");
    }
    return std::nullopt;
  }

private:
  portable_crypto crypto_;
  portable_crypto::hmac_key key_; // the access key, prepared once
  std::optional<std::string> accepted_token_;
  const identity_service* issuer_;
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// One fault for an `emulator` to inject: which requests it hits, how many, and what happens to
/// them. Faults are tried in the order they were given; every matching `delay` adds its wait,
/// and the first matching fault of another kind decides the request's fate.
struct emulator_fault {
  /// What happens to a request the fault hits.
  enum class kind {
    respond,     ///< answered with `status`, `headers` and `body`; the service does not act
    drop_before, ///< no answer, and the service never saw the request
    drop_after,  ///< the service acts (e.g. creates the room), then its answer is lost
    delay,       ///< a wait of `delay` before the request is handled (as usual, or by a fault)
  };
  /// A `times` that is never used up.
  static constexpr int forever = -1;

  kind effect = kind::respond; ///< what happens
  std::string method;          ///< "POST", "GET", ... (exact); empty: every method
  std::string path_prefix;     ///< e.g. "/rooms" or "/rooms/123/participants"; empty: every path
  int times = 1;               ///< requests it hits before it is used up; `forever`: no limit
  double probability = 1.0;    ///< chance it hits a matching request (0 to 1; see fault_seed)
  int status = 503;            ///< respond: the status
  http_headers headers;        ///< respond: headers to add, e.g. Retry-After
  std::string body;            ///< respond: the body; empty: the service's error envelope (>= 400)
  std::chrono::milliseconds delay{0}; ///< delay: how long to wait

  /// Answers `status` instead of the service (a 503 with the service's error body by default).
  [[nodiscard]] static emulator_fault answer(int status) {
    emulator_fault f;
    f.status = status;
    return f;
  }
  /// Loses the request: no answer, nothing done.
  [[nodiscard]] static emulator_fault drop_request() {
    emulator_fault f;
    f.effect = kind::drop_before;
    return f;
  }
  /// Loses the answer: the service acts, the caller hears nothing.
  [[nodiscard]] static emulator_fault drop_answer() {
    emulator_fault f;
    f.effect = kind::drop_after;
    return f;
  }
  /// Waits `wait` before handling the request.
  [[nodiscard]] static emulator_fault slow(std::chrono::milliseconds wait) {
    emulator_fault f;
    f.effect = kind::delay;
    f.delay = wait;
    return f;
  }
  /// Hits only `method` requests whose path starts with `prefix` (empty: any).
  emulator_fault& on(std::string method_name, std::string prefix = {}) {
    method = std::move(method_name);
    path_prefix = std::move(prefix);
    return *this;
  }
  /// Hits the next `n` matching requests (`forever`: all of them).
  emulator_fault& for_next(int n) {
    times = n;
    return *this;
  }
  /// Hits a matching request with probability `p` (0 to 1).
  emulator_fault& with_probability(double p) {
    probability = p;
    return *this;
  }
  /// Adds a header to the canned answer (respond).
  emulator_fault& with_header(std::string name, std::string value) {
    headers.add(std::move(name), std::move(value));
    return *this;
  }
};

namespace detail {
namespace emu {

/// What the fault plan decided for one request.
struct fault_decision {
  std::chrono::milliseconds delay{0};       ///< the sum of the matching delays
  std::optional<emulator_fault::kind> fate; ///< respond or a drop; nullopt: the service answers
  http_response answer;                     ///< for respond
};

/// The service's error code for a status a fault answers with (a guess for most).
inline std::string_view fault_error_code(int status) noexcept {
  switch (status) {
  case 400:
    return "BadRequest";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "NotFound";
  case 408:
    return "RequestTimeout";
  case 409:
    return "Conflict";
  case 412:
    return "PreconditionFailed";
  case 429:
    return "TooManyRequests";
  case 500:
    return "InternalServerError";
  case 502:
    return "BadGateway";
  case 503:
    return "ServiceUnavailable";
  case 504:
    return "GatewayTimeout";
  default:
    return status >= 500 ? "ServerError" : "Error";
  }
}

/// The canned answer of a respond fault: its body (or the service's error envelope for a status
/// of 400 and up), then its headers, which replace any of the same name.
inline http_response fault_answer(const emulator_fault& f) {
  http_response out;
  if (f.body.empty() && f.status >= 400) {
    out = error_response(f.status, fault_error_code(f.status),
                         "The emulator answered with an injected fault.");
  } else {
    out.status = f.status;
    out.body = f.body;
    if (!out.body.empty()) {
      out.headers.set("Content-Type", "application/json; charset=utf-8");
    }
  }
  for (const auto& [name, value] : f.headers) {
    out.headers.set(name, value);
  }
  return out;
}

/// The faults still to inject, in order, and the generator their probabilities draw from. Not
/// thread-safe: the emulator holds its mutex around every call.
class fault_plan {
public:
  /// An empty plan whose draws follow `seed`.
  explicit fault_plan(std::uint64_t seed) : random_(seed) {}

  /// Appends `f` (one that can never hit is dropped).
  void add(emulator_fault f) {
    if (f.times != 0) {
      faults_.push_back(std::move(f));
    }
  }

  /// Forgets every fault.
  void clear() noexcept { faults_.clear(); }

  /// How many faults are not used up yet.
  [[nodiscard]] std::size_t pending() const noexcept { return faults_.size(); }

  /// The faults not used up yet, in order.
  [[nodiscard]] const std::vector<emulator_fault>& faults() const noexcept { return faults_; }

  /// Applies the plan to a `method` request for `path`, using up what hits it. Drops are
  /// skipped (and kept) when the caller cannot lose an answer (`can_drop` false).
  fault_decision decide(std::string_view method, std::string_view path, bool can_drop) {
    fault_decision out;
    for (auto& f : faults_) {
      if (!matches(f, method, path) ||
          (!can_drop && (f.effect == emulator_fault::kind::drop_before ||
                         f.effect == emulator_fault::kind::drop_after)) ||
          !draw(f.probability)) {
        continue;
      }
      if (f.times > 0) {
        --f.times;
      }
      if (f.effect == emulator_fault::kind::delay) {
        out.delay += f.delay < std::chrono::milliseconds::zero() ? std::chrono::milliseconds::zero()
                                                                 : f.delay;
        continue;
      }
      out.fate = f.effect;
      if (f.effect == emulator_fault::kind::respond) {
        out.answer = fault_answer(f);
      }
      break;
    }
    faults_.erase(std::remove_if(faults_.begin(), faults_.end(),
                                 [](const emulator_fault& f) { return f.times == 0; }),
                  faults_.end());
    return out;
  }

private:
  static bool matches(const emulator_fault& f, std::string_view method, std::string_view path) {
    return (f.method.empty() || f.method == method) &&
           path.substr(0, f.path_prefix.size()) == f.path_prefix;
  }

  /// True with probability `p`; no draw (so no change to later draws) when p is 0 or 1.
  bool draw(double p) {
    if (!(p > 0.0)) { // also NaN
      return false;
    }
    if (p >= 1.0) {
      return true;
    }
    // 53 random bits as a double in [0, 1): the same sequence on every standard library.
    const double u = static_cast<double>(random_() >> 11U) * (1.0 / 9007199254740992.0);
    return u < p;
  }

  std::vector<emulator_fault> faults_;
  std::mt19937_64 random_;
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <nlohmann/json.hpp> // the whole parser, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// base64url without padding: survives every query re-encoding (the JS SDK re-encodes).
inline std::string base64url_encode(std::string_view bytes) {
  std::string out = base64_encode(bytes);
  while (!out.empty() && out.back() == '=') {
    out.pop_back();
  }
  std::replace(out.begin(), out.end(), '+', '-');
  std::replace(out.begin(), out.end(), '/', '_');
  return out;
}

/// Inverse of base64url_encode; false when `text` is not one of its outputs.
inline bool base64url_decode(std::string_view text, std::string& out) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '+' || c == '/' || c == '=') {
      return false;
    }
    c = c == '-' ? '+' : c == '_' ? '/' : c;
  }
  standard.append((4 - standard.size() % 4) % 4, '=');
  return base64_decode(standard, out);
}

/// Makes and reads the nextLink tokens "list `kind` of `scope` after `last`", MAC'd with a key
/// of this emulator's so that a client cannot forge one.
class link_signer {
public:
  /// Signs with `key` (random bytes, made once per emulator).
  explicit link_signer(std::string_view key) : key_(crypto_.prepare_hmac_key(key)) {}

  /// The token for "list `kind` of `scope` after `last`".
  [[nodiscard]] std::string make(char kind, std::string_view scope, std::string_view last) const {
    std::string payload(1, kind);
    payload += '\n';
    payload += scope;
    payload += '\n';
    payload += last;
    std::string mac = crypto_.hmac_sha256(key_, payload);
    mac.resize(16);
    return base64url_encode(payload) + '.' + base64url_encode(mac);
  }

  /// The position `token` holds, if it is genuine and about `kind` of `scope`.
  [[nodiscard]] std::optional<std::string> read(std::string_view token, char kind,
                                                std::string_view scope) const {
    const auto dot = token.find('.');
    std::string payload;
    std::string mac;
    if (dot == std::string_view::npos || !base64url_decode(token.substr(0, dot), payload) ||
        !base64url_decode(token.substr(dot + 1), mac)) {
      return std::nullopt;
    }
    std::string expected = crypto_.hmac_sha256(key_, payload);
    expected.resize(16);
    const std::string prefix = std::string(1, kind) + '\n' + std::string(scope) + '\n';
    if (!constant_time_equal(mac, expected) || payload.compare(0, prefix.size(), prefix) != 0) {
      return std::nullopt;
    }
    return payload.substr(prefix.size());
  }

  /// The absolute nextLink, on the host the client addressed.
  [[nodiscard]] std::string next_link(const incoming& c, std::string_view path, char kind,
                                      std::string_view scope, std::string_view last) const {
    return c.scheme + "://" + c.host + std::string(path) + "?nextLink=" + make(kind, scope, last) +
           "&api-version=" + c.version;
  }

  /// The position to list from: empty for the first page; nullopt (an error) for a bad token.
  [[nodiscard]] std::optional<std::string> start_position(const incoming& c, char kind,
                                                          std::string_view scope) const {
    if (c.query.find("nextLink=") == std::string_view::npos) {
      return std::string();
    }
    const auto token = query_param(c.query, "nextLink");
    return token ? read(*token, kind, scope) : std::nullopt;
  }

private:
  portable_crypto crypto_;
  portable_crypto::hmac_key key_;
};

/// The 400 for a nextLink token that is not one of ours.
inline http_response bad_link() {
  return error_response(400, "BadRequest", "The nextLink token is not valid.", "nextLink");
}

/// Opens `{"value":[` with up to `page_size` items of the sorted map `items` after key `last`
/// (its smallest value, "" or 0, for the first page), rendered by `write(out, item)`.
/// `next_after` is the key to continue after, or nullopt when nothing is left. The caller adds
/// the nextLink and closes the object.
template <class Map, class Write>
std::string page_json(const Map& items, const typename Map::key_type& last, std::size_t page_size,
                      Write write, std::optional<typename Map::key_type>& next_after) {
  std::string out;
  out.reserve(64 + page_size * 192); // a room is about 170 bytes, a participant about 100
  out += "{\"value\":[";
  std::size_t n = 0;
  auto it = items.upper_bound(last);
  for (; it != items.end(); ++it) {
    if (n == page_size) {
      break; // one more exists: this page needs a nextLink
    }
    out += n++ == 0 ? "" : ",";
    write(out, *it);
    next_after = it->first;
  }
  if (it == items.end()) {
    next_after.reset();
  }
  out += ']';
  return out;
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <optional>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// The seven operations of the Rooms API.
enum class operation {
  create_room,
  list_rooms,
  get_room,
  update_room,
  delete_room,
  list_participants,
  update_participants
};

/// An operation and the room it is about (empty for create_room and list_rooms).
struct route {
  operation op = operation::list_rooms; ///< what to do
  std::string room_id;                  ///< decoded and checked
};

/// The route of `method` on `path` (/rooms, /rooms/{id}, /rooms/{id}/participants), or the
/// 400, 404 or 405 to answer.
inline std::optional<http_response> match_route(std::string_view method, std::string_view path,
                                                route& out) {
  constexpr std::string_view root = "/rooms";
  if (path.substr(0, root.size()) != root) {
    return not_found();
  }
  path.remove_prefix(root.size());
  if (path.empty()) {
    if (method != "POST" && method != "GET") {
      return method_not_allowed();
    }
    out.op = method == "POST" ? operation::create_room : operation::list_rooms;
    return std::nullopt;
  }
  if (path.front() != '/') {
    return not_found();
  }
  path.remove_prefix(1);
  const auto slash = path.find('/');
  if (!percent_decode(path.substr(0, slash), out.room_id)) {
    return error_response(400, "BadRequest", "Invalid room ID.");
  }
  const std::string_view rest =
      slash == std::string_view::npos ? std::string_view() : path.substr(slash);
  if (rest.empty()) {
    if (method != "GET" && method != "PATCH" && method != "DELETE") {
      return method_not_allowed();
    }
    out.op = method == "GET"     ? operation::get_room
             : method == "PATCH" ? operation::update_room
                                 : operation::delete_room;
  } else if (rest == "/participants") {
    if (method != "GET" && method != "PATCH") {
      return method_not_allowed();
    }
    out.op = method == "GET" ? operation::list_participants : operation::update_participants;
  } else {
    return not_found();
  }
  return validate_room_id(out.room_id);
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
// get, update, delete and list rooms, list and update participants — over the shared store.


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

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

// The document (docs/emulator.md, "State documents"):
//   {"rooms": [{"id", "createdAt", "validFrom", "validUntil", "pstnDialOutEnabled",
//               "roomJoinPolicy", "participants": [{"rawId", "role"}]}],
//    "requestIds": [{"id", "firstSeen", "bodySha256", "answer": {"status", "headers", "body"}}]}
// Rooms are the service's RoomModel plus their roster as a listing returns it, so that what
// GET /_emulator/state gives can be seeded back. "requestIds" is only in a saved snapshot.

/// One room as a state-document entry.
inline nlohmann::json room_entry(const std::string& id, const stored_room& r) {
  nlohmann::json roster = nlohmann::json::array();
  for (const auto& [raw_id, role] : r.participants) {
    roster.push_back({{"rawId", raw_id}, {"role", role}});
  }
  return {{"id", id},
          {"createdAt", format_service_time(r.created_at)},
          {"validFrom", format_service_time(r.valid_from)},
          {"validUntil", format_service_time(r.valid_until)},
          {"pstnDialOutEnabled", r.pstn},
          {"roomJoinPolicy", r.join_policy},
          {"participants", std::move(roster)}};
}

/// The rooms that exist at `t`, in creation order: {"rooms": [...]}.
inline nlohmann::json rooms_document(const room_store& store, time_point t) {
  nlohmann::json rooms = nlohmann::json::array();
  for (const auto& [seq, entry] : store.in_order()) {
    if (room_store::live(entry->second, t)) {
      rooms.push_back(room_entry(entry->first, entry->second));
    }
  }
  return {{"rooms", std::move(rooms)}};
}

/// rooms_document plus every remembered Repeatability-Request-ID (oldest first).
inline nlohmann::json snapshot_document(const room_store& store, time_point t) {
  nlohmann::json out = rooms_document(store, t);
  nlohmann::json ids = nlohmann::json::array();
  store.each_remembered([&](const std::string& id, time_point first_seen, const std::string& digest,
                            const std::optional<http_response>& answer) {
    nlohmann::json entry = {{"id", id},
                            {"firstSeen", format_service_time(first_seen)},
                            {"bodySha256", base64_encode(digest)}};
    if (answer) {
      nlohmann::json headers = nlohmann::json::array();
      for (const auto& [name, value] : answer->headers) {
        headers.push_back({name, value});
      }
      entry["answer"] = {{"status", answer->status}, {"headers", headers}, {"body", answer->body}};
    }
    ids.push_back(std::move(entry));
  });
  out["requestIds"] = std::move(ids);
  return out;
}

/// Reads a state document's rooms, checked whole before anything is stored; the error names the
/// entry and field. Missing fields get the service's defaults at `t` (a new 17-digit id,
/// validFrom now, validUntil 180 days on, role Attendee). Returns the ids stored.
class document_reader {
public:
  /// Reads `doc` (parsed JSON) for a store whose time is `t`.
  document_reader(const nlohmann::json& doc, time_point t) : doc_(doc), t_(t) {}

  /// Checks every room; the message of the first problem, or nullopt.
  std::optional<std::string> check() {
    if (!doc_.is_object()) {
      return std::string("the document must be a JSON object with a \"rooms\" array");
    }
    const auto rooms = doc_.find("rooms");
    if (rooms == doc_.end() || !rooms->is_array()) {
      return std::string("the document must have a \"rooms\" array");
    }
    for (std::size_t i = 0; i < rooms->size(); ++i) {
      if (auto bad = read_room((*rooms)[i], "rooms[" + std::to_string(i) + "]")) {
        return bad;
      }
    }
    return std::nullopt;
  }

  /// Stores the checked rooms (check() first); an id already stored is an error named there.
  std::vector<std::string> store(room_store& store, std::mt19937_64& random) {
    std::vector<std::string> ids;
    for (auto& [id, room] : read_) {
      if (id.empty()) {
        ids.push_back(store.add(random, std::move(room)).first);
      } else {
        store.add(id, std::move(room));
        ids.push_back(std::move(id));
      }
    }
    read_.clear();
    return ids;
  }

  /// The ids given in the document that `store` already has, for the caller to refuse.
  [[nodiscard]] std::optional<std::string> clash(const room_store& store) const {
    for (const auto& [id, room] : read_) {
      if (!id.empty() && store.rooms().count(id) != 0) {
        return "a room with id " + id + " exists already";
      }
    }
    return std::nullopt;
  }

private:
  static std::optional<time_point> time_field(const nlohmann::json& room, const char* name,
                                              std::string& problem, const std::string& where) {
    const auto it = room.find(name);
    if (it == room.end() || it->is_null()) {
      return std::nullopt;
    }
    auto parsed = it->is_string() ? parse_rfc3339(it->get_ref<const std::string&>())
                                  : std::optional<time_point>();
    if (!parsed) {
      problem = where + "." + name + " must be an RFC 3339 time, e.g. 2026-12-24T00:00:00Z";
    }
    return parsed;
  }

  std::optional<std::string> read_room(const nlohmann::json& room, const std::string& where) {
    if (!room.is_object()) {
      return where + " must be an object";
    }
    std::string id;
    if (const auto it = room.find("id"); it != room.end() && !it->is_null()) {
      if (!it->is_string() || validate_room_id(it->get_ref<const std::string&>())) {
        return where + ".id must be a string of 14 to 20 digits (or absent: one is made up)";
      }
      id = it->get_ref<const std::string&>();
      for (const auto& [seen, r] : read_) {
        if (seen == id) {
          return where + ".id " + id + " is given twice";
        }
      }
    }
    std::string problem;
    stored_room r;
    r.created_at = time_field(room, "createdAt", problem, where).value_or(t_);
    r.valid_from = time_field(room, "validFrom", problem, where).value_or(t_);
    r.valid_until = time_field(room, "validUntil", problem, where)
                        .value_or(saturating_add(r.valid_from, max_validity));
    if (!problem.empty()) {
      return problem;
    }
    if (r.valid_until <= r.valid_from) {
      return where + ".validUntil must be after validFrom";
    }
    if (const auto it = room.find("pstnDialOutEnabled"); it != room.end() && !it->is_null()) {
      if (!it->is_boolean()) {
        return where + ".pstnDialOutEnabled must be true or false";
      }
      r.pstn = it->get<bool>();
    }
    if (const auto it = room.find("roomJoinPolicy"); it != room.end() && !it->is_null()) {
      if (!it->is_string() || (*it != "InviteOnly" && *it != "CommunicationServiceUsers")) {
        return where + ".roomJoinPolicy must be InviteOnly or CommunicationServiceUsers";
      }
      r.join_policy = it->get<std::string>();
    }
    if (auto bad = read_roster(room, where, r)) {
      return bad;
    }
    read_.emplace_back(std::move(id), std::move(r));
    return std::nullopt;
  }

  static std::optional<std::string> read_roster(const nlohmann::json& room,
                                                const std::string& where, stored_room& r) {
    const auto roster = room.find("participants");
    if (roster == room.end() || roster->is_null()) {
      return std::nullopt;
    }
    if (!roster->is_array()) {
      return where + ".participants must be an array of {\"rawId\", \"role\"}";
    }
    for (std::size_t j = 0; j < roster->size(); ++j) {
      const auto& p = (*roster)[j];
      const std::string at = where + ".participants[" + std::to_string(j) + "]";
      const auto raw = p.is_object() ? p.find("rawId") : p.end();
      if (raw == p.end() || !raw->is_string() ||
          communication_identifier::classify(raw->get_ref<const std::string&>()) ==
              identifier_kind::unknown) {
        return at + ".rawId must be a communication identifier, e.g. 8:acs:<resource>_<user>";
      }
      std::string role = "Attendee";
      if (const auto it = p.find("role"); it != p.end() && !it->is_null()) {
        if (!it->is_string() || (*it != "Presenter" && *it != "Attendee" && *it != "Consumer" &&
                                 *it != "Collaborator")) {
          return at + ".role must be Presenter, Attendee, Consumer or Collaborator";
        }
        role = it->get<std::string>();
      }
      r.participants[raw->get<std::string>()] = std::move(role);
    }
    return std::nullopt;
  }

  const nlohmann::json& doc_;
  time_point t_;
  std::vector<std::pair<std::string, stored_room>> read_;
};

/// A remembered Repeatability-Request-ID as a snapshot holds it.
struct remembered_id {
  std::string id;                      ///< the Repeatability-Request-ID
  time_point first_seen;               ///< when it was first seen
  std::string digest;                  ///< SHA-256 of the body, raw bytes
  std::optional<http_response> answer; ///< the first answer, while within the window
};

/// Reads a snapshot's "requestIds" into `out`; the problem, or nullopt.
inline std::optional<std::string> read_request_ids(const nlohmann::json& doc,
                                                   std::vector<remembered_id>& out) {
  const auto ids = doc.find("requestIds");
  if (ids == doc.end()) {
    return std::nullopt;
  }
  if (!ids->is_array()) {
    return std::string("\"requestIds\" must be an array");
  }
  for (std::size_t i = 0; i < ids->size(); ++i) {
    const auto& e = (*ids)[i];
    const std::string at = "requestIds[" + std::to_string(i) + "]";
    std::string digest;
    const auto first = e.is_object() && e.contains("firstSeen") && e["firstSeen"].is_string()
                           ? parse_rfc3339(e["firstSeen"].get_ref<const std::string&>())
                           : std::nullopt;
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string() || !first ||
        !e.contains("bodySha256") || !e["bodySha256"].is_string() ||
        !base64_decode(e["bodySha256"].get_ref<const std::string&>(), digest)) {
      return at + " must have a string id, an RFC 3339 firstSeen and a base64 bodySha256";
    }
    std::optional<http_response> answer;
    if (const auto a = e.find("answer"); a != e.end()) {
      answer.emplace();
      const bool shaped = a->is_object() && a->contains("status") &&
                          (*a)["status"].is_number_integer() && a->contains("body") &&
                          (*a)["body"].is_string() && a->contains("headers") &&
                          (*a)["headers"].is_array();
      if (!shaped) {
        return at + ".answer must have an integer status, a headers array and a string body";
      }
      answer->status = (*a)["status"].get<int>();
      answer->body = (*a)["body"].get<std::string>();
      for (const auto& h : (*a)["headers"]) {
        if (!h.is_array() || h.size() != 2 || !h[0].is_string() || !h[1].is_string()) {
          return at + ".answer.headers must be [name, value] pairs of strings";
        }
        answer->headers.add(h[0].get<std::string>(), h[1].get<std::string>());
      }
    }
    out.push_back({e["id"].get<std::string>(), *first, std::move(digest), std::move(answer)});
  }
  return std::nullopt;
}

/// emulator::seed with the emulator's lock held: reads `document` whole, then stores it.
inline result<std::vector<std::string>> seed_store(room_store& store, std::mt19937_64& random,
                                                   std::string_view document, time_point t,
                                                   bool replace) {
  const auto doc = nlohmann::json::parse(document, nullptr, false);
  document_reader reader(doc, t);
  auto problem = doc.is_discarded() ? std::optional<std::string>("it is not JSON") : reader.check();
  if (!problem && !replace) {
    problem = reader.clash(store);
  }
  std::vector<remembered_id> remembered;
  if (!problem && replace) {
    problem = read_request_ids(doc, remembered);
  }
  if (problem) {
    return make_error(errc::invalid_argument, "the state document: " + *problem);
  }
  if (replace) {
    store.clear();
  }
  auto ids = reader.store(store, random);
  for (auto& r : remembered) {
    store.restore_remembered(std::move(r.id), r.first_seen, std::move(r.digest),
                             std::move(r.answer));
  }
  return ids;
}

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// RoomParticipant of 2022-02-01: {"communicationIdentifier":{"rawId","communicationUser"?},
/// "role"}; communicationUser only for ACS users (as in the spec's examples).
inline void append_participant_2022(std::string& out, const std::string& raw_id,
                                    const std::string& role) {
  out += "{\"communicationIdentifier\":{";
  append_member(out, "rawId", raw_id);
  if (communication_identifier::classify(raw_id) == identifier_kind::communication_user) {
    out += ",\"communicationUser\":{";
    append_member(out, "id", raw_id);
    out += '}';
  }
  out += "},";
  append_member(out, "role", role);
  out += '}';
}

/// `"participants":[...]` of a stored roster (ordered by raw id).
inline void append_roster_2022(std::string& out, const stored_room& r) {
  out += "\"participants\":[";
  bool first = true;
  for (const auto& [raw_id, role] : r.participants) {
    if (!first) {
      out += ',';
    }
    first = false;
    append_participant_2022(out, raw_id, role);
  }
  out += ']';
}

/// RoomModel of 2022-02-01.
inline std::string room_json_2022(const std::string& id, const stored_room& r) {
  std::string out = "{";
  append_member(out, "id", id);
  out += ',';
  append_member(out, "createdDateTime", format_service_time(r.created_at));
  out += ',';
  append_member(out, "validFrom", format_service_time(r.valid_from));
  out += ',';
  append_member(out, "validUntil", format_service_time(r.valid_until));
  out += ',';
  append_member(out, "roomJoinPolicy", r.join_policy);
  out += ',';
  append_roster_2022(out, r);
  out += '}';
  return out;
}

/// ParticipantsCollection of 2022-02-01.
inline http_response roster_response_2022(const stored_room& r) {
  std::string out = "{";
  append_roster_2022(out, r);
  out += '}';
  return json_response(200, std::move(out));
}

/// Reads `participants` (an array of RoomParticipant) into `out`; `required` when the
/// operation needs the member. Roles are checked unless `with_role` is false (remove).
inline std::optional<http_response> read_participants_2022(const incoming& c, const json& body,
                                                           bool required, bool with_role,
                                                           std::vector<roster_change>& out) {
  const auto list = body.find("participants");
  if (list == body.end() || list->is_null()) {
    if (required) {
      return bad_argument("participants", "The Participants field is required.");
    }
    return std::nullopt;
  }
  if (!list->is_array()) {
    return bad_argument("$.participants", "The JSON value could not be converted to "
                                          "List<RoomParticipant>.");
  }
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& p = (*list)[i];
    const std::string at = "$.participants[" + std::to_string(i) + "]";
    const auto id = p.is_object() ? p.find("communicationIdentifier") : p.end();
    if (!p.is_object() || id == p.end() || !id->is_object()) {
      return bad_argument(at + ".communicationIdentifier",
                          "The CommunicationIdentifier field is required.");
    }
    std::string raw_id;
    if (const auto raw = id->find("rawId"); raw != id->end() && raw->is_string()) {
      raw_id = raw->get<std::string>();
    }
    if (const auto user = id->find("communicationUser"); user != id->end() && user->is_object()) {
      const auto uid = user->find("id");
      const std::string user_id =
          uid != user->end() && uid->is_string() ? uid->get<std::string>() : std::string();
      if (user_id.empty() || (!raw_id.empty() && raw_id != user_id)) {
        return error_response(400, "BadRequest", "Invalid format for communication identifier.");
      }
      raw_id = user_id;
    }
    if (raw_id.empty() || communication_identifier::classify(raw_id) == identifier_kind::unknown) {
      return error_response(400, "BadRequest", "Invalid format for communication identifier.");
    }
    std::optional<std::string> role;
    if (with_role) {
      role = read_role(c, p); // absent: Attendee; Collaborator is not of this version
      if (!role) {
        return bad_argument(at + ".role", "The JSON value could not be converted to RoleType.");
      }
    }
    out.emplace_back(std::move(raw_id), std::move(role));
  }
  return std::nullopt;
}

/// Reads `roomJoinPolicy` into `policy` (absent or null: unchanged).
inline std::optional<http_response> read_join_policy(const json& body, std::string& policy) {
  const auto it = body.find("roomJoinPolicy");
  if (it == body.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string() || (*it != "InviteOnly" && *it != "CommunicationServiceUsers")) {
    return bad_argument("$.roomJoinPolicy",
                        "The JSON value could not be converted to RoomJoinPolicy.");
  }
  policy = it->get<std::string>();
  return std::nullopt;
}

/// The 2022-02-01 service over `store`: create, get, update, delete, get participants and
/// participants:add|:update|:remove. The caller holds the store's lock.
class service_2022 {
public:
  /// Serves `c` on `path` with `store` and the id source `random`.
  service_2022(const incoming& c, room_store& store, std::mt19937_64& random)
      : c_(c), store_(store), random_(random) {}

  /// The answer to the request on `path`.
  http_response serve(std::string_view path) {
    constexpr std::string_view root = "/rooms";
    if (path.substr(0, root.size()) != root) {
      return not_found();
    }
    path.remove_prefix(root.size());
    if (path.empty()) {
      return c_.method == "POST" ? create() : method_not_allowed(); // no listing in 2022-02-01
    }
    if (path.front() != '/') {
      return not_found();
    }
    path.remove_prefix(1);
    const auto slash = path.find('/');
    std::string id;
    if (!percent_decode(path.substr(0, slash), id)) {
      return error_response(400, "BadRequest", "Invalid room ID.");
    }
    if (auto bad = validate_room_id(id)) {
      return std::move(*bad);
    }
    const std::string_view rest =
        slash == std::string_view::npos ? std::string_view() : path.substr(slash);
    if (rest.empty()) {
      if (c_.method == "DELETE") {
        store_.erase(id);
        http_response gone;
        gone.status = 204;
        return gone;
      }
      return c_.method == "GET"     ? get(id)
             : c_.method == "PATCH" ? update(id)
                                    : method_not_allowed();
    }
    if (rest == "/participants") {
      return c_.method == "GET" ? participants(id) : method_not_allowed();
    }
    constexpr std::string_view action = "/participants:";
    if (rest.substr(0, action.size()) != action) {
      return not_found();
    }
    const std::string_view verb = rest.substr(action.size());
    if (verb != "add" && verb != "update" && verb != "remove") {
      return not_found();
    }
    return c_.method == "POST" ? roster_action(id, verb) : method_not_allowed();
  }

private:
  std::optional<http_response> check_repeatability() const {
    const auto& headers = c_.request->headers;
    const auto request_id = headers.get("Repeatability-Request-ID");
    if (request_id && !is_uuid(*request_id)) {
      return error_response(400, "BadRequest",
                            "The Repeatability-Request-ID header must be a UUID.",
                            "Repeatability-Request-ID");
    }
    const auto first_sent = headers.get("Repeatability-First-Sent");
    if (request_id &&
        (!first_sent || (!parse_rfc3339(*first_sent) && !parse_rfc1123(*first_sent)))) {
      return error_response(400, "BadRequest",
                            "The Repeatability-First-Sent header must be a date-time when "
                            "Repeatability-Request-ID is present.",
                            "Repeatability-First-Sent");
    }
    if (request_id) {
      auto sent = parse_rfc3339(*first_sent);
      if (!sent) {
        sent = parse_rfc1123(*first_sent);
      }
      if (!store_.within_window(*sent, c_.now)) {
        return outside_window(store_.window());
      }
    }
    return std::nullopt;
  }

  http_response create() {
    if (auto bad = check_repeatability()) {
      return std::move(*bad);
    }
    json body;
    if (auto bad = read_body(c_, "application/json", body)) {
      return std::move(*bad);
    }
    room_body fields;
    if (auto bad = read_room_body(c_, body, fields)) {
      return std::move(*bad);
    }
    stored_room r;
    if (auto bad = read_join_policy(body, r.join_policy)) {
      return std::move(*bad);
    }
    std::vector<roster_change> roster;
    if (auto bad = read_participants_2022(c_, body, false, true, roster)) {
      return std::move(*bad);
    }
    r.created_at = c_.now;
    r.valid_from = fields.valid_from.value_or(c_.now);
    r.valid_until = fields.valid_until.value_or(saturating_add(r.valid_from, max_validity));
    if (auto bad = check_range(c_.now, r.valid_from, r.valid_until)) {
      return std::move(*bad);
    }
    for (auto& [raw_id, role] : roster) {
      r.participants[raw_id] = std::move(*role);
    }
    // The same repeatability rules as the GA create (see emulator.hpp and docs/emulator.md).
    const auto request_id = c_.request->headers.get("Repeatability-Request-ID");
    std::string digest;
    if (request_id) {
      digest = portable_crypto().sha256(c_.request->body);
      if (auto answer = judge_repeat(store_, std::string(*request_id), digest, c_.now)) {
        return std::move(*answer);
      }
    }
    store_.sweep(c_.now);
    const auto& [id, stored] = store_.add(random_, std::move(r));
    http_response answer = json_response(201, room_json_2022(id, stored));
    if (request_id) {
      answer.headers.set("Repeatability-Result", "accepted");
      store_.remember(std::string(*request_id), c_.now, std::move(digest), answer);
    }
    return answer;
  }

  http_response get(const std::string& id) {
    const stored_room* r = store_.find_live(id, c_.now);
    return r ? json_response(200, room_json_2022(id, *r)) : not_found();
  }

  http_response update(const std::string& id) {
    json body;
    const bool merge =
        media_type_is(c_.request->headers.get("Content-Type"), "application/merge-patch+json");
    if (auto bad =
            read_body(c_, merge ? "application/merge-patch+json" : "application/json", body)) {
      return std::move(*bad);
    }
    room_body fields;
    if (auto bad = read_room_body(c_, body, fields)) {
      return std::move(*bad);
    }
    std::string policy;
    if (auto bad = read_join_policy(body, policy)) {
      return std::move(*bad);
    }
    std::vector<roster_change> roster;
    const bool replace = body.contains("participants") && !body["participants"].is_null();
    if (auto bad = read_participants_2022(c_, body, false, true, roster)) {
      return std::move(*bad);
    }
    stored_room* r = store_.find_live(id, c_.now);
    if (r == nullptr) {
      return not_found();
    }
    const time_point from = fields.valid_from.value_or(r->valid_from);
    const time_point until = fields.valid_until.value_or(r->valid_until);
    if (fields.valid_from || fields.valid_until) {
      if (auto bad = check_range(c_.now, from, until)) {
        return std::move(*bad);
      }
    }
    store_.set_validity(id, from, until);
    if (!policy.empty()) {
      r->join_policy = policy;
    }
    if (replace) {
      r->participants.clear();
      for (auto& [raw_id, role] : roster) {
        r->participants[raw_id] = std::move(*role);
      }
    }
    return json_response(200, room_json_2022(id, *r));
  }

  http_response participants(const std::string& id) {
    const stored_room* r = store_.find_live(id, c_.now);
    return r ? roster_response_2022(*r) : not_found();
  }

  http_response roster_action(const std::string& id, std::string_view verb) {
    json body;
    if (auto bad = read_body(c_, "application/json", body)) {
      return std::move(*bad);
    }
    std::vector<roster_change> changes;
    if (auto bad = read_participants_2022(c_, body, true, verb != "remove", changes)) {
      return std::move(*bad);
    }
    stored_room* r = store_.find_live(id, c_.now);
    if (r == nullptr) {
      return not_found();
    }
    for (auto& [raw_id, role] : changes) {
      if (verb == "remove") {
        r->participants.erase(raw_id); // a non-member: no change
      } else if (verb == "add") {
        r->participants.emplace(raw_id, *role); // already there: no change (the spec)
      } else if (auto it = r->participants.find(raw_id); it != r->participants.end()) {
        it->second = *role; // update: members only; a non-member is ignored (a guess)
      }
    }
    return roster_response_2022(*r);
  }

  const incoming& c_;
  room_store& store_;
  std::mt19937_64& random_;
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END

#include <nlohmann/json.hpp> // the whole parser, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// How an `emulator` behaves. Every field has a working default.
struct emulator_options {
  std::string access_key;                    ///< base64 access key; empty: a random 64-byte key
  std::optional<std::string> accepted_token; ///< also accept "Authorization: Bearer <token>"
  std::size_t page_size = 30;                ///< rooms and participants per page (0 counts as 1)
  std::function<time_point()> clock;         ///< empty: system_clock::now
  std::chrono::seconds repeatability_window{300}; ///< how long a Repeatability-Request-ID lives
  /// How long a Repeatability-Request-ID stays known after the window, so that reusing it
  /// answers 412 instead of creating again (kept: the id and its body's SHA-256).
  std::chrono::seconds repeatability_retention{86400};
  std::size_t repeatability_capacity = 100000; ///< at most this many ids kept; oldest go first
  std::vector<emulator_fault> faults; ///< the fault plan to start with (more: emulator::inject)
  std::uint64_t fault_seed = 0;       ///< seeds the draws of the faults' probabilities
  /// How a delay fault waits; empty: a real wait, which a caller's cancellation ends.
  std::function<void(std::chrono::milliseconds)> sleep;
  emulator_identity identity; ///< token endpoints to play (their tokens are accepted too)
};

/// The Azure Communication Services Rooms service, in process: `send()` takes a request and
/// answers it as the service would (authentication, the seven operations of api-versions
/// 2023-06-14, 2023-10-30-preview, 2024-04-15 and 2025-03-13, validation rules and error
/// bodies, repeatability, paging, expiry; and the retired 2022-02-01 dialect over the same
/// rooms, see emulator/v2022.hpp). State is in memory behind a mutex, so one emulator
/// may serve many threads. It satisfies Transport: pass it by reference to a client, e.g.
/// `make_client<emulator&>(emu.connection_string("https://emulator.local"), emu)`.
///
/// For tests of a caller's own retry and expiry handling it also injects faults (`inject`: canned
/// answers such as 503 with Retry-After, lost requests, lost answers, delays) and has a clock
/// the test moves (`advance`, `set_time`; give the client `clock()` too).
class emulator {
public:
  /// A fault to inject (see inject()); also spelled `emulator_fault`.
  using fault = emulator_fault;

  /// The api-versions served.
  static constexpr std::array<std::string_view, 5> supported_versions =
      detail::emu::supported_versions;

  /// An empty service. A missing access key is made up (see access_key()).
  explicit emulator(emulator_options options = {})
      : random_(seeded()), options_(complete(std::move(options), random_)),
        identity_(options_.identity),
        auth_(options_.access_key, options_.accepted_token, &identity_),
        links_(random_bytes(random_, 32)),
        store_(detail::emu::repeat_limits{options_.repeatability_window,
                                          options_.repeatability_retention,
                                          options_.repeatability_capacity}),
        plan_(options_.fault_seed) {
    for (auto& f : options_.faults) {
      plan_.add(std::move(f));
    }
    options_.faults.clear();
  }
  emulator(const emulator&) = delete;            ///< one service, one state
  emulator& operator=(const emulator&) = delete; ///< one service, one state

  /// Answers one request as the service would, after the fault plan. Thread-safe; never throws
  /// for any input (except std::bad_alloc and what the injected clock or sleep throws). Every
  /// body is JSON. This form has no way to say "no answer", so drop faults pass it by (they stay
  /// in the plan for the next `send(request, send_options)`).
  http_response send(const http_request& request) {
    auto answered = serve(request, nullptr);
    if (!answered) { // not reached: without limits only a drop ends without an answer
      return detail::emu::error_response(500, "InternalServerError", answered.error().message);
    }
    return std::move(*answered);
  }

  /// The Transport form (the one a client calls): as send(request), and every fault applies -
  /// a lost request or answer is a `transport_error` - and a delay honours `limits`: it ends
  /// with `cancelled` when the caller cancels, and without an answer (a `transport_error`) when
  /// the call's remaining time runs out first.
  result<http_response> send(const http_request& request, const send_options& limits) {
    return serve(request, &limits);
  }

  /// Adds `f` at the end of the fault plan; it applies from the next request. Thread-safe.
  void inject(emulator_fault f) {
    std::lock_guard<std::mutex> lock(mutex_);
    plan_.add(std::move(f));
  }

  /// Forgets every fault not used up yet.
  void clear_faults() {
    std::lock_guard<std::mutex> lock(mutex_);
    plan_.clear();
  }

  /// How many faults are not used up yet.
  [[nodiscard]] std::size_t pending_faults() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return plan_.pending();
  }

  /// The faults not used up yet, in plan order.
  [[nodiscard]] std::vector<emulator_fault> faults() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return plan_.faults();
  }

  /// Forgets every room, Repeatability-Request-ID and fault; the clock is left as it is.
  void reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    store_.clear();
    plan_.clear();
  }

  /// The rooms that exist now with their rosters, as JSON: {"rooms": [...]} (see
  /// emulator/snapshot.hpp); with `request_ids`, also the remembered Repeatability-Request-IDs.
  [[nodiscard]] std::string state(bool request_ids = false) const {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    return (request_ids ? detail::emu::snapshot_document(store_, t)
                        : detail::emu::rooms_document(store_, t))
        .dump();
  }

  /// Adds the rooms of a state document (what state() writes; ids, times and roles optional),
  /// all or none: the ids stored, or `invalid_argument` naming the entry at fault. With
  /// `replace`, what the emulator held is dropped first, and "requestIds" are read too.
  result<std::vector<std::string>> seed(std::string_view document, bool replace = false) {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    return detail::emu::seed_store(store_, random_, document, t, replace);
  }

  /// The emulator's time: the time set_time() stopped it at, else the injected clock (or the
  /// system clock), either moved by advance(). Every check uses it (x-ms-date, expiry, windows).
  [[nodiscard]] time_point now() const {
    std::unique_lock<std::mutex> lock(clock_mutex_);
    if (stopped_at_) {
      return *stopped_at_;
    }
    const auto offset = offset_;
    lock.unlock(); // the injected clock runs unlocked
    return (options_.clock ? options_.clock() : std::chrono::system_clock::now()) + offset;
  }

  /// Moves the emulator's time by `d` (back, when negative): rooms age out, windows pass.
  void advance(std::chrono::system_clock::duration d) {
    std::lock_guard<std::mutex> lock(clock_mutex_);
    if (stopped_at_) {
      *stopped_at_ += d;
    } else {
      offset_ += d;
    }
  }

  /// Stops the emulator's time at `t`; from then on only advance() and set_time() move it.
  void set_time(time_point t) {
    std::lock_guard<std::mutex> lock(clock_mutex_);
    stopped_at_ = t;
  }

  /// Lets a stopped time run again from where it stands; then it is the clock plus an offset.
  void resume_time() {
    const time_point base = options_.clock ? options_.clock() : std::chrono::system_clock::now();
    std::lock_guard<std::mutex> lock(clock_mutex_);
    if (stopped_at_) {
      offset_ = *stopped_at_ - base;
      stopped_at_.reset();
    }
  }

  /// The running time's offset from the clock, or nullopt while the time is stopped.
  [[nodiscard]] std::optional<std::chrono::system_clock::duration> time_offset() const {
    std::lock_guard<std::mutex> lock(clock_mutex_);
    return stopped_at_ ? std::nullopt : std::optional<std::chrono::system_clock::duration>(offset_);
  }

  /// A clock reading now(), for `client_options::clock`: a client must sign with the
  /// emulator's time, since x-ms-date is checked against it (±15 minutes). The emulator must
  /// outlive it.
  [[nodiscard]] std::function<time_point()> clock() const {
    return [this] { return now(); };
  }

  /// The 401 that send() answers to a request with these method, URL and headers whatever its
  /// body, or nullopt when they pass (send() still checks the body against its hash). Lets a
  /// server refuse an unauthenticated request before reading its body. While faults are
  /// planned it says nothing: the plan answers before authentication, in send(). Thread-safe.
  [[nodiscard]] std::optional<http_response> refuse_before_body(const http_request& head) const {
    const auto url = detail::parse_url(head.url);
    if (!url) {
      return std::nullopt; // send() answers 400 for it
    }
    if (pending_faults() != 0) {
      return std::nullopt; // the fault plan answers before authentication: let send() decide
    }
    return auth_.check(head, *url, now(), false);
  }

  /// The base64 access key that signs requests (the one given, or the one made up).
  [[nodiscard]] const std::string& access_key() const noexcept { return options_.access_key; }

  /// "endpoint=<endpoint>/;accesskey=<key>", ready for make_client or an official SDK.
  [[nodiscard]] std::string connection_string(std::string_view endpoint) const {
    return "endpoint=" + detail::normalize_endpoint(endpoint) +
           "/;accesskey=" + options_.access_key;
  }

  /// Rooms that exist now (created, not deleted, not expired).
  [[nodiscard]] std::size_t room_count() const {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    return store_.live_count(t);
  }

  /// The roster size of a room that exists now; nullopt for any other id.
  [[nodiscard]] std::optional<std::size_t> participant_count(std::string_view room_id) const {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    const stored_room* r = store_.find_live(std::string(room_id), t);
    return r ? std::optional<std::size_t>(r->participants.size()) : std::nullopt;
  }

private:
  /// The answer to `request`: the fault plan's, or the service's. `limits` is null for the
  /// form of send() that cannot lose an answer.
  result<http_response> serve(const http_request& request, const send_options* limits) {
    const auto url = detail::parse_url(request.url);
    detail::emu::fault_decision decided;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      decided =
          plan_.decide(request.method, url ? url->path : std::string_view(), limits != nullptr);
    }
    if (decided.delay > std::chrono::milliseconds::zero()) {
      if (auto stopped = wait(decided.delay, limits)) {
        return std::move(*stopped);
      }
    }
    if (decided.fate == emulator_fault::kind::respond) {
      return std::move(decided.answer);
    }
    if (decided.fate == emulator_fault::kind::drop_before) {
      return detail::make_error(errc::transport_error,
                                "no answer: the emulator lost the request (an injected fault)");
    }
    if (decided.fate == emulator_fault::kind::drop_after) {
      (void)answer(request);
      return detail::make_error(
          errc::transport_error,
          "no answer: the emulator acted, then lost its answer (an injected fault)");
    }
    return answer(request);
  }

  /// Waits `delay` (an injected one), or less: until the caller cancels or its time runs out.
  std::optional<error> wait(std::chrono::milliseconds delay, const send_options* limits) const {
    const bool cut = limits != nullptr && limits->timeout && *limits->timeout < delay;
    const auto span = cut ? std::max(*limits->timeout, std::chrono::milliseconds::zero()) : delay;
    bool cancelled = false;
    if (options_.sleep) {
      options_.sleep(span);
      cancelled = limits != nullptr && limits->cancellation.cancelled();
    } else if (limits != nullptr) {
      cancelled = !limits->cancellation.wait_for(span);
    } else {
      std::this_thread::sleep_for(span);
    }
    if (cancelled) {
      return detail::make_error(errc::cancelled, "cancelled during an injected delay");
    }
    if (cut) {
      return detail::make_error(errc::transport_error, "no answer within the call's remaining " +
                                                           std::to_string(span.count()) +
                                                           " ms (an injected delay of " +
                                                           std::to_string(delay.count()) + " ms)");
    }
    return std::nullopt;
  }

  /// The service's answer to `request`.
  http_response answer(const http_request& request) {
    incoming c;
    c.request = &request;
    c.method = request.method;
    c.now = now();
    const auto url = detail::parse_url(request.url);
    if (!url) {
      return detail::emu::error_response(400, "BadRequest", "The request URL is not valid.");
    }
    if (auto token = identity_.serve(request, *url, c.now)) {
      return std::move(*token); // a token endpoint (emulator/identity.hpp)
    }
    if (auto refused = auth_.check(request, *url, c.now)) {
      return std::move(*refused);
    }
    c.scheme = url->scheme;
    c.host = std::string(request.headers.get("Host").value_or(url->authority()));
    c.query = url->query;
    if (auto bad = detail::emu::read_version(url->query, c.version)) {
      return std::move(*bad);
    }
    return route(c, url->path);
  }

  using response = http_response;
  using incoming = detail::emu::incoming;
  using stored_room = detail::emu::stored_room;
  using roster_change = detail::emu::roster_change;

  static std::mt19937_64 seeded() {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }

  static std::string random_bytes(std::mt19937_64& random, std::size_t n) {
    std::string out(n, '\0');
    for (char& c : out) {
      c = static_cast<char>(random() & 0xFFU);
    }
    return out;
  }

  /// `options` with the defaults filled in: a random key, a page of at least one.
  static emulator_options complete(emulator_options options, std::mt19937_64& random) {
    if (options.access_key.empty()) {
      options.access_key = detail::base64_encode(random_bytes(random, 64));
    }
    if (options.page_size == 0) {
      options.page_size = 1;
    }
    return options;
  }

  /// Runs the operation the method and path name, in the dialect of the request's version.
  response route(const incoming& c, std::string_view path) {
    if (detail::version_is_2022_dialect(c.version)) {
      std::lock_guard<std::mutex> lock(mutex_);
      return detail::emu::service_2022(c, store_, random_).serve(path);
    }
    return detail::emu::service_ga{store_, mutex_, random_, links_, options_.page_size}.serve(c,
                                                                                              path);
  }

  std::mt19937_64 random_; // guarded by mutex_ once constructed
  emulator_options options_;
  detail::emu::identity_service identity_; // before auth_, which refers to it
  detail::emu::authenticator auth_;
  detail::emu::link_signer links_; // signs nextLink tokens
  mutable std::mutex mutex_;       // guards store_, plan_ and random_
  detail::emu::room_store store_;
  detail::emu::fault_plan plan_;
  mutable std::mutex clock_mutex_; // guards offset_ and stopped_at_
  std::chrono::system_clock::duration offset_{0};
  std::optional<time_point> stopped_at_;
};

ACS_ROOMS_NAMESPACE_END

#endif // ACS_ROOMS_SINGLE_INCLUDE_EMULATOR_HPP
