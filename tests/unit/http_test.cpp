// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): http.hpp, headers, requests and responses.
#include <acs/rooms/http.hpp>

#include "../support/test_support.hpp"

#include <string>
#include <string_view>

using namespace acs::rooms;

static_assert(detail::ascii_lower('A') == 'a' && detail::ascii_lower('z') == 'z' &&
              detail::ascii_lower('-') == '-');
static_assert(detail::iequals("Content-Type", "content-TYPE") && !detail::iequals("a", "ab"));
static_assert(detail::trim(" \t x y\r\n") == "x y" && detail::trim("  ").empty());

TEST_CASE("header names are case-insensitive and keep insertion order", "[http]") {
  http_headers h;
  CHECK(h.empty());
  h.add("Accept", "application/json");
  h.add("x-ms-a", "1");
  h.add("X-MS-A", "2");
  CHECK(h.size() == 3);
  CHECK(h.get("x-ms-A") == std::string_view("1"));
  CHECK(h.contains("ACCEPT"));
  CHECK_FALSE(h.contains("Host"));
  CHECK_FALSE(h.get("Host").has_value());

  h.set("X-Ms-A", "3"); // replaces the first, drops the repeat
  CHECK(h.size() == 2);
  CHECK(h.get("x-ms-a") == std::string_view("3"));
  h.set("Host", "example.com"); // appended
  std::string order;
  for (const auto& field : h) {
    order += field.first + '=' + field.second + ';';
  }
  CHECK(order == "Accept=application/json;x-ms-a=3;Host=example.com;");

  h.erase("ACCEPT");
  CHECK(h.size() == 2);
  CHECK_FALSE(h.contains("Accept"));
}

TEST_CASE("headers compare by fields in order, names case-insensitively", "[http]") {
  http_headers a;
  a.add("A", "1");
  a.add("B", "2");
  http_headers b;
  b.add("a", "1");
  b.add("b", "2");
  CHECK(a == b);
  http_headers c;
  c.add("B", "2");
  c.add("A", "1");
  CHECK(a != c);
  http_headers d;
  d.add("A", "x");
  d.add("B", "2");
  CHECK(a != d);
}

TEST_CASE("requests and responses are plain values", "[http]") {
  http_request r{"GET", "https://x/rooms", {}, ""};
  r.headers.add("Accept", "application/json");
  const http_request copy = r;
  CHECK(copy.method == "GET");
  CHECK(copy.url == "https://x/rooms");
  CHECK(copy.headers == r.headers);
  CHECK(copy.body.empty());
  const http_response resp = acs_rooms_test::response(204, "", "");
  CHECK(resp.status == 204);
  CHECK(resp.headers.empty());
}
