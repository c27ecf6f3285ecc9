// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): the readers of values a server chooses and the client turns into
// time - the Retry-After family (through the call machine, as a 503 would bring them) and a
// token endpoint's expires_in / expires_on - for overflow, negative waits and waits past the
// limits.
//
// Input: a first byte choosing the reader, 8 bytes of "now" (nanoseconds since 1970), then the
// text: for the retry reader, "Name: value" lines; for the token reader, a token answer body.

#include "fuzz_support.hpp"

#include <acs/rooms/credentials/token_request.hpp>

#include <chrono>
#include <cstring>

using namespace acs::rooms;
using acs_rooms_fuzz::require;
using std::chrono::milliseconds;

namespace {

time_point read_now(const std::uint8_t* p) {
  std::int64_t n = 0;
  std::memcpy(&n, p, sizeof n);
  return time_point(time_point::duration(n));
}

/// A 503 with the input's headers through the call machine: it either waits within
/// [0, max_delay] and sends again, or ends; never a negative or over-long wait.
void retry_headers(std::string_view text, time_point now) {
  http_response answer;
  answer.status = 503;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && colon > 0) {
      answer.headers.add(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    }
  }
  const auto asked = server_retry_delay(answer.headers, now);
  require(!asked || *asked >= milliseconds(0), "server_retry_delay is negative");

  for (const auto max_delay : {milliseconds(60000), milliseconds::max(), milliseconds(0)}) {
    retry_options retry;
    retry.max_delay = max_delay;
    http_request request;
    request.method = "GET";
    request.url = "https://x.test/rooms/1?api-version=2025-03-13";
    call_machine machine(request, retry, now, std::nullopt, 7);
    machine.on_sending(now);
    machine.on_response(answer, now);
    if (machine.next() == call_action::wait) {
      require(machine.delay() >= milliseconds(0), "a negative wait was scheduled");
      require(machine.delay() <= max_delay, "a wait longer than max_delay was scheduled");
      require(!asked || machine.delay() == *asked, "the wait is not what the service asked");
    } else {
      require(machine.next() == call_action::finish, "neither waiting nor finished");
      const auto outcome = machine.take_outcome();
      require(!outcome ? outcome.error().status == 503 : outcome->status == 503,
              "the 503 was lost");
    }
    // With a deadline one second away, no wait passes it (at the clock's end the deadline
    // saturates to time_point::max(), which means none).
    const time_point deadline = detail::saturating_add(now, std::chrono::seconds(1));
    if (deadline == time_point::max()) {
      continue;
    }
    call_machine bounded(request, retry, now, deadline, 7);
    bounded.on_sending(now);
    bounded.on_response(answer, now);
    if (bounded.next() == call_action::wait) {
      require(bounded.delay() <= milliseconds(1000), "a wait passes the deadline");
    }
  }
}

/// A token answer: refused, or a non-empty token without control characters that expires after
/// `now` and within a year of it.
void token_answer(std::string_view body, time_point now) {
  const auto token = detail::read_token(body, now);
  if (!token) {
    require(token.error().kind == errc::malformed_response, "a token answer error of another kind");
    return;
  }
  require(!token->token.empty(), "an empty token was accepted");
  for (const char c : token->token) {
    const auto u = static_cast<unsigned char>(c);
    require(u >= 0x20 && u != 0x7F, "a token with a control character was accepted");
  }
  require(token->expires_on > now || now == time_point::max(), "an expired token was accepted");
  require(token->expires_on <= detail::saturating_add(now, std::chrono::hours(24 * 366)),
          "a token living more than a year was accepted");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 9) {
    return 0;
  }
  const time_point now = read_now(data + 1);
  const std::string_view text = acs_rooms_fuzz::as_text(data + 9, size - 9);
  if (data[0] % 2 == 0) {
    retry_headers(text, now);
  } else {
    token_answer(text, now);
  }
  return 0;
}
