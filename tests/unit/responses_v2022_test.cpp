// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): responses_v2022.hpp, the 2022-02-01 parsers (RoomModel with
// createdDateTime and the roster, ParticipantsCollection).
#include <acs/rooms/responses_v2022.hpp>

#include "../support/test_support.hpp"

#include <string>
#include <vector>

using namespace acs::rooms;
using acs_rooms_test::response;

namespace {
const std::string times_2022 =
    R"("createdDateTime":"2022-05-26T05:46:17.8159131+00:00","validFrom":"2022-05-30T00:00:00Z",)"
    R"("validUntil":"2022-06-30T00:00:00Z")";
const std::string alice =
    R"({"communicationIdentifier":{"rawId":"8:acs:a","communicationUser":{"id":"8:acs:a"}},)"
    R"("role":"Presenter"})";

/// The malformed_response error of `r`, checked to carry `status`.
template <class T> error malformed(const result<T>& r, int status) {
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::malformed_response);
  CHECK(r.error().status == status);
  return r.error();
}
} // namespace

TEST_CASE("parse_room_v2022 reads the 2022-02-01 RoomModel", "[responses][v2022]") {
  auto answer =
      response(201, R"({"id":"7",)" + times_2022 +
                        R"(,"roomJoinPolicy":"InviteOnly","participants":[)" + alice +
                        R"(,{"role":"NewRole","communicationIdentifier":{"rawId":"4:+1555"}},)"
                        R"({"communicationIdentifier":{"rawId":"8:acs:c"},"role":null}],)"
                        R"("future":{"participants":[5]}})");
  answer.headers.set("Repeatability-Result", "accepted");
  const auto r = parse_room_v2022(answer);
  REQUIRE(r.has_value());
  CHECK(r->id == "7");
  CHECK(format_rfc3339(r->created_at) == "2022-05-26T05:46:17.815Z");
  CHECK(r->valid_until == acs_rooms_test::at("2022-06-30T00:00:00Z"));
  CHECK_FALSE(r->pstn_dial_out_enabled);
  REQUIRE(r->join_policy.has_value());
  CHECK(r->join_policy->value() == "InviteOnly");
  CHECK(r->repeatability_result == std::optional<std::string>("accepted"));
  REQUIRE(r->participants.has_value());
  REQUIRE(r->participants->size() == 3);
  CHECK((*r->participants)[0].id.raw_id() == "8:acs:a");
  CHECK((*r->participants)[0].role == participant_role::presenter);
  CHECK((*r->participants)[1].id.kind() == identifier_kind::phone_number);
  CHECK((*r->participants)[1].role.value() == "NewRole"); // unknown roles are kept
  CHECK((*r->participants)[2].role.value().empty());      // a null role is kept as no role

  // Without the optional members: no policy, no roster (not an empty one).
  const auto bare = parse_room_v2022(response(
      200, R"({"id":"7",)" + times_2022 + R"(,"roomJoinPolicy":null,"participants":null})"));
  REQUIRE(bare.has_value());
  CHECK_FALSE(bare->join_policy.has_value());
  CHECK_FALSE(bare->participants.has_value());
  CHECK_FALSE(bare->repeatability_result.has_value());
  // A repeated member counts once, the last one, as in a DOM.
  const auto repeated =
      parse_room_v2022(response(200, R"({"id":"7",)" + times_2022 +
                                         R"(,"participants":[5],"participants":[)" + alice + "]}"));
  REQUIRE(repeated.has_value());
  REQUIRE(repeated->participants.has_value());
  CHECK(repeated->participants->size() == 1);
}

TEST_CASE("parse_room_v2022 names the field that is wrong", "[responses][v2022][errors]") {
  struct bad_case {
    std::string body;
    std::string target;
    std::string message;
  };
  const std::string head = R"({"id":"7",)" + times_2022;
  const bad_case cases[] = {
      {"{" + times_2022 + "}", "id", "malformed response: room field 'id' is missing"},
      {R"({"id":7,)" + times_2022 + "}", "id",
       "malformed response: room field 'id' is a number, not a string"},
      {R"({"id":"7","createdAt":"2022-05-26T05:46:17Z","validFrom":"2022-05-30T00:00:00Z",)"
       R"("validUntil":"2022-06-30T00:00:00Z"})",
       "createdDateTime", "malformed response: room field 'createdDateTime' is missing"},
      {R"({"id":"7","createdDateTime":"later","validFrom":"x","validUntil":"2022-06-30T00:00:00Z"})",
       "createdDateTime",
       "malformed response: room field 'createdDateTime' is not an RFC 3339 date-time: \"later\""},
      {head + R"(,"roomJoinPolicy":5})", "roomJoinPolicy",
       "malformed response: room field 'roomJoinPolicy' is not a string"},
      {head + R"(,"participants":{}})", "participants",
       "malformed response: room field 'participants' is not an array"},
      {head + R"(,"participants":[)" + alice + R"(,5]})", "",
       "malformed response: a participant is a number, not an object (participant 1 of the room)"},
      {head + R"(,"participants":[)" + alice + R"(,{"role":"Attendee"}]})",
       "communicationIdentifier",
       "malformed response: participant field 'communicationIdentifier' is missing (participant 1 "
       "of the room)"},
      {head + R"(,"participants":[{"communicationIdentifier":[{"rawId":"8:acs:a"}]}]})",
       "communicationIdentifier",
       "malformed response: participant field 'communicationIdentifier' is not an object "
       "(participant 0 of the room)"},
      {head + R"(,"participants":[{"communicationIdentifier":{"x":{"rawId":"8:acs:a"}}}]})",
       "rawId",
       "malformed response: participant field 'rawId' is missing (participant 0 of the room)"},
      {head + R"(,"participants":[{"communicationIdentifier":{"rawId":"8:acs:a","rawId":3}}]})",
       "rawId",
       "malformed response: participant field 'rawId' is a number, not a string (participant 0 "
       "of the room)"},
      {head + R"(,"participants":[)" + alice +
           R"(,{"communicationIdentifier":{"rawId":"8:acs:b"},"role":{"x":1}},5]})",
       "role",
       "malformed response: participant field 'role' is a object, not a string (participant 1 "
       "of the room)"},
      {R"(["x"])", "", "malformed response: a room is a array, not an object"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    const error e = malformed(parse_room_v2022(response(200, c.body)), 200);
    CHECK(e.target == c.target);
    CHECK(e.message == c.message);
  }
  const error not_json = malformed(parse_room_v2022(response(201, "<html>")), 201);
  CHECK(not_json.message ==
        "malformed response: the room body (HTTP 201, 6 bytes, application/json) is not JSON");
  CHECK(not_json.raw_body == "<html>");

  const auto refused =
      parse_room_v2022(response(404, R"({"error":{"code":"NotFound","message":"no room"}})"));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == errc::service_error);
  CHECK(refused.error().status == 404);
  CHECK(refused.error().code == "NotFound");
}

TEST_CASE("parse_participants_v2022 reads the roster and names what is wrong",
          "[responses][v2022]") {
  const auto roster = parse_participants_v2022(response(
      200, R"({"participants":[)" + alice +
               R"(,{"communicationIdentifier":{"rawId":"8:acs:b"}}],"nextLink":"ignored"})"));
  REQUIRE(roster.has_value());
  REQUIRE(roster->size() == 2);
  CHECK(roster->front().id.raw_id() == "8:acs:a");
  CHECK(roster->back().role.value().empty()); // an absent role is kept as no role
  const auto none = parse_participants_v2022(response(200, R"({"participants":[]})"));
  REQUIRE(none.has_value());
  CHECK(none->empty());

  struct bad_case {
    std::string body;
    std::string target;
    std::string message;
  };
  const bad_case cases[] = {
      {"{}", "participants",
       "malformed response: participants collection field 'participants' is missing"},
      {R"({"participants":null})", "participants",
       "malformed response: participants collection field 'participants' is not an array"},
      {R"({"participants":[)" + alice + R"(],"participants":"x"})", "participants",
       "malformed response: participants collection field 'participants' is not an array"},
      {R"({"x":{"participants":[]}})", "participants",
       "malformed response: participants collection field 'participants' is missing"},
      {R"({"participants":[)" + alice +
           R"(,{"communicationIdentifier":{"communicationUser":{"id":"x"}}}]})",
       "rawId",
       "malformed response: participant field 'rawId' is missing (participant 1 of the "
       "participants collection)"},
      {R"({"participants":[[)" + alice + "]]}", "",
       "malformed response: a participant is a array, not an object (participant 0 of the "
       "participants collection)"},
      {"17", "", "malformed response: the participants collection is a number, not an object"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    const error e = malformed(parse_participants_v2022(response(200, c.body)), 200);
    CHECK(e.target == c.target);
    CHECK(e.message == c.message);
  }
  const error not_json = malformed(parse_participants_v2022(response(200, "", "")), 200);
  CHECK(not_json.message ==
        "malformed response: the participants collection body (HTTP 200, 0 bytes) is not JSON");
  const auto server = parse_participants_v2022(response(503, "", ""));
  REQUIRE_FALSE(server.has_value());
  CHECK(server.error().kind == errc::service_error);
  CHECK(server.error().status == 503);
}
