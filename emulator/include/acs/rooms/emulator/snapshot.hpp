// SPDX-License-Identifier: MIT
// acs_rooms emulator part: the rooms (and request ids) as one JSON document, out and back in.
#pragma once

#include <acs/rooms/detail/foundations/base64.hpp>
#include <acs/rooms/emulator/store.hpp>
#include <acs/rooms/emulator/validation.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/identifiers.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/time.hpp>

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
