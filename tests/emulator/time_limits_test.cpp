// SPDX-License-Identifier: MIT
// Tests of rooms_client at the limits of time arithmetic: huge Retry-After values, "no limit"
// call and retry options, and the cancellable wait with any duration. Injected clocks and sleeps,
// except for the real wait itself, which a cancellation ends.
#include <acs/rooms/client.hpp>

#include "../support/test_support.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
using acs_rooms_test::response;
using acs_rooms_test::room_json;
using std::chrono::milliseconds;

namespace {

constexpr const char* endpoint = "https://contoso.communication.azure.com";
constexpr const char* key = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5"; // base64

/// Answers from a list (then 200 with a room); records the limits each send was given.
struct listed_transport {
  std::deque<http_response> answers;
  std::vector<std::optional<milliseconds>> timeouts;
  result<http_response> send(const http_request&, const send_options& limits) {
    timeouts.push_back(limits.timeout);
    if (answers.empty()) {
      return response(200, room_json());
    }
    http_response next = std::move(answers.front());
    answers.pop_front();
    return next;
  }
};

http_response busy(const std::string& name, const std::string& value) {
  http_response r = response(503, R"({"error":{"code":"ServerBusy","message":"later"}})");
  r.headers.set(name, value);
  r.headers.set("x-ms-error-code", "ServerBusy");
  return r;
}

/// A client with a clock that only the injected sleep moves (saturating, like the library).
struct fixture {
  std::shared_ptr<time_point> now =
      std::make_shared<time_point>(*parse_rfc3339("2026-11-24T12:00:00Z"));
  std::vector<milliseconds> sleeps;
  std::vector<std::string> log;
  listed_transport transport;

  client_options options() {
    client_options o;
    o.clock = [t = now] { return *t; };
    o.uuid_source = acs_rooms_test::counting_uuids{};
    o.sleep = [this](milliseconds d) {
      sleeps.push_back(d);
      *now = detail::saturating_add(*now, d);
    };
    o.logger = [this](log_level, std::string_view line) { log.emplace_back(line); };
    return o;
  }
  rooms_client<listed_transport&, hmac_signer<>> client(client_options o) {
    return rooms_client<listed_transport&, hmac_signer<>>(endpoint, transport, hmac_signer<>(key),
                                                          std::move(o));
  }
  rooms_client<listed_transport&, hmac_signer<>> client() { return client(options()); }
};

} // namespace

TEST_CASE("sync: a huge Retry-After is neither slept nor overflowed; the call ends naming it",
          "[limits]") {
  const std::vector<std::pair<std::string, std::string>> huge = {
      {"Retry-After", "9999999999"},
      {"Retry-After", "999999999999"},
      {"Retry-After", "99999999999999999999999999"},
      {"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"},
      {"retry-after-ms", "9999999999000"},
      {"retry-after-ms", "9223372036854775808"},
      {"x-ms-retry-after-ms", "999999999999999"},
  };
  for (const auto& [name, value] : huge) {
    INFO(name << ": " << value);
    fixture f;
    f.transport.answers.push_back(busy(name, value));
    auto got = f.client().get_room("1");
    REQUIRE_FALSE(got);
    CHECK(got.error().kind == errc::service_error);
    CHECK(got.error().status == 503);
    CHECK(got.error().code == "ServerBusy");
    CHECK(got.error().attempts == 1);
    CHECK(got.error().headers.get(name) == std::optional<std::string_view>(value));
    CHECK(got.error().message.find("asked to wait ") != std::string::npos);
    CHECK(got.error().message.find("longer than retry_options::max_delay (60000 ms)") !=
          std::string::npos);
    CHECK(f.sleeps.empty());
    CHECK(f.transport.timeouts.size() == 1);

    // Under a deadline the deadline ends it first: timed_out, naming the delay.
    fixture g;
    g.transport.answers.push_back(busy(name, value));
    call_options limits;
    limits.timeout = 30s;
    auto late = g.client().get_room("1", limits);
    REQUIRE_FALSE(late);
    CHECK(late.error().kind == errc::timed_out);
    CHECK(late.error().message.find("would pass the call's deadline") != std::string::npos);
    CHECK(g.sleeps.empty());
  }
}

TEST_CASE("sync: with max_delay unlimited, the requested delay is slept exactly as asked",
          "[limits]") {
  fixture f;
  f.transport.answers.push_back(busy("Retry-After", "9999999999"));
  f.transport.answers.push_back(busy("retry-after-ms", "9223372036854775807"));
  auto options = f.options();
  options.retry.max_delay = milliseconds::max();
  auto got = f.client(options).get_room("1");
  REQUIRE(got);
  REQUIRE(f.sleeps.size() == 2);
  CHECK(f.sleeps[0] == milliseconds(9999999999000));
  CHECK(f.sleeps[1] == milliseconds::max());
  CHECK(*f.now == time_point::max()); // the test's clock saturated too
}

TEST_CASE("sync: 'no limit' call options are no limit, not an instant timeout", "[limits]") {
  for (const auto& limits :
       {call_options{milliseconds::max(), std::nullopt, {}},
        call_options{std::nullopt, time_point::max(), {}},
        call_options{milliseconds::max(), time_point::max(), {}},
        call_options{std::chrono::duration_cast<milliseconds>(std::chrono::hours(24 * 365 * 300)),
                     std::nullopt,
                     {}}}) {
    fixture f;
    f.transport.answers.push_back(busy("Retry-After", "1"));
    auto got = f.client().get_room("1", limits);
    REQUIRE(got);
    CHECK(f.sleeps == std::vector<milliseconds>{1s});
    // No deadline reaches the transport as no limit at all.
    CHECK(f.transport.timeouts ==
          std::vector<std::optional<milliseconds>>{std::nullopt, std::nullopt});
  }
  // A timeout at the other end has already passed: nothing is sent.
  fixture f;
  call_options passed;
  passed.timeout = milliseconds::min();
  auto got = f.client().get_room("1", passed);
  REQUIRE_FALSE(got);
  CHECK(got.error().kind == errc::timed_out);
  CHECK(f.transport.timeouts.empty());
}

TEST_CASE("sync: max_retries = INT_MAX retries on, and the log line counts without overflow",
          "[limits]") {
  fixture f;
  for (int i = 0; i < 5; ++i) {
    f.transport.answers.push_back(busy("retry-after-ms", "0"));
  }
  auto options = f.options();
  options.retry.max_retries = std::numeric_limits<int>::max();
  options.retry.initial_delay = milliseconds::max();
  auto got = f.client(options).get_room("1");
  REQUIRE(got);
  CHECK(f.sleeps == std::vector<milliseconds>(5, 0ms));
  REQUIRE(f.log.size() == 6);
  CHECK(f.log[0].find("attempt 1 of 2147483648") != std::string::npos);
  CHECK(f.log[5].find("attempt 6 of 2147483648") != std::string::npos);
}

TEST_CASE("the cancellable wait takes any duration", "[limits][cancel]") {
  cancellation_source source;
  const cancellation_token token = source.token();
  // Zero, negative and the most negative durations do not wait.
  CHECK(token.wait_for(0ms));
  CHECK(token.wait_for(-5ms));
  CHECK(token.wait_for(milliseconds::min()));
  CHECK(cancellation_token().wait_for(milliseconds::min()));
  // The longest wait lasts until cancelled (a wrapped end would have returned at once).
  std::atomic<bool> returned{false};
  bool waited_all = true;
  std::thread waiter([&] {
    waited_all = token.wait_for(milliseconds::max());
    returned = true;
  });
  std::this_thread::sleep_for(30ms);
  CHECK_FALSE(returned.load());
  source.cancel();
  waiter.join();
  CHECK(returned.load());
  CHECK_FALSE(waited_all);
  // Already cancelled: no wait at all, whatever the duration.
  CHECK_FALSE(token.wait_for(milliseconds::max()));
  CHECK_FALSE(token.wait_for(milliseconds(9999999999000)));
}

TEST_CASE("sync: the real wait of a 317-year Retry-After ends when cancelled", "[limits][cancel]") {
  listed_transport transport;
  transport.answers.push_back(busy("Retry-After", "9999999999"));
  client_options options; // the real, cancellable wait
  options.retry.max_delay = milliseconds::max();
  rooms_client<listed_transport&, hmac_signer<>> client(endpoint, transport, hmac_signer<>(key),
                                                        options);
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
  REQUIRE_FALSE(got);
  CHECK(got.error().kind == errc::cancelled); // not retried early: the wait really began
  CHECK(got.error().attempts == 1);
  CHECK(transport.timeouts.size() == 1);
  CHECK(took >= 40ms);
  CHECK(took < 20s);
}
