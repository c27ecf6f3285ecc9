// SPDX-License-Identifier: MIT
// Tests of call.hpp: the sans-I/O call machine (retry table, delays, deadlines, logging).
#include <acs/rooms/call.hpp>

#include "../support/test_support.hpp"

#include <limits>
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
    r.max_delay = 10min; // the longest wait: the service's delay is used as given up to it
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

namespace {

using std::chrono::milliseconds;
constexpr auto ms_max = milliseconds::max();

/// The machine after one `status` answer with `headers`, given `retry` and `deadline`.
call_machine after(int status, std::vector<std::pair<std::string, std::string>> headers,
                   retry_options retry = {}, std::optional<time_point> deadline = std::nullopt) {
  call_machine m(get_request(), retry, t0, deadline, 5);
  m.log_lines(true);
  m.on_response(answer(status, std::move(headers)), t0);
  return m;
}

retry_options no_limit() {
  retry_options r;
  r.max_delay = ms_max;
  return r;
}

} // namespace

TEST_CASE("the Retry-After family at its limits: saturated, never overflowed", "[call][limits]") {
  // Each header alone: what is read, with max_delay no limit (so every request is waited).
  struct row {
    const char* value;
    milliseconds ms;        // what retry-after-ms and x-ms-retry-after-ms mean
    milliseconds seconds_x; // what Retry-After (seconds) means
  };
  const row rows[] = {
      {"0", 0ms, 0ms},
      {"1", 1ms, 1s},
      {"9999999999", 9999999999ms, milliseconds(9999999999000)},
      {"999999999999", 999999999999ms, milliseconds(999999999999000)},
      {"9223372036854775", milliseconds(9223372036854775), milliseconds(9223372036854775000)},
      {"9223372036854776", milliseconds(9223372036854776), ms_max}, // ×1000 just overflows
      {"9223372036854775807", ms_max, ms_max},                      // INT64_MAX
      {"9223372036854775808", ms_max, ms_max},                      // INT64_MAX + 1
      {"99999999999999999999999999999999", ms_max, ms_max},
      {" 00000000000000000000000000000042\t", 42ms, 42s}, // leading zeros are digits
  };
  for (const auto& r : rows) {
    INFO(r.value);
    for (const char* name : {"retry-after-ms", "x-ms-retry-after-ms", "Retry-After"}) {
      INFO(name);
      auto m = after(503, {{name, r.value}}, no_limit());
      REQUIRE(m.next() == call_action::wait);
      CHECK(m.delay() == (std::string_view(name) == "Retry-After" ? r.seconds_x : r.ms));
      CHECK(m.delay() >= 0ms);
    }
  }
  // Not a plain count: ignored, so back-off from 800 ms (±20%) instead; never "now".
  for (const char* bad : {"-1", "-9223372036854775808", "+5", "1e3", "1E9", "1.5", "0x10", "", " ",
                          "5 s", "inf", "NaN", "1,000"}) {
    INFO(bad);
    for (const char* name : {"retry-after-ms", "x-ms-retry-after-ms", "Retry-After"}) {
      INFO(name);
      auto m = after(429, {{name, bad}}, no_limit());
      REQUIRE(m.next() == call_action::wait);
      CHECK(m.delay() >= 640ms);
      CHECK(m.delay() <= 960ms);
    }
  }
  // HTTP dates: beyond the clock's range is as far as can be; before it is already past.
  CHECK(after(503, {{"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"}}, no_limit()).delay() ==
        ms_max);
  CHECK(after(503, {{"Retry-After", "Fri, 11 Apr 2262 23:47:17 GMT"}}, no_limit()).delay() ==
        ms_max); // one second past the clock's last
  CHECK(after(503, {{"Retry-After", "Fri, 11 Apr 2262 23:47:16 GMT"}}, no_limit()).delay() ==
        std::chrono::ceil<milliseconds>(*parse_rfc1123("Fri, 11 Apr 2262 23:47:16 GMT") - t0));
  CHECK(after(503, {{"Retry-After", "Sat, 01 Jan 0000 00:00:00 GMT"}}, no_limit()).delay() == 0ms);
  CHECK(after(503, {{"Retry-After", "Tue, 21 Sep 1677 00:12:43 GMT"}}, no_limit()).delay() == 0ms);
  // Against a clock at its own ends the distance saturates too.
  call_machine early(get_request(), no_limit(), time_point::min());
  early.on_response(answer(503, {{"Retry-After", "Fri, 11 Apr 2262 23:47:16 GMT"}}),
                    time_point::min());
  REQUIRE(early.next() == call_action::wait);
  CHECK(early.delay() == std::chrono::ceil<milliseconds>(time_point::duration::max()));
}

TEST_CASE("a requested delay past the deadline ends the call with timed_out naming it, at any size",
          "[call][limits]") {
  for (const char* seconds : {"11", "9999999999", "999999999999", "9223372036854775807"}) {
    INFO(seconds);
    auto m = after(503, {{"Retry-After", seconds}}, no_limit(), t0 + 10s);
    REQUIRE(m.next() == call_action::finish);
    const auto e = m.take_outcome().error();
    CHECK(e.kind == errc::timed_out);
    CHECK(e.status == 503);
    const auto asked = detail::saturating_duration_cast<milliseconds>(
        std::chrono::seconds(*detail::read_count(seconds)));
    CHECK(e.message.find("waiting " + std::to_string(asked.count()) + " ms") != std::string::npos);
    CHECK(e.message.find("deadline") != std::string::npos);
  }
  // The same through the default max_delay: the deadline is named first.
  auto m = after(503, {{"retry-after-ms", "9999999999000"}}, retry_options{}, t0 + 10s);
  REQUIRE(m.next() == call_action::finish);
  CHECK(m.take_outcome().error().kind == errc::timed_out);
  // Exactly the time left is still waited.
  auto edge = after(503, {{"Retry-After", "10"}}, retry_options{}, t0 + 10s);
  REQUIRE(edge.next() == call_action::wait);
  CHECK(edge.delay() == 10s);
}

TEST_CASE("a requested delay longer than max_delay is not slept: the call ends naming it",
          "[call][limits]") {
  // The default max_delay is 60 s: 60 s is waited, 60.001 s is not.
  auto sixty = after(503, {{"retry-after-ms", "60000"}});
  REQUIRE(sixty.next() == call_action::wait);
  CHECK(sixty.delay() == 60s);
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"retry-after-ms", "60001"},
           {"x-ms-retry-after-ms", "9223372036854775807"},
           {"Retry-After", "61"},
           {"Retry-After", "9999999999"},
           {"Retry-After", "999999999999"},
           {"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"},
           {"Retry-After", "Tue, 24 Nov 2026 12:01:01 GMT"}}) {
    INFO(name << ": " << value);
    auto m = after(503, {{name, value}, {"x-ms-error-code", "ServerBusy"}, {"MS-CV", "cv.1"}});
    REQUIRE(m.next() == call_action::finish);
    const auto e = m.take_outcome().error();
    CHECK(e.kind == errc::service_error);
    CHECK(e.status == 503);
    CHECK(e.code == "ServerBusy");
    CHECK(e.correlation_vector == "cv.1");
    CHECK(e.attempts == 1);
    CHECK(e.headers.get(name) == std::optional<std::string_view>(value));
    const auto asked = server_retry_delay(e.headers, t0);
    REQUIRE(asked);
    CHECK(e.message.find("asked to wait " + std::to_string(asked->count()) + " ms") !=
          std::string::npos);
    CHECK(e.message.find("max_delay (60000 ms)") != std::string::npos);
    CHECK(m.log_line().find("not retrying") != std::string::npos);
    CHECK(m.log_line_level() == log_level::error);
  }
  // A negative max_delay counts as 0: a requested 0 is still waited, 1 ms is not.
  retry_options negative;
  negative.max_delay = -5s;
  CHECK(after(503, {{"retry-after-ms", "0"}}, negative).next() == call_action::wait);
  CHECK(after(503, {{"retry-after-ms", "1"}}, negative).next() == call_action::finish);
}

TEST_CASE("'no limit' retry options saturate: INT_MAX retries, milliseconds::max() delays",
          "[call][limits]") {
  retry_options r;
  r.max_retries = std::numeric_limits<int>::max();
  r.initial_delay = ms_max;
  r.max_delay = ms_max;
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    call_machine m(get_request(), r, t0, std::nullopt, seed);
    m.log_lines(true);
    for (int i = 0; i < 70; ++i) { // past 2^64 times the initial delay
      m.on_error(no_answer(), t0);
      REQUIRE(m.next() == call_action::wait);
      CHECK(m.delay() >= 0ms);
      CHECK(m.delay() <= ms_max);
      CHECK(m.log_line().find("of 2147483648") != std::string::npos);
      m.on_waited(t0);
    }
  }
  // A small initial delay doubles up to the cap, without overflow, however many retries.
  retry_options doubling;
  doubling.max_retries = std::numeric_limits<int>::max();
  doubling.max_delay = ms_max;
  call_machine m(get_request(), doubling, t0, std::nullopt, 9);
  milliseconds last = 0ms;
  for (int i = 0; i < 200; ++i) {
    m.on_response(answer(500), t0);
    REQUIRE(m.next() == call_action::wait);
    CHECK(m.delay() >= 0ms);
    last = m.delay();
    m.on_waited(t0);
  }
  CHECK(last == ms_max);
  // Negative delays count as 0.
  retry_options negative;
  negative.initial_delay = -1s;
  negative.max_delay = milliseconds::min();
  call_machine zero(get_request(), negative, t0, std::nullopt, 1);
  zero.on_error(no_answer(), t0);
  REQUIRE(zero.next() == call_action::wait);
  CHECK(zero.delay() == 0ms);
  // A negative max_retries is 0.
  retry_options never;
  never.max_retries = std::numeric_limits<int>::min();
  call_machine once(get_request(), never, t0);
  once.log_lines(true);
  once.on_response(answer(503), t0);
  CHECK(once.next() == call_action::finish);
  CHECK(once.log_line().find("attempt 1 of 1") != std::string::npos);
}

TEST_CASE("a deadline at the end of the clock is no deadline", "[call][limits]") {
  call_machine m(get_request(), no_limit(), t0, time_point::max());
  CHECK(m.next() == call_action::send);
  CHECK_FALSE(m.remaining(t0).has_value());
  m.on_response(answer(503, {{"Retry-After", "9999999999"}}), t0);
  REQUIRE(m.next() == call_action::wait); // 317 years fit no deadline: waited (max_delay allows)
  CHECK(m.delay() == milliseconds(9999999999000));
  // remaining() and the log line's duration never overflow, even across the whole clock.
  call_machine wide(get_request(), no_limit(), time_point::min(), time_point::max() - 1ns);
  CHECK(wide.remaining(time_point::min()) ==
        std::chrono::ceil<milliseconds>(time_point::duration::max()));
  wide.log_lines(true);
  wide.on_sending(time_point::min());
  wide.on_response(answer(503, {{"retry-after-ms", "1"}}), time_point::max() - 1ns);
  REQUIRE(wide.next() == call_action::finish); // the deadline is here: nothing fits
  CHECK(wide.take_outcome().error().kind == errc::timed_out);
}
