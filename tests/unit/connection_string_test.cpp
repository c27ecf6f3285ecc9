// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): connection_string.hpp, connection string parsing.
#include <acs/rooms/connection_string.hpp>

#include "../support/test_support.hpp"

using namespace acs::rooms;

namespace {
constexpr const char* key = "c2VjcmV0LWtleS1tYXRlcmlhbC0xMjM0NTY3ODkw"; // base64 of a test key

void check_refused(const std::string& text, const std::string& says) {
  INFO(text);
  const auto r = parse_connection_string(text);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::invalid_argument);
  CHECK(r.error().status == 0);
  CHECK(r.error().message.find(says) != std::string::npos);
  // The key never appears in what a person or a log sees.
  CHECK(r.error().message.find(key) == std::string::npos);
  CHECK(r.error().describe().find(key) == std::string::npos);
}
} // namespace

TEST_CASE("connection strings: case, order, whitespace and a trailing ';'", "[connection]") {
  const std::string k(key);
  for (const std::string& text :
       {"endpoint=https://contoso.communication.azure.com/;accesskey=" + k,
        "Endpoint=https://contoso.communication.azure.com/;AccessKey=" + k,
        "ENDPOINT=https://contoso.communication.azure.com;ACCESSKEY=" + k + ";",
        "accesskey=" + k + ";endpoint=https://contoso.communication.azure.com/",
        "  endpoint = https://contoso.communication.azure.com/ ;\taccesskey= " + k + " ; ",
        "endpoint=https://contoso.communication.azure.com/;;accesskey=" + k + ";foo=bar"}) {
    INFO(text);
    const auto r = parse_connection_string(text);
    REQUIRE(r.has_value());
    CHECK(r->endpoint == "https://contoso.communication.azure.com");
    CHECK(r->access_key == k);
  }
  const auto port = parse_connection_string("endpoint=http://127.0.0.1:8080/;accesskey=pw==");
  REQUIRE(port);
  CHECK(port->endpoint == "http://127.0.0.1:8080");
}

TEST_CASE("connection strings: each problem is named, the key never shown", "[connection]") {
  const std::string k(key);
  check_refused("", "'endpoint' is missing");
  check_refused("accesskey=" + k, "'endpoint' is missing");
  check_refused("endpoint=https://contoso.communication.azure.com/", "'accesskey' is missing");
  check_refused("endpoint=;accesskey=" + k, "'endpoint' is empty");
  check_refused("endpoint=https://contoso.communication.azure.com/;accesskey=",
                "'accesskey' is empty");
  check_refused("endpoint=https://contoso.communication.azure.com/;accesskey=" + k + "!",
                "not valid base64");
  check_refused("endpoint=https://contoso.communication.azure.com/;accesskey=abc",
                "not valid base64");
  check_refused("endpoint=contoso.communication.azure.com;accesskey=" + k,
                "not an absolute http(s) URL");
  check_refused("endpoint=ftp://contoso.communication.azure.com;accesskey=" + k,
                "not an absolute http(s) URL");
  check_refused("endpoint=https://;accesskey=" + k, "not an absolute http(s) URL");
  check_refused("endpoint=https://contoso.communication.azure.com/rooms;accesskey=" + k, "no path");
  check_refused("endpoint=https://contoso.communication.azure.com:99999/;accesskey=" + k,
                "not an absolute");
  check_refused("endpoint=https://user@contoso.communication.azure.com/;accesskey=" + k,
                "user information");
  check_refused("endpoint=https://contoso.communication.azure.com/;" + k, "has no '='");
  check_refused("garbage", "has no '='");
}

TEST_CASE("A ':' outside brackets is not part of a host (found by fuzzing)", "[url]") {
  // "https://a:b:443" once split into host "a:b" and port 443, then was signed and sent with
  // Host "a:b", which is not what was given.
  CHECK_FALSE(detail::parse_url("https://c-:--------:443?q").has_value());
  CHECK_FALSE(detail::parse_url("https://a:b:443/").has_value());
  CHECK_FALSE(detail::parse_url("https://::1/").has_value());
  const auto v6 = detail::parse_url("https://[::1]:8443/rooms");
  REQUIRE(v6);
  CHECK(v6->host == "[::1]");
  CHECK(v6->authority() == "[::1]:8443");
  const auto refused = parse_connection_string("endpoint=https://a:b:443/;accesskey=cHc=");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == errc::invalid_argument);
}
