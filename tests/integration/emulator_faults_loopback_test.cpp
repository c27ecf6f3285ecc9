// SPDX-License-Identifier: MIT
// acs_rooms tests (integration): the emulator's fault plan served on loopback, through the
// shipped transports and the client's retries.
#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>
#if ACS_ROOMS_TEST_HAVE_HTTPLIB
#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)
#include <acs/rooms/transport/httplib.hpp>
#endif
#if ACS_ROOMS_TEST_HAVE_HTTPLIB && ACS_ROOMS_TEST_HAVE_CURL
#include <acs/rooms/transport/curl.hpp>
#endif

#include <catch2/catch.hpp>

#include <chrono>
#include <mutex>
#include <vector>

using namespace acs::rooms;
using namespace std::chrono_literals;

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
namespace {

/// Over loopback, through a shipped transport: 503s with Retry-After (and a delay) reach the
/// client's retry loop as they would from the service.
template <class Transport> void retry_over_loopback(Transport transport) {
  std::mutex mutex;
  std::vector<std::chrono::milliseconds> emulator_waits;
  emulator_options eo;
  eo.sleep = [&](std::chrono::milliseconds d) { // runs on the server's thread
    std::lock_guard<std::mutex> lock(mutex);
    emulator_waits.push_back(d);
  };
  emulator service(eo);
  emulator_http_server front(service);
  REQUIRE(front.bind() > 0);
  front.start();
  service.inject(emulator_fault::slow(30ms).on("POST", "/rooms"));
  service.inject(
      emulator_fault::answer(503).on("POST", "/rooms").for_next(2).with_header("Retry-After", "1"));

  std::vector<std::chrono::milliseconds> sleeps;
  client_options o;
  o.sleep = [&sleeps](std::chrono::milliseconds d) { sleeps.push_back(d); };
  auto client = make_client(front.connection_string(), std::move(transport), o).value();
  auto created = client.create_room();
  REQUIRE(created);
  CHECK(sleeps == std::vector<std::chrono::milliseconds>{1000ms, 1000ms});
  CHECK(service.room_count() == 1);
  CHECK(service.pending_faults() == 0);
  std::lock_guard<std::mutex> lock(mutex);
  CHECK(emulator_waits == std::vector<std::chrono::milliseconds>{30ms});
}

} // namespace

TEST_CASE("emulator faults over loopback: httplib_transport retries through 503s",
          "[emulator][faults][loopback]") {
  httplib_transport_options o;
  o.total_timeout = 5000ms;
  retry_over_loopback(httplib_transport(o));
}

#if ACS_ROOMS_TEST_HAVE_CURL
TEST_CASE("emulator faults over loopback: curl_transport retries through 503s",
          "[emulator][faults][loopback]") {
  curl_transport_options o;
  o.total_timeout = 5000ms;
  retry_over_loopback(curl_transport(o));
}
#endif
#endif
