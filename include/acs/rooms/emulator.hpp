// SPDX-License-Identifier: MIT
// acs_rooms layer 6 (optional): the emulator - the Rooms service in process, over its parts.
#pragma once

#include <acs/rooms/connection_string.hpp>
#include <acs/rooms/detail/base64.hpp>
#include <acs/rooms/detail/url.hpp>
#include <acs/rooms/emulator/auth.hpp>
#include <acs/rooms/emulator/paging.hpp>
#include <acs/rooms/emulator/routing.hpp>
#include <acs/rooms/emulator/store.hpp>
#include <acs/rooms/emulator/validation.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/requests.hpp>
#include <acs/rooms/serialization.hpp>
#include <acs/rooms/time.hpp>

#include <nlohmann/json.hpp> // the whole parser, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
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
};

/// The Azure Communication Services Rooms service, in process: `send()` takes a request and
/// answers it as the service would (authentication, the seven operations of api-versions
/// 2023-06-14, 2023-10-30-preview, 2024-04-15 and 2025-03-13, validation rules and error
/// bodies, repeatability, paging, expiry). State is in memory behind a mutex, so one emulator
/// may serve many threads. It satisfies Transport: pass it by reference to a client, e.g.
/// `make_client<emulator&>(emu.connection_string("https://emulator.local"), emu)`.
class emulator {
public:
  /// The api-versions served.
  static constexpr std::array<std::string_view, 4> supported_versions =
      detail::emu::supported_versions;

  /// An empty service. A missing access key is made up (see access_key()).
  explicit emulator(emulator_options options = {})
      : random_(seeded()), options_(complete(std::move(options), random_)),
        auth_(options_.access_key, options_.accepted_token), links_(random_bytes(random_, 32)),
        store_(options_.repeatability_window) {}
  emulator(const emulator&) = delete;            ///< one service, one state
  emulator& operator=(const emulator&) = delete; ///< one service, one state

  /// Answers one request as the service would. Thread-safe; never throws for any input
  /// (except std::bad_alloc and what the injected clock throws). Every body is JSON.
  http_response send(const http_request& request) {
    call c;
    c.request = &request;
    c.method = request.method;
    c.now = now();
    const auto url = detail::parse_url(request.url);
    if (!url) {
      return detail::emu::error_response(400, "BadRequest", "The request URL is not valid.");
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
  using response = http_response;
  using call = detail::emu::call;
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

  time_point now() const {
    return options_.clock ? options_.clock() : std::chrono::system_clock::now();
  }

  /// Runs the operation the method and path name.
  response route(const call& c, std::string_view path) {
    detail::emu::route to;
    if (auto bad = detail::emu::match_route(c.method, path, to)) {
      return std::move(*bad);
    }
    switch (to.op) {
    case detail::emu::operation::create_room:
      return create_room(c);
    case detail::emu::operation::list_rooms:
      return list_rooms(c);
    case detail::emu::operation::get_room:
      return get_room(c, to.room_id);
    case detail::emu::operation::update_room:
      return update_room(c, to.room_id);
    case detail::emu::operation::delete_room:
      return delete_room(to.room_id);
    case detail::emu::operation::list_participants:
      return list_participants(c, to.room_id);
    case detail::emu::operation::update_participants:
      break; // below, so that every path visibly returns
    }
    return update_participants(c, to.room_id);
  }

  response create_room(const call& c) {
    const auto& headers = c.request->headers;
    const auto request_id = headers.get("Repeatability-Request-ID");
    if (request_id && !detail::is_uuid(*request_id)) {
      return detail::emu::error_response(400, "BadRequest",
                                         "The Repeatability-Request-ID header must be a UUID.",
                                         "Repeatability-Request-ID");
    }
    if (request_id) {
      const auto first_sent = headers.get("Repeatability-First-Sent");
      if (!first_sent || !parse_rfc1123(*first_sent)) {
        return detail::emu::error_response(
            400, "BadRequest",
            "The Repeatability-First-Sent header must be an RFC 1123 date when "
            "Repeatability-Request-ID is present.",
            "Repeatability-First-Sent");
      }
    }
    detail::json body;
    if (auto bad = detail::emu::read_body(c, "application/json", body)) {
      return std::move(*bad);
    }
    detail::emu::room_fields fields;
    if (auto bad = detail::emu::read_room_fields(c, body, fields)) {
      return std::move(*bad);
    }
    const time_point from = fields.valid_from.value_or(c.now);
    const time_point until = fields.valid_until.value_or(from + detail::emu::max_validity);
    if (auto bad = detail::emu::check_range(c.now, from, until)) {
      return std::move(*bad);
    }
    stored_room r;
    r.created_at = c.now;
    r.valid_from = from;
    r.valid_until = until;
    r.pstn = fields.pstn.value_or(false);
    std::vector<roster_change> roster;
    if (auto bad =
            detail::emu::read_roster(c, body, false, "Invalid format for communication identifier.",
                                     "createRoomRequestDto", roster)) {
      return std::move(*bad);
    }
    for (auto& [raw_id, role] : roster) {
      r.participants[raw_id] = std::move(*role);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (request_id) {
      if (const response* first = store_.repeated(std::string(*request_id), c.now)) {
        return *first; // the first answer again; nothing is created
      }
    }
    std::string id = store_.new_id(random_);
    response answer = detail::emu::json_response(201, detail::emu::room_json(id, r, c.version));
    answer.headers.set("Location", id);
    if (request_id) {
      answer.headers.set("Repeatability-Result", "accepted");
      store_.remember(std::string(*request_id), c.now, answer);
    }
    store_.add(std::move(id), std::move(r));
    return answer;
  }

  response get_room(const call& c, const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    const stored_room* r = store_.find_live(id, c.now);
    return r ? detail::emu::json_response(200, detail::emu::room_json(id, *r, c.version))
             : detail::emu::not_found();
  }

  response update_room(const call& c, const std::string& id) {
    detail::json body;
    if (auto bad = detail::emu::read_body(c, "application/merge-patch+json", body)) {
      return std::move(*bad);
    }
    detail::emu::room_fields fields;
    if (auto bad = detail::emu::read_room_fields(c, body, fields)) {
      return std::move(*bad);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    stored_room* r = store_.find_live(id, c.now);
    if (r == nullptr) {
      return detail::emu::not_found();
    }
    if (fields.valid_from || fields.valid_until) {
      const time_point from = fields.valid_from.value_or(r->valid_from);
      const time_point until = fields.valid_until.value_or(r->valid_until);
      if (auto bad = detail::emu::check_range(c.now, from, until)) {
        return std::move(*bad);
      }
      r->valid_from = from;
      r->valid_until = until;
    }
    if (fields.pstn) {
      r->pstn = *fields.pstn;
    }
    return detail::emu::json_response(200, detail::emu::room_json(id, *r, c.version));
  }

  response delete_room(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    store_.erase(id); // deleting again (or an unknown id) is still 204, as recorded
    response answer;
    answer.status = 204;
    return answer;
  }

  response update_participants(const call& c, const std::string& id) {
    detail::json body;
    if (auto bad = detail::emu::read_body(c, "application/merge-patch+json", body)) {
      return std::move(*bad);
    }
    // Everything is checked before anything is applied: no half-applied roster.
    std::vector<roster_change> changes;
    if (auto bad = detail::emu::read_roster(c, body, true, "Invalid value for the Participants.",
                                            "updateParticipantsRequestDto", changes)) {
      return std::move(*bad);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    stored_room* r = store_.find_live(id, c.now);
    if (r == nullptr) {
      return detail::emu::not_found();
    }
    for (auto& [raw_id, role] : changes) {
      if (role) {
        r->participants[raw_id] = std::move(*role);
      } else {
        r->participants.erase(raw_id); // removing a non-member is a no-op
      }
    }
    return detail::emu::json_response(200, "{}");
  }

  response list_rooms(const call& c) {
    const auto start = links_.start_position(c, 'r', "");
    if (!start) {
      return detail::emu::bad_link();
    }
    std::optional<std::string> next_after;
    std::lock_guard<std::mutex> lock(mutex_);
    std::string body = detail::emu::page_json(
        store_.rooms(), *start, options_.page_size,
        [&](const stored_room& r) { return detail::emu::room_store::live(r, c.now); },
        [&](std::string& out, const std::string& id, const stored_room& r) {
          out += detail::emu::room_json(id, r, c.version);
        },
        next_after);
    if (next_after) {
      body += ',';
      detail::emu::append_member(body, "nextLink",
                                 links_.next_link(c, "/rooms", 'r', "", *next_after));
    }
    body += '}';
    return detail::emu::json_response(200, std::move(body));
  }

  response list_participants(const call& c, const std::string& id) {
    const auto start = links_.start_position(c, 'p', id);
    if (!start) {
      return detail::emu::bad_link();
    }
    std::optional<std::string> next_after;
    std::lock_guard<std::mutex> lock(mutex_);
    const stored_room* r = store_.find_live(id, c.now);
    if (r == nullptr) {
      return detail::emu::not_found();
    }
    std::string body = detail::emu::page_json(
        r->participants, *start, options_.page_size, [](const std::string&) { return true; },
        detail::emu::append_participant_json, next_after);
    if (next_after) {
      body += ',';
      detail::emu::append_member(
          body, "nextLink",
          links_.next_link(c, "/rooms/" + id + "/participants", 'p', id, *next_after));
    }
    body += '}';
    return detail::emu::json_response(200, std::move(body));
  }

  std::mt19937_64 random_; // guarded by mutex_ once constructed
  emulator_options options_;
  detail::emu::authenticator auth_;
  detail::emu::link_signer links_; // signs nextLink tokens
  mutable std::mutex mutex_;       // guards store_ and random_
  detail::emu::room_store store_;
};

ACS_ROOMS_NAMESPACE_END
