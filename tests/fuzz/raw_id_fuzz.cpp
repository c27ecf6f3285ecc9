// SPDX-License-Identifier: MIT
// acs_rooms fuzzing (tests): the raw-id reader (communication_identifier::from_raw_id).
//
// Input: a raw id.

#include "fuzz_support.hpp"

using namespace acs::rooms;
using acs_rooms_fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string raw(acs_rooms_fuzz::as_text(data, size));
  const auto id = communication_identifier::from_raw_id(raw);
  require(id.raw_id() == raw, "from_raw_id does not keep the raw id verbatim");
  require(id.kind() == communication_identifier::classify(raw), "kind() and classify() differ");
  // Every accessor stays inside the raw id.
  const auto inside = [&](std::string_view part) {
    return part.empty() || (part.data() >= id.raw_id().data() &&
                            part.data() + part.size() <= id.raw_id().data() + id.raw_id().size());
  };
  require(inside(id.id()) && inside(id.phone_number_value()) && inside(id.asserted_id()) &&
              inside(id.tenant_id()) && inside(id.resource_id()),
          "an identifier part is not a view into the raw id");
  (void)id.is_anonymous();
  (void)id.cloud();
  // What we build from the parts we read back as the same identifier.
  switch (id.kind()) {
  case identifier_kind::phone_number:
    require(communication_identifier::phone_number(std::string(id.phone_number_value())) == id,
            "a phone number rebuilt from its parts differs");
    break;
  case identifier_kind::microsoft_teams_app:
    require(communication_identifier::microsoft_teams_app(id.id(), id.cloud()) == id,
            "a Teams app rebuilt from its parts differs");
    break;
  case identifier_kind::microsoft_teams_user:
    require(communication_identifier::microsoft_teams_user(id.id(), id.is_anonymous(),
                                                           id.cloud()) == id,
            "a Teams user rebuilt from its parts differs");
    break;
  case identifier_kind::teams_extension_user:
    require(communication_identifier::teams_extension_user(id.id(), id.tenant_id(),
                                                           id.resource_id(), id.cloud()) == id,
            "a Teams extension user rebuilt from its parts differs");
    break;
  default:
    break;
  }
  // And as JSON: a participant with this id reads back.
  nlohmann::json j;
  to_json(j, room_participant{id, participant_role::presenter});
  const auto back = acs_rooms_fuzz::from_json_result<room_participant>(j);
  require(back.has_value() && back->id == id, "a raw id does not survive a participant's JSON");
  return 0;
}
