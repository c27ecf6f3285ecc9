// SPDX-License-Identifier: MIT
// Tests of call.hpp: the sans-I/O call machine (retry table, delays, deadlines, logging).
#include <acs/rooms/call.hpp>

#include "../support/test_support.hpp"

#include <string>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
using acs_rooms_test::at;

namespace {

const time_point t0 = *parse_rfc3339("2026-11-24T12:00:00Z");

http_request get_request() {
  http_request r;
  r.method = "GET";
  r.url = "https://contoso.communication.azure.com/rooms/1?api-version=2025-03-13";
  r.headers.set("Authorization", "HMAC-SHA256 SignedHeaders=x&Signature=c2VjcmV0");
  return r;
}

http_response answer(int status, std::vector<std::pair<std::string, std::string>> headers = {}) {
  http_response r;
  r.status = status;
  for (auto& [name, value] : headers) {
    r.headers.add(name, value);
  }
  return r;
}

error no_answer() { return detail::make_error(errc::transport_error, "connection reset by peer"); }

} // namespace

TEST_CASE("retriable statuses are exactly 408, 429, 500, 502, 503, 504", "[call]") {
  for (int status = 100; status < 600; ++status) {
    const bool expected = status == 408 || status == 429 || status == 500 || status == 502 ||
                          status == 503 || status == 504;
    call_machine m(get_request(), retry_options{}, t0);
    m.on_response(answer(status), t0);
    INFO(status);
    CHECK((m.next() == call_action::wait) == expected);
    CHECK((m.next() == call_action::finish) == !expected);
  }
}

TEST_CASE("back-off doubles from 800 ms within ±20% and stops after max_retries", "[call]") {
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    call_machine m(get_request(), retry_options{}, t0, std::nullopt, seed);
    const double base[] = {800, 1600, 3200};
    for (double b : base) {
      REQUIRE(m.next() == call_action::send);
      m.on_error(no_answer(), t0);
      REQUIRE(m.next() == call_action::wait);
      CHECK(m.delay().count() >= static_cast<long>(b * 0.8));
      CHECK(m.delay().count() <= static_cast<long>(b * 1.2));
      m.on_waited(t0);
    }
    REQUIRE(m.next() == call_action::send);
    m.on_error(no_answer(), t0);
    REQUIRE(m.next() == call_action::finish);
    CHECK(m.attempts() == 4);
    auto outcome = m.take_outcome();
    REQUIRE(!outcome);
    CHECK(outcome.error().kind == errc::transport_error);
    CHECK(outcome.error().attempts == 4);
  }
}

TEST_CASE("the jitter is spread over the whole ±20% band", "[call]") {
  long low = 1000000, high = 0;
  for (std::uint64_t seed = 0; seed < 400; ++seed) {
    call_machine m(get_request(), retry_options{}, t0, std::nullopt, seed);
    m.on_response(answer(503), t0);
    low = std::min(low, static_cast<long>(m.delay().count()));
    high = std::max(high, static_cast<long>(m.delay().count()));
  }
  CHECK(low < 680);
  CHECK(high > 920);
}

TEST_CASE("computed delays are capped at max_delay; 0 retries disables retrying", "[call]") {
  retry_options r;
  r.max_retries = 10;
  r.initial_delay = 10s;
  r.max_delay = 15s;
  call_machine m(get_request(), r, t0, std::nullopt, 7);
  for (int i = 0; i < 5; ++i) {
    m.on_response(answer(500), t0);
    REQUIRE(m.next() == call_action::wait);
    CHECK(m.delay() <= 15s);
    m.on_waited(t0);
  }
  CHECK(m.delay() == 15s);

  r.max_retries = 0;
  call_machine once(get_request(), r, t0);
  once.on_response(answer(503), t0);
  CHECK(once.next() == call_action::finish);
  auto outcome = once.take_outcome();
  REQUIRE(outcome);
  CHECK(outcome->status == 503);
}

TEST_CASE("the service's delay wins, in header order, used as given", "[call]") {
  const auto delay_for = [](std::vector<std::pair<std::string, std::string>> headers) {
    retry_options r;
    r.max_delay = 1s; // not applied to the service's delay
    call_machine m(get_request(), r, t0);
    m.on_response(answer(429, std::move(headers)), t0);
    REQUIRE(m.next() == call_action::wait);
    return m.delay();
  };
  CHECK(delay_for({{"retry-after-ms", "1500"}, {"Retry-After", "9"}}) == 1500ms);
  CHECK(delay_for({{"x-ms-retry-after-ms", "250"}, {"Retry-After", "9"}}) == 250ms);
  CHECK(delay_for({{"retry-after-ms", "7"}, {"x-ms-retry-after-ms", "250"}}) == 7ms);
  CHECK(delay_for({{"Retry-After", "120"}}) == 120s);
  CHECK(delay_for({{"Retry-After", "Tue, 24 Nov 2026 12:00:30 GMT"}}) == 30s);
  CHECK(delay_for({{"Retry-After", "Tue, 24 Nov 2026 11:00:00 GMT"}}) == 0ms);
  // Garbage is ignored: back-off from 800 ms instead.
  const auto garbage = delay_for({{"Retry-After", "soon"}, {"retry-after-ms", "-5"}});
  CHECK(garbage >= 640ms);
  CHECK(garbage <= 960ms);
}

TEST_CASE("not retried: other statuses and errors that are not transport errors", "[call]") {
  for (int status : {400, 401, 403, 404, 409, 412, 501, 505}) {
    call_machine m(get_request(), retry_options{}, t0);
    m.on_response(answer(status), t0);
    CHECK(m.next() == call_action::finish);
    CHECK(m.attempts() == 1);
  }
  for (errc kind : {errc::invalid_argument, errc::malformed_response, errc::service_error}) {
    call_machine m(get_request(), retry_options{}, t0);
    m.on_error(detail::make_error(kind, "no"), t0);
    CHECK(m.next() == call_action::finish);
    auto outcome = m.take_outcome();
    REQUIRE(!outcome);
    CHECK(outcome.error().kind == kind);
  }
}

TEST_CASE("a Retry-After that does not fit the deadline ends the call with timed_out", "[call]") {
  call_machine m(get_request(), retry_options{}, t0, t0 + 10s);
  m.on_response(answer(503, {{"Retry-After", "60"}, {"x-ms-error-code", "ServerBusy"}}), t0 + 1s);
  REQUIRE(m.next() == call_action::finish);
  auto outcome = m.take_outcome();
  REQUIRE(!outcome);
  CHECK(outcome.error().kind == errc::timed_out);
  CHECK(outcome.error().status == 503);
  CHECK(outcome.error().attempts == 1);
  CHECK(outcome.error().headers.get("Retry-After") == std::optional<std::string_view>("60"));
  CHECK(outcome.error().message.find("60000 ms") != std::string::npos);
}

TEST_CASE("a deadline that passes during a wait or a send ends the call", "[call]") {
  call_machine waited(get_request(), retry_options{}, t0, t0 + 5s, 1);
  waited.on_error(no_answer(), t0 + 4s);
  REQUIRE(waited.next() == call_action::wait);
  waited.on_waited(t0 + 5s);
  REQUIRE(waited.next() == call_action::finish);
  CHECK(waited.take_outcome().error().kind == errc::timed_out);

  call_machine slow(get_request(), retry_options{}, t0, t0 + 5s);
  CHECK(slow.remaining(t0 + 2s) == std::optional<std::chrono::milliseconds>(3000ms));
  slow.on_error(no_answer(), t0 + 6s);
  REQUIRE(slow.next() == call_action::finish);
  const auto e = slow.take_outcome().error();
  CHECK(e.kind == errc::timed_out);
  CHECK(e.message.find("connection reset") != std::string::npos);

  call_machine late(get_request(), retry_options{}, t0, t0);
  CHECK(late.next() == call_action::finish);
  CHECK(late.take_outcome().error().kind == errc::timed_out);
}

TEST_CASE("cancel finishes the call with cancelled, keeping the last answer", "[call]") {
  call_machine m(get_request(), retry_options{}, t0);
  m.on_response(answer(503, {{"Retry-After", "60"}}), t0);
  REQUIRE(m.next() == call_action::wait);
  m.cancel();
  REQUIRE(m.next() == call_action::finish);
  const auto e = m.take_outcome().error();
  CHECK(e.kind == errc::cancelled);
  CHECK(e.status == 503);
  CHECK(e.attempts == 1);
}

TEST_CASE("a 401 is sent again once with a fresh credential when the signer can refresh",
          "[call]") {
  call_machine m(get_request(), retry_options{}, t0, std::nullopt, 0, true);
  m.on_response(answer(401), t0);
  REQUIRE(m.next() == call_action::send);
  CHECK(m.refresh_credentials());
  m.on_response(answer(401), t0);
  CHECK(m.next() == call_action::finish);
  CHECK(m.attempts() == 2);

  call_machine plain(get_request(), retry_options{}, t0);
  plain.on_response(answer(401), t0);
  CHECK(plain.next() == call_action::finish);
}

TEST_CASE("log lines name the attempt and the delay, and never a credential", "[call]") {
  call_machine m(get_request(), retry_options{}, t0, std::nullopt, 3);
  CHECK(m.log_line().empty());
  m.on_response(answer(503), t0);
  CHECK(m.log_line().empty()); // off unless asked for
  call_machine logged(get_request(), retry_options{}, t0, std::nullopt, 3);
  logged.log_lines(true);
  logged.on_sending(t0);
  logged.on_response(answer(503, {{"Retry-After", "2"},
                                  {"x-ms-error-code", "ServerBusy"},
                                  {"Set-Cookie", "session=c2VjcmV0"}}),
                     t0 + 12ms);
  const std::string line = logged.log_line();
  CHECK(logged.log_line_level() == log_level::warning);
  CHECK(line.find("GET https://contoso.communication.azure.com/rooms/1?api-version=2025-03-13 -> "
                  "503 in 12 ms, attempt 1 of 4") == 0);
  CHECK(line.find("Retry-After=2") != std::string::npos);
  CHECK(line.find("x-ms-error-code=ServerBusy") != std::string::npos);
  CHECK(line.find("retrying in 2000 ms") != std::string::npos);
  CHECK(line.find("c2VjcmV0") == std::string::npos);
  CHECK(line.find("Authorization") == std::string::npos);
  CHECK(line.find("Set-Cookie") == std::string::npos);
}
