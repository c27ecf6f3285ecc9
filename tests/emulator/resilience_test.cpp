// SPDX-License-Identifier: MIT
// Tests of rooms_client's resilience: retries, deadlines, cancellation, logging, token caching,
// pager lifetime and the nextLink policy, with injected clocks and sleeps (no real waits).
#include <acs/rooms/client.hpp>

#include "../support/test_support.hpp"

#include <acs/rooms/emulator.hpp>

#include <atomic>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
using acs_rooms_test::response;
using acs_rooms_test::room_json;

namespace {

constexpr const char* endpoint = "https://contoso.communication.azure.com";
constexpr const char* key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5"; // base64

/// A clock that only moves when the test (or the injected sleep) moves it.
struct manual_clock {
  std::shared_ptr<time_point> t =
      std::make_shared<time_point>(*parse_rfc3339("2026-11-24T12:00:00Z"));
  time_point operator()() const { return *t; }
  void advance(std::chrono::milliseconds d) const { *t += d; }
};

/// Answers from a script; records every request it was given and the limits passed with it.
struct scripted_transport {
  std::deque<std::function<result<http_response>(const http_request&)>> script;
  std::vector<http_request> sent;
  std::vector<std::optional<std::chrono::milliseconds>> timeouts;
  result<http_response> send(const http_request& request, const send_options& limits) {
    sent.push_back(request);
    timeouts.push_back(limits.timeout);
    REQUIRE(!script.empty());
    auto next = std::move(script.front());
    script.pop_front();
    return next(request);
  }
};

std::function<result<http_response>(const http_request&)>
status(int code, std::vector<std::pair<std::string, std::string>> headers = {},
       std::string body = "") {
  return [=](const http_request&) -> result<http_response> {
    http_response r = response(code, body, body.empty() ? "" : "application/json");
    for (const auto& [name, value] : headers) {
      r.headers.add(name, value);
    }
    return r;
  };
}

std::function<result<http_response>(const http_request&)> dropped() {
  return [](const http_request&) -> result<http_response> {
    return detail::make_error(errc::transport_error, "connection reset");
  };
}

struct fixture {
  manual_clock clock;
  std::vector<std::chrono::milliseconds> sleeps;
  std::vector<std::string> log;
  scripted_transport transport;

  client_options options() {
    client_options o;
    o.clock = clock;
    o.uuid_source = acs_rooms_test::counting_uuids{};
    o.sleep = [this](std::chrono::milliseconds d) {
      sleeps.push_back(d);
      clock.advance(d);
    };
    o.logger = [this](log_level, std::string_view line) { log.emplace_back(line); };
    return o;
  }
  rooms_client<scripted_transport&, hmac_signer<>> client() {
    return rooms_client<scripted_transport&, hmac_signer<>>(endpoint, transport, hmac_signer<>(key),
                                                            options());
  }
};

std::string header(const http_request& r, std::string_view name) {
  return std::string(r.headers.get(name).value_or("<absent>"));
}

} // namespace

TEST_CASE("a 503 then a 200: retried once, signed afresh, same request ids", "[resilience]") {
  fixture f;
  f.transport.script = {status(503, {{"Retry-After", "2"}}), dropped(),
                        status(201, {}, room_json())};
  auto client = f.client();
  create_room_options o;
  auto created = client.create_room(o);
  REQUIRE(created);
  REQUIRE(f.transport.sent.size() == 3);
  REQUIRE(f.sleeps.size() == 2);
  CHECK(f.sleeps[0] == 2s);     // as the service asked
  CHECK(f.sleeps[1] >= 1280ms); // back-off for retry 2: 1600 ms ± 20%
  CHECK(f.sleeps[1] <= 1920ms);
  const auto& first = f.transport.sent[0];
  for (const auto& again : f.transport.sent) {
    CHECK(header(again, "x-ms-client-request-id") == header(first, "x-ms-client-request-id"));
    CHECK(header(again, "Repeatability-Request-ID") == header(first, "Repeatability-Request-ID"));
    CHECK(header(again, "Repeatability-First-Sent") == header(first, "Repeatability-First-Sent"));
    CHECK(again.body == first.body);
  }
  // Each attempt is signed at its own time: the clock moved by the sleeps.
  CHECK(header(f.transport.sent[0], "x-ms-date") != header(f.transport.sent[1], "x-ms-date"));
  CHECK(header(f.transport.sent[1], "x-ms-date") != header(f.transport.sent[2], "x-ms-date"));
  CHECK(header(f.transport.sent[0], "Authorization") !=
        header(f.transport.sent[1], "Authorization"));
  CHECK(f.log.size() == 3);
}

TEST_CASE("retries give up after max_retries with the last answer, attempts counted",
          "[resilience]") {
  fixture f;
  for (int i = 0; i < 4; ++i) {
    f.transport.script.push_back(
        status(503, {{"Retry-After", "1"}, {"x-ms-error-code", "ServerBusy"}},
               R"({"error":{"code":"ServiceUnavailable","message":"busy"}})"));
  }
  auto client = f.client();
  auto got = client.get_room("1");
  REQUIRE(!got);
  CHECK(got.error().kind == errc::service_error);
  CHECK(got.error().status == 503);
  CHECK(got.error().code == "ServiceUnavailable");
  CHECK(got.error().attempts == 4);
  CHECK(got.error().headers.get("Retry-After") == std::optional<std::string_view>("1"));
  CHECK(f.sleeps == std::vector<std::chrono::milliseconds>{1s, 1s, 1s});
}

TEST_CASE("not retried: 404, 400 and a garbage 200", "[resilience]") {
  fixture f;
  f.transport.script = {status(404), status(400), status(200, {}, "<html>")};
  auto client = f.client();
  auto missing = client.get_room("1");
  REQUIRE(!missing);
  CHECK(missing.error().status == 404);
  CHECK(missing.error().attempts == 1);
  CHECK(!client.delete_room("1"));
  auto garbage = client.get_room("1");
  REQUIRE(!garbage);
  CHECK(garbage.error().kind == errc::malformed_response);
  CHECK(f.transport.sent.size() == 3);
  CHECK(f.sleeps.empty());
}

TEST_CASE("a per-call timeout bounds retries and reaches the transport", "[resilience]") {
  fixture f;
  f.transport.script = {status(503), status(503, {{"Retry-After", "30"}})};
  auto client = f.client();
  call_options limits;
  limits.timeout = 10s;
  auto got = client.get_room("1", limits);
  REQUIRE(!got);
  CHECK(got.error().kind == errc::timed_out);
  CHECK(got.error().status == 503);
  CHECK(got.error().attempts == 2);
  REQUIRE(f.transport.timeouts.size() == 2);
  CHECK(f.transport.timeouts[0] == std::optional<std::chrono::milliseconds>(10s));
  REQUIRE(f.transport.timeouts[1]);
  CHECK(*f.transport.timeouts[1] == 10s - f.sleeps.at(0));
  CHECK(f.sleeps.size() == 1); // the 30 s Retry-After was never slept

  fixture g;
  auto other = g.client();
  call_options past;
  past.deadline = g.clock() - 1s;
  auto late = other.get_room("1", past);
  REQUIRE(!late);
  CHECK(late.error().kind == errc::timed_out);
  CHECK(g.transport.sent.empty());
}

TEST_CASE("cancellation during a 60 s Retry-After returns promptly", "[resilience]") {
  scripted_transport transport;
  transport.script = {status(503, {{"Retry-After", "60"}})};
  client_options o; // the real, cancellable wait
  rooms_client<scripted_transport&, hmac_signer<>> client(endpoint, transport, hmac_signer<>(key),
                                                          o);
  cancellation_source source;
  call_options limits;
  limits.cancellation = source.token();
  std::thread canceller([&] {
    std::this_thread::sleep_for(50ms);
    source.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  auto got = client.get_room("1", limits);
  const auto took = std::chrono::steady_clock::now() - start;
  canceller.join();
  REQUIRE(!got);
  CHECK(got.error().kind == errc::cancelled);
  CHECK(got.error().attempts == 1);
  CHECK(took < 20s); // far below the 60 s asked for: the wait was interrupted
}

TEST_CASE("a cancelled token stops the call before anything is sent", "[resilience]") {
  fixture f;
  auto client = f.client();
  cancellation_source source;
  source.cancel();
  call_options limits;
  limits.cancellation = source.token();
  auto got = client.delete_room("1", limits);
  REQUIRE(!got);
  CHECK(got.error().kind == errc::cancelled);
  CHECK(got.error().attempts == 0);
  CHECK(f.transport.sent.empty());
}

TEST_CASE("a retried create makes one room even when the service's answer was lost",
          "[resilience]") {
  emulator emu;
  struct losing_transport { // the service acts, then the answer is lost once
    emulator& emu;
    int lose = 1;
    result<http_response> send(const http_request& request) {
      auto answer = emu.send(request);
      if (lose-- > 0) {
        return detail::make_error(errc::transport_error, "connection reset after the request");
      }
      return answer;
    }
  } transport{emu};
  client_options o;
  o.sleep = [](std::chrono::milliseconds) {};
  auto client =
      make_client<losing_transport&>(emu.connection_string("https://emu.local"), transport, o)
          .value();
  auto created = client.create_room();
  REQUIRE(created);
  CHECK(emu.room_count() == 1);
  CHECK(created->repeatability_result == std::optional<std::string>("accepted"));
  CHECK(client.get_room(created->id)); // the room the lost answer was about
  auto second = client.create_room();  // a new logical create: a new id, a new room
  REQUIRE(second);
  CHECK(emu.room_count() == 2);
  CHECK(second->id != created->id);
}

TEST_CASE("logging: one line per attempt, never a key, token or signature", "[resilience]") {
  fixture f;
  f.transport.script = {status(503), dropped(), status(201, {}, room_json()), status(404),
                        status(401, {}, R"({"error":{"code":"Unauthorized","message":"no"}})")};
  auto client = f.client();
  REQUIRE(client.create_room());
  CHECK(!client.get_room("1"));
  CHECK(!client.delete_room("1"));
  CHECK(f.log.size() == 5);
  CHECK(f.log[0].find("POST https://contoso.communication.azure.com/rooms?api-version=") == 0);
  CHECK(f.log[0].find("-> 503") != std::string::npos);
  CHECK(f.log[1].find("failed (connection reset)") != std::string::npos);
  std::vector<std::string> secrets{key};
  for (const auto& r : f.transport.sent) {
    secrets.push_back(header(r, "Authorization"));
    const auto sig = header(r, "Authorization").find("Signature=");
    secrets.push_back(header(r, "Authorization").substr(sig + 10));
  }
  for (const auto& line : f.log) {
    for (const auto& s : secrets) {
      CHECK(line.find(s) == std::string::npos);
    }
    CHECK(line.find("Authorization") == std::string::npos);
  }
}

TEST_CASE("bearer tokens are cached until near expiry and refreshed once after a 401",
          "[resilience]") {
  fixture f;
  int fetched = 0;
  bearer_token_signer signer([&]() -> access_token {
    ++fetched;
    return {"token-" + std::to_string(fetched), f.clock() + 1h};
  });
  auto options = f.options();
  rooms_client<scripted_transport&, bearer_token_signer> client(endpoint, f.transport, signer,
                                                                options);
  f.transport.script = {status(204), status(204), status(204), status(401), status(204)};
  REQUIRE(client.delete_room("1"));
  REQUIRE(client.delete_room("1"));
  CHECK(fetched == 1);
  f.clock.advance(56min); // within 5 minutes of expiry
  REQUIRE(client.delete_room("1"));
  CHECK(fetched == 2);
  REQUIRE(client.delete_room("1")); // 401, then the fresh token is accepted
  CHECK(fetched == 3);
  CHECK(header(f.transport.sent[3], "Authorization") == "Bearer token-2");
  CHECK(header(f.transport.sent[4], "Authorization") == "Bearer token-3");
  for (const auto& line : f.log) {
    CHECK(line.find("token-") == std::string::npos);
  }
}

TEST_CASE("a bearer token with CR/LF never reaches the transport", "[resilience]") {
  scripted_transport transport;
  bearer_token_signer signer([] { return std::string("tok\r\nX-Evil: 1"); });
  rooms_client<scripted_transport&, bearer_token_signer> client(endpoint, transport, signer);
  auto got = client.get_room("1");
  REQUIRE(!got);
  CHECK(got.error().kind == errc::invalid_argument);
  CHECK(got.error().message.find("X-Evil") == std::string::npos);
  CHECK(transport.sent.empty());
}

TEST_CASE("a pager outlives a temporary, moved or destroyed client", "[resilience][pager]") {
  emulator emu;
  const std::string cs = emu.connection_string("https://emu.local");
  {
    auto setup = make_client<emulator&>(cs, emu).value();
    for (int i = 0; i < 3; ++i) {
      REQUIRE(setup.create_room());
    }
  }
  auto from_temporary = make_client<emulator&>(cs, emu).value().list_rooms();
  int n = 0;
  for (const room& r : from_temporary) {
    CHECK(!r.id.empty());
    ++n;
  }
  CHECK(n == 3);

  auto original = make_client<emulator&>(cs, emu).value();
  auto pager = original.list_rooms();
  auto moved = std::move(original);
  auto again = original.get_room("1"); // NOLINT(bugprone-use-after-move): the point of the test
  REQUIRE(!again);
  CHECK(again.error().kind == errc::invalid_argument);
  CHECK(again.error().message.find("moved from") != std::string::npos);
  auto first = pager.next_page();
  REQUIRE(first);
  CHECK(first->items.size() == 3);

  std::optional<rooms_client<emulator&, hmac_signer<>>> doomed(
      make_client<emulator&>(cs, emu).value());
  auto orphan = doomed->list_rooms();
  doomed.reset();
  REQUIRE(orphan.next_page());
}

namespace {
std::string page_body(const std::string& next) {
  return R"({"value":[)" + room_json() + R"(],"nextLink":")" + next + R"("})";
}
} // namespace

TEST_CASE("nextLink: same origin by default; another host only when allowed, never a bearer",
          "[resilience][pager]") {
  const std::string foreign = "https://evil.example.net/steal?api-version=2025-03-13";
  {
    fixture f;
    f.transport.script = {status(200, {}, page_body(foreign))};
    auto client = f.client();
    auto pager = client.list_rooms();
    REQUIRE(pager.next_page());
    auto refused = pager.next_page();
    REQUIRE(!refused);
    CHECK(refused.error().kind == errc::invalid_argument);
    CHECK(refused.error().message.find("evil.example.net") != std::string::npos);
    CHECK(f.transport.sent.size() == 1);
    CHECK(pager.continuation_token() == std::optional<std::string>(foreign)); // nothing lost
  }
  {
    fixture f;
    f.transport.script = {status(200, {}, page_body(foreign)), status(200, {}, R"({"value":[]})")};
    auto options = f.options();
    options.next_links = next_link_policy::any_host;
    rooms_client<scripted_transport&, hmac_signer<>> client(endpoint, f.transport,
                                                            hmac_signer<>(key), options);
    auto pager = client.list_rooms();
    REQUIRE(pager.next_page());
    REQUIRE(pager.next_page());
    CHECK(f.transport.sent.at(1).url == foreign);
    CHECK(header(f.transport.sent.at(1), "Host") == "evil.example.net");
  }
  {
    fixture f;
    f.transport.script = {status(200, {}, page_body(foreign))};
    auto options = f.options();
    options.next_links = next_link_policy::any_host;
    bearer_token_signer signer([] { return std::string("secret-token"); });
    rooms_client<scripted_transport&, bearer_token_signer> client(endpoint, f.transport, signer,
                                                                  options);
    auto pager = client.list_rooms();
    REQUIRE(pager.next_page());
    auto refused = pager.next_page();
    REQUIRE(!refused);
    CHECK(refused.error().message.find("bearer token") != std::string::npos);
    CHECK(f.transport.sent.size() == 1);
  }
  {
    fixture f;
    f.transport.script = {status(200, {},
                                 page_body("https://contoso.communication.azure.com@"
                                           "evil.example.net/x"))};
    auto options = f.options();
    options.next_links = next_link_policy::any_host;
    rooms_client<scripted_transport&, hmac_signer<>> client(endpoint, f.transport,
                                                            hmac_signer<>(key), options);
    auto pager = client.list_rooms();
    auto first = pager.next_page();
    if (first) { // refused either by the page parser or before the next request
      CHECK(!pager.next_page());
    }
    CHECK(f.transport.sent.size() == 1);
  }
}

TEST_CASE("a nextLink cycle A -> B -> A stops with an error", "[resilience][pager]") {
  fixture f;
  const std::string a = std::string(endpoint) + "/rooms?api-version=2025-03-13";
  const std::string b = std::string(endpoint) + "/rooms?api-version=2025-03-13&token=b";
  f.transport.script = {status(200, {}, page_body(b)), status(200, {}, page_body(a))};
  auto client = f.client();
  auto pager = client.list_rooms();
  REQUIRE(pager.next_page());
  auto looped = pager.next_page();
  REQUIRE(!looped);
  CHECK(looped.error().kind == errc::malformed_response);
  CHECK(looped.error().message.find("already read") != std::string::npos);
  CHECK(pager.continuation_token() == std::optional<std::string>(b)); // still at B
}

TEST_CASE("a failed page is retried, and after the retries changes nothing",
          "[resilience][pager]") {
  fixture f;
  const std::string b = std::string(endpoint) + "/rooms?api-version=2025-03-13&token=b";
  f.transport.script = {status(200, {}, page_body(b)),
                        status(503),
                        status(503),
                        status(503),
                        status(503),
                        status(500),
                        status(200, {}, R"({"value":[]})")};
  auto client = f.client();
  auto pager = client.list_rooms();
  REQUIRE(pager.next_page());
  auto failed = pager.next_page();
  REQUIRE(!failed);
  CHECK(failed.error().attempts == 4);
  CHECK(pager.continuation_token() == std::optional<std::string>(b));
  auto last = pager.next_page();
  REQUIRE(last);
  CHECK(pager.done());
  CHECK(f.transport.sent.back().url == b);
}
