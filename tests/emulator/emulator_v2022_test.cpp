// SPDX-License-Identifier: MIT
// The emulator's 2022-02-01 dialect, driven through our client and through raw requests; rooms
// are shared with the GA versions.
#include "../support/test_support.hpp"

#include <acs/rooms/emulator.hpp>

#include <nlohmann/json.hpp>

using namespace acs::rooms;
using acs_rooms_test::at;
using json = nlohmann::json;

namespace {

struct v2022_fixture {
  time_point now = at("2022-05-26T05:46:17.815Z");
  emulator emu{make_options()};
  std::string cs = emu.connection_string("https://emu.test");

  emulator_options make_options() {
    emulator_options o;
    o.clock = [this] { return now; };
    return o;
  }

  rooms_client<emulator&, hmac_signer<>> client(const api_version& version) {
    client_options o;
    o.version = version;
    o.clock = [this] { return now; };
    auto made = make_client<emulator&>(cs, emu, o);
    REQUIRE(made.has_value());
    return std::move(*made);
  }

  http_response send(const std::string& method, const std::string& path, const std::string& body,
                     const std::string& content_type = "application/json") {
    http_request r;
    r.method = method;
    r.url = "https://emu.test" + path;
    r.body = body;
    if (!body.empty()) {
      r.headers.set("Content-Type", content_type);
    }
    REQUIRE(hmac_signer<>(emu.access_key()).sign(r, now));
    return emu.send(r);
  }
};

room_participant member(const std::string& n, const participant_role& role) {
  return room_participant{communication_identifier::from_raw_id("8:acs:r_" + n), role};
}

std::string error_code(const http_response& r) {
  return json::parse(r.body)["error"]["code"].get<std::string>();
}

} // namespace

TEST_CASE("emulator v2022: the classic flow through our client", "[emulator][v2022]") {
  v2022_fixture f;
  auto client = f.client(api_version::v2022_02_01);
  create_room_options o;
  o.valid_from = f.now;
  o.valid_until = f.now + std::chrono::hours(24 * 30);
  o.join_policy = room_join_policy::communication_service_users;
  o.participants = {member("a", participant_role::presenter),
                    member("b", participant_role::attendee),
                    member("c", participant_role::consumer)};
  const auto created = client.create_room(o);
  REQUIRE(created.has_value());
  CHECK(created->created_at == f.now);
  CHECK(created->valid_until == *o.valid_until);
  CHECK(created->join_policy == room_join_policy::communication_service_users);
  REQUIRE(created->participants.has_value());
  CHECK(*created->participants == o.participants); // ordered by raw id, as given here
  CHECK(created->repeatability_result == std::optional<std::string>("accepted"));

  const auto got = client.get_room(created->id);
  REQUIRE(got.has_value());
  CHECK(*got == *created);

  update_room_options extend;
  extend.valid_until = f.now + std::chrono::hours(24 * 60);
  extend.join_policy = room_join_policy::invite_only;
  const auto updated = client.update_room(created->id, extend);
  REQUIRE(updated.has_value());
  CHECK(updated->valid_until == *extend.valid_until);
  CHECK(updated->join_policy == room_join_policy::invite_only);
  CHECK(updated->participants->size() == 3);

  const auto added =
      client.add_participants(created->id, {member("d", participant_role::attendee),
                                            member("a", participant_role::consumer)});
  REQUIRE(added.has_value());
  REQUIRE(added->size() == 4);
  CHECK((*added)[0] == member("a", participant_role::presenter)); // already there: unchanged
  CHECK((*added)[3] == member("d", participant_role::attendee));

  const auto changed =
      client.update_participants(created->id, {member("d", participant_role::consumer)});
  REQUIRE(changed.has_value());
  CHECK((*changed)[3] == member("d", participant_role::consumer));

  REQUIRE(client.remove_participants(created->id, {member("b", participant_role::attendee).id}));
  const auto roster = client.get_participants(created->id);
  REQUIRE(roster.has_value());
  CHECK(roster->size() == 3);
  CHECK(f.emu.participant_count(created->id) == std::optional<std::size_t>(3));

  update_room_options replace;
  replace.participants = std::vector<room_participant>{member("z", participant_role::presenter)};
  const auto replaced = client.update_room(created->id, replace);
  REQUIRE(replaced.has_value());
  CHECK(*replaced->participants == *replace.participants);

  REQUIRE(client.delete_room(created->id));
  const auto gone = client.get_room(created->id);
  REQUIRE_FALSE(gone.has_value());
  CHECK(gone.error().status == 404);
  const auto gone_roster = client.get_participants(created->id);
  REQUIRE_FALSE(gone_roster.has_value());
  CHECK(gone_roster.error().status == 404);
}

TEST_CASE("emulator v2022: rooms are shared with the GA versions", "[emulator][v2022]") {
  v2022_fixture f;
  auto old_client = f.client(api_version::v2022_02_01);
  auto ga_client = f.client(api_version::v2025_03_13);
  create_room_options o;
  o.participants = {member("a", participant_role::presenter)};
  const auto old_room = old_client.create_room(o);
  REQUIRE(old_room.has_value());
  CHECK(old_room->join_policy == room_join_policy::invite_only); // the default
  const auto seen = ga_client.get_room(old_room->id);
  REQUIRE(seen.has_value());
  CHECK(seen->created_at == old_room->created_at);
  CHECK_FALSE(seen->join_policy.has_value());
  auto listed = ga_client.list_participants(old_room->id);
  const auto page = listed.next_page();
  REQUIRE(page.has_value());
  CHECK(page->items == o.participants);

  const auto ga_room = ga_client.create_room(o);
  REQUIRE(ga_room.has_value());
  REQUIRE(
      ga_client.add_or_update_participants(ga_room->id, {member("b", participant_role::consumer)}));
  const auto roster = old_client.get_participants(ga_room->id);
  REQUIRE(roster.has_value());
  CHECK(roster->size() == 2);
  const auto as_old = old_client.get_room(ga_room->id);
  REQUIRE(as_old.has_value());
  CHECK(as_old->join_policy == room_join_policy::invite_only); // GA rooms are invite-only
}

TEST_CASE("emulator v2022: its rules and errors on raw requests", "[emulator][v2022]") {
  v2022_fixture f;
  const std::string q = "?api-version=2022-02-01";
  // No listing and no participants PATCH in this version.
  CHECK(f.send("GET", "/rooms" + q, "").status == 405);
  const auto created = f.send("POST", "/rooms" + q, "{}");
  REQUIRE(created.status == 201);
  const json room = json::parse(created.body);
  CHECK(room["roomJoinPolicy"] == "InviteOnly");
  CHECK(room["participants"] == json::array());
  CHECK(room.contains("createdDateTime"));
  CHECK_FALSE(room.contains("createdAt"));
  const std::string id = room["id"].get<std::string>();
  CHECK(f.send("PATCH", "/rooms/" + id + "/participants" + q, "{}", "application/merge-patch+json")
            .status == 405);
  // Unknown join policy, Collaborator, pstn, unknown identity: 400.
  const auto bad_policy = f.send("POST", "/rooms" + q, R"({"roomJoinPolicy":"Anyone"})");
  CHECK(bad_policy.status == 400);
  CHECK(error_code(bad_policy) == "BadRequest");
  const auto collaborator = f.send(
      "POST", "/rooms/" + id + "/participants:add" + q,
      R"({"participants":[{"communicationIdentifier":{"rawId":"8:acs:r_x"},"role":"Collaborator"}]})");
  CHECK(collaborator.status == 400);
  CHECK(f.send("POST", "/rooms" + q, R"({"pstnDialOutEnabled":true})").status == 400);
  CHECK(f.send("POST", "/rooms/" + id + "/participants:add" + q,
               R"({"participants":[{"communicationIdentifier":{"rawId":"nonsense"}}]})")
            .status == 400);
  // The actions need a participants array; an unknown action is 404.
  CHECK(f.send("POST", "/rooms/" + id + "/participants:add" + q, "{}").status == 400);
  CHECK(f.send("POST", "/rooms/" + id + "/participants:merge" + q, "{}").status == 404);
  // A role defaults to Attendee; the communicationUser form is read like rawId.
  const auto added = f.send(
      "POST", "/rooms/" + id + "/participants:add" + q,
      R"({"participants":[{"communicationIdentifier":{"communicationUser":{"id":"8:acs:r_y"}}}]})");
  REQUIRE(added.status == 200);
  const json roster = json::parse(added.body);
  CHECK(roster["participants"][0]["role"] == "Attendee");
  CHECK(roster["participants"][0]["communicationIdentifier"]["rawId"] == "8:acs:r_y");
  CHECK(roster["participants"][0]["communicationIdentifier"]["communicationUser"]["id"] ==
        "8:acs:r_y");
  // Repeatability-First-Sent: the SDK's ISO 8601 and the HTTP-date are both accepted.
  http_request r;
  r.method = "POST";
  r.url = "https://emu.test/rooms" + q;
  r.body = "{}";
  r.headers.set("Content-Type", "application/json");
  r.headers.set("Repeatability-Request-ID", "6f0c2cc4-7a3e-4a8e-9d1b-1c2d3e4f5a6b");
  r.headers.set("Repeatability-First-Sent", "2022-05-26T05:46:17.815Z");
  REQUIRE(hmac_signer<>(f.emu.access_key()).sign(r, f.now));
  const auto first = f.emu.send(r);
  CHECK(first.status == 201);
  r.headers.set("Repeatability-Request-ID", "7f0c2cc4-7a3e-4a8e-9d1b-1c2d3e4f5a6b");
  r.headers.set("Repeatability-First-Sent", "Thu, 26 May 2022 05:46:17 GMT");
  REQUIRE(hmac_signer<>(f.emu.access_key()).sign(r, f.now));
  CHECK(f.emu.send(r).status == 201);
  r.headers.set("Repeatability-First-Sent", "yesterday");
  REQUIRE(hmac_signer<>(f.emu.access_key()).sign(r, f.now));
  CHECK(f.emu.send(r).status == 400);
}
