// SPDX-License-Identifier: MIT
// acs_rooms layer 4 (pure layer), internal: the URL, header and body writers and the argument
// checks behind the request builders.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/detail/foundations/json_text.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/models.hpp>
#include <acs/rooms/request_context.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/time.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
inline error invalid(std::string message) {
  return make_error(errc::invalid_argument, std::move(message));
}

/// A request with the URL "<endpoint>/rooms[/<id>[/participants]]?api-version=<v>".
inline http_request start_request(const request_context& ctx, const char* method,
                                  std::string_view room_id, bool participants) {
  http_request req;
  req.method = method;
  const std::string& version = ctx.version.value();
  req.url.reserve(ctx.endpoint.size() + room_id.size() + version.size() + 40);
  req.url += ctx.endpoint;
  req.url += "/rooms";
  if (!room_id.empty()) {
    req.url += '/';
    append_path_segment(req.url, room_id);
  }
  if (participants) {
    req.url += "/participants";
  }
  req.url += "?api-version=";
  append_path_segment(req.url, version);
  req.headers.reserve(10); // a create's 6 headers and the 4 of signing: no reallocation
  req.headers.add("Accept", "application/json");
  return req;
}

/// Adds the headers every request carries, after the operation's own.
inline void finish_request(const request_context& ctx, http_request& req) {
  if (!ctx.client_request_id.empty()) {
    req.headers.add("x-ms-client-request-id", std::string(ctx.client_request_id));
  }
  if (!ctx.user_agent.empty()) {
    req.headers.add("User-Agent", std::string(ctx.user_agent));
  }
}

/// The refusal of an empty room id (which would address the collection instead of a room).
inline std::optional<error> refuse_empty_room_id(std::string_view room_id) {
  if (room_id.empty()) {
    return invalid("the room id is empty");
  }
  return std::nullopt;
}

/// The refusal of `pstnDialOutEnabled` in a version without it: the one gate message.
inline std::optional<error> check_pstn(const request_context& ctx,
                                       const std::optional<bool>& pstn) {
  if (pstn && !ctx.version.has_pstn_dial_out()) {
    return invalid("pstn_dial_out_enabled needs api-version 2023-10-30-preview or later; this "
                   "client uses " +
                   ctx.version.value());
  }
  return std::nullopt;
}

/// Refuses the fields only the 2022-02-01 dialect has (a join policy, a whole roster).
inline std::optional<error> check_no_2022_fields(const request_context& ctx, bool policy,
                                                 bool roster) {
  if (policy || roster) {
    return invalid(std::string(policy ? "join_policy" : "a roster in update_room_options") +
                   " needs api-version 2022-02-01; this client uses " + ctx.version.value());
  }
  return std::nullopt;
}

/// Appends `"validFrom":...,"validUntil":...,"pstnDialOutEnabled":...` for the present fields.
inline void append_room_fields(std::string& body, const std::optional<time_point>& from,
                               const std::optional<time_point>& until,
                               const std::optional<bool>& pstn) {
  const auto comma = [&body] {
    if (body.size() > 1) {
      body += ',';
    }
  };
  const auto time = [&body](std::string_view key, time_point t) {
    char text[24]; // YYYY-MM-DDTHH:MM:SS.fffZ, as format_rfc3339 writes it, with no temporaries
    char* end = write_rfc3339_fields(text, t, 3);
    *end++ = 'Z';
    body += key;
    body.append(text, static_cast<std::size_t>(end - text));
    body += '"';
  };
  if (from) {
    comma();
    time("\"validFrom\":\"", *from);
  }
  if (until) {
    comma();
    time("\"validUntil\":\"", *until);
  }
  if (pstn) {
    comma();
    body += *pstn ? "\"pstnDialOutEnabled\":true" : "\"pstnDialOutEnabled\":false";
  }
}

/// Appends `"participants":{"<rawId>":<value>,...}`, refusing empty, repeated or non-UTF-8 raw
/// ids; `append_value` writes each value (a role object, or `null` to remove).
template <class Item, class RawId, class Value>
std::optional<error> append_participants(std::string& body, const request_context& ctx,
                                         const std::vector<Item>& items, RawId raw_id_of,
                                         Value append_value) {
  // Repeats are found by comparing with the earlier items; past a few items a list of views
  // (allocated once) is cheaper to search than re-reading each raw id through raw_id_of.
  constexpr std::size_t few = 16;
  std::vector<std::string_view> seen;
  if (items.size() > few) {
    seen.reserve(items.size());
  }
  body += "\"participants\":{";
  bool first = true;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    const std::string& raw = raw_id_of(item);
    if (raw.empty()) {
      return invalid("a participant has an empty raw id");
    }
    bool repeated = false;
    if (items.size() > few) {
      repeated = std::find(seen.begin(), seen.end(), raw) != seen.end();
      seen.push_back(raw);
    } else {
      for (std::size_t j = 0; j < i && !repeated; ++j) {
        repeated = raw_id_of(items[j]) == raw;
      }
    }
    if (repeated) {
      return invalid("participant '" + raw + "' is listed more than once");
    }
    if (!first) {
      body += ',';
    }
    first = false;
    if (!append_json_string(body, raw)) {
      return invalid("a participant raw id is not valid UTF-8");
    }
    body += ':';
    if (auto e = append_value(item, ctx)) {
      return e;
    }
  }
  body += '}';
  return std::nullopt;
}

/// Appends `{"role":"<role>"}` after checking the role exists in the selected version.
inline std::optional<error> append_role(std::string& body, const room_participant& p,
                                        const request_context& ctx) {
  const std::string& role = p.role.value();
  if (role.empty()) {
    return invalid("participant '" + p.id.raw_id() + "' has an empty role");
  }
  if (role == participant_role::collaborator.value() && !ctx.version.has_collaborator()) {
    return invalid("participant '" + p.id.raw_id() +
                   "' has role Collaborator, which needs api-version 2025-03-13 or later; this "
                   "client uses " +
                   ctx.version.value());
  }
  body += "{\"role\":";
  if (!append_json_string(body, role)) {
    return invalid("a participant role is not valid UTF-8");
  }
  body += '}';
  return std::nullopt;
}

inline std::optional<error> append_roster(std::string& body, const request_context& ctx,
                                          const std::vector<room_participant>& participants) {
  return append_participants(
      body, ctx, participants,
      [](const room_participant& p) -> const std::string& { return p.id.raw_id(); },
      [&body](const room_participant& p, const request_context& c) {
        return append_role(body, p, c);
      });
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END
