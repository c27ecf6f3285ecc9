// SPDX-License-Identifier: MIT
// acs_rooms tests: the emulator's time arithmetic at the ends of the clock (no overflow).

#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace {

using namespace acs::rooms;
using nlohmann::json;
using namespace std::chrono_literals;

time_point at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

/// An emulator whose clock says 2026-11-24T12:00:00Z.
struct clocked {
  time_point now = at("2026-11-24T12:00:00Z");
  emulator emu{make_options()};

  emulator_options make_options() {
    emulator_options o;
    o.clock = [this] { return now; };
    return o;
  }

  http_request post(const std::string& body, time_point signed_at) const {
    http_request r;
    r.method = "POST";
    r.url = "https://emu.test/rooms?api-version=2025-03-13";
    r.body = body;
    r.headers.set("Content-Type", "application/json");
    REQUIRE(hmac_signer<>(emu.access_key()).sign(r, signed_at));
    return r;
  }
};

/// The first detail of a 400 BadRequest: its code and target.
void check_bad_argument(const http_response& r, const std::string& target) {
  REQUIRE(r.status == 400);
  const json body = json::parse(r.body);
  CHECK(body["error"]["code"] == "BadRequest");
  REQUIRE(body["error"]["details"].size() >= 1);
  CHECK(body["error"]["details"][0]["code"] == "BadArgument");
  CHECK(body["error"]["details"][0]["target"] == target);
}

} // namespace

TEST_CASE("emulator: an x-ms-date centuries away is refused, not overflowed", "[emulator]") {
  clocked c;
  for (const char* when :
       {"1700-01-01T00:00:00Z", "1677-09-22T00:00:00Z", "2262-04-01T00:00:00Z"}) {
    CAPTURE(when);
    const http_response r = c.emu.send(c.post("{}", at(when)));
    CHECK(r.status == 401);
    CHECK(r.headers.get("x-ms-error-code") == std::optional<std::string_view>("Unauthorized"));
    CHECK(c.emu.room_count() == 0);
  }
  CHECK(c.emu.send(c.post("{}", c.now)).status == 201); // the control
}

TEST_CASE("emulator: the 180-day rule holds at the ends of the clock", "[emulator]") {
  clocked c;
  SECTION("valid from 1700 until 2262 is longer than 180 days") {
    check_bad_argument(
        c.emu.send(c.post(
            R"({"validFrom":"1700-01-01T00:00:00Z","validUntil":"2262-01-01T00:00:00Z"})", c.now)),
        "ValidUntil");
  }
  SECTION("valid from late 2261 with no end is too far in the future") {
    check_bad_argument(c.emu.send(c.post(R"({"validFrom":"2261-12-31T00:00:00Z"})", c.now)),
                       "ValidFrom");
  }
  SECTION("an update to such a range is refused too") {
    const http_response created = c.emu.send(c.post("{}", c.now));
    REQUIRE(created.status == 201);
    const std::string id = json::parse(created.body)["id"].get<std::string>();
    http_request patch;
    patch.method = "PATCH";
    patch.url = "https://emu.test/rooms/" + id + "?api-version=2025-03-13";
    patch.body = R"({"validFrom":"1700-01-01T00:00:00Z","validUntil":"2262-01-01T00:00:00Z"})";
    patch.headers.set("Content-Type", "application/merge-patch+json");
    REQUIRE(hmac_signer<>(c.emu.access_key()).sign(patch, c.now));
    check_bad_argument(c.emu.send(patch), "ValidUntil");
  }
  CHECK(c.emu.room_count() <= 1);
}

TEST_CASE("emulator: repeatability survives a clock near its end", "[emulator]") {
  clocked c;
  c.now = time_point::max() - 1h;
  http_request r = c.post("{}", c.now);
  r.headers.set("Repeatability-Request-ID", "6a2b0c1e-7f4d-4e1a-9b8c-0d1e2f3a4b5c");
  r.headers.set("Repeatability-First-Sent", "Tue, 24 Nov 2026 12:00:00 GMT");
  REQUIRE(hmac_signer<>(c.emu.access_key()).sign(r, c.now));
  const http_response first = c.emu.send(r);
  const http_response again = c.emu.send(r);
  CHECK(first.status == again.status);
  CHECK(first.body == again.body);
}

TEST_CASE("emulator store: expired rooms are swept soonest first, and a changed validUntil "
          "moves with the room",
          "[emulator]") {
  detail::emu::room_store store(std::chrono::seconds(300));
  const time_point t = at("2026-11-24T12:00:00Z");
  const auto room = [&](std::chrono::hours valid) {
    detail::emu::stored_room r;
    r.created_at = r.valid_from = t;
    r.valid_until = t + valid;
    return r;
  };
  store.add("1", room(1h));
  store.add("2", room(2h));
  store.add("3", room(3h));
  store.add("4", room(1h));
  store.set_validity("4", t, t + 5h);    // extended: it must not go with the 1-hour rooms
  store.set_validity("3", t, t + 30min); // shortened: it must go with them
  store.set_validity("9", t, t + 1h);    // unknown: nothing happens

  store.sweep(t + 59min); // only the shortened one has expired
  CHECK(store.rooms().size() == 3);
  CHECK(store.rooms().count("3") == 0);
  store.sweep(t + 1h); // validUntil is exclusive: a room is gone at its validUntil
  REQUIRE(store.rooms().size() == 2);
  CHECK(store.rooms().count("2") == 1);
  CHECK(store.rooms().count("4") == 1);

  store.erase("2");
  store.erase("2"); // again: no error
  store.sweep(t + 4h);
  CHECK(store.rooms().size() == 1);
  store.sweep(t + 5h);
  CHECK(store.rooms().empty());
}

TEST_CASE("emulator: a listing skips expired rooms whatever their number, and an extended room "
          "outlives its first validUntil",
          "[emulator]") {
  clocked c;
  auto client = make_client<emulator&>(c.emu.connection_string("https://emu.test"), c.emu,
                                       [&] {
                                         client_options o;
                                         o.clock = c.emu.clock();
                                         return o;
                                       }())
                    .value();
  create_room_options short_lived;
  short_lived.valid_until = c.now + 1h;
  std::vector<std::string> ids;
  for (int i = 0; i < 50; ++i) {
    ids.push_back(client.create_room(short_lived).value().id);
  }
  update_room_options extend;
  extend.valid_until = c.now + 3h;
  REQUIRE(client.update_room(ids[7], extend));
  create_room_options long_lived;
  long_lived.valid_until = c.now + 2h;
  const std::string kept = client.create_room(long_lived).value().id;

  c.now += 90min; // 49 rooms have expired
  std::vector<std::string> listed;
  auto rooms = client.list_rooms();
  for (;;) {
    auto page = rooms.next_page();
    REQUIRE(page);
    for (const auto& r : page->items) {
      listed.push_back(r.id);
    }
    if (!page->next_link) {
      break;
    }
  }
  std::sort(listed.begin(), listed.end());
  std::vector<std::string> expected{ids[7], kept};
  std::sort(expected.begin(), expected.end());
  CHECK(listed == expected);
  CHECK(c.emu.room_count() == 2);
  const auto gone = client.get_room(ids[0]);
  REQUIRE_FALSE(gone);
  CHECK(gone.error().status == 404);
  CHECK(gone.error().code == "NotFound");

  c.now += 1h; // past `kept` too; the extended room lives on
  CHECK(c.emu.room_count() == 1);
  CHECK(client.get_room(ids[7]));
}
