// SPDX-License-Identifier: MIT
// curl_transport and httplib_transport through an HTTP proxy (tests/support/connect_proxy.hpp):
// https to the emulator's TLS front by CONNECT (the certificate verified for "localhost"), http in
// absolute form, basic proxy credentials, and a 407 as the typed error that is not retried.
#include "../support/connect_proxy.hpp"
#include "../support/test_support.hpp"

#if ACS_ROOMS_TEST_HAVE_HTTPLIB
#include <acs/rooms.hpp>
#include <acs/rooms/emulator.hpp>
#include <acs/rooms/transport/httplib.hpp>
#if ACS_ROOMS_TEST_HAVE_CURL
#include <acs/rooms/transport/curl.hpp>
#endif

#include "http_server.hpp" // acs-rooms-emulator's network front (programs/emulator/)
#include "tls.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

using namespace acs::rooms;
using acs_rooms_test::connect_proxy;

namespace {

/// The emulator over HTTPS on 127.0.0.1, trusted through a CA file of its own certificate, and
/// over plain HTTP; both reached by the name "localhost".
struct fronts {
  emulator service;
  tls_identity identity = *make_self_signed_identity();
  emulator_https_server https{service, identity};
  emulator_http_server http{service};
  int https_port = https.bind("127.0.0.1", 0);
  int http_port = http.bind("127.0.0.1", 0);
  std::string ca_path = (std::filesystem::temp_directory_path() /
                         ("acs-rooms-proxy-ca-" + std::to_string(std::random_device{}()) + ".pem"))
                            .string();

  fronts() {
    REQUIRE(https_port > 0);
    REQUIRE(http_port > 0);
    std::ofstream(ca_path, std::ios::binary) << identity.certificate_pem;
    https.start();
    http.start();
  }
  ~fronts() {
    https.stop();
    http.stop();
    std::remove(ca_path.c_str());
  }
  std::string https_connection() const {
    return service.connection_string("https://localhost:" + std::to_string(https_port));
  }
  std::string http_connection() const {
    return service.connection_string("http://localhost:" + std::to_string(http_port));
  }
};

/// Runs `check(transport)` for each shipped sync transport, in a section of its own (httplib
/// only when `httplib_too`).
template <class Check>
void for_each_transport(const transport_options& o, Check check, bool httplib_too = true) {
  if (httplib_too) {
    SECTION("httplib_transport") {
      httplib_transport_options h;
      static_cast<transport_options&>(h) = o;
      check(httplib_transport(h));
    }
  }
#if ACS_ROOMS_TEST_HAVE_CURL
  SECTION("curl_transport") {
    curl_transport_options c;
    static_cast<transport_options&>(c) = o;
    check(curl_transport(c));
  }
#endif
}

} // namespace

TEST_CASE("proxy: https through CONNECT, TLS verified for localhost, on every sync transport",
          "[proxy][tls]") {
  fronts f;
  connect_proxy proxy(f.https_port);
  REQUIRE(proxy.port() > 0);
  transport_options o;
  o.ca_bundle = f.ca_path;
  o.proxy.url = proxy.url(); // explicit: used for loopback too
  for_each_transport(o, [&](auto transport) {
    auto client = make_client(f.https_connection(), std::move(transport));
    REQUIRE(client.has_value());
    const auto created = client->create_room({});
    REQUIRE(created.has_value());
    const auto got = client->get_room(created->id);
    REQUIRE(got.has_value());
    const auto requests = proxy.requests();
    REQUIRE(!requests.empty());
    CHECK(requests.front() == "CONNECT localhost:" + std::to_string(f.https_port) + " HTTP/1.1");
    CHECK(proxy.authorizations().front().empty());
  });
}

TEST_CASE("proxy: http in absolute form, and basic credentials from the options or the URL",
          "[proxy]") {
  fronts f;
  connect_proxy https_proxy(f.https_port, "alice", "s3cret:pw");
  connect_proxy http_proxy(f.http_port, "alice", "s3cret:pw");
  const std::string expected = "Basic YWxpY2U6czNjcmV0OnB3"; // alice:s3cret:pw
  transport_options o;
  o.ca_bundle = f.ca_path;
  o.proxy.username = "alice";
  o.proxy.password = "s3cret:pw";
  SECTION("https") {
    o.proxy.url = https_proxy.url();
    for_each_transport(o, [&](auto transport) {
      auto client = make_client(f.https_connection(), std::move(transport));
      REQUIRE(client.has_value());
      REQUIRE(client->create_room({}).has_value());
      REQUIRE(!https_proxy.authorizations().empty());
      CHECK(https_proxy.authorizations().front() == expected);
    });
  }
  SECTION("http") {
    o.proxy.url = http_proxy.url();
    for_each_transport(o, [&](auto transport) {
      auto client = make_client(f.http_connection(), std::move(transport));
      REQUIRE(client.has_value());
      REQUIRE(client->create_room({}).has_value());
      const auto requests = http_proxy.requests();
      REQUIRE(!requests.empty());
      const std::string origin = "http://localhost:" + std::to_string(f.http_port) + "/rooms?";
      CHECK(requests.front().rfind("POST " + origin, 0) == 0);
      CHECK(http_proxy.authorizations().front() == expected);
    });
  }
  SECTION("credentials in the proxy URL, percent-decoded") {
    o.proxy.username.clear();
    o.proxy.password.clear();
    o.proxy.url = "http://alice:s3cret%3Apw@127.0.0.1:" + std::to_string(https_proxy.port());
    for_each_transport(o, [&](auto transport) {
      auto client = make_client(f.https_connection(), std::move(transport));
      REQUIRE(client.has_value());
      REQUIRE(client->create_room({}).has_value());
      CHECK(https_proxy.authorizations().front() == expected);
    });
  }
}

TEST_CASE("proxy: a 407 is ProxyAuthenticationRequired, not retried, without the credentials",
          "[proxy]") {
  fronts f;
  connect_proxy https_proxy(f.https_port, "alice", "right");
  connect_proxy http_proxy(f.http_port, "alice", "right");
  transport_options o;
  o.ca_bundle = f.ca_path;
  const auto check_407 = [](const error& e, const connect_proxy& proxy, bool refused) {
    CHECK(e.kind == errc::transport_error);
    CHECK(e.status == 407);
    CHECK(e.code == "ProxyAuthenticationRequired");
    CHECK(e.attempts == 1);
    CHECK(proxy.requests().size() == 1);
    CHECK(e.message.find(proxy.url()) != std::string::npos);
    CHECK(e.message.find(refused ? "refused" : "set proxy credentials") != std::string::npos);
    CHECK(e.message.find("wrong-pw") == std::string::npos);
    CHECK(e.message.find("alice") == std::string::npos);
  };
  SECTION("https, no credentials") {
    o.proxy.url = https_proxy.url();
    for_each_transport(
        o,
        [&](auto transport) {
          auto client = make_client(f.https_connection(), std::move(transport));
          REQUIRE(client.has_value());
          const auto r = client->create_room({});
          REQUIRE_FALSE(r.has_value());
          check_407(r.error(), https_proxy, false);
        },
        false); // cpp-httplib 0.11.4 hides a CONNECT's 407 (a failed TLS handshake, retried)
  }
  SECTION("https, wrong credentials (in the URL)") {
    o.proxy.url = "http://alice:wrong-pw@127.0.0.1:" + std::to_string(https_proxy.port());
    for_each_transport(
        o,
        [&](auto transport) {
          auto client = make_client(f.https_connection(), std::move(transport));
          REQUIRE(client.has_value());
          const auto r = client->get_room("99117812428622880");
          REQUIRE_FALSE(r.has_value());
          check_407(r.error(), https_proxy, true);
        },
        false);
  }
  SECTION("http, no credentials") {
    o.proxy.url = http_proxy.url();
    for_each_transport(o, [&](auto transport) {
      auto client = make_client(f.http_connection(), std::move(transport));
      REQUIRE(client.has_value());
      const auto r = client->create_room({});
      REQUIRE_FALSE(r.has_value());
      check_407(r.error(), http_proxy, false);
    });
  }
}

TEST_CASE("proxy: an unsupported proxy scheme is invalid_argument before any connection",
          "[proxy]") {
  transport_options o;
  o.proxy.url = "socks5://alice:s3cret@127.0.0.1:1080";
  for_each_transport(o, [&](auto transport) {
    auto client = make_client("endpoint=https://localhost:1/;accesskey=" + std::string(44, 'A'),
                              std::move(transport));
    REQUIRE(client.has_value());
    const auto r = client->get_room("99117812428622880");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().kind == errc::invalid_argument);
    CHECK(r.error().message.find("'socks5'") != std::string::npos);
    CHECK(r.error().message.find("s3cret") == std::string::npos);
    CHECK(r.error().attempts <= 1);
  });
}
#endif
