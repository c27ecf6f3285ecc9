// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): client.hpp, the client over mocked Transport and Signer.
#include <acs/rooms/client.hpp>

#include "../support/mocks.hpp"

#include <stdexcept>

using namespace acs::rooms;
using acs_rooms_test::at;
using acs_rooms_test::fixed_options;
using acs_rooms_test::header;
using acs_rooms_test::mock_result_transport;
using acs_rooms_test::mock_signer;
using acs_rooms_test::mock_transport;
using acs_rooms_test::mocked_client;
using acs_rooms_test::response;
using acs_rooms_test::room_json;
using acs_rooms_test::user;
using trompeloeil::_;

namespace {
const time_point& now = acs_rooms_test::fixed_now;
constexpr const char* endpoint = acs_rooms_test::fixed_endpoint;
} // namespace

TEST_CASE("create_room sends the exact request and signs it at the clock's time", "[client]") {
  mock_transport transport;
  mock_signer signer;
  mocked_client client(endpoint, transport, signer, fixed_options());
  create_room_options o;
  o.valid_from = at("2026-12-01T00:00:00Z");
  o.valid_until = at("2026-12-31T00:00:00.5Z");
  o.pstn_dial_out_enabled = true;
  o.participants = {{user("1"), participant_role::presenter},
                    {user("2")},
                    {user("3"), participant_role::consumer},
                    {user("4"), participant_role::collaborator}};
  trompeloeil::sequence seq;
  REQUIRE_CALL(signer, sign(_, now))
      .IN_SEQUENCE(seq)
      .SIDE_EFFECT(_1.headers.set("Authorization", "sig"));
  REQUIRE_CALL(transport, send(_))
      .IN_SEQUENCE(seq)
      .WITH(_1.method == "POST")
      .WITH(_1.url == "https://contoso.communication.azure.com/rooms?api-version=2025-03-13")
      .WITH(
          _1.body ==
          R"({"validFrom":"2026-12-01T00:00:00.000Z","validUntil":"2026-12-31T00:00:00.500Z","pstnDialOutEnabled":true,"participants":{"8:acs:r_1":{"role":"Presenter"},"8:acs:r_2":{"role":"Attendee"},"8:acs:r_3":{"role":"Consumer"},"8:acs:r_4":{"role":"Collaborator"}}})")
      .WITH(header(_1, "Content-Type") == "application/json")
      .WITH(header(_1, "Repeatability-Request-ID") == "00000000-0000-4000-8000-000000000001")
      .WITH(header(_1, "Repeatability-First-Sent") == "Tue, 24 Nov 2026 12:00:00 GMT")
      .WITH(header(_1, "x-ms-client-request-id") == "00000000-0000-4000-8000-000000000002")
      .WITH(header(_1, "User-Agent") == detail::make_user_agent(""))
      .WITH(header(_1, "Authorization") == "sig")
      .RETURN(response(201, room_json()));
  const auto r = client.create_room(o);
  REQUIRE(r.has_value());
  CHECK(r->id == "99117812428622880");
}

TEST_CASE("create_room uses the caller's repeatability key and refuses a malformed one",
          "[client]") {
  mock_transport transport;
  mock_signer signer;
  mocked_client client(endpoint, transport, signer, fixed_options());
  create_room_options o;
  o.repeatability_request_id = "6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6f";
  o.repeatability_first_sent = at("2026-11-24T11:59:00Z");
  ALLOW_CALL(signer, sign(_, _));
  REQUIRE_CALL(transport, send(_))
      .WITH(_1.body == R"({"participants":{}})")
      .WITH(header(_1, "Repeatability-Request-ID") == "6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6f")
      .WITH(header(_1, "Repeatability-First-Sent") == "Tue, 24 Nov 2026 11:59:00 GMT")
      .RETURN(response(201, room_json()));
  CHECK(client.create_room(o).has_value());

  o.repeatability_request_id = "not-a-uuid\r\nX-Evil: 1";
  FORBID_CALL(transport, send(_));
  const auto bad = client.create_room(o);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == errc::invalid_argument);
  CHECK(bad.error().message.find("UUID") != std::string::npos);
}

TEST_CASE("each operation sends its method, URL, body and content type", "[client]") {
  mock_transport transport;
  mock_signer signer;
  mocked_client client("https://contoso.communication.azure.com", transport, signer,
                       fixed_options());
  ALLOW_CALL(signer, sign(_, now));
  const std::string base = "https://contoso.communication.azure.com/rooms";

  SECTION("get") {
    REQUIRE_CALL(transport, send(_))
        .WITH(_1.method == "GET" && _1.url == base + "/99117812428622880?api-version=2025-03-13" &&
              _1.body.empty() && header(_1, "Content-Type") == "<absent>" &&
              header(_1, "Accept") == "application/json")
        .RETURN(response(200, room_json()));
    CHECK(client.get_room("99117812428622880").has_value());
  }
  SECTION("get escapes the room id as one path segment") {
    REQUIRE_CALL(transport, send(_))
        .WITH(_1.url == base + "/a%2Fb%20c%3Fd%23e%25f?api-version=2025-03-13")
        .RETURN(response(200, room_json("a/b c?d#e%f")));
    CHECK(client.get_room("a/b c?d#e%f").has_value());
  }
  SECTION("update with one field leaves the others out") {
    REQUIRE_CALL(transport, send(_))
        .WITH(_1.method == "PATCH" && _1.url == base + "/1?api-version=2025-03-13" &&
              _1.body == R"({"validUntil":"2027-01-01T00:00:00.000Z"})" &&
              header(_1, "Content-Type") == "application/merge-patch+json")
        .RETURN(response(200, room_json("1")));
    update_room_options o;
    o.valid_until = at("2027-01-01T00:00:00Z");
    CHECK(client.update_room("1", o).has_value());
  }
  SECTION("update with nothing sends {}") {
    REQUIRE_CALL(transport, send(_)).WITH(_1.body == "{}").RETURN(response(200, room_json("1")));
    CHECK(client.update_room("1", {}).has_value());
  }
  SECTION("delete") {
    REQUIRE_CALL(transport, send(_))
        .WITH(_1.method == "DELETE" && _1.url == base + "/1?api-version=2025-03-13" &&
              _1.body.empty())
        .RETURN(response(204, "", ""));
    CHECK(client.delete_room("1").has_value());
  }
  SECTION("add or update participants") {
    REQUIRE_CALL(transport, send(_))
        .WITH(
            _1.method == "PATCH" && _1.url == base + "/1/participants?api-version=2025-03-13" &&
            _1.body ==
                R"({"participants":{"8:acs:r_1":{"role":"Presenter"},"4:+1425\"x":{"role":"Attendee"}}})" &&
            header(_1, "Content-Type") == "application/merge-patch+json")
        .RETURN(response(200, "{}"));
    CHECK(
        client
            .add_or_update_participants("1", {{user("1"), participant_role::presenter},
                                              {communication_identifier::phone_number("+1425\"x")}})
            .has_value());
  }
  SECTION("remove participants sends nulls") {
    REQUIRE_CALL(transport, send(_))
        .WITH(_1.body == R"({"participants":{"8:acs:r_1":null,"8:acs:r_2":null}})")
        .RETURN(response(200, "{}"));
    CHECK(client.remove_participants("1", {user("1"), user("2")}).has_value());
  }
}

TEST_CASE("only what the selected api-version has is sent", "[client][versions]") {
  mock_transport transport;
  mock_signer signer;
  FORBID_CALL(transport, send(_));
  ALLOW_CALL(signer, sign(_, _));

  SECTION("Collaborator needs 2025-03-13") {
    mocked_client client(endpoint, transport, signer, fixed_options(api_version::v2024_04_15));
    const auto r =
        client.add_or_update_participants("1", {{user("1"), participant_role::collaborator}});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message.find("Collaborator") != std::string::npos);
    CHECK(r.error().message.find("2024-04-15") != std::string::npos);
    create_room_options o;
    o.participants = {{user("2"), participant_role::collaborator}};
    CHECK(client.create_room(o).error().kind == errc::invalid_argument);
  }
  SECTION("pstnDialOutEnabled needs 2024-04-15") {
    mocked_client client(endpoint, transport, signer, fixed_options(api_version::v2023_06_14));
    create_room_options o;
    o.pstn_dial_out_enabled = false;
    const auto r = client.create_room(o);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message.find("pstn_dial_out_enabled") != std::string::npos);
    update_room_options u;
    u.pstn_dial_out_enabled = true;
    CHECK(client.update_room("1", u).error().kind == errc::invalid_argument);
  }
}

TEST_CASE("2023-06-14 rooms have no PSTN field and the URL says the version",
          "[client][versions]") {
  mock_transport transport;
  mock_signer signer;
  ALLOW_CALL(signer, sign(_, _));
  mocked_client client(endpoint, transport, signer, fixed_options(api_version::v2023_06_14));
  REQUIRE_CALL(transport, send(_))
      .WITH(_1.url == "https://contoso.communication.azure.com/rooms?api-version=2023-06-14" &&
            _1.body == R"({"validFrom":"2026-12-01T00:00:00.000Z","participants":{}})")
      .RETURN(response(
          201,
          R"({"id":"1","createdAt":"2026-11-24T12:00:00Z","validFrom":"2026-12-01T00:00:00Z","validUntil":"2027-05-30T00:00:00Z"})"));
  create_room_options o;
  o.valid_from = at("2026-12-01T00:00:00Z");
  const auto r = client.create_room(o);
  REQUIRE(r.has_value());
  CHECK_FALSE(r->pstn_dial_out_enabled);
}

TEST_CASE("bad input is refused before anything is sent", "[client][errors]") {
  mock_transport transport;
  mock_signer signer;
  FORBID_CALL(transport, send(_));
  FORBID_CALL(signer, sign(_, _));

  SECTION("an empty room id") {
    mocked_client client(endpoint, transport, signer, fixed_options());
    for (const auto& r : {client.get_room("").error(), client.delete_room("").error(),
                          client.update_room("", {}).error(),
                          client.remove_participants("", {user("1")}).error()}) {
      CHECK(r.kind == errc::invalid_argument);
      CHECK(r.message == "the room id is empty");
    }
    const auto pages = client.list_participants("").next_page();
    CHECK(pages.error().kind == errc::invalid_argument);
  }
  SECTION("duplicate, empty or non-UTF-8 participants") {
    mocked_client client(endpoint, transport, signer, fixed_options());
    CHECK(client.add_or_update_participants("1", {{user("1")}, {user("1")}}).error().message ==
          "participant '8:acs:r_1' is listed more than once");
    CHECK(
        client.remove_participants("1", {communication_identifier::from_raw_id("")}).error().kind ==
        errc::invalid_argument);
    CHECK(client
              .add_or_update_participants("1",
                                          {{communication_identifier::from_raw_id("8:acs:\xff")}})
              .error()
              .message.find("UTF-8") != std::string::npos);
    CHECK(
        client.add_or_update_participants("1", {{user("1"), participant_role("")}}).error().kind ==
        errc::invalid_argument);
  }
  SECTION("a malformed endpoint or application id fails every call") {
    mocked_client bad(endpoint + std::string("rooms?x=1"), transport, signer, fixed_options());
    const auto r = bad.get_room("1");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message.find("invalid endpoint") != std::string::npos);
    CHECK(bad.list_rooms().next_page().error().kind == errc::invalid_argument);
    auto o = fixed_options();
    o.application_id = "app\r\nX-Injected: 1";
    mocked_client injected(endpoint, transport, signer, o);
    CHECK(injected.delete_room("1").error().kind == errc::invalid_argument);
  }
}

TEST_CASE("the User-Agent follows the Azure telemetry guideline, prefixed by the application id",
          "[client]") {
  const std::string platform(detail::user_agent_platform());
  CHECK(platform.front() == '(');
  CHECK(platform.back() == ')');
  CHECK(platform.find("; ") != std::string::npos);
#if defined(__linux__) && defined(__x86_64__)
  CHECK(platform.rfind("(Linux x86_64; ", 0) == 0);
#endif
  CHECK(detail::make_user_agent("") ==
        "azsdk-cpp-communication-rooms/" ACS_ROOMS_VERSION_STRING " " + platform);

  mock_transport transport;
  mock_signer signer;
  ALLOW_CALL(signer, sign(_, _));
  auto o = fixed_options();
  o.application_id = "contoso-scheduler/2.1";
  mocked_client client(endpoint, transport, signer, o);
  REQUIRE_CALL(transport, send(_))
      .WITH(header(_1, "User-Agent") == "contoso-scheduler/2.1 azsdk-cpp-communication-rooms/" +
                                            std::string(ACS_ROOMS_VERSION_STRING) + " " + platform)
      .RETURN(response(204, "", ""));
  CHECK(client.delete_room("1").has_value());
}

TEST_CASE("an application id over 24 characters or with a space is refused at creation",
          "[client][errors]") {
  mock_transport transport;
  mock_signer signer;
  const std::string key = "c2VjcmV0"; // base64 "secret"
  const std::string connection =
      "endpoint=https://contoso.communication.azure.com/;accesskey=" + key;
  for (const char* id : {"a-very-long-application-id", "two words", "tab\there"}) {
    INFO(id);
    auto o = fixed_options();
    o.application_id = id;
    const auto made = make_client<mock_transport&>(connection, transport, o);
    REQUIRE_FALSE(made.has_value());
    CHECK(made.error().kind == errc::invalid_argument);
    CHECK(made.error().message.find("application id") != std::string::npos);
    mocked_client direct(endpoint, transport, signer, o); // the constructor cannot fail: calls do
    const auto r = direct.get_room("1");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message == made.error().message);
  }
  auto ok = fixed_options();
  ok.application_id = "exactly-24-characters-ok";
  REQUIRE(ok.application_id.size() == 24);
  CHECK(make_client<mock_transport&>(connection, transport, ok).has_value());
}

TEST_CASE("responses fail well through the client", "[client][errors]") {
  mock_transport transport;
  mock_signer signer;
  ALLOW_CALL(signer, sign(_, _));
  mocked_client client(endpoint, transport, signer, fixed_options());

  SECTION("a 404 with the service envelope") {
    auto r404 = response(
        404,
        R"({"error":{"code":"NotFound","message":"The server cannot find the requested resource."}})");
    r404.headers.set("x-ms-error-code", "NotFound");
    REQUIRE_CALL(transport, send(_)).RETURN(r404);
    const auto r = client.get_room("12345678901234567");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::service_error);
    CHECK(r.error().status == 404);
    CHECK(r.error().code == "NotFound");
    CHECK(r.error().message == "The server cannot find the requested resource.");
    CHECK(r.error().client_request_id == "00000000-0000-4000-8000-000000000001");
  }
  SECTION("a 500 HTML page from a proxy") {
    REQUIRE_CALL(transport, send(_)).RETURN(response(500, "<html>proxy error</html>", "text/html"));
    const auto r = client.delete_room("1");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::service_error);
    CHECK(r.error().status == 500);
    CHECK(r.error().raw_body == "<html>proxy error</html>");
  }
  SECTION("garbage with a 200") {
    REQUIRE_CALL(transport, send(_)).RETURN(response(200, "\x01\x02garbage"));
    const auto r = client.get_room("1");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::malformed_response);
    CHECK(r.error().status == 200);
  }
  SECTION("value() throws rooms_error carrying the error") {
    REQUIRE_CALL(transport, send(_))
        .RETURN(response(400, R"({"error":{"code":"BadRequest","message":"Invalid room ID."}})"));
    try {
      (void)client.get_room("abc").value();
      FAIL("value() did not throw");
    } catch (const rooms_error& e) {
      CHECK(e.error().status == 400);
      CHECK(e.error().code == "BadRequest");
      CHECK(std::string(e.what()) == "service_error 400 BadRequest: Invalid room ID.");
    }
  }
}

TEST_CASE("exceptions from a Transport or Signer pass through untouched", "[client][errors]") {
  mock_transport transport;
  mock_signer signer;
  mocked_client client(endpoint, transport, signer, fixed_options());
  SECTION("transport") {
    ALLOW_CALL(signer, sign(_, _));
    REQUIRE_CALL(transport, send(_)).THROW(std::runtime_error("socket closed"));
    CHECK_THROWS_WITH(client.get_room("1"), "socket closed");
  }
  SECTION("signer") {
    FORBID_CALL(transport, send(_));
    REQUIRE_CALL(signer, sign(_, _)).THROW(std::logic_error("no key"));
    CHECK_THROWS_AS(client.get_room("1"), std::logic_error);
  }
}

TEST_CASE("a Transport returning result<http_response> reports transport errors",
          "[client][errors]") {
  mock_result_transport transport;
  hmac_signer<> signer("pw==");
  rooms_client<mock_result_transport&, hmac_signer<>> client(endpoint, transport, signer,
                                                             fixed_options());
  auto failure = detail::make_error(errc::transport_error, "connection refused by 127.0.0.1:1");
  REQUIRE_CALL(transport, send(_))
      .WITH(header(_1, "Authorization").rfind("HMAC-SHA256 ", 0) == 0)
      .RETURN(failure);
  const auto r = client.get_room("1");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::transport_error);
  CHECK(r.error().status == 0);
  CHECK(r.error().message == "connection refused by 127.0.0.1:1");
  CHECK(r.error().client_request_id == "00000000-0000-4000-8000-000000000001");
}

TEST_CASE("a Signer returning an error stops the request", "[client][errors]") {
  mock_transport transport;
  FORBID_CALL(transport, send(_));
  auto client = make_client<mock_transport&>(
      "endpoint=https://x.communication.azure.com/;accesskey=pw==", transport, fixed_options());
  REQUIRE(client.has_value());
  rooms_client<mock_transport&, bearer_token_signer> bearer(
      endpoint, transport, bearer_token_signer({}), fixed_options());
  const auto r = bearer.get_room("1");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::invalid_argument);

  const auto bad = make_client<mock_transport&>("endpoint=https://x/;accesskey=", transport);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == errc::invalid_argument);
}

TEST_CASE("pagers are lazy and follow nextLink verbatim", "[client][paging]") {
  mock_transport transport;
  mock_signer signer;
  ALLOW_CALL(signer, sign(_, _));
  mocked_client client(endpoint, transport, signer, fixed_options());
  const std::string link1 =
      "https://westus.contoso.communication.azure.com/rooms?nextLink=AAA&api-version=2025-03-13";
  const std::string link2 =
      "https://eastus.other.example:8443/rooms?nextLink=BBB%2F&api-version=2025-03-13";

  auto pager = client.list_rooms(); // no request yet: FORBID is implicit (no expectation set)
  CHECK_FALSE(pager.done());
  CHECK_FALSE(pager.continuation_token().has_value());
  {
    REQUIRE_CALL(transport, send(_))
        .WITH(_1.url == "https://contoso.communication.azure.com/rooms?api-version=2025-03-13")
        .RETURN(response(200, R"({"value":[)" + room_json("1") + "," + room_json("2") +
                                  R"(],"nextLink":")" + link1 + R"("})"));
    const auto p1 = pager.next_page();
    REQUIRE(p1.has_value());
    CHECK(p1->items.size() == 2);
  }
  CHECK(pager.continuation_token() == link1);
  {
    // An empty page that still has a nextLink: keep going.
    REQUIRE_CALL(transport, send(_))
        .WITH(_1.url == link1)
        .RETURN(response(200, R"({"value":[],"nextLink":")" + link2 + R"("})"));
    const auto p2 = pager.next_page();
    REQUIRE(p2.has_value());
    CHECK(p2->items.empty());
    CHECK_FALSE(pager.done());
  }
  {
    // A failure loses nothing: the same page is asked for again.
    REQUIRE_CALL(transport, send(_)).WITH(_1.url == link2).RETURN(response(503, "", ""));
    const auto failed = pager.next_page();
    REQUIRE_FALSE(failed.has_value());
    CHECK(failed.error().status == 503);
    CHECK(pager.continuation_token() == link2);
  }
  {
    REQUIRE_CALL(transport, send(_))
        .WITH(_1.url == link2)
        .RETURN(response(200, R"({"value":[)" + room_json("3") + "]}"));
    const auto p3 = pager.next_page();
    REQUIRE(p3.has_value());
    CHECK(p3->items.at(0).id == "3");
  }
  CHECK(pager.done());
  CHECK_FALSE(pager.continuation_token().has_value());
  const auto after = pager.next_page();
  REQUIRE_FALSE(after.has_value());
  CHECK(after.error().kind == errc::invalid_argument);
}

TEST_CASE("a pager resumes from a continuation token and iterates items", "[client][paging]") {
  mock_transport transport;
  mock_signer signer;
  ALLOW_CALL(signer, sign(_, _));
  mocked_client client(endpoint, transport, signer, fixed_options());
  const std::string token = "https://contoso.communication.azure.com/rooms/1/"
                            "participants?nextLink=P2&api-version=2025-03-13";
  const std::string last = "https://contoso.communication.azure.com/rooms/1/"
                           "participants?nextLink=P3&api-version=2025-03-13";
  trompeloeil::sequence seq;
  REQUIRE_CALL(transport, send(_))
      .IN_SEQUENCE(seq)
      .WITH(_1.url == token)
      .RETURN(response(200, R"({"value":[],"nextLink":")" + last + R"("})"));
  REQUIRE_CALL(transport, send(_))
      .IN_SEQUENCE(seq)
      .WITH(_1.url == last)
      .RETURN(response(
          200,
          R"({"value":[{"rawId":"8:acs:a","role":"Presenter"},{"rawId":"8:acs:b","role":"Consumer"}]})"));
  std::vector<std::string> seen;
  for (const auto& p : client.list_participants_from(token)) {
    seen.push_back(p.id.raw_id() + "=" + p.role.value());
  }
  CHECK(seen == std::vector<std::string>{"8:acs:a=Presenter", "8:acs:b=Consumer"});
}

TEST_CASE("range-for throws rooms_error when a page fails", "[client][paging]") {
  mock_transport transport;
  mock_signer signer;
  ALLOW_CALL(signer, sign(_, _));
  mocked_client client(endpoint, transport, signer, fixed_options());
  trompeloeil::sequence seq;
  REQUIRE_CALL(transport, send(_))
      .IN_SEQUENCE(seq)
      .RETURN(response(
          200, R"({"value":[)" + room_json("1") +
                   R"(],"nextLink":"https://contoso.communication.azure.com/rooms?nextLink=2"})"));
  REQUIRE_CALL(transport, send(_)).IN_SEQUENCE(seq).RETURN(response(500, "oops", "text/plain"));
  int count = 0;
  try {
    for (const auto& r : client.list_rooms()) {
      CHECK(r.id == "1");
      ++count;
    }
    FAIL("iteration did not throw");
  } catch (const rooms_error& e) {
    CHECK(e.error().status == 500);
  }
  CHECK(count == 1);
}

TEST_CASE("a nextLink that points at its own page is refused, not looped on", "[client][paging]") {
  mock_transport transport;
  mock_signer signer;
  ALLOW_CALL(signer, sign(_, _));
  mocked_client client(endpoint, transport, signer, fixed_options());
  const std::string self = "https://contoso.communication.azure.com/rooms?api-version=2025-03-13";
  REQUIRE_CALL(transport, send(_))
      .RETURN(response(200, R"({"value":[],"nextLink":")" + self + R"("})"));
  const auto r = client.list_rooms().next_page();
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::malformed_response);
  CHECK(r.error().message.find("nextLink") != std::string::npos);
}

namespace {
/// An operation the library does not have, written as a user would: a HEAD of a room that
/// answers whether it exists. It needs nothing but the Operation requirement.
struct room_exists_operation {
  using value_type = bool;
  static constexpr std::string_view name = "room_exists";
  std::string_view room_id;
  result<http_request> build(const request_context& ctx) const {
    auto request = build_get_room(ctx, room_id);
    if (request) {
      request->method = "HEAD";
    }
    return request;
  }
  static result<bool> parse(const http_response& r, const api_version&) {
    if (r.status == 404) {
      return false;
    }
    if (r.status != 200) {
      return parse_error(r);
    }
    return true;
  }
};
} // namespace

TEST_CASE("call() runs a user's own operation with signing, ids and retries", "[client][call]") {
  mock_transport transport;
  mock_signer signer;
  auto options = fixed_options();
  options.retry.max_retries = 1;
  options.sleep = [](std::chrono::milliseconds) {}; // the retry's wait, not slept
  mocked_client client(endpoint, transport, signer, options);
  ALLOW_CALL(signer, sign(_, _));
  trompeloeil::sequence seq;
  REQUIRE_CALL(transport, send(_))
      .IN_SEQUENCE(seq)
      .WITH(_1.method == "HEAD")
      .WITH(_1.url == "https://contoso.communication.azure.com/rooms/42?api-version=2025-03-13")
      .WITH(header(_1, "x-ms-client-request-id") == "00000000-0000-4000-8000-000000000001")
      .RETURN(response(503, ""));
  REQUIRE_CALL(transport, send(_)).IN_SEQUENCE(seq).RETURN(response(404, ""));
  STATIC_REQUIRE(room_exists_operation::name == "room_exists");
  const result<bool> exists = client.call(room_exists_operation{"42"});
  REQUIRE(exists.has_value());
  CHECK_FALSE(*exists);

  REQUIRE_CALL(transport, send(_)).RETURN(response(403, R"({"error":{"code":"Forbidden"}})"));
  const result<bool> refused = client.call(room_exists_operation{"42"});
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().kind == errc::service_error);
  CHECK(refused.error().status == 403);
  CHECK(refused.error().code == "Forbidden");
  CHECK(refused.error().attempts == 1);

  // Its builder's refusal ends the call before anything is sent.
  const result<bool> empty = client.call(room_exists_operation{""});
  REQUIRE_FALSE(empty.has_value());
  CHECK(empty.error().kind == errc::invalid_argument);
  CHECK(empty.error().attempts == 0);
}

TEST_CASE("a moved-from client fails every call and pager with invalid_argument",
          "[client][call]") {
  mock_transport transport;
  mock_signer signer;
  mocked_client client(endpoint, transport, signer, fixed_options());
  mocked_client taken = std::move(client);
  const auto got = client.get_room("1"); // NOLINT(bugprone-use-after-move): the point
  REQUIRE_FALSE(got.has_value());
  CHECK(got.error().kind == errc::invalid_argument);
  CHECK(got.error().message.find("moved from") != std::string::npos);
  auto rooms = client.list_rooms();
  const auto page = rooms.next_page();
  REQUIRE_FALSE(page.has_value());
  CHECK(page.error().kind == errc::invalid_argument);
  const auto created = client.create_room();
  REQUIRE_FALSE(created.has_value());
  CHECK(created.error().kind == errc::invalid_argument);
}
