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

namespace {
/// The error from_json throws for `j` read as a T; fails the test when it throws nothing.
template <class T, class Json> error from_json_error(const Json& j) {
  try {
    (void)j.template get<T>();
  } catch (const rooms_error& e) {
    return e.error();
  }
  FAIL("from_json accepted " << j.dump(-1, ' ', false, Json::error_handler_t::replace));
  return {};
}
} // namespace

TEST_CASE("the readers name the field that is wrong", "[serialization]") {
  nlohmann::json j;
  REQUIRE(detail::parse_json(R"({"rawId":"8:acs:a","role":7})", j));
  const error p = from_json_error<room_participant>(j);
  CHECK(p.kind == errc::malformed_response);
  CHECK(p.message.find("role") != std::string::npos);
  CHECK_FALSE(detail::parse_json("{nope", j));
  REQUIRE(detail::parse_json(room_json("5"), j));
  const auto r = j.get<room>();
  CHECK(r.id == "5");
  CHECK(r.pstn_dial_out_enabled);
  const auto parsed = parse_room(response(200, room_json("5")), api_version::latest);
  REQUIRE(parsed.has_value());
  CHECK(*parsed == r);
}

TEST_CASE("from_json reads a DOM with the parsers' rules and messages", "[serialization]") {
  // Each body through from_json (the DOM walked into the SAX reader) and through the response
  // parser (the bytes into the same reader): the same room or the same error.
  const std::string times =
      R"("createdAt":"2022-04-13T18:09:12.8159131+00:00","validFrom":"2022-04-20T10:00:00.25+00:00","validUntil":"2022-05-20T10:00:00Z")";
  for (
      const std::string& body : std::vector<std::string>{
          room_json(), R"({"id":"1",)" + times + "}",
          R"({"id":"1",)" + times + R"(,"pstnDialOutEnabled":null})",
          R"({"id":"1",)" + times + R"(,"pstnDialOutEnabled":"yes"})",
          R"({"id":"1",)" + times + R"(,"pstnDialOutEnabled":[true]})",
          R"({"id":17,)" + times + "}", R"({"id":1.5,)" + times + "}",
          R"({"id":18446744073709551615,)" + times + "}", R"({"id":{"id":"x"},)" + times + "}",
          R"({)" + times + "}", R"({"id":"1",)" + times + R"(,"createdAt":"later"})",
          R"({"validUntil":"tomorrow","validFrom":"today","id":"1","createdAt":"2022-04-13T18:09:12Z"})",
          R"({"extra":{"id":5,"nested":[{"createdAt":1}]},"id":"1",)" + times +
              R"(,"more":[[],{}]})",
          "[1,2]", "null", R"("x")", "17", "true", "{}"}) {
    INFO(body);
    const auto parsed = parse_room(response(200, body), api_version::v2023_06_14);
    const auto j = nlohmann::json::parse(body);
    if (parsed) {
      CHECK(j.get<room>() == *parsed);
      CHECK(nlohmann::ordered_json::parse(body).get<room>() == *parsed);
      continue;
    }
    const error e = from_json_error<room>(j);
    CHECK(e.kind == parsed.error().kind);
    CHECK(e.target == parsed.error().target);
    CHECK(e.message == parsed.error().message);
    CHECK(e.status == 0); // no response: no status
  }
  for (const std::string& item :
       std::vector<std::string>{R"({"rawId":"8:acs:a","role":"Presenter"})",
                                R"({"role":"Organizer","rawId":"4:+1"})", R"({"rawId":"8:acs:a"})",
                                R"({"rawId":1,"role":"x"})", R"({"rawId":"8:acs:a","role":null})",
                                R"({"rawId":{"x":"y"},"role":"Presenter"})", R"([])", R"(5)"}) {
    INFO(item);
    const auto parsed = parse_participant_page(response(200, R"({"value":[)" + item + "]}"));
    const auto j = nlohmann::json::parse(item);
    if (parsed) {
      REQUIRE(parsed->items.size() == 1);
      CHECK(j.get<room_participant>() == parsed->items[0]);
      continue;
    }
    const error e = from_json_error<room_participant>(j);
    CHECK(e.kind == parsed.error().kind);
    CHECK(e.target == parsed.error().target);
    CHECK(parsed.error().message == e.message + " (item 0 of the participants page)");
  }
}

TEST_CASE("from_json walks any DOM: binary, discarded, deep nesting, invalid UTF-8",
          "[serialization]") {
  // Values no JSON text holds still give rooms_error, never a nlohmann exception.
  nlohmann::json binary = nlohmann::json::binary({1, 2, 3});
  CHECK(from_json_error<room>(binary).message ==
        "malformed response: a room is a binary, not an object");
  nlohmann::json with_binary = {{"rawId", nlohmann::json::binary({1})}, {"role", "Presenter"}};
  CHECK(from_json_error<room_participant>(with_binary).message ==
        "malformed response: participant field 'rawId' is a binary, not a string");
  nlohmann::json discarded(nlohmann::json::value_t::discarded);
  const error on_discarded = from_json_error<room>(discarded);
  CHECK(on_discarded.kind == errc::malformed_response);
  CHECK(on_discarded.message.find("discarded") != std::string::npos);
  // A value nested 100,000 deep is walked without recursion.
  nlohmann::json deep = nlohmann::json::array();
  for (int i = 0; i < 100000; ++i) {
    deep = nlohmann::json::array({std::move(deep)});
  }
  nlohmann::json nested = {{"rawId", "8:acs:a"}, {"role", "Presenter"}, {"extra", std::move(deep)}};
  CHECK(nested.get<room_participant>().id.raw_id() == "8:acs:a");
  // A string nlohmann cannot dump (invalid UTF-8) is read as it is, in both DOM types.
  const nlohmann::json bad_utf8 = {{"rawId", "8:acs:\xff"}, {"role", "Presenter"}};
  CHECK(bad_utf8.get<room_participant>().id.raw_id() == "8:acs:\xff");
  const nlohmann::ordered_json ordered_bad_utf8 = {{"rawId", "8:acs:\xff"}, {"role", 7}};
  CHECK(from_json_error<room_participant>(ordered_bad_utf8).target == "role");
}
