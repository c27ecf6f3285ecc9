// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): serialization.hpp, JSON string escaping, readers and the ADL hooks.
#include <acs/rooms/serialization.hpp>

#include "../support/test_support.hpp"

#include <nlohmann/json.hpp>

#include <string>

using namespace acs::rooms;
using acs_rooms_test::response;
using acs_rooms_test::room_json;

TEST_CASE("models round-trip through the ADL JSON hooks", "[serialization]") {
  const auto r = parse_room(response(200, room_json()));
  REQUIRE(r.has_value());
  const nlohmann::json j = *r;
  CHECK(j["createdAt"] == "2022-04-13T18:09:12.815Z");
  const room back = j.get<room>();
  CHECK(back.id == r->id);
  CHECK(back.valid_until == r->valid_until);
  const nlohmann::json pj = room_participant{communication_identifier::from_raw_id("8:acs:a"),
                                             participant_role::consumer};
  CHECK(pj.dump() == R"({"rawId":"8:acs:a","role":"Consumer"})");
  CHECK(pj.get<room_participant>().role == participant_role::consumer);
  CHECK_THROWS_AS(nlohmann::json::parse(R"({"rawId":1})").get<room_participant>(), rooms_error);
}

TEST_CASE("the ADL hooks work with ordered_json, keeping the spec's field order",
          "[serialization]") {
  const auto r = parse_room(response(200, room_json()));
  REQUIRE(r.has_value());
  const nlohmann::ordered_json j = *r;
  CHECK(j.dump() ==
        R"({"id":"99117812428622880","createdAt":"2022-04-13T18:09:12.815Z",)"
        R"("validFrom":"2022-04-20T10:00:00.250Z","validUntil":"2022-05-20T10:00:00.000Z",)"
        R"("pstnDialOutEnabled":true})");
  CHECK(j.get<room>().valid_from == r->valid_from); // whole milliseconds survive
  const nlohmann::ordered_json pj = room_participant{
      communication_identifier::from_raw_id("8:acs:a"), participant_role::presenter};
  CHECK(pj.dump() == R"({"rawId":"8:acs:a","role":"Presenter"})");
  CHECK(pj.get<room_participant>().id.raw_id() == "8:acs:a");
  CHECK_THROWS_AS(
      nlohmann::ordered_json::parse(R"({"rawId":"8:acs:a","role":7})").get<room_participant>(),
      rooms_error);
}

TEST_CASE("JSON strings are escaped as JSON.stringify does and UTF-8 is checked",
          "[serialization]") {
  std::string out;
  REQUIRE(detail::append_json_string(out, "a\"b\\c\n\x01/\xc3\xa9"));
  CHECK(out == "\"a\\\"b\\\\c\\n\\u0001/\xc3\xa9\"");
  std::string bad;
  CHECK_FALSE(detail::append_json_string(bad, "\xff"));
  CHECK_FALSE(detail::append_json_string(bad, "\xc3"));
}

TEST_CASE("the readers name the field that is wrong", "[serialization]") {
  nlohmann::json j;
  REQUIRE(detail::parse_json(R"({"rawId":"8:acs:a","role":7})", j));
  const auto p = detail::read_participant(j);
  REQUIRE_FALSE(p.has_value());
  CHECK(p.error().kind == errc::malformed_response);
  CHECK(p.error().message.find("role") != std::string::npos);
  CHECK_FALSE(detail::parse_json("{nope", j));
  REQUIRE(detail::parse_json(room_json("5"), j));
  const auto r = detail::read_room(j, api_version::latest);
  REQUIRE(r.has_value());
  CHECK(r->id == "5");
  CHECK(r->pstn_dial_out_enabled);
}
