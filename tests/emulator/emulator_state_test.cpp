// SPDX-License-Identifier: MIT
// acs_rooms tests: the emulator's state as a document (state, seed, reset), its fault plan as
// listed, and a stopped clock resumed - what acs-rooms-emulator's control API is built on.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace {

using namespace acs::rooms;
using nlohmann::json;
using namespace std::chrono_literals;

time_point at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

/// An emulator on a clock the test holds, and a client of it.
struct fixture {
  time_point now = at("2026-12-04T10:00:00Z");
  emulator emu{options()};
  rooms_client<emulator&, hmac_signer<>> client =
      make_client<emulator&>(emu.connection_string("https://emu.test"), emu, client_settings())
          .value();

  emulator_options options() {
    emulator_options o;
    o.clock = [this] { return now; };
    return o;
  }
  client_options client_settings() {
    client_options o;
    o.clock = [this] { return now; };
    return o;
  }
};

} // namespace

TEST_CASE("emulator state: what the client made, as the service's shapes", "[emulator][state]") {
  fixture f;
  create_room_options o;
  o.valid_until = at("2026-12-31T00:00:00Z");
  o.participants.push_back(
      {communication_identifier::from_raw_id("8:acs:r_ann"), participant_role::presenter});
  const auto room = f.client.create_room(o).value();

  const json state = json::parse(f.emu.state());
  REQUIRE(state["rooms"].size() == 1);
  const json& r = state["rooms"][0];
  CHECK(r["id"] == room.id);
  CHECK(r["validUntil"] == "2026-12-31T00:00:00.0000000+00:00");
  CHECK(r["participants"] == json::parse(R"([{"rawId":"8:acs:r_ann","role":"Presenter"}])"));
  CHECK_FALSE(state.contains("requestIds"));
  CHECK(json::parse(f.emu.state(true))["requestIds"].size() == 1); // the create's request id

  f.now += 31 * 24h; // expired rooms are not in the state
  CHECK(json::parse(f.emu.state())["rooms"].empty());
}

TEST_CASE("emulator seed: rooms the client then finds, all or nothing", "[emulator][state]") {
  fixture f;
  const auto ids = f.emu.seed(R"({"rooms": [
      {"id": "12345678901234", "participants": [{"rawId": "8:acs:r_bo", "role": "Consumer"}]},
      {"validFrom": "2026-12-05T00:00:00Z"}]})");
  REQUIRE(ids);
  REQUIRE(ids->size() == 2);
  CHECK((*ids)[0] == "12345678901234");
  CHECK((*ids)[1].size() == 17);

  const auto got = f.client.get_room("12345678901234").value();
  CHECK(got.valid_from == f.now);
  CHECK(got.valid_until == f.now + 180 * 24h);
  const auto second = f.client.get_room((*ids)[1]).value();
  CHECK(second.valid_until == at("2026-12-05T00:00:00Z") + 180 * 24h);
  auto roster = f.client.list_participants("12345678901234");
  const auto page = roster.next_page();
  REQUIRE(page);
  REQUIRE(page->items.size() == 1);
  CHECK(page->items[0].role == participant_role::consumer);

  for (
      const char* bad :
      {R"({"rooms": [{"id": "99999999999999"}, {"id": "12"}]})",
       R"({"rooms": [{"id": "12345678901234"}]})", // in use
       R"({"rooms": [{"validFrom": "2027-01-02T00:00:00Z", "validUntil": "2027-01-01T00:00:00Z"}]})",
       R"({"rooms": [{"participants": [{"rawId": "8:acs:r_x", "role": "Owner"}]}]})",
       R"({"rooms": {}})", "[]", "not json"}) {
    CAPTURE(bad);
    const auto refused = f.emu.seed(bad);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == errc::invalid_argument);
    CHECK(refused.error().message.rfind("the state document: ", 0) == 0);
    CHECK(f.emu.room_count() == 2); // nothing from a refused document
  }
}

TEST_CASE("emulator seed with replace: a saved state comes back whole", "[emulator][state]") {
  fixture f;
  create_room_options o;
  o.repeatability_request_id = "0f6c7d1e-2b7a-4c55-9a3e-1d2f3a4b5c6d";
  o.repeatability_first_sent = f.now;
  const auto made = f.client.create_room(o).value();
  const std::string saved = f.emu.state(true);

  fixture g;
  REQUIRE(g.emu.seed(R"({"rooms": [{}]})"));
  REQUIRE(g.emu.seed(saved, true));
  CHECK(g.emu.room_count() == 1); // replaced, not added
  CHECK(g.client.get_room(made.id).value().id == made.id);
  // The remembered request id: the same create is a replay, not a second room.
  const auto again = g.client.create_room(o).value();
  CHECK(again.id == made.id);
  CHECK(g.emu.room_count() == 1);

  // A snapshot whose request ids are malformed replaces nothing.
  json broken = json::parse(saved);
  broken["requestIds"][0]["firstSeen"] = "then";
  const auto refused = g.emu.seed(broken.dump(), true);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message.find("requestIds[0]") != std::string::npos);
  CHECK(g.emu.room_count() == 1);
}

TEST_CASE("emulator reset, fault listing and a resumed clock", "[emulator][state]") {
  fixture f;
  REQUIRE(f.emu.seed(R"({"rooms": [{}, {}]})"));
  f.emu.inject(emulator_fault::answer(429).on("GET", "/rooms").for_next(2));
  f.emu.inject(emulator_fault::slow(5ms).for_next(emulator_fault::forever));
  const auto plan = f.emu.faults();
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].status == 429);
  CHECK(plan[0].times == 2);
  CHECK(plan[1].effect == emulator_fault::kind::delay);

  f.emu.reset();
  CHECK(f.emu.room_count() == 0);
  CHECK(f.emu.faults().empty());
  CHECK(json::parse(f.emu.state(true)) == json::parse(R"({"rooms": [], "requestIds": []})"));

  CHECK(f.emu.time_offset() == std::chrono::system_clock::duration::zero());
  f.emu.set_time(at("2027-01-01T00:00:00Z"));
  CHECK_FALSE(f.emu.time_offset());
  f.now += 1h; // the clock runs, the stopped time does not
  CHECK(f.emu.now() == at("2027-01-01T00:00:00Z"));
  f.emu.resume_time();
  CHECK(f.emu.now() == at("2027-01-01T00:00:00Z"));
  f.now += 1h; // running again, from where it stood
  CHECK(f.emu.now() == at("2027-01-01T01:00:00Z"));
}
