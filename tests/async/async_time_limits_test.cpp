// SPDX-License-Identifier: MIT
// Tests of the async client at the limits of time arithmetic: huge Retry-After values and "no
// limit" options reach the steady_timer saturated, never overflowed (no real waits: the io
// context is polled, and a pending wait is cancelled).
#include <acs/rooms/async.hpp>

#include "../support/test_support.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <deque>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using acs_rooms_test::response;
using acs_rooms_test::room_json;

namespace {

constexpr const char* connection = "endpoint=https://contoso.communication.azure.com/;"
                                   "accesskey=c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0wMTIzNDU2Nzg5";

/// Answers from a list, in order (then 200 with a room); counts the requests.
struct listed_transport {
  std::deque<http_response> answers;
  int sent = 0;
  http_response send(const http_request&) {
    ++sent;
    if (answers.empty()) {
      return response(200, room_json());
    }
    http_response next = std::move(answers.front());
    answers.pop_front();
    return next;
  }
};

http_response busy(const char* name, const char* value) {
  http_response r = response(503, R"({"error":{"code":"ServerBusy","message":"later"}})");
  r.headers.set(name, value);
  return r;
}

using client_type = async_rooms_client<in_process_transport<listed_transport&>, hmac_signer<>>;

client_type make(listed_transport& transport, asio::io_context& ioc, client_options options = {}) {
  auto made = make_async_client(
      connection, in_process_transport<listed_transport&>(transport, ioc.get_executor()),
      std::move(options));
  REQUIRE(made);
  return std::move(*made);
}

/// Runs whatever is ready, without waiting for any timer that is not due.
void settle(asio::io_context& ioc) {
  ioc.restart();
  while (ioc.poll() > 0) {
  }
}

} // namespace

TEST_CASE("async: a huge Retry-After ends the call at once, naming the delay", "[async][limits]") {
  for (const auto& [name, value] : std::vector<std::pair<const char*, const char*>>{
           {"Retry-After", "9999999999"},
           {"Retry-After", "999999999999"},
           {"retry-after-ms", "9999999999000"},
           {"x-ms-retry-after-ms", "99999999999999999999"},
           {"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"}}) {
    INFO(name << ": " << value);
    asio::io_context ioc;
    listed_transport transport;
    transport.answers.push_back(busy(name, value));
    auto client = make(transport, ioc);
    std::optional<result<room>> out;
    client.async_get_room("1", [&](result<room> r) { out.emplace(std::move(r)); });
    settle(ioc);
    REQUIRE(out.has_value()); // nothing left to wait for
    REQUIRE_FALSE(out->has_value());
    CHECK(out->error().kind == errc::service_error);
    CHECK(out->error().status == 503);
    CHECK(out->error().attempts == 1);
    CHECK(out->error().message.find("max_delay (60000 ms)") != std::string::npos);
    CHECK(transport.sent == 1);

    // With a deadline, the deadline is named: timed_out.
    listed_transport again;
    again.answers.push_back(busy(name, value));
    auto bounded = make(again, ioc);
    call_options per_call;
    per_call.timeout = 10s;
    std::optional<result<room>> timed;
    bounded.async_get_room("1", per_call, [&](result<room> r) { timed.emplace(std::move(r)); });
    settle(ioc);
    REQUIRE(timed.has_value());
    REQUIRE_FALSE(timed->has_value());
    CHECK(timed->error().kind == errc::timed_out);
    CHECK(timed->error().message.find("would pass the call's deadline") != std::string::npos);
  }
}

TEST_CASE("async: with max_delay unlimited, a 317-year wait is a pending timer until cancelled",
          "[async][limits]") {
  asio::io_context ioc;
  listed_transport transport;
  transport.answers.push_back(busy("Retry-After", "9999999999"));
  transport.answers.push_back(busy("retry-after-ms", "9223372036854775807"));
  client_options options;
  options.retry.max_delay = std::chrono::milliseconds::max();
  auto client = make(transport, ioc, options);
  asio::cancellation_signal signal;
  std::optional<result<room>> out;
  client.async_get_room("1", asio::bind_cancellation_slot(signal.slot(), [&](result<room> r) {
                          out.emplace(std::move(r));
                        }));
  settle(ioc);
  // Waiting: a wrapped expiry would have fired at once and sent the request again.
  CHECK_FALSE(out.has_value());
  CHECK(transport.sent == 1);
  signal.emit(asio::cancellation_type::terminal);
  settle(ioc);
  REQUIRE(out.has_value());
  REQUIRE_FALSE(out->has_value());
  CHECK(out->error().kind == errc::cancelled);
  CHECK(out->error().status == 503);
  CHECK(transport.sent == 1);
}

TEST_CASE("async: 'no limit' call options and retry counts saturate", "[async][limits]") {
  asio::io_context ioc;
  listed_transport transport;
  transport.answers.push_back(busy("retry-after-ms", "0"));
  transport.answers.push_back(busy("retry-after-ms", "0"));
  client_options options;
  options.retry.max_retries = std::numeric_limits<int>::max();
  std::vector<std::string> lines;
  options.logger = [&lines](log_level, std::string_view line) { lines.emplace_back(line); };
  auto client = make(transport, ioc, options);
  for (const auto& limits :
       {call_options{std::chrono::milliseconds::max(), std::nullopt, {}},
        call_options{std::nullopt, time_point::max(), {}},
        call_options{std::chrono::milliseconds::max(), time_point::max(), {}}}) {
    std::optional<result<room>> out;
    client.async_get_room("1", limits, [&](result<room> r) { out.emplace(std::move(r)); });
    settle(ioc);
    REQUIRE(out.has_value());
    CHECK(out->has_value()); // not timed out at once
  }
  CHECK(transport.sent == 5); // two 503s waited 0 ms, then three answers
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.front().find("attempt 1 of 2147483648") != std::string::npos);

  // A timeout at the other end has passed: nothing is sent.
  call_options passed;
  passed.timeout = std::chrono::milliseconds::min();
  std::optional<result<room>> out;
  client.async_get_room("1", passed, [&](result<room> r) { out.emplace(std::move(r)); });
  settle(ioc);
  REQUIRE(out.has_value());
  REQUIRE_FALSE(out->has_value());
  CHECK(out->error().kind == errc::timed_out);
  CHECK(transport.sent == 5);
}

TEST_CASE("async: call_options' cancellation token ends a retry wait in progress",
          "[async][limits]") {
  asio::io_context ioc;
  listed_transport transport;
  transport.answers.push_back(busy("Retry-After", "3600")); // an hour
  client_options options;
  options.retry.max_delay = std::chrono::hours(2);
  auto client = make(transport, ioc, options);
  cancellation_source source;
  call_options per_call;
  per_call.cancellation = source.token();
  std::optional<result<room>> out;
  client.async_get_room("1", per_call, [&](result<room> r) { out.emplace(std::move(r)); });
  settle(ioc);
  CHECK_FALSE(out.has_value()); // waiting the hour
  source.cancel();
  ioc.restart();
  ioc.run_for(std::chrono::seconds(5)); // the bound only matters if the wait ignores the token
  REQUIRE(out.has_value());
  REQUIRE_FALSE(out->has_value());
  CHECK(out->error().kind == errc::cancelled);
  CHECK(out->error().attempts == 1);
  CHECK(transport.sent == 1);
}

TEST_CASE("async: a call cancelled while its request is out counts that attempt",
          "[async][limits]") {
  asio::io_context ioc;
  listed_transport transport;
  cancellation_source source;
  call_options per_call;
  per_call.cancellation = source.token();
  // The transport answers after 50 ms; the token fires first.
  auto made = make_async_client(
      connection, in_process_transport<listed_transport&>(transport, ioc.get_executor(), 50ms),
      client_options{});
  REQUIRE(made);
  std::optional<result<room>> out;
  made->async_get_room("1", per_call, [&](result<room> r) { out.emplace(std::move(r)); });
  settle(ioc);
  source.cancel();
  ioc.restart();
  ioc.run_for(std::chrono::seconds(5));
  REQUIRE(out.has_value());
  REQUIRE_FALSE(out->has_value());
  CHECK(out->error().kind == errc::cancelled);
  CHECK(out->error().attempts == 1);
  CHECK(out->error().message.find("after 1 attempt") != std::string::npos);
}
