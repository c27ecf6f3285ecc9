// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): request_context.hpp - the repeatability pair a create resolves once.
#include <acs/rooms/request_context.hpp>

#include "../support/test_support.hpp"

#include <string>

using namespace acs::rooms;
using acs_rooms_test::at;

TEST_CASE("resolve_repeatability: the caller's pair wins, else the fresh id and now",
          "[requests]") {
  const time_point now = at("2026-11-27T10:00:00Z");
  const std::string fresh = "6f0c1b4e-3f5a-4c1e-9a57-3b2f1d4c5e6f";

  create_room_options none;
  const repeatability made = resolve_repeatability(none, fresh, now);
  CHECK(made.request_id == fresh);
  CHECK(made.first_sent == now);

  create_room_options own;
  own.repeatability_request_id = "11111111-2222-4333-8444-555555555555";
  own.repeatability_first_sent = at("2026-11-27T09:58:00Z");
  const repeatability kept = resolve_repeatability(own, fresh, now);
  CHECK(kept.request_id == "11111111-2222-4333-8444-555555555555");
  CHECK(kept.first_sent == at("2026-11-27T09:58:00Z"));

  create_room_options id_only;
  id_only.repeatability_request_id = "11111111-2222-4333-8444-555555555555";
  const repeatability half = resolve_repeatability(id_only, fresh, now);
  CHECK(half.request_id == "11111111-2222-4333-8444-555555555555");
  CHECK(half.first_sent == now); // a first attempt: sent now
}
