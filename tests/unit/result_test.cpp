// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): result.hpp, result<T> and result<void>.
#include <acs/rooms/result.hpp>

#include "../support/test_support.hpp"

#include <string>
#include <utility>

using namespace acs::rooms;

TEST_CASE("result spells std::expected", "[result]") {
  result<int> ok = 3;
  CHECK(ok.has_value());
  CHECK(*ok == 3);
  CHECK(ok.value() == 3);
  result<int> bad = detail::make_error(errc::transport_error, "down");
  CHECK_FALSE(bad);
  CHECK(bad.value_or(7) == 7);
  CHECK(bad.error().message == "down");
  CHECK_THROWS_AS(bad.value(), rooms_error);
  result<void> done;
  CHECK(done.has_value());
  CHECK_NOTHROW(done.value());
  result<void> failed = detail::make_error(errc::service_error, "x", 500);
  CHECK_THROWS_AS(failed.value(), rooms_error);
}

TEST_CASE("result moves its value and its error out", "[result]") {
  result<std::string> ok = std::string("payload");
  REQUIRE(ok.has_value());
  CHECK(ok->size() == 7);
  const std::string moved = std::move(ok).value();
  CHECK(moved == "payload");
  result<std::string> bad = detail::make_error(errc::malformed_response, "broken", 200);
  CHECK(bad.value_or("fallback") == "fallback");
  const error e = std::move(bad).error();
  CHECK(e.kind == errc::malformed_response);
  CHECK(e.status == 200);
  result<void> failed = detail::make_error(errc::invalid_argument, "no");
  CHECK_FALSE(failed);
  CHECK(failed.error().message == "no");
  try {
    failed.value();
    FAIL("value() did not throw");
  } catch (const rooms_error& ex) {
    CHECK(ex.error().kind == errc::invalid_argument);
  }
}
