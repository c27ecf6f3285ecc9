// SPDX-License-Identifier: MIT
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <catch2/catch.hpp>
#include <date/date.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace acs::rooms;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr const char* base = "https://emu.test";

time_point at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

/// An emulator on a clock the test moves, with helpers to send signed raw requests.
struct fixture {
  time_point now = at("2026-11-24T12:00:00Z");
  emulator emu;

  explicit fixture(std::size_t page_size = 30, std::optional<std::string> token = std::nullopt)
      : emu(make_options(page_size, std::move(token))) {}

  emulator_options make_options(std::size_t page_size, std::optional<std::string> token) {
    emulator_options o;
    o.page_size = page_size;
    o.accepted_token = std::move(token);
    o.clock = [this] { return now; };
    return o;
  }

  http_request request(std::string method, const std::string& path_and_query, std::string body = {},
                       std::string content_type = {}) const {
    http_request r;
    r.method = std::move(method);
    r.url = path_and_query.rfind("http", 0) == 0 ? path_and_query : base + path_and_query;
    r.body = std::move(body);
    if (!content_type.empty()) {
      r.headers.set("Content-Type", content_type);
    }
    return r;
  }

  http_request signed_request(std::string method, const std::string& path_and_query,
                              std::string body = {}, std::string content_type = {}) const {
    http_request r =
        request(std::move(method), path_and_query, std::move(body), std::move(content_type));
    REQUIRE(hmac_signer<>(emu.access_key()).sign(r, now));
    return r;
  }

  http_response send(std::string method, const std::string& path_and_query, std::string body = {},
                     std::string content_type = {}) {
    if (content_type.empty() && !body.empty()) {
      content_type = method == "POST" ? "application/json" : "application/merge-patch+json";
    }
    return emu.send(signed_request(std::move(method), path_and_query, std::move(body),
                                   std::move(content_type)));
  }

  std::string create(const std::string& body = "{}", const std::string& version = "2025-03-13") {
    const auto r = send("POST", "/rooms?api-version=" + version, body);
    REQUIRE(r.status == 201);
    return json::parse(r.body)["id"].get<std::string>();
  }
};

/// Checks the error envelope, its headers and the status.
json check_error(const http_response& r, int status, const std::string& code) {
  CHECK(r.status == status);
  CHECK(r.headers.get("x-ms-error-code") == std::optional<std::string_view>(code));
  CHECK(r.headers.get("Content-Type") ==
        std::optional<std::string_view>("application/json; charset=utf-8"));
  const json body = json::parse(r.body);
  CHECK(body["error"]["code"] == code);
  CHECK(body["error"]["message"].is_string());
  return body["error"];
}

void check_detail(const json& error, std::size_t index, const std::string& code,
                  const std::string& target, const std::string& message) {
  REQUIRE(error.contains("details"));
  REQUIRE(error["details"].size() > index);
  CHECK(error["details"][index]["code"] == code);
  CHECK(error["details"][index]["target"] == target);
  CHECK(error["details"][index]["message"] == message);
}

void check_range_error(const http_response& r, const std::string& target,
                       const std::string& message) {
  const json e = check_error(r, 400, "BadRequest");
  CHECK(e["message"] == "The request could not be understood by the server due to malformed "
                        "syntax.");
  check_detail(e, 0, "BadArgument", target, message);
}

bool service_time_style(const std::string& t) {
  // 2026-11-24T12:00:00.1234567+00:00
  if (t.size() != 33 || t.substr(27) != "+00:00" || t[19] != '.') {
    return false;
  }
  for (std::size_t i = 20; i < 27; ++i) {
    if (t[i] < '0' || t[i] > '9') {
      return false;
    }
  }
  return parse_rfc3339(t).has_value();
}

const std::string user_a = "8:acs:00000000-0000-0000-0000-00000000000a_00000000-0000-0000-0000-aa";
const std::string user_b = "8:acs:00000000-0000-0000-0000-00000000000b_00000000-0000-0000-0000-bb";
const std::string user_c = "8:acs:00000000-0000-0000-0000-00000000000c_00000000-0000-0000-0000-cc";

} // namespace

TEST_CASE("emulator: HMAC authentication is checked exactly", "[emulator]") {
  fixture f;
  SECTION("a correctly signed request passes and an empty listing is {\"value\":[]}") {
    const auto r = f.send("GET", "/rooms?api-version=2025-03-13");
    CHECK(r.status == 200);
    CHECK(r.body == R"({"value":[]})");
  }
  SECTION("no Authorization header") {
    check_error(f.emu.send(f.request("GET", "/rooms?api-version=2025-03-13")), 401, "Unauthorized");
  }
  SECTION("another key") {
    auto r = f.request("GET", "/rooms?api-version=2025-03-13");
    REQUIRE(hmac_signer<>("c2VjcmV0LWJ1dC13cm9uZw==").sign(r, f.now));
    check_error(f.emu.send(r), 401, "Unauthorized");
  }
  SECTION("a tampered signature") {
    auto r = f.signed_request("GET", "/rooms?api-version=2025-03-13");
    std::string auth(*r.headers.get("Authorization"));
    auth[auth.size() - 5] = auth[auth.size() - 5] == 'A' ? 'B' : 'A';
    r.headers.set("Authorization", auth);
    check_error(f.emu.send(r), 401, "Unauthorized");
  }
  SECTION("x-ms-date more than 15 minutes off, either way; 14 minutes is fine") {
    auto r = f.request("GET", "/rooms?api-version=2025-03-13");
    REQUIRE(hmac_signer<>(f.emu.access_key()).sign(r, f.now - 16min));
    check_error(f.emu.send(r), 401, "Unauthorized");
    REQUIRE(hmac_signer<>(f.emu.access_key()).sign(r, f.now + 16min));
    check_error(f.emu.send(r), 401, "Unauthorized");
    REQUIRE(hmac_signer<>(f.emu.access_key()).sign(r, f.now - 14min));
    CHECK(f.emu.send(r).status == 200);
  }
  SECTION("missing or malformed x-ms-date") {
    auto r = f.signed_request("GET", "/rooms?api-version=2025-03-13");
    r.headers.set("x-ms-date", "yesterday");
    check_error(f.emu.send(r), 401, "Unauthorized");
    r.headers.erase("x-ms-date");
    check_error(f.emu.send(r), 401, "Unauthorized");
  }
  SECTION("a body that is not the one hashed") {
    auto r = f.signed_request("POST", "/rooms?api-version=2025-03-13", "{}", "application/json");
    r.body = "{ }";
    check_error(f.emu.send(r), 401, "Unauthorized");
  }
  SECTION("a hash header that matches the new body but not the signature") {
    auto r = f.signed_request("POST", "/rooms?api-version=2025-03-13", "{}", "application/json");
    r.body = "{ }";
    r.headers.set("x-ms-content-sha256", detail::base64_encode(portable_crypto().sha256(r.body)));
    check_error(f.emu.send(r), 401, "Unauthorized");
  }
  SECTION("path, query, method and Host are all signed") {
    auto r = f.signed_request("GET", "/rooms?api-version=2025-03-13");
    auto changed = r;
    changed.url = std::string(base) + "/rooms?api-version=2024-04-15";
    check_error(f.emu.send(changed), 401, "Unauthorized");
    changed = r;
    changed.method = "DELETE";
    check_error(f.emu.send(changed), 401, "Unauthorized");
    changed = r;
    changed.headers.set("Host", "other.test");
    check_error(f.emu.send(changed), 401, "Unauthorized");
  }
  SECTION("without a Host header the URL's authority is what was signed") {
    auto r = f.signed_request("GET", "/rooms?api-version=2025-03-13");
    r.headers.erase("Host");
    CHECK(f.emu.send(r).status == 200);
  }
  SECTION("another scheme, or a bearer token when none is accepted") {
    auto r = f.signed_request("GET", "/rooms?api-version=2025-03-13");
    r.headers.set("Authorization", "SharedKey abc");
    check_error(f.emu.send(r), 401, "Unauthorized");
    r.headers.set("Authorization", "Bearer anything");
    check_error(f.emu.send(r), 401, "Unauthorized");
  }
}

TEST_CASE("emulator: an accepted bearer token", "[emulator]") {
  fixture f(30, std::string("token-123"));
  auto r = f.request("GET", "/rooms?api-version=2025-03-13");
  r.headers.set("Authorization", "Bearer token-123");
  CHECK(f.emu.send(r).status == 200);
  r.headers.set("Authorization", "Bearer token-124");
  check_error(f.emu.send(r), 401, "Unauthorized");
  // HMAC still works next to it.
  CHECK(f.send("GET", "/rooms?api-version=2025-03-13").status == 200);
}

TEST_CASE("emulator: api-version is required and must be served", "[emulator]") {
  fixture f;
  check_error(f.send("GET", "/rooms"), 400, "BadRequest");
  check_error(f.send("GET", "/rooms?api-version=2021-04-07"), 400, "BadRequest");
  for (const char* v : {"2023-06-14", "2023-10-30-preview", "2024-04-15", "2025-03-13"}) {
    CHECK(f.send("GET", std::string("/rooms?api-version=") + v).status == 200);
  }
  check_error(f.send("GET", "/other?api-version=2025-03-13"), 404, "NotFound");
  check_error(f.send("PUT", "/rooms?api-version=2025-03-13"), 405, "MethodNotAllowed");
}

TEST_CASE("emulator: an api-version that is not UTF-8 gets a JSON 400", "[emulator]") {
  fixture f;
  const auto r = f.send("GET", "/rooms?api-version=%FF");
  const json e = check_error(r, 400, "BadRequest"); // check_error parses the body
  CHECK(e["target"] == "api-version");
  // The undecodable byte is written as U+FFFD, the rest of the message as it is.
  CHECK(e["message"].get<std::string>().find("'\xEF\xBF\xBD' is not supported") !=
        std::string::npos);
  // Cut in the middle of a character, or a lone continuation byte: still JSON.
  CHECK(json::accept(f.send("GET", "/rooms?api-version=%E2%82").body));
  CHECK(json::accept(f.send("GET", "/rooms?api-version=a%80b").body));
}

TEST_CASE("emulator: each version has exactly its own fields and roles", "[emulator]") {
  fixture f;
  SECTION("2023-06-14: no pstnDialOutEnabled, either way; no Collaborator") {
    const auto created = f.send("POST", "/rooms?api-version=2023-06-14", "{}");
    REQUIRE(created.status == 201);
    CHECK_FALSE(json::parse(created.body).contains("pstnDialOutEnabled"));
    const auto e = check_error(
        f.send("POST", "/rooms?api-version=2023-06-14", R"({"pstnDialOutEnabled":false})"), 400,
        "BadRequest");
    CHECK(e["details"][0]["target"] == "pstnDialOutEnabled");
    const std::string id = json::parse(created.body)["id"];
    check_error(f.send("PATCH", "/rooms/" + id + "?api-version=2023-06-14",
                       R"({"pstnDialOutEnabled":true})"),
                400, "BadRequest");
    check_error(f.send("PATCH", "/rooms/" + id + "/participants?api-version=2023-06-14",
                       R"({"participants":{")" + user_a + R"(":{"role":"Collaborator"}}})"),
                400, "BadRequest");
  }
  SECTION("2023-10-30-preview and 2024-04-15: pstnDialOutEnabled, no Collaborator") {
    for (const char* v : {"2023-10-30-preview", "2024-04-15"}) {
      const auto r =
          f.send("POST", std::string("/rooms?api-version=") + v, R"({"pstnDialOutEnabled":true})");
      REQUIRE(r.status == 201);
      CHECK(json::parse(r.body)["pstnDialOutEnabled"] == true);
      const auto plain = f.send("POST", std::string("/rooms?api-version=") + v, "{}");
      CHECK(json::parse(plain.body)["pstnDialOutEnabled"] == false);
      const auto e =
          check_error(f.send("POST", std::string("/rooms?api-version=") + v,
                             R"({"participants":{")" + user_a + R"(":{"role":"Collaborator"}}})"),
                      400, "BadRequest");
      check_detail(e, 1, "BadArgument", "$.participants." + user_a + ".role",
                   "The JSON value could not be converted to "
                   "Azure.Communication.Rooms.Models.RoleDto.");
    }
  }
  SECTION("2025-03-13: Collaborator; an older version reads the same room without pstn") {
    const std::string id = f.create(R"({"pstnDialOutEnabled":true,"participants":{")" + user_a +
                                    R"(":{"role":"Collaborator"}}})");
    const auto got = json::parse(f.send("GET", "/rooms/" + id + "?api-version=2025-03-13").body);
    CHECK(got["pstnDialOutEnabled"] == true);
    const auto old = json::parse(f.send("GET", "/rooms/" + id + "?api-version=2023-06-14").body);
    CHECK_FALSE(old.contains("pstnDialOutEnabled"));
    const auto list =
        json::parse(f.send("GET", "/rooms/" + id + "/participants?api-version=2025-03-13").body);
    CHECK(list["value"][0]["role"] == "Collaborator");
  }
}

TEST_CASE("emulator: create answers 201 with Location and the service's defaults", "[emulator]") {
  fixture f;
  f.now = at("2026-11-24T12:00:00.123456789Z");
  const auto r = f.send("POST", "/rooms?api-version=2025-03-13", "{}");
  REQUIRE(r.status == 201);
  CHECK(r.headers.get("Content-Type") ==
        std::optional<std::string_view>("application/json; charset=utf-8"));
  const json body = json::parse(r.body);
  const std::string id = body["id"];
  CHECK(r.headers.get("Location") == std::optional<std::string_view>(id));
  CHECK(id.size() == 17);
  CHECK(id.find_first_not_of("0123456789") == std::string::npos);
  CHECK(body["createdAt"] == "2026-11-24T12:00:00.1234567+00:00");
  CHECK(body["validFrom"] == "2026-11-24T12:00:00.1234567+00:00");
  CHECK(body["validUntil"] == "2027-05-23T12:00:00.1234567+00:00"); // + 180 days
  CHECK(body["pstnDialOutEnabled"] == false);
  CHECK(service_time_style(body["createdAt"]));
  // Without a repeatability id there is no Repeatability-Result.
  CHECK_FALSE(r.headers.contains("Repeatability-Result"));
  // Room ids are unique.
  std::set<std::string> ids{id};
  for (int i = 0; i < 50; ++i) {
    ids.insert(f.create());
  }
  CHECK(ids.size() == 51);
  CHECK(f.emu.room_count() == 51);
}

TEST_CASE("emulator: the service's validity rules, on create and update", "[emulator]") {
  fixture f;
  const std::string path = "/rooms?api-version=2025-03-13";
  SECTION("create") {
    check_range_error(
        f.send("POST", path,
               R"({"validFrom":"2026-11-24T12:00:00Z","validUntil":"2027-06-12T12:00:00Z"})"),
        "ValidUntil", "The time range is incorrect, or larger than 180 days.");
    check_range_error(
        f.send("POST", path,
               R"({"validFrom":"2026-12-24T12:00:00Z","validUntil":"2026-12-01T12:00:00Z"})"),
        "ValidUntil", "The time range is incorrect, or larger than 180 days.");
    check_range_error(f.send("POST", path, R"({"validUntil":"2026-11-20T12:00:00Z"})"),
                      "ValidUntil", "The time range end is in the past.");
    check_range_error(f.send("POST", path, R"({"validFrom":"2027-06-01T12:00:00Z"})"), "ValidFrom",
                      "Value is incorrect or more than 180 days in the future.");
    CHECK(f.emu.room_count() == 0);
    // Exactly 180 days is fine; only validUntil given keeps validFrom = now.
    const auto ok =
        f.send("POST", path,
               R"({"validFrom":"2026-11-24T12:00:00Z","validUntil":"2027-05-23T12:00:00Z"})");
    CHECK(ok.status == 201);
    const auto until_only = f.send("POST", path, R"({"validUntil":"2026-12-24T12:00:00Z"})");
    CHECK(json::parse(until_only.body)["validFrom"] == "2026-11-24T12:00:00.0000000+00:00");
  }
  SECTION("update") {
    const std::string id = f.create();
    const std::string room = "/rooms/" + id + "?api-version=2025-03-13";
    const auto before = f.send("GET", room).body;
    check_range_error(f.send("PATCH", room, R"({"validUntil":"2027-12-01T00:00:00Z"})"),
                      "ValidUntil", "The time range is incorrect, or larger than 180 days.");
    check_range_error(
        f.send("PATCH", room,
               R"({"validFrom":"2026-11-21T12:00:00Z","validUntil":"2026-11-17T12:00:00Z"})"),
        "ValidUntil", "The time range end is in the past.");
    const auto empty = f.send("PATCH", room, "{}");
    CHECK(empty.status == 200);
    CHECK(empty.body == before);
    const auto moved = f.send("PATCH", room, R"({"validUntil":"2026-12-24T12:00:00Z"})");
    REQUIRE(moved.status == 200);
    CHECK(json::parse(moved.body)["validUntil"] == "2026-12-24T12:00:00.0000000+00:00");
    CHECK(json::parse(f.send("GET", room).body)["validUntil"] ==
          "2026-12-24T12:00:00.0000000+00:00");
  }
}

TEST_CASE("emulator: room ids", "[emulator]") {
  fixture f;
  for (const char* bad : {"invalid_id", "123", "123-invalidId", "123456789012345678901"}) {
    const auto e = check_error(
        f.send("GET", std::string("/rooms/") + bad + "?api-version=2025-03-13"), 400, "BadRequest");
    CHECK(e["message"] == "Invalid room ID length.");
  }
  for (const char* method : {"GET", "DELETE"}) {
    const auto e = check_error(f.send(method, "/rooms/non-existingroomId?api-version=2025-03-13"),
                               400, "BadRequest");
    CHECK(e["message"] == "Invalid room ID.");
  }
  const auto unknown = "/rooms/12345678901234567?api-version=2025-03-13";
  auto e = check_error(f.send("GET", unknown), 404, "NotFound");
  CHECK(e["message"] == "The server cannot find the requested resource.");
  check_error(f.send("PATCH", unknown, "{}"), 404, "NotFound");
  check_error(f.send("GET", "/rooms/12345678901234567/participants?api-version=2025-03-13"), 404,
              "NotFound");
  CHECK(f.send("DELETE", unknown).status == 204);
  const std::string id = f.create();
  CHECK(f.send("DELETE", "/rooms/" + id + "?api-version=2025-03-13").status == 204);
  CHECK(f.send("DELETE", "/rooms/" + id + "?api-version=2025-03-13").status == 204);
  check_error(f.send("GET", "/rooms/" + id + "?api-version=2025-03-13"), 404, "NotFound");
  check_error(f.send("PATCH", "/rooms/" + id + "?api-version=2025-03-13", "{}"), 404, "NotFound");
}

TEST_CASE("emulator: participants and body rules", "[emulator]") {
  fixture f;
  SECTION("an invalid raw id on create") {
    const auto e = check_error(f.send("POST", "/rooms?api-version=2025-03-13",
                                      R"({"participants":{"wrong_mri":{"role":"Attendee"}}})"),
                               400, "BadRequest");
    CHECK(e["message"] == "Invalid format for communication identifier.");
    CHECK(f.emu.room_count() == 0);
  }
  const std::string id = f.create(R"({"participants":{")" + user_a + R"(":{"role":"Presenter"}}})");
  const std::string roster = "/rooms/" + id + "/participants?api-version=2025-03-13";
  SECTION("an invalid raw id on PATCH, to add or to remove") {
    for (const char* body : {R"({"participants":{"wrong_mri":{"role":"Attendee"}}})",
                             R"({"participants":{"wrong_mri":null}})"}) {
      const auto e = check_error(f.send("PATCH", roster, body), 400, "BadRequest");
      CHECK(e["message"] == "Invalid value for the Participants.");
    }
  }
  SECTION("an unknown role changes nothing, even in the same request as a valid change") {
    const auto e =
        check_error(f.send("PATCH", roster,
                           R"({"participants":{")" + user_b + R"(":{"role":"Attendee"},")" +
                               user_c + R"(":{"role":"Kafka"}}})"),
                    400, "BadRequest");
    CHECK(e["message"] == "The request could not be understood by the server due to malformed "
                          "syntax.");
    check_detail(e, 0, "BadArgument", "updateParticipantsRequestDto",
                 "The updateParticipantsRequestDto field is required.");
    check_detail(e, 1, "BadArgument", "$.participants." + user_c + ".role",
                 "The JSON value could not be converted to "
                 "Azure.Communication.Rooms.Models.RoleDto.");
    CHECK(f.emu.participant_count(id) == std::optional<std::size_t>(1));
  }
  SECTION("no role or a null role is Attendee; PATCH answers {}; removing a non-member is fine") {
    const auto r =
        f.send("PATCH", roster,
               R"({"participants":{")" + user_b + R"(":{},")" + user_c + R"(":{"role":null}}})");
    CHECK(r.status == 200);
    CHECK(r.body == "{}");
    const auto list = json::parse(f.send("GET", roster).body)["value"];
    REQUIRE(list.size() == 3);
    CHECK(list[1] == json{{"rawId", user_b}, {"role", "Attendee"}});
    CHECK(list[2] == json{{"rawId", user_c}, {"role", "Attendee"}});
    const auto removed =
        f.send("PATCH", roster,
               R"({"participants":{"8:acs:not-a-member":null,")" + user_b + R"(":null}})");
    CHECK(removed.status == 200);
    CHECK(removed.body == "{}");
    CHECK(f.emu.participant_count(id) == std::optional<std::size_t>(2));
    // An upsert changes the role.
    f.send("PATCH", roster, R"({"participants":{")" + user_a + R"(":{"role":"Consumer"}}})");
    CHECK(json::parse(f.send("GET", roster).body)["value"][0]["role"] == "Consumer");
  }
  SECTION("Content-Type, malformed JSON and wrong JSON types") {
    const std::string room = "/rooms/" + id + "?api-version=2025-03-13";
    check_error(f.send("PATCH", roster, "{}", "application/json"), 415, "UnsupportedMediaType");
    check_error(f.send("PATCH", room, "{}", "application/json"), 415, "UnsupportedMediaType");
    check_error(f.send("POST", "/rooms?api-version=2025-03-13", "{}", "text/plain"), 415,
                "UnsupportedMediaType");
    CHECK(f.send("PATCH", room, "{}", "application/merge-patch+json; charset=utf-8").status == 200);
    check_error(f.send("POST", "/rooms?api-version=2025-03-13", "{\"validFrom\":"), 400,
                "BadRequest");
    check_error(f.send("POST", "/rooms?api-version=2025-03-13", "", "application/json"), 400,
                "BadRequest");
    check_error(f.send("POST", "/rooms?api-version=2025-03-13", "[]"), 400, "BadRequest");
    auto e = check_error(f.send("POST", "/rooms?api-version=2025-03-13", R"({"validFrom":5})"), 400,
                         "BadRequest");
    CHECK(e["details"][0]["target"] == "$.validFrom");
    e = check_error(f.send("PATCH", room, R"({"pstnDialOutEnabled":"yes"})"), 400, "BadRequest");
    CHECK(e["details"][0]["target"] == "$.pstnDialOutEnabled");
    check_error(f.send("PATCH", roster, R"({"participants":[]})"), 400, "BadRequest");
    check_error(f.send("PATCH", roster, R"({"participants":{")" + user_b + R"(":"Presenter"}})"),
                400, "BadRequest");
    check_error(f.send("PATCH", roster, "not json"), 400, "BadRequest");
    CHECK(f.emu.room_count() == 1);
  }
}

TEST_CASE("emulator: repeatability on create", "[emulator]") {
  fixture f;
  const auto post = [&](const char* id, const char* first_sent) {
    auto r = f.request("POST", "/rooms?api-version=2025-03-13", "{}", "application/json");
    if (id) {
      r.headers.set("Repeatability-Request-ID", id);
    }
    if (first_sent) {
      r.headers.set("Repeatability-First-Sent", first_sent);
    }
    REQUIRE(hmac_signer<>(f.emu.access_key()).sign(r, f.now));
    return f.emu.send(r);
  };
  const char* uuid = "6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a11";
  const char* sent = "Tue, 24 Nov 2026 12:00:00 GMT";
  const auto first = post(uuid, sent);
  REQUIRE(first.status == 201);
  CHECK(first.headers.get("Repeatability-Result") == std::optional<std::string_view>("accepted"));
  f.now += 2min;
  const auto again = post(uuid, sent);
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  CHECK(again.headers.get("Location") == first.headers.get("Location"));
  CHECK(again.headers.get("Repeatability-Result") == std::optional<std::string_view>("accepted"));
  CHECK(f.emu.room_count() == 1);
  // Another id creates another room; no id just creates.
  CHECK(post("6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a12", sent).body != first.body);
  CHECK(post(nullptr, nullptr).status == 201);
  CHECK(f.emu.room_count() == 3);
  // Malformed id, missing or malformed first-sent.
  auto e = check_error(post("not-a-uuid", sent), 400, "BadRequest");
  CHECK(e["target"] == "Repeatability-Request-ID");
  e = check_error(post("6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a13", nullptr), 400, "BadRequest");
  CHECK(e["target"] == "Repeatability-First-Sent");
  check_error(post("6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a13", "2026-11-24T12:00:00Z"), 400,
              "BadRequest");
  CHECK(f.emu.room_count() == 3);
  // After the window the id is refused with 412, not executed again.
  f.now += 5min;
  const auto later = post(uuid, sent);
  check_error(later, 412, "PreconditionFailed");
  CHECK(later.headers.get("Repeatability-Result") == std::optional<std::string_view>("rejected"));
  CHECK(f.emu.room_count() == 3);
}

TEST_CASE("emulator: rooms are listed in creation order; a room deleted or created between "
          "pages neither repeats nor hides another",
          "[emulator]") {
  fixture f(2);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(f.create());
  }
  const auto page = [&](const std::string& url) { return json::parse(f.send("GET", url).body); };
  const auto listed = [](const json& p) {
    std::vector<std::string> out;
    for (const auto& r : p["value"]) {
      out.push_back(r["id"].get<std::string>());
    }
    return out;
  };
  const json first = page("/rooms?api-version=2025-03-13");
  CHECK(listed(first) == std::vector<std::string>{ids[0], ids[1]});
  REQUIRE(f.send("DELETE", "/rooms/" + ids[2] + "?api-version=2025-03-13").status == 204);
  ids.push_back(f.create());
  const json second = page(first["nextLink"].get<std::string>());
  CHECK(listed(second) == std::vector<std::string>{ids[3], ids[4]});
  const json third = page(second["nextLink"].get<std::string>());
  CHECK(listed(third) == std::vector<std::string>{ids[5]});
  CHECK_FALSE(third.contains("nextLink"));
}

TEST_CASE("emulator: paging with absolute, unforgeable nextLinks", "[emulator]") {
  fixture f(2);
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) {
    created.insert(f.create());
  }
  std::set<std::string> seen;
  std::vector<std::string> links;
  std::string url = "/rooms?api-version=2024-04-15";
  for (;;) {
    auto page = json::parse(f.send("GET", url).body);
    CHECK(page["value"].size() <= 2);
    for (const auto& r : page["value"]) {
      seen.insert(r["id"].get<std::string>());
      CHECK(r.contains("pstnDialOutEnabled"));
    }
    if (!page.contains("nextLink")) {
      break;
    }
    url = page["nextLink"];
    links.push_back(url);
    CHECK(url.rfind("https://emu.test/rooms?nextLink=", 0) == 0);
    CHECK(url.size() > 20);
    CHECK(url.substr(url.size() - 23) == "&api-version=2024-04-15");
  }
  CHECK(links.size() == 2);
  CHECK(seen == created);

  // The nextLink is built on the Host the client used.
  auto r = f.request("GET", "http://127.0.0.1:8080/rooms?api-version=2025-03-13");
  REQUIRE(hmac_signer<>(f.emu.access_key()).sign(r, f.now));
  const std::string link = json::parse(f.emu.send(r).body)["nextLink"];
  CHECK(link.rfind("http://127.0.0.1:8080/rooms?nextLink=", 0) == 0);

  // Participants pages, and a token bound to its room.
  const std::string a = *created.begin();
  const std::string b = *created.rbegin();
  std::string body = R"({"participants":{)";
  for (int i = 0; i < 5; ++i) {
    body += (i ? "," : "") + std::string("\"8:acs:user") + std::to_string(i) +
            "\":{\"role\":\"Presenter\"}";
  }
  body += "}}";
  REQUIRE(f.send("PATCH", "/rooms/" + a + "/participants?api-version=2025-03-13", body).status ==
          200);
  const auto first =
      json::parse(f.send("GET", "/rooms/" + a + "/participants?api-version=2025-03-13").body);
  REQUIRE(first["value"].size() == 2);
  const std::string next = first["nextLink"];
  CHECK(next.rfind("https://emu.test/rooms/" + a + "/participants?nextLink=", 0) == 0);
  std::size_t total = 2;
  for (std::string u = next; !u.empty();) {
    const auto p = json::parse(f.send("GET", u).body);
    total += p["value"].size();
    u = p.contains("nextLink") ? p["nextLink"].get<std::string>() : std::string();
  }
  CHECK(total == 5);
  CHECK(json::parse(f.send("GET", "/rooms/" + b + "/participants?api-version=2025-03-13").body) ==
        json{{"value", json::array()}});

  const std::string token =
      next.substr(next.find("nextLink=") + 9, next.find('&') - next.find("nextLink=") - 9);
  // Another room's participants with this room's token.
  auto e = check_error(
      f.send("GET", "/rooms/" + b + "/participants?nextLink=" + token + "&api-version=2025-03-13"),
      400, "BadRequest");
  CHECK(e["target"] == "nextLink");
  // A participants token on the rooms listing.
  check_error(f.send("GET", "/rooms?nextLink=" + token + "&api-version=2025-03-13"), 400,
              "BadRequest");
  // Tampered and garbage tokens.
  std::string tampered = token;
  tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
  check_error(f.send("GET", "/rooms/" + a + "/participants?nextLink=" + tampered +
                                "&api-version=2025-03-13"),
              400, "BadRequest");
  check_error(f.send("GET", "/rooms?nextLink=abc&api-version=2025-03-13"), 400, "BadRequest");
  check_error(f.send("GET", "/rooms?nextLink=&api-version=2025-03-13"), 400, "BadRequest");
}

TEST_CASE("emulator: rooms age out on the injected clock", "[emulator]") {
  fixture f;
  const std::string id = f.create(R"({"validUntil":"2026-11-24T13:00:00Z"})");
  const std::string keep = f.create();
  CHECK(f.emu.room_count() == 2);
  f.now += 59min;
  CHECK(f.send("GET", "/rooms/" + id + "?api-version=2025-03-13").status == 200);
  f.now += 1min;
  check_error(f.send("GET", "/rooms/" + id + "?api-version=2025-03-13"), 404, "NotFound");
  check_error(f.send("GET", "/rooms/" + id + "/participants?api-version=2025-03-13"), 404,
              "NotFound");
  check_error(f.send("PATCH", "/rooms/" + id + "?api-version=2025-03-13", "{}"), 404, "NotFound");
  const auto list = json::parse(f.send("GET", "/rooms?api-version=2025-03-13").body)["value"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["id"] == keep);
  CHECK(f.emu.room_count() == 1);
  CHECK_FALSE(f.emu.participant_count(id).has_value());
}

TEST_CASE("emulator: rooms_client runs the whole flow in process", "[emulator]") {
  emulator_options options;
  options.page_size = 2;
  emulator emu(options);
  auto client = make_client<emulator&>(emu.connection_string("https://emulator.local"), emu);
  REQUIRE(client);

  create_room_options create;
  create.valid_until = std::chrono::system_clock::now() + 24h * 30;
  create.pstn_dial_out_enabled = true;
  create.participants = {
      {communication_identifier::communication_user(user_a), participant_role::presenter},
      {communication_identifier::communication_user(user_b), participant_role::attendee},
      {communication_identifier::communication_user(user_c), participant_role::consumer},
      {communication_identifier::from_raw_id("8:acs:collab"), participant_role::collaborator}};
  const auto created = client->create_room(create);
  REQUIRE(created);
  CHECK(created->pstn_dial_out_enabled);
  CHECK(created->valid_until - created->valid_from < 24h * 30 + 1s);

  const auto got = client->get_room(created->id);
  REQUIRE(got);
  CHECK(*got == *created);

  update_room_options update;
  update.valid_until = created->valid_from + 24h * 60;
  update.pstn_dial_out_enabled = false;
  const auto updated = client->update_room(created->id, update);
  REQUIRE(updated);
  CHECK(date::floor<std::chrono::milliseconds>(updated->valid_until) ==
        date::floor<std::chrono::milliseconds>(*update.valid_until));
  CHECK_FALSE(updated->pstn_dial_out_enabled);

  for (int i = 0; i < 4; ++i) {
    REQUIRE(client->create_room());
  }
  auto rooms = client->list_rooms();
  std::size_t room_pages = 0;
  std::set<std::string> room_ids;
  while (!rooms.done()) {
    auto p = rooms.next_page();
    REQUIRE(p);
    ++room_pages;
    for (const auto& r : p->items) {
      room_ids.insert(r.id);
    }
  }
  CHECK(room_pages == 3);
  CHECK(room_ids.size() == 5);
  CHECK(room_ids.count(created->id) == 1);

  REQUIRE(client->add_or_update_participants(
      created->id,
      {{communication_identifier::phone_number("+14255550123"), participant_role::attendee},
       {communication_identifier::communication_user(user_b), participant_role::presenter}}));
  REQUIRE(client->remove_participants(
      created->id, {communication_identifier::communication_user(user_c),
                    communication_identifier::communication_user("8:acs:never-there")}));
  std::vector<room_participant> roster;
  auto participants = client->list_participants(created->id);
  std::size_t participant_pages = 0;
  while (!participants.done()) {
    auto p = participants.next_page();
    REQUIRE(p);
    ++participant_pages;
    roster.insert(roster.end(), p->items.begin(), p->items.end());
  }
  CHECK(participant_pages == 2);
  REQUIRE(roster.size() == 4);
  CHECK(roster[0].id.raw_id() == "4:+14255550123");
  CHECK(roster[1].id.raw_id() == user_a); // listed in raw id order
  CHECK(roster[2].id.raw_id() == user_b);
  CHECK(roster[2].role == participant_role::presenter);
  CHECK(roster[3].id.raw_id() == "8:acs:collab");
  CHECK(roster[3].role == participant_role::collaborator);

  REQUIRE(client->delete_room(created->id));
  const auto gone = client->get_room(created->id);
  REQUIRE_FALSE(gone);
  CHECK(gone.error().is_not_found());
  CHECK(gone.error().code == "NotFound");

  // A service error comes back as a typed error with its details.
  create_room_options too_long;
  too_long.valid_until = std::chrono::system_clock::now() + 24h * 200;
  const auto refused = client->create_room(too_long);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().status == 400);
  REQUIRE(refused.error().details.size() == 1);
  CHECK(refused.error().details[0].target == "ValidUntil");
}

TEST_CASE("emulator: rooms_client with each api-version", "[emulator]") {
  emulator emu;
  for (const auto& version :
       {api_version::v2023_06_14, api_version::v2024_04_15, api_version::v2025_03_13}) {
    client_options options;
    options.version = version;
    auto client =
        make_client<emulator&>(emu.connection_string("https://emulator.local/"), emu, options);
    REQUIRE(client);
    create_room_options create;
    if (version.has_pstn_dial_out()) {
      create.pstn_dial_out_enabled = true;
    }
    create.participants = {
        {communication_identifier::communication_user(user_a),
         version.has_collaborator() ? participant_role::collaborator : participant_role::consumer}};
    const auto created = client->create_room(create);
    REQUIRE(created);
    CHECK(created->pstn_dial_out_enabled == version.has_pstn_dial_out());
    const auto got = client->get_room(created->id);
    REQUIRE(got);
    CHECK(*got == *created);
    std::vector<room_participant> roster;
    for (const auto& p : client->list_participants(created->id)) {
      roster.push_back(p);
    }
    REQUIRE(roster.size() == 1);
    CHECK(roster[0].role == create.participants[0].role);
    REQUIRE(client->delete_room(created->id));
  }
}

TEST_CASE("emulator: many threads lose nothing", "[emulator]") {
  emulator emu;
  auto client = make_client<emulator&>(emu.connection_string("https://emulator.local"), emu);
  REQUIRE(client);
  const auto shared = client->create_room();
  REQUIRE(shared);
  constexpr int threads = 8;
  constexpr int rounds = 25;
  std::atomic<int> failures{0};
  std::vector<std::string> ids[threads];
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      // Each thread has its own client (its own signer); all share the one emulator.
      auto mine = make_client<emulator&>(emu.connection_string("https://emulator.local"), emu);
      for (int i = 0; i < rounds; ++i) {
        const auto r = mine->create_room();
        if (!r) {
          ++failures;
          continue;
        }
        ids[t].push_back(r->id);
        const std::string who = "8:acs:t" + std::to_string(t) + "_" + std::to_string(i);
        if (!mine->add_or_update_participants(
                shared->id,
                {{communication_identifier::from_raw_id(who), participant_role::attendee}})) {
          ++failures;
        }
        if (!mine->get_room(shared->id) || !mine->get_room(r->id)) {
          ++failures;
        }
        std::size_t seen = 0;
        for (auto& p : mine->list_participants(shared->id)) {
          (void)p;
          ++seen;
        }
        if (seen == 0) {
          ++failures;
        }
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  CHECK(failures == 0);
  CHECK(emu.room_count() == 1 + threads * rounds);
  CHECK(emu.participant_count(shared->id) ==
        std::optional<std::size_t>(static_cast<std::size_t>(threads * rounds)));
  std::set<std::string> unique;
  for (const auto& v : ids) {
    unique.insert(v.begin(), v.end());
  }
  CHECK(unique.size() == static_cast<std::size_t>(threads * rounds));
  std::size_t listed = 0;
  for (auto& p : client->list_participants(shared->id)) {
    (void)p;
    ++listed;
  }
  CHECK(listed == static_cast<std::size_t>(threads * rounds));
}
