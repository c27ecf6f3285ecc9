// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): responses.hpp, response parsers and the error parser.
#include <acs/rooms/responses.hpp>

#include "../support/test_support.hpp"

using namespace acs::rooms;
using acs_rooms_test::response;
using acs_rooms_test::room_json;

TEST_CASE("parse_room reads the service's room model", "[responses]") {
  const auto r = parse_room(response(201, room_json()));
  REQUIRE(r.has_value());
  CHECK(r->id == "99117812428622880");
  CHECK(format_rfc3339(r->created_at) == "2022-04-13T18:09:12.815Z");
  CHECK(r->valid_from == acs_rooms_test::at("2022-04-20T10:00:00.25Z"));
  CHECK(r->pstn_dial_out_enabled);
  // Unknown fields are ignored.
  const auto extra = parse_room(response(
      200,
      R"({"id":"1","createdAt":"2022-04-13T18:09:12Z","validFrom":"2022-04-13T18:09:12Z",)"
      R"("validUntil":"2022-04-14T18:09:12Z","pstnDialOutEnabled":false,"future":{"x":[1]}})"));
  REQUIRE(extra.has_value());
  CHECK_FALSE(extra->pstn_dial_out_enabled);
}

TEST_CASE("pstnDialOutEnabled is optional before 2024-04-15 and required from it", "[responses]") {
  const std::string old_body =
      R"({"id":"1","createdAt":"2022-04-13T18:09:12Z","validFrom":"2022-04-13T18:09:12Z","validUntil":"2022-04-14T18:09:12Z"})";
  const auto old_room = parse_room(response(200, old_body), api_version::v2023_06_14);
  REQUIRE(old_room.has_value());
  CHECK_FALSE(old_room->pstn_dial_out_enabled);
  const auto new_room = parse_room(response(200, old_body), api_version::v2024_04_15);
  REQUIRE_FALSE(new_room.has_value());
  CHECK(new_room.error().kind == errc::malformed_response);
  CHECK(new_room.error().target == "pstnDialOutEnabled");
  CHECK(new_room.error().status == 200);
}

TEST_CASE("the GA readers refuse the 2022-02-01 dialect and name the reader that fits",
          "[responses][errors]") {
  const std::string room_2022 =
      R"({"id":"1","createdDateTime":"2022-04-13T18:09:12Z","validFrom":"2022-04-13T18:09:12Z",)"
      R"("validUntil":"2022-04-14T18:09:12Z","roomJoinPolicy":"InviteOnly","participants":[]})";
  const auto room = parse_room(response(201, room_2022), api_version::v2022_02_01);
  REQUIRE_FALSE(room.has_value());
  CHECK(room.error().kind == errc::invalid_argument);
  CHECK(room.error().status == 0); // the caller's mistake, not the answer's
  CHECK(room.error().message.find("parse_room_v2022") != std::string::npos);
  const auto page = parse_room_page(response(200, R"({"value":[]})"), api_version::v2022_02_01);
  REQUIRE_FALSE(page.has_value());
  CHECK(page.error().kind == errc::invalid_argument);
  CHECK(page.error().message.find("no room listing") != std::string::npos);
}

TEST_CASE("malformed success bodies name the field and the problem", "[responses]") {
  struct bad_case {
    std::string body;
    std::string field;
    std::string says;
  };
  const std::string times =
      R"("createdAt":"2022-04-13T18:09:12Z","validFrom":"2022-04-13T18:09:12Z","validUntil":"2022-04-14T18:09:12Z","pstnDialOutEnabled":true)";
  const bad_case cases[] = {
      {R"({)" + times + "}", "id", "is missing"},
      {R"({"id":17,)" + times + "}", "id", "not a string"},
      {R"({"id":"1","createdAt":"yesterday","validFrom":"2022-04-13T18:09:12Z","validUntil":"2022-04-14T18:09:12Z","pstnDialOutEnabled":true})",
       "createdAt", "not an RFC 3339 date-time"},
      {R"({"id":"1","createdAt":"2022-04-13T18:09:12Z","validUntil":"2022-04-14T18:09:12Z","pstnDialOutEnabled":true})",
       "validFrom", "is missing"},
      {R"({"id":"1",)" + times.substr(0, times.size() - 4) + R"("yes"})", "pstnDialOutEnabled",
       "not a boolean"},
  };
  for (const auto& c : cases) {
    INFO(c.body);
    const auto r = parse_room(response(200, c.body));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::malformed_response);
    CHECK(r.error().target == c.field);
    CHECK(r.error().message.find(c.says) != std::string::npos);
    CHECK(r.error().message.find(c.field) != std::string::npos);
  }
  for (const std::string garbage :
       {"", "<html>oops</html>", "{\"id\":", "[1,2]", "null", "\"x\""}) {
    INFO(garbage);
    const auto r = parse_room(response(200, garbage));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::malformed_response);
    CHECK(r.error().status == 200);
  }
}

TEST_CASE("parse_error reads the whole error envelope", "[responses][errors]") {
  auto r = response(
      400,
      R"({"error":{"code":"BadRequest","message":"The request could not be understood by the server due to malformed syntax.","target":"room","details":[{"code":"BadArgument","message":"The time range is incorrect, or larger than 180 days.","target":"ValidUntil"}],"innererror":{"code":"Inner","message":"deeper","innererror":{"code":"Deepest","message":"x"}}}})",
      "application/json; charset=utf-8");
  r.headers.set("x-ms-error-code", "BadRequest");
  r.headers.set("MS-CV", "cv.1");
  r.headers.set("X-Azure-Ref", "ref-1");
  r.headers.set("x-ms-client-request-id", "00000000-0000-4000-8000-000000000009");
  const error e = parse_error(r);
  CHECK(e.kind == errc::service_error);
  CHECK(e.status == 400);
  CHECK(e.code == "BadRequest");
  CHECK(e.message == "The request could not be understood by the server due to malformed syntax.");
  CHECK(e.target == "room");
  REQUIRE(e.details.size() == 1);
  CHECK(e.details[0].code == "BadArgument");
  CHECK(e.details[0].target == "ValidUntil");
  CHECK(e.details[0].message == "The time range is incorrect, or larger than 180 days.");
  REQUIRE(e.inner_error() != nullptr);
  CHECK(e.inner_error()->code == "Inner");
  REQUIRE(e.inner_error()->inner_error() != nullptr);
  CHECK(e.inner_error()->inner_error()->code == "Deepest");
  CHECK(e.correlation_vector == "cv.1");
  CHECK(e.azure_ref == "ref-1");
  CHECK(e.client_request_id == "00000000-0000-4000-8000-000000000009");
  CHECK(e.describe() ==
        "service_error 400 BadRequest: The request could not be understood by the server due to "
        "malformed syntax. [BadArgument (ValidUntil): The time range is incorrect, or larger than "
        "180 days.]");
}

TEST_CASE("errors without a JSON envelope still carry the status", "[responses][errors]") {
  auto html = response(502, "<html><body>Bad gateway</body></html>", "text/html");
  const error e = parse_error(html);
  CHECK(e.kind == errc::service_error);
  CHECK(e.status == 502);
  CHECK(e.code.empty());
  CHECK(e.message.find("502 Bad Gateway") != std::string::npos);
  CHECK(e.message.find("text/html") != std::string::npos);
  CHECK(e.raw_body == "<html><body>Bad gateway</body></html>");

  auto empty = response(404, "", "");
  empty.headers.set("x-ms-error-code", "NotFound");
  const error nf = parse_error(empty);
  CHECK(nf.status == 404);
  CHECK(nf.code == "NotFound"); // from the header when the body has none
  CHECK(nf.message == "HTTP 404 Not Found with an empty body");
  CHECK(nf.is_not_found());

  // A gateway's bare error object, and JSON of the wrong shape.
  const error bare = parse_error(response(401, R"({"statusCode":401,"message":"Access denied"})"));
  CHECK(bare.status == 401);
  CHECK(bare.message == "Access denied");
  const error odd = parse_error(response(500, R"([1,2,3])"));
  CHECK(odd.status == 500);
  CHECK(odd.message.find("500 Internal Server Error") != std::string::npos);
  const error typed = parse_error(response(400, R"({"error":{"code":5,"message":["x"]}})"));
  CHECK(typed.status == 400);
  CHECK(typed.code.empty());
  CHECK(typed.message == "HTTP 400 Bad Request");
}

TEST_CASE("deeply nested error details are bounded, not a stack overflow", "[responses][errors]") {
  std::string body = R"({"error":)";
  const int depth = 5000;
  for (int i = 0; i < depth; ++i) {
    body += R"({"code":"C","message":"m","details":[)";
  }
  body += "{}";
  for (int i = 0; i < depth; ++i) {
    body += "]}";
  }
  body += "}";
  const error e = parse_error(response(400, body));
  CHECK(e.status == 400);
  CHECK(e.code == "C");
  int levels = 0;
  for (const error* p = &e; !p->details.empty(); p = &p->details[0]) {
    ++levels;
  }
  CHECK(levels <= 17);
}

TEST_CASE("pages: value required, nextLink optional and absolute", "[responses][paging]") {
  const auto p = parse_participant_page(response(
      200,
      R"({"value":[{"rawId":"8:acs:a","role":"Presenter"},{"rawId":"4:+1555","role":"Organizer"}],"nextLink":"https://other.example/rooms/1/participants?nextLink=abc&api-version=2025-03-13"})"));
  REQUIRE(p.has_value());
  REQUIRE(p->items.size() == 2);
  CHECK(p->items[0].role == participant_role::presenter);
  CHECK(p->items[1].id.kind() == identifier_kind::phone_number);
  CHECK(p->items[1].role.value() == "Organizer"); // unknown roles are kept, not an error
  CHECK(p->next_link ==
        std::string(
            "https://other.example/rooms/1/participants?nextLink=abc&api-version=2025-03-13"));

  const auto empty = parse_room_page(response(200, R"({"value":[],"nextLink":""})"));
  REQUIRE(empty.has_value());
  CHECK(empty->items.empty());
  CHECK_FALSE(empty->next_link.has_value());

  const auto no_value = parse_room_page(response(200, R"({"nextLink":"https://x/"})"));
  REQUIRE_FALSE(no_value.has_value());
  CHECK(no_value.error().kind == errc::malformed_response);
  CHECK(no_value.error().target == "value");

  const auto relative = parse_room_page(response(200, R"({"value":[],"nextLink":"/rooms?x"})"));
  REQUIRE_FALSE(relative.has_value());
  CHECK(relative.error().target == "nextLink");

  const auto bad_item = parse_participant_page(
      response(200, R"({"value":[{"rawId":"8:acs:a","role":"Presenter"},{"rawId":"8:acs:b"}]})"));
  REQUIRE_FALSE(bad_item.has_value());
  CHECK(bad_item.error().target == "role");
  CHECK(bad_item.error().message.find("item 1") != std::string::npos);

  const auto server_error = parse_room_page(response(503, "", ""));
  REQUIRE_FALSE(server_error.has_value());
  CHECK(server_error.error().kind == errc::service_error);
  CHECK(server_error.error().status == 503);
}

TEST_CASE("parse_empty accepts any 2xx and reports the rest", "[responses]") {
  CHECK(parse_empty(response(204, "", "")).has_value());
  CHECK(parse_empty(response(200, "{}")).has_value());
  const auto r = parse_empty(response(409, R"({"error":{"code":"Conflict","message":"no"}})"));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "Conflict");
  CHECK(r.error().status == 409);
}

TEST_CASE("a nextLink that could inject a header or carries user info is malformed",
          "[responses][errors]") {
  for (const char* link :
       {"https://h/rooms?x=1\r\nX-Evil: 1", "https://h/rooms?x=1 HTTP/1.1", "https://h/r\xc3\xa9",
        "https://contoso.communication.azure.com@evil.example.net/rooms", "/rooms?p=2"}) {
    INFO(link);
    nlohmann::json body = {{"value", nlohmann::json::array()}, {"nextLink", link}};
    const auto page = parse_room_page(response(200, body.dump()));
    REQUIRE_FALSE(page.has_value());
    CHECK(page.error().kind == errc::malformed_response);
    CHECK(page.error().status == 200);
    CHECK(page.error().target == "nextLink");
    CHECK(page.error().message.find('\r') == std::string::npos);
    CHECK(page.error().message.find("X-Evil") == std::string::npos);
  }
}
