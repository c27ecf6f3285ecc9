// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): models.hpp, roles, participants, rooms and options.
#include <acs/rooms/models.hpp>

#include "../support/test_support.hpp"

using namespace acs::rooms;

TEST_CASE("roles are the service's strings and unknown ones round-trip", "[models]") {
  CHECK(participant_role::presenter.value() == "Presenter");
  CHECK(participant_role::attendee.value() == "Attendee");
  CHECK(participant_role::consumer.value() == "Consumer");
  CHECK(participant_role::collaborator.value() == "Collaborator");
  const participant_role future("Moderator");
  CHECK(future.value() == "Moderator");
  CHECK(future != participant_role::presenter);
  CHECK(participant_role("Presenter") == participant_role::presenter);
}

TEST_CASE("a participant defaults to Attendee and compares by id and role", "[models]") {
  const auto id = communication_identifier::from_raw_id("8:acs:x");
  const room_participant p{id};
  CHECK(p.role == participant_role::attendee);
  CHECK(p == room_participant{id, participant_role::attendee});
  CHECK(p != room_participant{id, participant_role::consumer});
  CHECK(p != room_participant{communication_identifier::from_raw_id("8:acs:y")});
}

TEST_CASE("rooms compare field by field; options start empty", "[models]") {
  room a;
  a.id = "1";
  a.valid_until = acs_rooms_test::at("2026-01-01T00:00:00Z");
  room b = a;
  CHECK(a == b);
  b.pstn_dial_out_enabled = true;
  CHECK(a != b);
  CHECK_FALSE(room{}.pstn_dial_out_enabled);
  const create_room_options c;
  CHECK_FALSE(c.valid_from.has_value());
  CHECK_FALSE(c.valid_until.has_value());
  CHECK_FALSE(c.pstn_dial_out_enabled.has_value());
  CHECK_FALSE(c.repeatability_request_id.has_value());
  CHECK_FALSE(c.repeatability_first_sent.has_value());
  CHECK(c.participants.empty());
  const update_room_options u;
  CHECK_FALSE(u.valid_from.has_value());
  CHECK_FALSE(u.valid_until.has_value());
  CHECK_FALSE(u.pstn_dial_out_enabled.has_value());
  const page<room> empty;
  CHECK(empty.items.empty());
  CHECK_FALSE(empty.next_link);
}
