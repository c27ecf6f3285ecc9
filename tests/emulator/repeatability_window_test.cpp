// SPDX-License-Identifier: MIT
// A create whose retry lands after the 5-minute repeatability window: the first attempt made the
// room but its answer was lost, the retry is refused with 412, and the error says the room may
// exist (with the repeatability id and first-sent time) instead of reading as a plain failure.
#include <acs/rooms.hpp>

#include <acs/rooms/emulator.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace acs::rooms;
using namespace std::chrono_literals;

namespace {
const time_point start = *parse_rfc3339("2026-12-04T12:00:00Z");
constexpr const char* repeat_id = "2f1a9d8e-4b6c-4e0a-9f3d-7c5b1a2e8d40";
} // namespace

TEST_CASE("a create retried after the repeatability window says the room may exist",
          "[emulator][repeatability]") {
  emulator emu;
  emu.set_time(start);
  emu.inject(emulator_fault::drop_answer()); // the room is made; the client hears nothing
  client_options options;
  options.clock = emu.clock();
  // The wait before the retry is not spent: it moves the service's time past the 5-minute window.
  options.sleep = [&emu](std::chrono::milliseconds) { emu.advance(6min); };
  auto client =
      make_client<emulator&>(emu.connection_string("https://emulator.local"), emu, options).value();
  create_room_options create;
  create.repeatability_request_id = repeat_id;
  const auto made = client.create_room(create);
  REQUIRE_FALSE(made.has_value());
  CHECK(made.error().kind == errc::service_error);
  CHECK(made.error().status == 412);
  CHECK(made.error().attempts == 2);
  CHECK(made.error().message.find("may have created the room") != std::string::npos);
  CHECK(made.error().message.find(repeat_id) != std::string::npos);
  CHECK(made.error().message.find("first sent Fri, 04 Dec 2026 12:00:00 GMT") != std::string::npos);
  CHECK(made.error().message.find("list the rooms") != std::string::npos);
  CHECK(emu.room_count() == 1); // it was made, once

  // A 412 on a first attempt (a reused key, nothing lost) is not explained that way.
  create_room_options stale;
  stale.repeatability_request_id = repeat_id;
  stale.repeatability_first_sent = emu.now() - 10min;
  const auto refused = client.create_room(stale);
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().status == 412);
  CHECK(refused.error().attempts == 1);
  CHECK(refused.error().message.find("may have created") == std::string::npos);
}
