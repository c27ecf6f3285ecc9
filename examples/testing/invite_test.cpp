// SPDX-License-Identifier: MIT
// acs_rooms example (testing): unit tests of application code (invite.hpp) with a trompeloeil
// mock Transport and mock Signer: a 503 that is retried (the wait injected, so no real sleep),
// a 404 turned into the application's own result, and a transport failure reported as a value.
#include "invite.hpp"

#include <acs/rooms.hpp>

#include <catch2/catch.hpp>
#include <catch2/trompeloeil.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace rooms = acs::rooms;
using trompeloeil::_;

namespace {

/// A Transport: send() returns result<http_response>, so a failure can be a value.
struct mock_transport {
  MAKE_MOCK1(send, rooms::result<rooms::http_response>(const rooms::http_request&));
};

/// A Signer: sign() may add headers; this one only records that it was asked.
struct mock_signer {
  MAKE_MOCK2(sign, void(rooms::http_request&, rooms::time_point));
};

/// A response as the service would send it.
rooms::http_response answer(int status, std::string body = {},
                            std::vector<std::pair<std::string, std::string>> headers = {}) {
  rooms::http_response response{status, {}, std::move(body)};
  for (auto& [name, value] : headers) {
    response.headers.add(std::move(name), std::move(value));
  }
  return response;
}

const std::string endpoint = "https://contoso.communication.azure.com";
const std::string room_id = "99117812428622880";
const std::string participants_url =
    endpoint + "/rooms/" + room_id + "/participants?api-version=2025-03-13";

} // namespace

TEST_CASE("a 503 is retried after the wait the service asked for, with no real sleep") {
  mock_transport transport;
  mock_signer signer;
  std::vector<std::chrono::milliseconds> waited;
  rooms::client_options options;
  options.sleep = [&](std::chrono::milliseconds d) { waited.push_back(d); }; // instead of waiting
  // Both held by reference: trompeloeil mocks cannot be copied, and the test keeps them.
  rooms::rooms_client<mock_transport&, mock_signer&> client(endpoint, transport, signer, options);

  trompeloeil::sequence order;
  REQUIRE_CALL(signer, sign(_, _)).TIMES(2); // every attempt is signed afresh
  REQUIRE_CALL(transport, send(_))
      .WITH(_1.method == "PATCH" && _1.url == participants_url)
      .IN_SEQUENCE(order)
      .RETURN(answer(503, "", {{"Retry-After", "2"}}));
  REQUIRE_CALL(transport, send(_))
      .WITH(_1.body.find("8:acs:alice") != std::string::npos)
      .IN_SEQUENCE(order)
      .RETURN(answer(200, "{}"));

  CHECK(app::invite(client, room_id, "8:acs:alice") == app::invite_outcome::invited);
  CHECK(waited == std::vector<std::chrono::milliseconds>{std::chrono::seconds(2)});
}

TEST_CASE("a 404 becomes the application's no_such_room, and is not retried") {
  mock_transport transport;
  // make_client with a reference type: the client signs with hmac_signer<> from the connection
  // string and sends through the mock the test owns. (A made-up key: base64 of "not a secret".)
  auto client = rooms::make_client<mock_transport&>(
                    "endpoint=" + endpoint + "/;accesskey=bm90IGEgc2VjcmV0", transport)
                    .value();

  REQUIRE_CALL(transport, send(_))
      .WITH(_1.url == participants_url && _1.headers.get("Authorization").has_value())
      .TIMES(1)
      .RETURN(answer(404, R"({"error":{"code":"NotFound","message":"Room not found."}})",
                     {{"Content-Type", "application/json"}, {"x-ms-error-code", "NotFound"}}));

  CHECK(app::invite(client, room_id, "8:acs:alice") == app::invite_outcome::no_such_room);
}

TEST_CASE("a transport that reports failures as values: retried, then the app's failed") {
  mock_transport transport;
  mock_signer signer;
  rooms::client_options options;
  options.retry.max_retries = 1;                    // two attempts in all
  options.sleep = [](std::chrono::milliseconds) {}; // back-off without the wait
  rooms::rooms_client<mock_transport&, mock_signer&> client(endpoint, transport, signer, options);

  ALLOW_CALL(signer, sign(_, _));
  REQUIRE_CALL(transport, send(_))
      .TIMES(2)
      .RETURN(rooms::make_transport_error("contoso.communication.azure.com", "connection reset"));

  CHECK(app::invite(client, room_id, "8:acs:alice") == app::invite_outcome::failed);
}
