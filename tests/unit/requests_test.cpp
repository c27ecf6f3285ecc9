// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): requests.hpp, every builder called directly, bytes compared exactly.
#include <acs/rooms/requests.hpp>

#include "../support/test_support.hpp"

#include <string>
#include <utility>
#include <vector>

using namespace acs::rooms;
using acs_rooms_test::at;

namespace {

const std::string base = "https://contoso.communication.azure.com";
const std::string uuid = "6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6f";

request_context context(const char* version = "2025-03-13") {
  request_context ctx;
  ctx.endpoint = base;
  ctx.version = api_version(version);
  ctx.client_request_id = "00000000-0000-4000-8000-000000000009";
  ctx.user_agent = "acs-rooms-cpp/test";
  return ctx;
}

using fields = std::vector<std::pair<std::string, std::string>>;

/// The header fields of `r`, in order.
fields headers_of(const http_request& r) {
  fields out;
  for (const auto& f : r.headers) {
    out.emplace_back(f.first, f.second);
  }
  return out;
}

/// The headers every request ends with, after `own`.
fields with_common(fields own) {
  fields out{{"Accept", "application/json"}};
  out.insert(out.end(), own.begin(), own.end());
  out.emplace_back("x-ms-client-request-id", "00000000-0000-4000-8000-000000000009");
  out.emplace_back("User-Agent", "acs-rooms-cpp/test");
  return out;
}

/// A create built from the repeatability pair resolve_repeatability() picks.
result<http_request> create(const request_context& ctx, const create_room_options& o,
                            std::string fresh_id, time_point now) {
  return build_create_room(ctx, o, resolve_repeatability(o, std::move(fresh_id), now));
}

communication_identifier user(const char* n) {
  return communication_identifier::from_raw_id(std::string("8:acs:") + n);
}

} // namespace

TEST_CASE("build_create_room: POST /rooms, fields in spec order, repeatability headers",
          "[requests]") {
  create_room_options o;
  o.valid_from = at("2026-12-01T00:00:00Z");
  o.valid_until = at("2026-12-31T00:00:00.5Z");
  o.pstn_dial_out_enabled = false;
  o.participants = {{user("b"), participant_role::presenter}, {user("a")}};
  const auto r = create(context(), o, uuid, at("2026-11-24T12:00:00.999Z"));
  REQUIRE(r.has_value());
  CHECK(r->method == "POST");
  CHECK(r->url == base + "/rooms?api-version=2025-03-13");
  CHECK(r->body ==
        R"({"validFrom":"2026-12-01T00:00:00.000Z","validUntil":"2026-12-31T00:00:00.500Z",)"
        R"("pstnDialOutEnabled":false,"participants":{"8:acs:b":{"role":"Presenter"},)"
        R"("8:acs:a":{"role":"Attendee"}}})");
  CHECK(headers_of(*r) ==
        with_common({{"Content-Type", "application/json"},
                     {"Repeatability-Request-ID", uuid},
                     {"Repeatability-First-Sent", "Tue, 24 Nov 2026 12:00:00 GMT"}}));

  SECTION("nothing set: participants is still sent, as {}") {
    const auto empty = create(context(), {}, uuid, at("2026-11-24T12:00:00Z"));
    REQUIRE(empty.has_value());
    CHECK(empty->body == R"({"participants":{}})");
  }
  SECTION("the options' repeatability key and time win over the arguments") {
    create_room_options keyed;
    keyed.repeatability_request_id = "00000000-0000-0000-0000-00000000000A";
    keyed.repeatability_first_sent = at("2020-01-02T03:04:05Z");
    const auto k = create(context(), keyed, uuid, at("2026-11-24T12:00:00Z"));
    REQUIRE(k.has_value());
    CHECK(k->headers.get("Repeatability-Request-ID") ==
          std::string_view("00000000-0000-0000-0000-00000000000A"));
    CHECK(k->headers.get("Repeatability-First-Sent") ==
          std::string_view("Thu, 02 Jan 2020 03:04:05 GMT"));
  }
  SECTION("a repeatability id that is not a UUID is refused") {
    for (const char* bad :
         {"", "6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6", "6f0c1b4e+3f5a-4c1e-9a57-3b2f1d4c5e6f",
          "6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6g"}) {
      INFO(bad);
      const auto e = create(context(), {}, bad, at("2026-11-24T12:00:00Z"));
      REQUIRE_FALSE(e.has_value());
      CHECK(e.error().kind == errc::invalid_argument);
      CHECK(e.error().message.find("UUID") != std::string::npos);
    }
  }
}

TEST_CASE("build_get_room and build_delete_room: the id is one escaped path segment",
          "[requests]") {
  const auto g = build_get_room(context(), "a/b c?d#e%f");
  REQUIRE(g.has_value());
  CHECK(g->method == "GET");
  CHECK(g->url == base + "/rooms/a%2Fb%20c%3Fd%23e%25f?api-version=2025-03-13");
  CHECK(g->body.empty());
  CHECK(headers_of(*g) == with_common({}));

  const auto d = build_delete_room(context(), "99117812428622880");
  REQUIRE(d.has_value());
  CHECK(d->method == "DELETE");
  CHECK(d->url == base + "/rooms/99117812428622880?api-version=2025-03-13");
  CHECK(d->body.empty());
  CHECK(headers_of(*d) == with_common({}));
}

TEST_CASE("build_update_room: a merge-patch of the fields that are set", "[requests]") {
  update_room_options o;
  o.valid_until = at("2027-01-01T00:00:00Z");
  o.pstn_dial_out_enabled = true;
  const auto r = build_update_room(context(), "1", o);
  REQUIRE(r.has_value());
  CHECK(r->method == "PATCH");
  CHECK(r->url == base + "/rooms/1?api-version=2025-03-13");
  CHECK(r->body == R"({"validUntil":"2027-01-01T00:00:00.000Z","pstnDialOutEnabled":true})");
  CHECK(headers_of(*r) == with_common({{"Content-Type", "application/merge-patch+json"}}));
  const auto none = build_update_room(context(), "1", {});
  REQUIRE(none.has_value());
  CHECK(none->body == "{}");
}

TEST_CASE("build_list_rooms and build_list_participants: the first pages", "[requests]") {
  const auto rooms = build_list_rooms(context());
  REQUIRE(rooms.has_value());
  CHECK(rooms->method == "GET");
  CHECK(rooms->url == base + "/rooms?api-version=2025-03-13");
  CHECK(rooms->body.empty());
  CHECK(headers_of(*rooms) == with_common({}));
  const auto people = build_list_participants(context(), "7");
  REQUIRE(people.has_value());
  CHECK(people->method == "GET");
  CHECK(people->url == base + "/rooms/7/participants?api-version=2025-03-13");
  CHECK(headers_of(*people) == with_common({}));
}

TEST_CASE("build_add_or_update_participants and build_remove_participants", "[requests]") {
  const auto add =
      build_add_or_update_participants(context(), "7",
                                       {{user("x"), participant_role::collaborator},
                                        {communication_identifier::phone_number("+1425\"x")}});
  REQUIRE(add.has_value());
  CHECK(add->method == "PATCH");
  CHECK(add->url == base + "/rooms/7/participants?api-version=2025-03-13");
  CHECK(add->body ==
        R"({"participants":{"8:acs:x":{"role":"Collaborator"},"4:+1425\"x":{"role":"Attendee"}}})");
  CHECK(headers_of(*add) == with_common({{"Content-Type", "application/merge-patch+json"}}));

  const auto remove = build_remove_participants(context(), "7", {user("x"), user("y")});
  REQUIRE(remove.has_value());
  CHECK(remove->method == "PATCH");
  CHECK(remove->url == base + "/rooms/7/participants?api-version=2025-03-13");
  CHECK(remove->body == R"({"participants":{"8:acs:x":null,"8:acs:y":null}})");
  CHECK(headers_of(*remove) == with_common({{"Content-Type", "application/merge-patch+json"}}));

  const auto none = build_add_or_update_participants(context(), "7", {});
  REQUIRE(none.has_value());
  CHECK(none->body == R"({"participants":{}})");
}

TEST_CASE("build_next_page follows the link verbatim, whatever its host", "[requests]") {
  const std::string link = "https://eastus.other.example:8443/rooms?nextLink=BBB%2F&api-version=x";
  const auto r = build_next_page(context(), link);
  REQUIRE(r.has_value());
  CHECK(r->method == "GET");
  CHECK(r->url == link);
  CHECK(r->body.empty());
  CHECK(headers_of(*r) == with_common({}));
  for (const char* bad : {"", "/rooms?nextLink=1", "ftp://x/rooms", "not a url"}) {
    INFO(bad);
    const auto e = build_next_page(context(), bad);
    REQUIRE_FALSE(e.has_value());
    CHECK(e.error().kind == errc::invalid_argument);
  }
}

TEST_CASE("an empty client request id or user agent leaves its header out", "[requests]") {
  request_context ctx;
  ctx.endpoint = base;
  ctx.version = api_version::v2025_03_13;
  const auto r = build_get_room(ctx, "1");
  REQUIRE(r.has_value());
  CHECK(headers_of(*r) == fields{{"Accept", "application/json"}});
}

TEST_CASE("builders refuse bad input with invalid_argument", "[requests][errors]") {
  const auto ctx = context();
  for (const auto& e :
       {build_get_room(ctx, "").error(), build_delete_room(ctx, "").error(),
        build_update_room(ctx, "", {}).error(), build_list_participants(ctx, "").error(),
        build_add_or_update_participants(ctx, "", {{user("x")}}).error(),
        build_remove_participants(ctx, "", {user("x")}).error()}) {
    CHECK(e.kind == errc::invalid_argument);
    CHECK(e.message == "the room id is empty");
  }
  CHECK(build_add_or_update_participants(ctx, "1", {{user("x")}, {user("x")}}).error().message ==
        "participant '8:acs:x' is listed more than once");
  CHECK(build_remove_participants(ctx, "1", {user("x"), user("x")}).error().message ==
        "participant '8:acs:x' is listed more than once");
  CHECK(build_remove_participants(ctx, "1", {communication_identifier::from_raw_id("")})
            .error()
            .message == "a participant has an empty raw id");
  CHECK(build_add_or_update_participants(ctx, "1", {{user("\xff")}}).error().message ==
        "a participant raw id is not valid UTF-8");
  CHECK(build_add_or_update_participants(ctx, "1", {{user("x"), participant_role("")}})
            .error()
            .message == "participant '8:acs:x' has an empty role");
  CHECK(build_add_or_update_participants(ctx, "1", {{user("x"), participant_role("\xc3")}})
            .error()
            .message == "a participant role is not valid UTF-8");
}

TEST_CASE("builders send only what the context's api-version has", "[requests][versions]") {
  SECTION("Collaborator needs 2025-03-13") {
    const auto ctx = context("2024-04-15");
    const auto r =
        build_add_or_update_participants(ctx, "1", {{user("x"), participant_role::collaborator}});
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message == "participant '8:acs:x' has role Collaborator, which needs "
                               "api-version 2025-03-13 or later; this client uses 2024-04-15");
    create_room_options o;
    o.participants = {{user("x"), participant_role::collaborator}};
    CHECK(create(ctx, o, uuid, at("2026-11-24T12:00:00Z")).error().kind == errc::invalid_argument);
    // Other roles are fine there.
    CHECK(build_add_or_update_participants(ctx, "1", {{user("x"), participant_role::consumer}})
              .has_value());
  }
  SECTION("pstnDialOutEnabled needs 2023-10-30 or later") {
    const auto ctx = context("2023-06-14");
    create_room_options o;
    o.pstn_dial_out_enabled = true;
    const auto r = create(ctx, o, uuid, at("2026-11-24T12:00:00Z"));
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message ==
          "pstn_dial_out_enabled needs api-version 2023-10-30-preview or later; "
          "this client uses 2023-06-14");
    update_room_options u;
    u.pstn_dial_out_enabled = false;
    CHECK(build_update_room(ctx, "1", u).error().kind == errc::invalid_argument);
    CHECK(build_update_room(context("2023-10-30-preview"), "1", u)->body ==
          R"({"pstnDialOutEnabled":false})");
  }
  SECTION("the version goes into the URL as given") {
    const auto r = build_get_room(context("2023-10-30-preview"), "1");
    REQUIRE(r.has_value());
    CHECK(r->url == base + "/rooms/1?api-version=2023-10-30-preview");
  }
}

TEST_CASE("build_next_page refuses links that cannot go on a request line", "[requests][errors]") {
  for (const char* link : {"https://h/rooms?x=1\r\nX-Evil: 1", "https://h/rooms?x=1 y",
                           "https://h/r\x7f", "https://user@h/rooms", "ftp://h/rooms"}) {
    INFO(link);
    const auto r = build_next_page(context(), link);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message.find("X-Evil") == std::string::npos);
  }
  const auto ok =
      build_next_page(context(), "https://contoso.communication.azure.com/rooms?t=a%20b");
  REQUIRE(ok.has_value());
  CHECK(ok->url == "https://contoso.communication.azure.com/rooms?t=a%20b");
}
