// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit.
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.
#pragma once

#include <acs/rooms.hpp> // the whole core, from the single header

#include <date/date.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
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

/// Appends `"name":"value"` (value escaped); the caller adds the separators.
inline void append_member(std::string& out, std::string_view name, std::string_view value) {
  append_json_string(out, name);
  out += ':';
  if (!append_json_string(out, value)) {
    out += "\"\""; // unreachable for text that came out of the JSON parser
  }
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

/// A 2xx JSON response.
inline http_response json_response(int status, std::string body) {
  http_response response;
  response.status = status;
  response.headers.set("Content-Type", "application/json; charset=utf-8");
  response.body = std::move(body);
  return response;
}

/// The service's time style: "+00:00" offset and 7 fractional digits (100 ns ticks, floored).
inline std::string format_service_time(time_point t) {
  using ticks = std::chrono::duration<std::int64_t, std::ratio<1, 10000000>>;
  const auto tt = date::floor<ticks>(t);
  const auto day = date::floor<date::days>(tt);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss<ticks> tod{tt - day};
  std::string out(33, '\0'); // YYYY-MM-DDTHH:MM:SS.fffffff+00:00
  char* p = out.data();
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
  *p++ = '.';
  p = write_digits(p, static_cast<unsigned>(tod.subseconds().count()), 7);
  std::copy_n("+00:00", 6, p);
  return out;
}

/// Decodes %XX escapes; false on a malformed escape.
inline bool percent_decode(std::string_view in, std::string& out) {
  out.clear();
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  };
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

/// True for a media type equal to `expected`, parameters (e.g. charset) ignored.
inline bool media_type_is(std::optional<std::string_view> value, std::string_view expected) {
  if (!value) {
    return false;
  }
  return iequals(trim(value->substr(0, value->find(';'))), expected);
}

/// A room as stored: the model plus its roster, keyed (and so listed) by raw id.
struct stored_room {
  time_point created_at;
  time_point valid_from;
  time_point valid_until;
  bool pstn = false;
  std::map<std::string, std::string> participants; // raw id -> role
};

/// What a route needs to know about the request.
struct call {
  std::string_view method;
  std::string scheme;
  std::string host; // as the client addressed us, for nextLinks
  std::string_view query;
  std::string version; // the api-version
  time_point now;
  const http_request* request = nullptr;
};

} // namespace emu
} // namespace detail

/// The Azure Communication Services Rooms service, in process: `send()` takes a request and
/// answers it as the service would (authentication, the seven operations of api-versions
/// 2023-06-14, 2023-10-30-preview, 2024-04-15 and 2025-03-13, validation rules and error
/// bodies, repeatability, paging, expiry). State is in memory behind a mutex, so one emulator
/// may serve many threads. It satisfies Transport: pass it by reference to a client, e.g.
/// `make_client<emulator&>(emu.connection_string("https://emulator.local"), emu)`.
class emulator {
public:
  /// The api-versions served.
  static constexpr std::array<std::string_view, 4> supported_versions = {
      "2023-06-14", "2023-10-30-preview", "2024-04-15", "2025-03-13"};

  /// An empty service. A missing access key is made up (see access_key()).
  explicit emulator(emulator_options options = {}) : options_(std::move(options)) {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(), device(), device()};
    random_.seed(seed);
    if (options_.access_key.empty()) {
      options_.access_key = detail::base64_encode(random_bytes(64));
    }
    std::string key;
    if (detail::base64_decode(detail::trim(options_.access_key), key) && !key.empty()) {
      key_ = crypto_.prepare_hmac_key(key);
    } // else: no HMAC request can succeed; key_ stays invalid
    detail::secure_zero(key.data(), key.size());
    // Binds nextLink tokens to this emulator: a client cannot forge one.
    link_key_ = crypto_.prepare_hmac_key(random_bytes(32));
    if (options_.page_size == 0) {
      options_.page_size = 1;
    }
  }
  emulator(const emulator&) = delete;            ///< one service, one state
  emulator& operator=(const emulator&) = delete; ///< one service, one state

  /// Answers one request as the service would. Thread-safe; never throws for any input
  /// (except std::bad_alloc and what the injected clock throws).
  http_response send(const http_request& request) {
    detail::emu::call c;
    c.request = &request;
    c.method = request.method;
    c.now = now();
    const auto url = detail::parse_url(request.url);
    if (!url) {
      return detail::emu::error_response(400, "BadRequest", "The request URL is not valid.");
    }
    if (auto refused = authenticate(request, *url, c.now)) {
      return std::move(*refused);
    }
    c.scheme = url->scheme;
    c.host = std::string(request.headers.get("Host").value_or(url->authority()));
    c.query = url->query;
    const auto version = detail::emu::query_param(url->query, "api-version");
    if (!version) {
      return detail::emu::error_response(
          400, "BadRequest", "The api-version query parameter is required.", "api-version");
    }
    if (std::find(supported_versions.begin(), supported_versions.end(), *version) ==
        supported_versions.end()) {
      return detail::emu::error_response(
          400, "BadRequest",
          "The api-version '" + version->substr(0, 64) +
              "' is not supported. Supported versions: 2023-06-14, 2023-10-30-preview, "
              "2024-04-15, 2025-03-13.",
          "api-version");
    }
    c.version = *version;
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
    return static_cast<std::size_t>(std::count_if(
        rooms_.begin(), rooms_.end(), [&](const auto& r) { return t < r.second.valid_until; }));
  }

  /// The roster size of a room that exists now; nullopt for any other id.
  [[nodiscard]] std::optional<std::size_t> participant_count(std::string_view room_id) const {
    const time_point t = now();
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = rooms_.find(std::string(room_id));
    if (it == rooms_.end() || !(t < it->second.valid_until)) {
      return std::nullopt;
    }
    return it->second.participants.size();
  }

private:
  using response = http_response;
  using stored_room = detail::emu::stored_room;
  using call = detail::emu::call;
  static constexpr std::chrono::hours max_validity{24 * 180};

  time_point now() const {
    return options_.clock ? options_.clock() : std::chrono::system_clock::now();
  }

  std::string random_bytes(std::size_t n) {
    std::string out(n, '\0');
    for (char& c : out) {
      c = static_cast<char>(random_() & 0xFFU);
    }
    return out;
  }

  static response unauthorized(std::string_view why) {
    return detail::emu::error_response(401, "Unauthorized", why);
  }

  /// The HMAC scheme exactly as the service checks it, or the configured bearer token.
  std::optional<response> authenticate(const http_request& request, const detail::url_parts& url,
                                       time_point t) const {
    const auto authorization = request.headers.get("Authorization");
    if (!authorization) {
      return unauthorized("The request has no Authorization header.");
    }
    const std::string_view value = detail::trim(*authorization);
    if (value.size() > 7 && detail::iequals(value.substr(0, 7), "Bearer ")) {
      if (options_.accepted_token &&
          detail::constant_time_equal(detail::trim(value.substr(7)), *options_.accepted_token)) {
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
    const auto skew = *sent > t ? *sent - t : t - *sent;
    if (skew > std::chrono::minutes(15)) {
      return unauthorized("The x-ms-date header is more than 15 minutes away from the time of "
                          "the service.");
    }
    const auto hash = request.headers.get("x-ms-content-sha256");
    if (!hash || *hash != detail::base64_encode(crypto_.sha256(request.body))) {
      return unauthorized("The x-ms-content-sha256 header does not match the body.");
    }
    const std::string host(request.headers.get("Host").value_or(url.authority()));
    const std::string expected = detail::base64_encode(crypto_.hmac_sha256(
        key_, string_to_sign(request.method, url.path_and_query(), *date, host, *hash)));
    if (expected.size() != 44 ||
        !detail::constant_time_equal(value.substr(prefix.size()), expected)) {
      return unauthorized("The HMAC signature does not match: check the access key, and that "
                          "the method, path and query, x-ms-date, Host and body are signed as "
                          "sent.");
    }
    return std::nullopt;
  }

  /// Dispatches on method and path: /rooms, /rooms/{id}, /rooms/{id}/participants.
  response route(const call& c, std::string_view path) {
    constexpr std::string_view root = "/rooms";
    if (path.substr(0, root.size()) != root) {
      return not_found();
    }
    path.remove_prefix(root.size());
    if (path.empty()) {
      if (c.method == "POST") {
        return create_room(c);
      }
      if (c.method == "GET") {
        return list_rooms(c);
      }
      return method_not_allowed();
    }
    if (path.front() != '/') {
      return not_found();
    }
    path.remove_prefix(1);
    const auto slash = path.find('/');
    std::string id;
    if (!detail::emu::percent_decode(path.substr(0, slash), id)) {
      return detail::emu::error_response(400, "BadRequest", "Invalid room ID.");
    }
    const std::string_view rest =
        slash == std::string_view::npos ? std::string_view() : path.substr(slash);
    if (rest.empty()) {
      if (c.method != "GET" && c.method != "PATCH" && c.method != "DELETE") {
        return method_not_allowed();
      }
    } else if (rest == "/participants") {
      if (c.method != "GET" && c.method != "PATCH") {
        return method_not_allowed();
      }
    } else {
      return not_found();
    }
    if (auto bad = check_room_id(id)) {
      return std::move(*bad);
    }
    if (rest.empty()) {
      return c.method == "GET"     ? get_room(c, id)
             : c.method == "PATCH" ? update_room(c, id)
                                   : delete_room(id);
    }
    return c.method == "GET" ? list_participants(c, id) : update_participants(c, id);
  }

  static response not_found() {
    return detail::emu::error_response(404, "NotFound",
                                       "The server cannot find the requested resource.");
  }

  static response method_not_allowed() {
    return detail::emu::error_response(405, "MethodNotAllowed",
                                       "The method is not allowed for the requested resource.");
  }

  /// The recorded rule: 14 to 20 characters, all digits.
  static std::optional<response> check_room_id(std::string_view id) {
    if (id.size() < 14 || id.size() > 20) {
      return detail::emu::error_response(400, "BadRequest", "Invalid room ID length.");
    }
    if (!std::all_of(id.begin(), id.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      return detail::emu::error_response(400, "BadRequest", "Invalid room ID.");
    }
    return std::nullopt;
  }

  /// The JSON object body of a POST or PATCH, or the error to answer.
  static std::optional<response> read_body(const call& c, std::string_view media_type,
                                           detail::json& body) {
    if (!detail::emu::media_type_is(c.request->headers.get("Content-Type"), media_type)) {
      return detail::emu::error_response(
          415, "UnsupportedMediaType", "The Content-Type must be " + std::string(media_type) + ".");
    }
    if (detail::trim(c.request->body).empty()) {
      return detail::emu::bad_argument("", "A non-empty request body is required.");
    }
    if (!detail::parse_json(c.request->body, body)) {
      return detail::emu::bad_argument("$", "The JSON value could not be parsed.");
    }
    if (!body.is_object()) {
      return detail::emu::bad_argument("$", "The JSON value could not be converted to an "
                                            "object.");
    }
    return std::nullopt;
  }

  /// The validFrom / validUntil / pstnDialOutEnabled of a create or update body.
  struct room_fields {
    std::optional<time_point> valid_from;
    std::optional<time_point> valid_until;
    std::optional<bool> pstn;
  };

  /// Reads the room fields with this version's rules; null counts as absent.
  static std::optional<response> read_room_fields(const call& c, const detail::json& body,
                                                  room_fields& out) {
    const auto read_time = [&](const char* name,
                               std::optional<time_point>& t) -> std::optional<response> {
      const auto it = body.find(name);
      if (it == body.end() || it->is_null()) {
        return std::nullopt;
      }
      if (it->is_string()) {
        t = parse_rfc3339(it->get_ref<const std::string&>());
      }
      if (!t) {
        return detail::emu::bad_argument(std::string("$.") + name,
                                         "The JSON value could not be converted to "
                                         "System.DateTimeOffset.");
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
    if (pstn != body.end() && !detail::version_has_pstn(c.version)) {
      return detail::emu::bad_argument("pstnDialOutEnabled",
                                       "pstnDialOutEnabled is not supported by api-version " +
                                           c.version + ".");
    }
    if (pstn != body.end() && !pstn->is_null()) {
      if (!pstn->is_boolean()) {
        return detail::emu::bad_argument("$.pstnDialOutEnabled",
                                         "The JSON value could not be converted to "
                                         "System.Boolean.");
      }
      out.pstn = pstn->get<bool>();
    }
    return std::nullopt;
  }

  /// The service's range rules, in the order the recordings suggest.
  static std::optional<response> check_range(time_point t, time_point from, time_point until) {
    if (from > t + max_validity) {
      return detail::emu::bad_argument("ValidFrom",
                                       "Value is incorrect or more than 180 days in the future.");
    }
    if (until < t) {
      return detail::emu::bad_argument("ValidUntil", "The time range end is in the past.");
    }
    if (until <= from || until - from > max_validity) {
      return detail::emu::bad_argument("ValidUntil",
                                       "The time range is incorrect, or larger than 180 days.");
    }
    return std::nullopt;
  }

  /// A role value (absent or null: Attendee); nullopt when unknown to this version.
  static std::optional<std::string> read_role(const call& c, const detail::json& properties) {
    const auto it = properties.find("role");
    if (it == properties.end() || it->is_null()) {
      return std::string("Attendee");
    }
    if (!it->is_string()) {
      return std::nullopt;
    }
    const auto& role = it->get_ref<const std::string&>();
    if (role == "Presenter" || role == "Attendee" || role == "Consumer" ||
        (role == "Collaborator" && detail::version_has_collaborator(c.version))) {
      return role;
    }
    return std::nullopt;
  }

  /// The two details the service gives for a role it cannot read.
  static response bad_role(std::string_view raw_id, std::string_view dto) {
    return detail::emu::error_response(
        400, "BadRequest", detail::emu::malformed_syntax, {},
        {{"BadArgument", "The " + std::string(dto) + " field is required.", std::string(dto)},
         {"BadArgument",
          "The JSON value could not be converted to "
          "Azure.Communication.Rooms.Models.RoleDto.",
          "$.participants." + std::string(raw_id) + ".role"}});
  }

  /// One roster change: a role to set, or nullopt to remove the participant.
  using roster_change = std::pair<std::string, std::optional<std::string>>;

  /// Reads a request's `participants` map into `changes`, checking every entry before anything
  /// is applied. On create (`null_removes` false) a null entry means Attendee; in the
  /// participants PATCH it means remove. Raw-id and role errors are worded as the service words
  /// them for that operation (`invalid_id_message`, `dto`).
  static std::optional<response> read_roster(const call& c, const detail::json& body,
                                             bool null_removes, std::string_view invalid_id_message,
                                             std::string_view dto,
                                             std::vector<roster_change>& changes) {
    const auto participants = body.find("participants");
    if (participants == body.end() || participants->is_null()) {
      return std::nullopt;
    }
    if (!participants->is_object()) {
      return detail::emu::bad_argument("$.participants",
                                       "The JSON value could not be converted to "
                                       "Dictionary<string, ParticipantPropertiesDto>.");
    }
    for (const auto& [raw_id, properties] : participants->items()) {
      if (communication_identifier::classify(raw_id) == identifier_kind::unknown) {
        return detail::emu::error_response(400, "BadRequest", invalid_id_message);
      }
      if (properties.is_null()) {
        changes.emplace_back(raw_id,
                             null_removes ? std::nullopt : std::optional<std::string>("Attendee"));
        continue;
      }
      if (!properties.is_object()) {
        return detail::emu::bad_argument("$.participants." + raw_id,
                                         "The JSON value could not be converted to "
                                         "ParticipantPropertiesDto.");
      }
      auto role = read_role(c, properties);
      if (!role) {
        return bad_role(raw_id, dto);
      }
      changes.emplace_back(raw_id, std::move(role));
    }
    return std::nullopt;
  }

  /// RoomModel JSON, with pstnDialOutEnabled only where the version has it.
  static std::string room_json(const std::string& id, const stored_room& r,
                               std::string_view version) {
    std::string out = "{";
    detail::emu::append_member(out, "id", id);
    out += ',';
    detail::emu::append_member(out, "createdAt", detail::emu::format_service_time(r.created_at));
    out += ',';
    detail::emu::append_member(out, "validFrom", detail::emu::format_service_time(r.valid_from));
    out += ',';
    detail::emu::append_member(out, "validUntil", detail::emu::format_service_time(r.valid_until));
    if (detail::version_has_pstn(version)) {
      out += r.pstn ? ",\"pstnDialOutEnabled\":true" : ",\"pstnDialOutEnabled\":false";
    }
    out += '}';
    return out;
  }

  /// The room `id` if it exists now (not deleted, not expired); needs the lock.
  stored_room* find_live(const std::string& id, time_point t) {
    const auto it = rooms_.find(id);
    return it == rooms_.end() || !(t < it->second.valid_until) ? nullptr : &it->second;
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
    if (auto bad = read_body(c, "application/json", body)) {
      return std::move(*bad);
    }
    room_fields fields;
    if (auto bad = read_room_fields(c, body, fields)) {
      return std::move(*bad);
    }
    const time_point from = fields.valid_from.value_or(c.now);
    const time_point until = fields.valid_until.value_or(from + max_validity);
    if (auto bad = check_range(c.now, from, until)) {
      return std::move(*bad);
    }
    stored_room r;
    r.created_at = c.now;
    r.valid_from = from;
    r.valid_until = until;
    r.pstn = fields.pstn.value_or(false);
    std::vector<roster_change> roster;
    if (auto bad = read_roster(c, body, false, "Invalid format for communication identifier.",
                               "createRoomRequestDto", roster)) {
      return std::move(*bad);
    }
    for (auto& [raw_id, role] : roster) {
      r.participants[raw_id] = std::move(*role);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (request_id) {
      forget_old_requests(c.now);
      const auto seen = repeat_.find(std::string(*request_id));
      if (seen != repeat_.end()) {
        return seen->second.second; // the first answer again; nothing is created
      }
    }
    std::string id = new_room_id();
    response answer = detail::emu::json_response(201, room_json(id, r, c.version));
    answer.headers.set("Location", id);
    if (request_id) {
      answer.headers.set("Repeatability-Result", "accepted");
      repeat_.emplace(std::string(*request_id), std::make_pair(c.now, answer));
      repeat_order_.emplace_back(c.now, std::string(*request_id));
    }
    rooms_.emplace(std::move(id), std::move(r));
    return answer;
  }

  /// Drops request ids older than the window; needs the lock.
  void forget_old_requests(time_point t) {
    while (!repeat_order_.empty() &&
           repeat_order_.front().first + options_.repeatability_window <= t) {
      repeat_.erase(repeat_order_.front().second);
      repeat_order_.pop_front();
    }
  }

  /// A fresh 17-digit id, like the service's; needs the lock.
  std::string new_room_id() {
    std::uniform_int_distribution<std::uint64_t> digits(10000000000000000ULL, 99999999999999999ULL);
    for (;;) {
      std::string id = std::to_string(digits(random_));
      if (rooms_.find(id) == rooms_.end()) {
        return id;
      }
    }
  }

  response get_room(const call& c, const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    const stored_room* r = find_live(id, c.now);
    return r ? detail::emu::json_response(200, room_json(id, *r, c.version)) : not_found();
  }

  response update_room(const call& c, const std::string& id) {
    detail::json body;
    if (auto bad = read_body(c, "application/merge-patch+json", body)) {
      return std::move(*bad);
    }
    room_fields fields;
    if (auto bad = read_room_fields(c, body, fields)) {
      return std::move(*bad);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    stored_room* r = find_live(id, c.now);
    if (r == nullptr) {
      return not_found();
    }
    if (fields.valid_from || fields.valid_until) {
      const time_point from = fields.valid_from.value_or(r->valid_from);
      const time_point until = fields.valid_until.value_or(r->valid_until);
      if (auto bad = check_range(c.now, from, until)) {
        return std::move(*bad);
      }
      r->valid_from = from;
      r->valid_until = until;
    }
    if (fields.pstn) {
      r->pstn = *fields.pstn;
    }
    return detail::emu::json_response(200, room_json(id, *r, c.version));
  }

  response delete_room(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    rooms_.erase(id); // deleting again (or an unknown id) is still 204, as recorded
    response answer;
    answer.status = 204;
    return answer;
  }

  response update_participants(const call& c, const std::string& id) {
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
    std::lock_guard<std::mutex> lock(mutex_);
    stored_room* r = find_live(id, c.now);
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
    return detail::emu::json_response(200, "{}");
  }

  /// The MAC'd token for "list `kind` of `scope` after `last`".
  std::string make_token(char kind, std::string_view scope, std::string_view last) const {
    std::string payload(1, kind);
    payload += '\n';
    payload += scope;
    payload += '\n';
    payload += last;
    std::string mac = crypto_.hmac_sha256(link_key_, payload);
    mac.resize(16);
    return detail::emu::base64url_encode(payload) + '.' + detail::emu::base64url_encode(mac);
  }

  /// The position a token holds, if it is genuine and about `kind` of `scope`.
  std::optional<std::string> read_token(std::string_view token, char kind,
                                        std::string_view scope) const {
    const auto dot = token.find('.');
    std::string payload;
    std::string mac;
    if (dot == std::string_view::npos ||
        !detail::emu::base64url_decode(token.substr(0, dot), payload) ||
        !detail::emu::base64url_decode(token.substr(dot + 1), mac)) {
      return std::nullopt;
    }
    std::string expected = crypto_.hmac_sha256(link_key_, payload);
    expected.resize(16);
    const std::string prefix = std::string(1, kind) + '\n' + std::string(scope) + '\n';
    if (!detail::constant_time_equal(mac, expected) ||
        payload.compare(0, prefix.size(), prefix) != 0) {
      return std::nullopt;
    }
    return payload.substr(prefix.size());
  }

  /// The absolute nextLink, on the host the client addressed.
  std::string next_link(const call& c, std::string_view path, char kind, std::string_view scope,
                        std::string_view last) const {
    return c.scheme + "://" + c.host + std::string(path) +
           "?nextLink=" + make_token(kind, scope, last) + "&api-version=" + c.version;
  }

  /// The position to list from: empty for the first page; nullopt (an error) for a bad token.
  std::optional<std::string> start_position(const call& c, char kind,
                                            std::string_view scope) const {
    if (c.query.find("nextLink=") == std::string_view::npos) {
      return std::string();
    }
    const auto token = detail::emu::query_param(c.query, "nextLink");
    return token ? read_token(*token, kind, scope) : std::nullopt;
  }

  static response bad_link() {
    return detail::emu::error_response(400, "BadRequest", "The nextLink token is not valid.",
                                       "nextLink");
  }

  /// One page of `items` after `last`, ordered by key; `write` renders an item.
  template <class Map, class Keep, class Write>
  std::string page_json(const Map& items, const std::string& last, Keep keep, Write write,
                        std::optional<std::string>& next_after) const {
    std::string out = "{\"value\":[";
    std::size_t n = 0;
    auto it = last.empty() ? items.begin() : items.upper_bound(last);
    for (; it != items.end(); ++it) {
      if (!keep(it->second)) {
        continue;
      }
      if (n == options_.page_size) {
        break; // one more exists: this page needs a nextLink
      }
      out += n++ == 0 ? "" : ",";
      write(out, it->first, it->second);
      next_after = it->first;
    }
    if (it == items.end()) {
      next_after.reset();
    }
    out += ']';
    return out;
  }

  response list_rooms(const call& c) {
    const auto start = start_position(c, 'r', "");
    if (!start) {
      return bad_link();
    }
    std::optional<std::string> next_after;
    std::lock_guard<std::mutex> lock(mutex_);
    std::string body = page_json(
        rooms_, *start, [&](const stored_room& r) { return c.now < r.valid_until; },
        [&](std::string& out, const std::string& id, const stored_room& r) {
          out += room_json(id, r, c.version);
        },
        next_after);
    if (next_after) {
      body += ',';
      detail::emu::append_member(body, "nextLink", next_link(c, "/rooms", 'r', "", *next_after));
    }
    body += '}';
    return detail::emu::json_response(200, std::move(body));
  }

  response list_participants(const call& c, const std::string& id) {
    const auto start = start_position(c, 'p', id);
    if (!start) {
      return bad_link();
    }
    std::optional<std::string> next_after;
    std::lock_guard<std::mutex> lock(mutex_);
    const stored_room* r = find_live(id, c.now);
    if (r == nullptr) {
      return not_found();
    }
    std::string body = page_json(
        r->participants, *start, [](const std::string&) { return true; },
        [](std::string& out, const std::string& raw_id, const std::string& role) {
          out += '{';
          detail::emu::append_member(out, "rawId", raw_id);
          out += ',';
          detail::emu::append_member(out, "role", role);
          out += '}';
        },
        next_after);
    if (next_after) {
      body += ',';
      detail::emu::append_member(
          body, "nextLink", next_link(c, "/rooms/" + id + "/participants", 'p', id, *next_after));
    }
    body += '}';
    return detail::emu::json_response(200, std::move(body));
  }

  emulator_options options_;
  portable_crypto crypto_;
  portable_crypto::hmac_key key_;      // the access key, prepared once
  portable_crypto::hmac_key link_key_; // signs nextLink tokens
  mutable std::mutex mutex_;           // guards everything below, and random_
  std::mt19937_64 random_;
  std::map<std::string, stored_room> rooms_;                      // ordered by id: stable paging
  std::map<std::string, std::pair<time_point, response>> repeat_; // request id -> first answer
  std::deque<std::pair<time_point, std::string>> repeat_order_;   // for forgetting them
};

ACS_ROOMS_NAMESPACE_END
