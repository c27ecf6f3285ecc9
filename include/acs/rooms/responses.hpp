// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer): response parsers, one per shape, and the error parser.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/serialization.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#if ACS_ROOMS_JSON_DEFINITIONS
#include <acs/rooms/detail/data/sax_readers.hpp>
#endif

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// A short English phrase for common statuses, for errors whose body says nothing.
inline std::string_view reason_phrase(int status) noexcept {
  switch (status) {
  case 400:
    return "Bad Request";
  case 401:
    return "Unauthorized";
  case 403:
    return "Forbidden";
  case 404:
    return "Not Found";
  case 408:
    return "Request Timeout";
  case 409:
    return "Conflict";
  case 412:
    return "Precondition Failed";
  case 415:
    return "Unsupported Media Type";
  case 429:
    return "Too Many Requests";
  case 500:
    return "Internal Server Error";
  case 502:
    return "Bad Gateway";
  case 503:
    return "Service Unavailable";
  case 504:
    return "Gateway Timeout";
  default:
    return "unexpected status";
  }
}

inline std::string header_or_empty(const http_headers& headers, std::string_view name) {
  const auto value = headers.get(name);
  return value ? std::string(*value) : std::string();
}

inline bool is_success(int status) noexcept { return status >= 200 && status < 300; }

/// String member `field` of a JSON object, or "" when absent or not a string.
ACS_ROOMS_JSON_API std::string string_field(const json& object, const char* field);
/// Reads a `CommunicationError` object; nesting deeper than `depth` is dropped, not followed.
ACS_ROOMS_JSON_API error read_service_error(const json& j, int depth);
} // namespace detail

/// The error for a non-2xx response: status, the service's code (else `x-ms-error-code`),
/// message, target, details and innererror, plus the correlation headers. A body that is not
/// the service's JSON envelope (an HTML page from a proxy, an empty body) still gives a
/// `service_error` with the status and a message saying so.
[[nodiscard]] ACS_ROOMS_JSON_API error parse_error(const http_response& response);

/// A room from the answer to create (201), get or update (200); any other status is an error.
/// `version` is a GA one: a 2022-02-01 room has another shape (read it with parse_room_v2022;
/// this reader refuses that version with `invalid_argument`).
[[nodiscard]] ACS_ROOMS_JSON_API result<room>
parse_room(const http_response& response, const api_version& version = api_version::latest);

/// One page of rooms (`RoomsCollection`); 2022-02-01 has no listing (`invalid_argument`).
[[nodiscard]] ACS_ROOMS_JSON_API result<page<room>>
parse_room_page(const http_response& response, const api_version& version = api_version::latest);

/// One page of participants (`ParticipantsCollection`); unknown role strings are kept.
[[nodiscard]] ACS_ROOMS_JSON_API result<page<room_participant>>
parse_participant_page(const http_response& response);

/// The answer to delete (204) or to a participants update (200 `{}`): success or an error.
[[nodiscard]] inline result<void> parse_empty(const http_response& response) {
  if (!detail::is_success(response.status)) {
    return parse_error(response);
  }
  return {};
}

#if ACS_ROOMS_JSON_DEFINITIONS
namespace detail {
ACS_ROOMS_JSON_API std::string string_field(const json& object, const char* field) {
  const auto it = object.find(field);
  return (it != object.end() && it->is_string()) ? it->get<std::string>() : std::string();
}

/// Reads a `CommunicationError` object; nesting deeper than `depth` is dropped, not followed.
ACS_ROOMS_JSON_API error read_service_error(const json& j, int depth) {
  error e;
  e.kind = errc::service_error;
  e.code = string_field(j, "code");
  e.message = string_field(j, "message");
  e.target = string_field(j, "target");
  if (depth <= 0) {
    return e;
  }
  if (const auto details = j.find("details"); details != j.end() && details->is_array()) {
    for (const auto& d : *details) {
      if (d.is_object()) {
        e.details.push_back(read_service_error(d, depth - 1));
      }
    }
  }
  if (const auto inner = j.find("innererror"); inner != j.end() && inner->is_object()) {
    e.set_inner_error(read_service_error(*inner, depth - 1));
  }
  return e;
}

/// One page of `Fields` items read by SAX straight from the body; the parse_error answer for a
/// non-2xx status.
template <class Fields>
result<page<typename Fields::value_type>>
parse_sax_page(const http_response& response, std::string_view what, const api_version& version) {
  if (!is_success(response.status)) {
    return parse_error(response);
  }
  sax_reader<Fields> reader(/*page_mode=*/true, version);
  if (!sax_read(response.body, reader)) {
    return not_json_error(response, what);
  }
  auto p = reader.take_page(what);
  if (!p) {
    auto e = std::move(p).error();
    e.status = response.status;
    return e;
  }
  return p;
}
} // namespace detail

/// The error for a non-2xx response: status, the service's code (else `x-ms-error-code`),
/// message, target, details and innererror, plus the correlation headers. A body that is not
/// the service's JSON envelope (an HTML page from a proxy, an empty body) still gives a
/// `service_error` with the status and a message saying so.
ACS_ROOMS_JSON_API error parse_error(const http_response& response) {
  error e;
  detail::json body;
  const bool is_json = detail::parse_json(response.body, body) && body.is_object();
  const auto envelope = is_json ? body.find("error") : body.end();
  if (is_json && envelope != body.end() && envelope->is_object()) {
    e = detail::read_service_error(*envelope, 16);
  } else if (is_json && (body.contains("code") || body.contains("message"))) {
    e = detail::read_service_error(body, 16); // a bare error object, as some gateways send
  } else {
    e.raw_body = response.body.substr(0, 4096);
  }
  e.kind = errc::service_error;
  e.status = response.status;
  if (e.code.empty()) {
    e.code = detail::header_or_empty(response.headers, "x-ms-error-code");
  }
  if (e.message.empty()) {
    e.message = "HTTP " + std::to_string(response.status) + " " +
                std::string(detail::reason_phrase(response.status));
    if (response.body.empty()) {
      e.message += " with an empty body";
    } else if (!is_json || envelope == body.end()) {
      const auto type = response.headers.get("Content-Type");
      e.message += " with a body that is not a service error (" +
                   std::to_string(response.body.size()) + " bytes" +
                   (type ? ", " + std::string(*type) : std::string()) + ")";
    }
  }
  e.client_request_id = detail::header_or_empty(response.headers, "x-ms-client-request-id");
  e.correlation_vector = detail::header_or_empty(response.headers, "MS-CV");
  e.azure_ref = detail::header_or_empty(response.headers, "X-Azure-Ref");
  e.headers = response.headers;
  return e;
}

namespace detail {
/// The refusal of a GA reader asked for the 2022-02-01 dialect, whose bodies differ: without
/// it, a 2022 room would fail as a "malformed" answer that is not malformed.
inline std::optional<error> refuse_2022_dialect(const api_version& version, const char* reader,
                                                const char* instead) {
  if (!version.is_2022_dialect()) {
    return std::nullopt;
  }
  return make_error(errc::invalid_argument, std::string(reader) +
                                                " reads the GA api-versions' bodies, not " +
                                                std::string(version.value()) + "'s; " + instead);
}
} // namespace detail

/// A room from the answer to create (201), get or update (200); any other status is an error.
ACS_ROOMS_JSON_API result<room> parse_room(const http_response& response,
                                           const api_version& version) {
  if (auto refused = detail::refuse_2022_dialect(version, "parse_room",
                                                 "read the answer with parse_room_v2022")) {
    return std::move(*refused);
  }
  if (!detail::is_success(response.status)) {
    return parse_error(response);
  }
  // Read by SAX straight into the room: no DOM (see detail/data/sax_readers.hpp). from_json reads
  // a user's DOM through the same reader.
  detail::sax_reader<detail::room_fields> reader(/*page_mode=*/false, version);
  if (!detail::sax_read(response.body, reader)) {
    return detail::not_json_error(response, "room");
  }
  auto r = reader.take_item();
  if (!r) {
    auto e = std::move(r).error();
    e.status = response.status;
    return e;
  }
  if (const auto replay = response.headers.get("Repeatability-Result")) {
    r->repeatability_result = std::string(*replay);
  }
  return r;
}

/// One page of rooms (`RoomsCollection`).
ACS_ROOMS_JSON_API result<page<room>> parse_room_page(const http_response& response,
                                                      const api_version& version) {
  if (auto refused = detail::refuse_2022_dialect(version, "parse_room_page",
                                                 "that version has no room listing")) {
    return std::move(*refused);
  }
  return detail::parse_sax_page<detail::room_fields>(response, "rooms page", version);
}

/// One page of participants (`ParticipantsCollection`); unknown role strings are kept.
ACS_ROOMS_JSON_API result<page<room_participant>>
parse_participant_page(const http_response& response) {
  return detail::parse_sax_page<detail::participant_fields>(response, "participants page",
                                                            api_version::latest);
}

#endif // ACS_ROOMS_JSON_DEFINITIONS

ACS_ROOMS_NAMESPACE_END
