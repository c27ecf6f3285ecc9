// SPDX-License-Identifier: MIT
// acs_rooms tests: the to_json hooks work for any nlohmann::basic_json, in the service's order.

#include "../support/test_support.hpp"

using namespace acs::rooms;
using acs_rooms_test::response;
using acs_rooms_test::room_json;

TEST_CASE("to_json hooks fill an ordered_json in the service's field order", "[serialization]") {
  const auto r = parse_room(response(201, room_json()));
  REQUIRE(r.has_value());
  const nlohmann::ordered_json j = *r;
  std::vector<std::string> keys;
  for (const auto& item : j.items()) {
    keys.push_back(item.key());
  }
  CHECK(keys == std::vector<std::string>{"id", "createdAt", "validFrom", "validUntil",
                                         "pstnDialOutEnabled"});
  CHECK(j["id"] == "99117812428622880");
  CHECK(j["createdAt"] == "2022-04-13T18:09:12.815Z");
  // The same fields as the nlohmann::json hook writes.
  const nlohmann::json plain = *r;
  CHECK(nlohmann::json::parse(j.dump()) == plain);

  const room_participant p{communication_identifier::from_raw_id("8:acs:res_alice"),
                           participant_role::presenter};
  const nlohmann::ordered_json pj = p;
  CHECK(pj.dump() == R"({"rawId":"8:acs:res_alice","role":"Presenter"})");
  const nlohmann::ordered_json list = std::vector<room_participant>{p, p};
  CHECK(list.size() == 2);
  CHECK(list[1]["role"] == "Presenter");
}
