// SPDX-License-Identifier: MIT
// acs_rooms emulator part: the retired 2022-02-01 dialect, over the shared store.
#pragma once

#include <acs/rooms/api_version.hpp>
#include <acs/rooms/crypto/portable.hpp>
#include <acs/rooms/detail/foundations/uuid.hpp>
#include <acs/rooms/emulator/store.hpp>
#include <acs/rooms/emulator/validation.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/identifiers.hpp>
#include <acs/rooms/time.hpp>

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
