// SPDX-License-Identifier: MIT
// Tests of the emulator's fault plan, its controllable clock and its repeatability rules, in
// process, with injected sleeps (no real waits).
#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* base = "https://emu.test";
const char* const request_id = "6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a11";

time_point at(const char* rfc3339) { return *parse_rfc3339(rfc3339); }

/// An emulator whose clock stands still until the test (or an injected sleep) moves it, and
/// which records the delays it was asked to wait.
struct fixture {
  std::vector<std::chrono::milliseconds> waits;
  emulator emu;

  explicit fixture(emulator_options o = {}) : emu(with_sleep(std::move(o))) {
    emu.set_time(at("2026-11-24T12:00:00Z"));
  }

  emulator_options with_sleep(emulator_options o) {
    o.sleep = [this](std::chrono::milliseconds d) {
      waits.push_back(d);
      emu.advance(d);
    };
    return o;
  }

  /// A signed request at the emulator's time.
  http_request request(std::string method, const std::string& path, std::string body = {}) const {
    http_request r;
    r.method = std::move(method);
    r.url =
        base + path + (path.find('?') == std::string::npos ? "?" : "&") + "api-version=2025-03-13";
    if (!body.empty()) {
      r.headers.set("Content-Type",
                    r.method == "POST" ? "application/json" : "application/merge-patch+json");
    }
    r.body = std::move(body);
    REQUIRE(hmac_signer<>(emu.access_key()).sign(r, emu.now()));
    return r;
  }

  /// A create with the Repeatability-* headers.
  http_request create(const char* id, time_point first_sent, std::string body = "{}") {
    http_request r = request("POST", "/rooms", std::move(body));
    r.headers.set("Repeatability-Request-ID", id);
    r.headers.set("Repeatability-First-Sent", format_rfc1123(first_sent));
    return r; // the signature does not cover the Repeatability-* headers
  }

  /// A client on the emulator's clock, whose waits move that clock and are recorded.
  auto client(std::vector<std::chrono::milliseconds>& sleeps) {
    client_options o;
    o.clock = emu.clock();
    o.sleep = [this, &sleeps](std::chrono::milliseconds d) {
      sleeps.push_back(d);
      emu.advance(d);
    };
    return make_client<emulator&>(emu.connection_string(base), emu, o).value();
  }
};

json error_of(const http_response& r, int status, const std::string& code) {
  CHECK(r.status == status);
  CHECK(r.headers.get("x-ms-error-code") == std::optional<std::string_view>(code));
  const json body = json::parse(r.body);
  CHECK(body["error"]["code"] == code);
  return body["error"];
}

std::optional<std::string_view> header(const http_response& r, std::string_view name) {
  return r.headers.get(name);
}

} // namespace

TEST_CASE("emulator faults: respond answers instead of the service", "[emulator][faults]") {
  fixture f;
  f.emu.inject(emulator_fault::answer(503).on("POST", "/rooms").with_header("Retry-After", "1"));
  CHECK(f.emu.pending_faults() == 1);

  // Another method or path passes by.
  CHECK(f.emu.send(f.request("GET", "/rooms")).status == 200);
  CHECK(f.emu.pending_faults() == 1);

  const auto faulted = f.emu.send(f.request("POST", "/rooms", "{}"));
  error_of(faulted, 503, "ServiceUnavailable");
  CHECK(header(faulted, "Retry-After") == std::optional<std::string_view>("1"));
  CHECK(f.emu.room_count() == 0); // the service did not act
  CHECK(f.emu.pending_faults() == 0);
  CHECK(f.emu.send(f.request("POST", "/rooms", "{}")).status == 201);

  SECTION("a canned body and status, before authentication, for the next N requests") {
    emulator_fault canned = emulator_fault::answer(429).for_next(2);
    canned.body = R"({"error":{"code":"TooManyRequests","message":"slow down"}})";
    canned.headers.set("retry-after-ms", "250");
    f.emu.inject(canned);
    http_request unsigned_get;
    unsigned_get.method = "GET";
    unsigned_get.url = std::string(base) + "/rooms?api-version=2025-03-13";
    for (int i = 0; i < 2; ++i) {
      const auto r = f.emu.send(unsigned_get);
      CHECK(r.status == 429);
      CHECK(r.body == canned.body);
      CHECK(header(r, "retry-after-ms") == std::optional<std::string_view>("250"));
    }
    CHECK(f.emu.send(unsigned_get).status == 401); // used up: the service answers again
  }
  SECTION("forever, until cleared") {
    f.emu.inject(emulator_fault::answer(500).on("GET").for_next(emulator_fault::forever));
    for (int i = 0; i < 5; ++i) {
      error_of(f.emu.send(f.request("GET", "/rooms")), 500, "InternalServerError");
    }
    CHECK(f.emu.pending_faults() == 1);
    f.emu.clear_faults();
    CHECK(f.emu.send(f.request("GET", "/rooms")).status == 200);
  }
  SECTION("a plan given at construction") {
    emulator_options o;
    o.faults = {emulator_fault::answer(502)};
    fixture g(o);
    error_of(g.emu.send(g.request("GET", "/rooms")), 502, "BadGateway");
    CHECK(g.emu.send(g.request("GET", "/rooms")).status == 200);
  }
}

TEST_CASE("emulator faults: drop_before loses the request, drop_after loses the answer",
          "[emulator][faults]") {
  fixture f;
  SECTION("drop_before: no answer, nothing done") {
    f.emu.inject(emulator_fault::drop_request().on("POST", "/rooms"));
    auto r = f.emu.send(f.request("POST", "/rooms", "{}"), send_options{});
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == errc::transport_error);
    CHECK(r.error().status == 0);
    CHECK(f.emu.room_count() == 0);
  }
  SECTION("drop_after: the room is made, the answer is lost") {
    f.emu.inject(emulator_fault::drop_answer().on("POST"));
    auto r = f.emu.send(f.request("POST", "/rooms", "{}"), send_options{});
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == errc::transport_error);
    CHECK(f.emu.room_count() == 1);
  }
  SECTION("send(request) cannot lose an answer: drops wait in the plan for a Transport send") {
    f.emu.inject(emulator_fault::drop_request());
    CHECK(f.emu.send(f.request("GET", "/rooms")).status == 200);
    CHECK(f.emu.pending_faults() == 1);
    CHECK_FALSE(f.emu.send(f.request("GET", "/rooms"), send_options{}));
    CHECK(f.emu.pending_faults() == 0);
  }
}

TEST_CASE("emulator faults: delay waits through the injected sleep, within the caller's limits",
          "[emulator][faults]") {
  fixture f;
  const time_point start = f.emu.now();
  SECTION("the whole delay, then the service's answer") {
    f.emu.inject(emulator_fault::slow(250ms));
    const auto r = f.emu.send(f.request("POST", "/rooms", "{}"), send_options{});
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(f.waits == std::vector<std::chrono::milliseconds>{250ms});
    CHECK(f.emu.now() - start == 250ms);
  }
  SECTION("delays add up and combine with the fault that decides") {
    f.emu.inject(emulator_fault::slow(100ms));
    f.emu.inject(emulator_fault::slow(50ms));
    f.emu.inject(emulator_fault::answer(504));
    error_of(f.emu.send(f.request("GET", "/rooms")), 504, "GatewayTimeout");
    CHECK(f.waits == std::vector<std::chrono::milliseconds>{150ms});
  }
  SECTION("no longer than the call's remaining time: then no answer, and nothing done") {
    f.emu.inject(emulator_fault::slow(5s));
    send_options limits;
    limits.timeout = 300ms;
    auto r = f.emu.send(f.request("POST", "/rooms", "{}"), limits);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == errc::transport_error);
    CHECK(f.waits == std::vector<std::chrono::milliseconds>{300ms});
    CHECK(f.emu.room_count() == 0);
  }
  SECTION("a cancelled caller gets cancelled") {
    f.emu.inject(emulator_fault::slow(1s));
    cancellation_source source;
    source.cancel();
    send_options limits;
    limits.cancellation = source.token();
    auto r = f.emu.send(f.request("GET", "/rooms"), limits);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == errc::cancelled);
  }
}

TEST_CASE("emulator faults: probabilities follow the seed", "[emulator][faults]") {
  const auto statuses = [](std::uint64_t seed) {
    emulator_options o;
    o.fault_seed = seed;
    fixture f(o);
    f.emu.inject(
        emulator_fault::answer(503).with_probability(0.5).for_next(emulator_fault::forever));
    std::vector<int> out;
    for (int i = 0; i < 32; ++i) {
      out.push_back(f.emu.send(f.request("GET", "/rooms")).status);
    }
    return out;
  };
  const auto first = statuses(7);
  CHECK(first == statuses(7));
  CHECK(first != statuses(8));
  const auto hits = std::count(first.begin(), first.end(), 503);
  CHECK(hits > 0);
  CHECK(hits < 32);
  CHECK(std::count(first.begin(), first.end(), 200) == 32 - hits);

  fixture never;
  never.emu.inject(emulator_fault::answer(503).with_probability(0.0));
  CHECK(never.emu.send(never.request("GET", "/rooms")).status == 200);
  CHECK(never.emu.pending_faults() == 1); // a miss uses nothing up
}

TEST_CASE("emulator faults: a client retries through 503s with Retry-After, then succeeds",
          "[emulator][faults]") {
  fixture f;
  std::vector<std::chrono::milliseconds> sleeps;
  auto client = f.client(sleeps);
  f.emu.inject(
      emulator_fault::answer(503).on("POST", "/rooms").for_next(2).with_header("Retry-After", "2"));
  const time_point start = f.emu.now();
  auto created = client.create_room();
  REQUIRE(created);
  CHECK(sleeps == std::vector<std::chrono::milliseconds>{2000ms, 2000ms}); // as the service said
  CHECK(f.emu.now() - start == 4s);
  CHECK(f.emu.room_count() == 1);
  CHECK(created->repeatability_result == std::optional<std::string>("accepted"));
  CHECK(f.emu.pending_faults() == 0);

  SECTION("more 503s than retries: the last one is the error, with its Retry-After") {
    f.emu.inject(emulator_fault::answer(503).for_next(4).with_header("Retry-After", "1"));
    auto failed = client.get_room(created->id);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().kind == errc::service_error);
    CHECK(failed.error().status == 503);
    CHECK(failed.error().code == "ServiceUnavailable");
    CHECK(failed.error().attempts == 4);
    CHECK(failed.error().headers.get("Retry-After") == std::optional<std::string_view>("1"));
  }
}

TEST_CASE("emulator faults: a lost create answer and the client's retry make exactly one room",
          "[emulator][faults]") {
  fixture f;
  std::vector<std::chrono::milliseconds> sleeps;
  auto client = f.client(sleeps);
  f.emu.inject(emulator_fault::drop_answer().on("POST", "/rooms"));
  auto created = client.create_room();
  REQUIRE(created);
  CHECK(sleeps.size() == 1); // one retry after the lost answer
  CHECK(f.emu.room_count() == 1);
  CHECK(created->repeatability_result == std::optional<std::string>("accepted"));
  CHECK(client.get_room(created->id)); // the room the lost answer was about

  SECTION("also when the request is lost, and through a slow answer") {
    f.emu.inject(emulator_fault::drop_request().on("POST"));
    f.emu.inject(emulator_fault::slow(40ms).on("POST"));
    f.emu.inject(emulator_fault::drop_answer().on("POST"));
    auto second = client.create_room();
    REQUIRE(second);
    CHECK(second->id != created->id);
    CHECK(f.emu.room_count() == 2);
    CHECK(f.emu.pending_faults() == 0);
  }
}

TEST_CASE("emulator repeatability: a repeat within the window replays, outside it is 412",
          "[emulator][faults]") {
  fixture f;
  const time_point first_sent = f.emu.now();
  const auto first = f.emu.send(f.create(request_id, first_sent));
  REQUIRE(first.status == 201);

  f.emu.advance(5min); // the window's last instant still replays
  const auto again = f.emu.send(f.create(request_id, first_sent));
  CHECK(again.status == 201);
  CHECK(again.body == first.body);
  CHECK(f.emu.room_count() == 1);

  f.emu.advance(1s);
  const auto late = f.emu.send(f.create(request_id, first_sent));
  const json e = error_of(late, 412, "PreconditionFailed");
  CHECK(e["target"] == "Repeatability-First-Sent");
  CHECK(e["message"] == "Repeatability first sent header not within 5 minute window.");
  CHECK(header(late, "Repeatability-Result") == std::optional<std::string_view>("rejected"));
  CHECK(f.emu.room_count() == 1);

  SECTION("the id reused with a fresh first-sent date is 412 too, while it is remembered") {
    error_of(f.emu.send(f.create(request_id, f.emu.now())), 412, "PreconditionFailed");
    f.emu.advance(24h); // the retention: after it, the id is forgotten
    CHECK(f.emu.send(f.create(request_id, f.emu.now())).status == 201);
    CHECK(f.emu.room_count() == 2);
  }
  SECTION("a first-sent date older than the window is 412 even for a new id") {
    const auto r = f.emu.send(f.create("6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a12", f.emu.now() - 6min));
    error_of(r, 412, "PreconditionFailed");
    CHECK(f.emu.room_count() == 1);
  }
  SECTION("through the client: a caller's id reused after the window is a 412, not retried") {
    std::vector<std::chrono::milliseconds> sleeps;
    auto client = f.client(sleeps);
    create_room_options o;
    o.repeatability_request_id = request_id; // first_sent: now, a fresh date
    auto reused = client.create_room(o);
    REQUIRE_FALSE(reused);
    CHECK(reused.error().kind == errc::service_error);
    CHECK(reused.error().status == 412);
    CHECK(reused.error().code == "PreconditionFailed");
    CHECK(reused.error().attempts == 1);
    CHECK(reused.error().headers.get("Repeatability-Result") ==
          std::optional<std::string_view>("rejected"));
    CHECK(f.emu.room_count() == 1);
  }
}

TEST_CASE("emulator repeatability: a reused id with a different body is refused with 400",
          "[emulator][faults]") {
  fixture f;
  const time_point sent = f.emu.now();
  REQUIRE(f.emu.send(f.create(request_id, sent, "{}")).status == 201);
  const auto other =
      f.emu.send(f.create(request_id, sent, R"({"validUntil":"2026-11-25T12:00:00Z"})"));
  const json e = error_of(other, 400, "BadRequest");
  CHECK(e["target"] == "Repeatability-Request-ID");
  CHECK(header(other, "Repeatability-Result") == std::optional<std::string_view>("rejected"));
  CHECK(f.emu.room_count() == 1);
  // The same body is still a replay.
  CHECK(f.emu.send(f.create(request_id, sent, "{}")).status == 201);
  CHECK(f.emu.room_count() == 1);
}

TEST_CASE("emulator repeatability: memory is bounded by the capacity, oldest first",
          "[emulator][faults]") {
  emulator_options o;
  o.repeatability_capacity = 2;
  fixture f(o);
  const time_point sent = f.emu.now();
  const char* ids[] = {"6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a01",
                       "6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a02",
                       "6a3d9a4e-1b1f-4b6e-9d59-2c8f0e4b7a03"};
  for (const char* id : ids) {
    REQUIRE(f.emu.send(f.create(id, sent)).status == 201);
  }
  CHECK(f.emu.send(f.create(ids[2], sent)).status == 201); // remembered: a replay
  CHECK(f.emu.room_count() == 3);
  CHECK(f.emu.send(f.create(ids[0], sent)).status == 201); // forgotten: created again
  CHECK(f.emu.room_count() == 4);
}

TEST_CASE("emulator clock: advance ages rooms out, set_time stops the clock",
          "[emulator][faults]") {
  fixture f;
  std::vector<std::chrono::milliseconds> sleeps;
  auto client = f.client(sleeps);
  create_room_options o;
  o.valid_until = f.emu.now() + 1h;
  auto created = client.create_room(o);
  REQUIRE(created);
  CHECK(client.get_room(created->id));
  f.emu.advance(59min);
  CHECK(f.emu.room_count() == 1);
  f.emu.advance(1min); // validUntil has passed
  auto gone = client.get_room(created->id);
  REQUIRE_FALSE(gone);
  CHECK(gone.error().kind == errc::service_error);
  CHECK(gone.error().status == 404);
  CHECK(gone.error().code == "NotFound");
  CHECK(f.emu.room_count() == 0);

  const time_point fixed = at("2027-01-01T00:00:00Z");
  f.emu.set_time(fixed);
  CHECK(f.emu.now() == fixed);
  CHECK(f.emu.now() == fixed); // stopped
  f.emu.advance(-1h);
  CHECK(f.emu.now() == fixed - 1h);
}

TEST_CASE("emulator clock: advance moves an injected clock too", "[emulator][faults]") {
  time_point t = at("2026-11-24T12:00:00Z");
  emulator_options o;
  o.clock = [&t] { return t; };
  emulator emu(o);
  emu.advance(2h);
  CHECK(emu.now() == t + 2h);
  t += 1min;
  CHECK(emu.now() == t + 2h);
}
