// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): api_version.hpp, versions and the features they enable.
#include <acs/rooms/api_version.hpp>

#include "../support/test_support.hpp"

using namespace acs::rooms;

static_assert(detail::version_at_least("2025-03-13", "2024-04-15"));
static_assert(!detail::version_at_least("2023-06-14", "2024-04-15"));
static_assert(detail::version_has_pstn("2023-10-30-preview") &&
              !detail::version_has_pstn("2023-06-14"));
static_assert(detail::version_has_collaborator("2025-03-13") &&
              !detail::version_has_collaborator("2024-04-15"));

TEST_CASE("the known versions and what each has", "[api_version]") {
  CHECK(api_version::v2023_06_14.value() == "2023-06-14");
  CHECK(api_version::v2024_04_15.value() == "2024-04-15");
  CHECK(api_version::v2025_03_13.value() == "2025-03-13");
  CHECK(api_version::latest == api_version::v2025_03_13);
  CHECK_FALSE(api_version::v2023_06_14.has_pstn_dial_out());
  CHECK_FALSE(api_version::v2023_06_14.has_collaborator());
  CHECK(api_version::v2024_04_15.has_pstn_dial_out());
  CHECK_FALSE(api_version::v2024_04_15.has_collaborator());
  CHECK(api_version::v2025_03_13.has_pstn_dial_out());
  CHECK(api_version::v2025_03_13.has_collaborator());
}

TEST_CASE("any version string works, features by its date prefix", "[api_version]") {
  const api_version preview("2023-10-30-preview");
  CHECK(preview.value() == "2023-10-30-preview");
  CHECK(preview.has_pstn_dial_out());
  CHECK_FALSE(preview.has_collaborator());
  const api_version future("2030-01-01");
  CHECK(future.has_pstn_dial_out());
  CHECK(future.has_collaborator());
  CHECK(future != api_version::latest);
  CHECK(api_version("2025-03-13") == api_version::v2025_03_13);
}
