// SPDX-License-Identifier: MIT
// acs_rooms emulator part: what goes on the wire - error envelopes, JSON bodies, times.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/emulator/store.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/serialization.hpp>
#include <acs/rooms/time.hpp>

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
