// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): pagination.hpp, page_cursor and the nextLink policy.
#include <acs/rooms/pagination.hpp>

#include "../support/test_support.hpp"

#include <string>

using namespace acs::rooms;

TEST_CASE("page_cursor walks links, refuses cycles and changes nothing on a refusal",
          "[pagination]") {
  page_cursor cursor;
  CHECK_FALSE(cursor.done());
  CHECK_FALSE(cursor.next_link());
  REQUIRE_FALSE(cursor.accept("https://h/rooms", std::string("https://h/rooms?p=2")));
  CHECK(cursor.next_link() == std::optional<std::string>("https://h/rooms?p=2"));
  REQUIRE_FALSE(cursor.accept("https://h/rooms?p=2", std::string("https://h/rooms?p=3")));
  // p=3 leads back to p=2: refused, and the cursor stays at p=3.
  const auto loop = cursor.accept("https://h/rooms?p=3", std::string("https://h/rooms?p=2"));
  REQUIRE(loop);
  CHECK(loop->kind == errc::malformed_response);
  CHECK(cursor.next_link() == std::optional<std::string>("https://h/rooms?p=3"));
  // A self-link is the shortest cycle.
  const auto self = cursor.accept("https://h/rooms?p=3", std::string("https://h/rooms?p=3"));
  REQUIRE(self);
  CHECK(self->kind == errc::malformed_response);
  REQUIRE_FALSE(cursor.accept("https://h/rooms?p=3", std::nullopt));
  CHECK(cursor.done());

  page_cursor resumed(std::string("https://h/rooms?p=9"));
  CHECK_FALSE(resumed.done());
  CHECK(resumed.next_link() == std::optional<std::string>("https://h/rooms?p=9"));
}

TEST_CASE("page_cursor stops an endless chain of distinct empty pages", "[pagination][errors]") {
  page_cursor cursor;
  const auto link = [](std::size_t n) { return "https://h/rooms?p=" + std::to_string(n); };
  // Empty pages mid-listing are allowed, and a page with items resets the count.
  for (std::size_t n = 0; n + 1 < page_cursor::max_empty_pages; ++n) {
    REQUIRE_FALSE(cursor.accept(link(n), link(n + 1), 0));
  }
  REQUIRE_FALSE(cursor.accept(link(1000), link(1001), 3));
  for (std::size_t n = 2000; n + 1 < 2000 + page_cursor::max_empty_pages; ++n) {
    REQUIRE_FALSE(cursor.accept(link(n), link(n + 1), 0));
  }
  // The 100th empty page in a row with a next link ends the listing, and the cursor stays.
  const std::string at = *cursor.next_link();
  const auto stopped = cursor.accept(at, std::string("https://h/rooms?p=9999"), 0);
  REQUIRE(stopped);
  CHECK(stopped->kind == errc::malformed_response);
  CHECK(stopped->message.find("100 empty pages in a row") != std::string::npos);
  CHECK(cursor.next_link() == at);
  CHECK_FALSE(cursor.done());
  // An empty last page is fine.
  CHECK_FALSE(cursor.accept(at, std::nullopt, 0));
  CHECK(cursor.done());
}

TEST_CASE("next_link_problem: same origin, any host, bearer tokens, user info", "[pagination]") {
  const std::string endpoint = "https://contoso.communication.azure.com";
  const auto problem = [&](std::string_view link, next_link_policy policy, bool bearer) {
    return detail::next_link_problem(endpoint, link, policy, bearer);
  };
  const auto same = "https://contoso.communication.azure.com/rooms?p=2";
  const auto same_port = "https://CONTOSO.communication.azure.com:443/rooms?p=2";
  const auto other = "https://evil.example.net/rooms?p=2";
  const auto other_port = "https://contoso.communication.azure.com:8443/rooms?p=2";
  const auto plain = "http://contoso.communication.azure.com/rooms?p=2";
  const auto userinfo = "https://contoso.communication.azure.com@evil.example.net/rooms";
  for (bool bearer : {false, true}) {
    for (auto policy : {next_link_policy::same_origin, next_link_policy::any_host}) {
      CHECK(problem(same, policy, bearer).empty());
      CHECK(problem(same_port, policy, bearer).empty());
      CHECK_FALSE(problem(userinfo, policy, bearer).empty());
      CHECK_FALSE(problem("not a url", policy, bearer).empty());
    }
  }
  for (auto link : {other, other_port, plain}) {
    CHECK_FALSE(problem(link, next_link_policy::same_origin, false).empty());
    CHECK(problem(link, next_link_policy::any_host, false).empty());
    CHECK(problem(link, next_link_policy::any_host, true).find("bearer token") !=
          std::string::npos);
  }
  CHECK(problem(other, next_link_policy::same_origin, false).find("next_link_policy::any_host") !=
        std::string::npos);
}
