// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): error.hpp, the error value and rooms_error.
#include <acs/rooms/error.hpp>

#include "../support/test_support.hpp"

#include <memory>
#include <string>

using namespace acs::rooms;

TEST_CASE("every errc has its name", "[error]") {
  CHECK(to_string(errc::service_error) == "service_error");
  CHECK(to_string(errc::transport_error) == "transport_error");
  CHECK(to_string(errc::malformed_response) == "malformed_response");
  CHECK(to_string(errc::invalid_argument) == "invalid_argument");
}

TEST_CASE("describe() is one line with status, code, message and details", "[error]") {
  error e = detail::make_error(errc::service_error, "The request is invalid.", 400);
  CHECK(e.kind == errc::service_error);
  CHECK(e.status == 400);
  CHECK(e.describe() == "service_error 400: The request is invalid.");
  e.code = "BadRequest";
  error d1;
  d1.code = "InvalidInput";
  d1.target = "ValidUntil";
  d1.message = "too far";
  error d2;
  d2.code = "Other";
  e.details = {d1, d2};
  CHECK(e.describe() == "service_error 400 BadRequest: The request is invalid. [InvalidInput "
                        "(ValidUntil): too far] [Other]");
  CHECK(detail::make_error(errc::transport_error, "").describe() == "transport_error");
}

TEST_CASE("is_not_found and inner_error", "[error]") {
  error e = detail::make_error(errc::service_error, "gone", 404);
  CHECK(e.is_not_found());
  CHECK(e.inner_error() == nullptr);
  CHECK_FALSE(detail::make_error(errc::transport_error, "x", 404).is_not_found());
  CHECK_FALSE(detail::make_error(errc::service_error, "x", 400).is_not_found());
  error inner;
  inner.code = "Inner";
  e.set_inner_error(inner);
  REQUIRE(e.inner_error() != nullptr);
  CHECK(e.inner_error()->code == "Inner");
}

TEST_CASE("rooms_error carries the whole error and says describe()", "[error]") {
  error e = detail::make_error(errc::service_error, "Invalid room ID.", 400);
  e.code = "BadRequest";
  e.client_request_id = "id-1";
  const rooms_error ex(e);
  CHECK(std::string(ex.what()) == "service_error 400 BadRequest: Invalid room ID.");
  CHECK(ex.error().client_request_id == "id-1");
  CHECK(ex.error().status == 400);
}

TEST_CASE("the public error makers: what a custom transport returns", "[error]") {
  const error e = make_error(errc::invalid_argument, "bad input", 0);
  CHECK(e.kind == errc::invalid_argument);
  CHECK(e.message == "bad input");
  CHECK(e.attempts == 0);

  const error reset = make_transport_error("connection reset by peer");
  CHECK(reset.kind == errc::transport_error);
  CHECK(reset.status == 0);
  CHECK(reset.describe() == "transport_error: connection reset by peer");

  const error refused = make_transport_error("contoso.communication.azure.com", "refused");
  CHECK(refused.kind == errc::transport_error);
  CHECK(refused.message == "no answer from contoso.communication.azure.com: refused");

  // The detail spelling the library used before stays the same function.
  CHECK(detail::make_error(errc::cancelled, "stop").kind == errc::cancelled);
}
