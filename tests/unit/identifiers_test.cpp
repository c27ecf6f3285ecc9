// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): identifiers.hpp, communication identifiers and raw ids.
#include <acs/rooms/identifiers.hpp>

#include "../support/test_support.hpp"

using namespace acs::rooms;

namespace {
struct row {
  const char* raw;
  identifier_kind kind;
};
} // namespace

// The raw id -> kind table of auth-identifiers.md §4.3 (JS 2.5.0 column), in full.
TEST_CASE("raw ids parse to the kinds the official SDKs give", "[identifiers]") {
  using k = identifier_kind;
  const row table[] = {
      {"8:acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_45ab2481-1c1c-4005-be24-0ffb879b1130",
       k::communication_user},
      {"8:acs:52a5e676-39a3-4f45-a8ed-5a162dbbd7eb_cdc5aeea-15c5-4db6-b079-fcadd2505dc2_"
       "cab309e5-a2e7-4ac8-b04e-5fadc3aa90fa",
       k::teams_extension_user},
      {"8:acs:52a5e676-39a3-4f45-a8ed-5a162dbbd7eb_ext_cdc5aeea-15c5-4db6-b079-fcadd2505dc2_"
       "cab309e5-a2e7-4ac8-b04e-5fadc3aa90fa",
       k::communication_user},
      {"8:dod-acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_45ab2481-1c1c-4005-be24-0ffb879b1130",
       k::communication_user},
      {"8:gcch-acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_45ab2481-1c1c-4005-be24-0ffb879b1130",
       k::communication_user},
      {"8:dod-acs:r_t_u", k::teams_extension_user},
      {"8:gcch-acs:r_t_u", k::teams_extension_user},
      {"8:spool:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_45ab2481-1c1c-4005-be24-0ffb879b1130",
       k::communication_user},
      {"8:acs:something", k::communication_user},
      {"8:acs:a:b", k::unknown},
      {"8:orgid:45ab2481-1c1c-4005-be24-0ffb879b1130", k::microsoft_teams_user},
      {"8:dod:45ab2481-1c1c-4005-be24-0ffb879b1130", k::microsoft_teams_user},
      {"8:gcch:45ab2481-1c1c-4005-be24-0ffb879b1130", k::microsoft_teams_user},
      {"8:teamsvisitor:45ab2481-1c1c-4005-be24-0ffb879b1130", k::microsoft_teams_user},
      {"8:orgid:legacyFormat", k::microsoft_teams_user},
      {"4:112345556789", k::phone_number},
      {"4:+112345556789", k::phone_number},
      {"4:anonymous", k::phone_number},
      {"4:207ffef6-9444-41fb-92ab-20eacaae2768", k::phone_number},
      {"4:+112345556789_207ffef6-9444-41fb-92ab-20eacaae2768", k::phone_number},
      {"4:+112345556789_", k::phone_number},
      {"28:45ab2481-1c1c-4005-be24-0ffb879b1130", k::unknown},
      {"28:orgid:01234567-89ab-cdef-0123-456789abcdef", k::microsoft_teams_app},
      {"28:dod:01234567-89ab-cdef-0123-456789abcdef", k::microsoft_teams_app},
      {"28:gcch:01234567-89ab-cdef-0123-456789abcdef", k::microsoft_teams_app},
      {"28:gcch-global:01234567-89ab-cdef-0123-456789abcdef", k::unknown},
      {"28:dod-global:01234567-89ab-cdef-0123-456789abcdef", k::unknown},
      {"28:ag08-global:01234567-89ab-cdef-0123-456789abcdef", k::unknown},
      {"28:gal-global:01234567-89ab-cdef-0123-456789abcdef", k::unknown},
      {"48:45ab2481-1c1c-4005-be24-0ffb879b1130", k::unknown},
      {"someFutureFormat", k::unknown},
      {"", k::unknown},
  };
  for (const auto& r : table) {
    INFO(r.raw);
    const auto id = communication_identifier::from_raw_id(r.raw);
    CHECK(id.kind() == r.kind);
    CHECK(id.raw_id() == r.raw); // the round trip holds for every row
  }
}

TEST_CASE("identifier parts are derived from the raw id", "[identifiers]") {
  const auto ext = communication_identifier::from_raw_id("8:gcch-acs:R_T_U");
  CHECK(ext.resource_id() == "R");
  CHECK(ext.tenant_id() == "T");
  CHECK(ext.id() == "U");
  CHECK(ext.cloud() == cloud_environment::gcch);

  const auto phone =
      communication_identifier::from_raw_id("4:+112345556789_207ffef6-9444-41fb-92ab-20eacaae2768");
  CHECK(phone.phone_number_value() == "+112345556789_207ffef6-9444-41fb-92ab-20eacaae2768");
  CHECK(phone.asserted_id() == "207ffef6-9444-41fb-92ab-20eacaae2768");
  CHECK_FALSE(phone.is_anonymous());
  CHECK(communication_identifier::from_raw_id("4:+112345556789_").asserted_id().empty());
  CHECK(communication_identifier::from_raw_id("4:anonymous").is_anonymous());

  const auto visitor = communication_identifier::from_raw_id("8:teamsvisitor:abc");
  CHECK(visitor.is_anonymous());
  CHECK(visitor.id() == "abc");
  CHECK(communication_identifier::from_raw_id("8:dod:abc").cloud() == cloud_environment::dod);
  CHECK(communication_identifier::from_raw_id("28:gcch:app").id() == "app");
  CHECK(communication_identifier::from_raw_id("8:acs:x").id() == "8:acs:x");
}

TEST_CASE("identifier factories produce the official raw ids", "[identifiers]") {
  CHECK(communication_identifier::phone_number("+14255550123").raw_id() == "4:+14255550123");
  CHECK(communication_identifier::phone_number("+14255550123").kind() ==
        identifier_kind::phone_number);
  CHECK(communication_identifier::communication_user("8:acs:r_u").raw_id() == "8:acs:r_u");
  CHECK(communication_identifier::microsoft_teams_user("u").raw_id() == "8:orgid:u");
  CHECK(communication_identifier::microsoft_teams_user("u", true).raw_id() == "8:teamsvisitor:u");
  CHECK(
      communication_identifier::microsoft_teams_user("u", false, cloud_environment::dod).raw_id() ==
      "8:dod:u");
  CHECK(communication_identifier::microsoft_teams_app("a", cloud_environment::gcch).raw_id() ==
        "28:gcch:a");
  const auto ext =
      communication_identifier::teams_extension_user("U", "T", "R", cloud_environment::dod);
  CHECK(ext.raw_id() == "8:dod-acs:R_T_U");
  CHECK(ext.kind() == identifier_kind::teams_extension_user);
  CHECK(communication_identifier::from_raw_id("8:acs:a") ==
        communication_identifier::communication_user("8:acs:a"));
  CHECK(communication_identifier::from_raw_id("8:acs:a") !=
        communication_identifier::communication_user("8:acs:b"));
  CHECK(communication_identifier().kind() == identifier_kind::unknown);
}
