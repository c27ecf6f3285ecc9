// SPDX-License-Identifier: MIT
// acs_rooms tests: trompeloeil mocks of a Transport and a Signer, and a client on fixed inputs.
#pragma once

#include "test_support.hpp"

#include <catch2/trompeloeil.hpp>

#include <string>
#include <string_view>

namespace acs_rooms_test {

/// A Transport whose send() is mocked.
struct mock_transport {
  MAKE_MOCK1(send, acs::rooms::http_response(const acs::rooms::http_request&));
};

/// A Transport that reports failures as values.
struct mock_result_transport {
  MAKE_MOCK1(send, acs::rooms::result<acs::rooms::http_response>(const acs::rooms::http_request&));
};

/// A Signer whose sign() is mocked.
struct mock_signer {
  MAKE_MOCK2(sign, void(acs::rooms::http_request&, acs::rooms::time_point));
};

/// The fixed "now" of fixed_options().
inline const acs::rooms::time_point fixed_now =
    *acs::rooms::parse_rfc3339("2026-11-24T12:00:00.123Z");

/// The endpoint the mocked clients talk to.
inline constexpr const char* fixed_endpoint = "https://contoso.communication.azure.com/";

/// Client options with a fixed clock, counting UUIDs and the given api-version.
inline acs::rooms::client_options
fixed_options(acs::rooms::api_version version = acs::rooms::api_version::v2025_03_13) {
  acs::rooms::client_options o;
  o.version = std::move(version);
  o.clock = [] { return fixed_now; };
  o.uuid_source = counting_uuids{};
  o.retry.max_retries = 0;                               // retries have their own tests
  o.next_links = acs::rooms::next_link_policy::any_host; // these pages move between hosts
  return o;
}

/// A client over the two mocks.
using mocked_client = acs::rooms::rooms_client<mock_transport&, mock_signer&>;

/// The value of header `name` in `r`, or "<absent>".
inline std::string header(const acs::rooms::http_request& r, std::string_view name) {
  const auto v = r.headers.get(name);
  return v ? std::string(*v) : std::string("<absent>");
}

/// The ACS user "8:acs:r_<n>".
inline acs::rooms::communication_identifier user(const std::string& n) {
  return acs::rooms::communication_identifier::from_raw_id("8:acs:r_" + n);
}

} // namespace acs_rooms_test
