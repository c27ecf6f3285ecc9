// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): pager.hpp, the lazy listing over a scripted fetch.
#include <acs/rooms/pager.hpp>

#include "../support/test_support.hpp"

#include <optional>
#include <string>
#include <vector>

using namespace acs::rooms;

namespace {

/// Pages of ints: the first page is "" and each link names the next one.
struct scripted_pages {
  std::vector<std::string> asked; // "<first>" or the link
  int failures_left = 0;

  result<page<int>> operator()(const std::optional<std::string>& link) {
    asked.push_back(link ? *link : "<first>");
    if (failures_left > 0) {
      --failures_left;
      return detail::make_error(errc::service_error, "busy", 503);
    }
    page<int> p;
    if (!link) {
      p.items = {1, 2};
      p.next_link = "https://x/p2";
    } else if (*link == "https://x/p2") {
      p.next_link = "https://x/p3"; // an empty page in the middle
    } else {
      p.items = {3};
    }
    return p;
  }
};

} // namespace

TEST_CASE("a pager fetches nothing until asked, then one page per call", "[pagination]") {
  scripted_pages script;
  std::vector<std::string>& asked = script.asked;
  pager<int> p([&script](const std::optional<std::string>& link) { return script(link); });
  CHECK(asked.empty());
  CHECK_FALSE(p.done());
  CHECK_FALSE(p.continuation_token().has_value());
  const auto first = p.next_page();
  REQUIRE(first.has_value());
  CHECK(first->items == std::vector<int>{1, 2});
  CHECK(p.continuation_token() == std::string("https://x/p2"));
  CHECK(p.next_page()->items.empty());
  CHECK_FALSE(p.done());
  CHECK(p.next_page()->items == std::vector<int>{3});
  CHECK(p.done());
  CHECK_FALSE(p.continuation_token().has_value());
  const auto after = p.next_page();
  REQUIRE_FALSE(after.has_value());
  CHECK(after.error().kind == errc::invalid_argument);
  CHECK(asked == std::vector<std::string>{"<first>", "https://x/p2", "https://x/p3"});
}

TEST_CASE("a failed fetch changes nothing and is retried", "[pagination]") {
  scripted_pages script;
  script.failures_left = 1;
  pager<int> p([&script](const std::optional<std::string>& link) { return script(link); });
  const auto failed = p.next_page();
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().status == 503);
  CHECK_FALSE(p.done());
  CHECK_FALSE(p.continuation_token().has_value());
  CHECK(p.next_page()->items == std::vector<int>{1, 2});
  CHECK(script.asked == std::vector<std::string>{"<first>", "<first>"});
}

TEST_CASE("a pager resumes from a token and iterates items across pages", "[pagination]") {
  scripted_pages script;
  pager<int> p([&script](const std::optional<std::string>& link) { return script(link); },
               "https://x/p2");
  CHECK(p.continuation_token() == std::string("https://x/p2"));
  std::vector<int> seen;
  for (const int v : p) {
    seen.push_back(v);
  }
  CHECK(seen == std::vector<int>{3});
  CHECK(script.asked == std::vector<std::string>{"https://x/p2", "https://x/p3"});

  scripted_pages all;
  pager<int> q([&all](const std::optional<std::string>& link) { return all(link); });
  seen.clear();
  for (const int v : q) {
    seen.push_back(v);
  }
  CHECK(seen == std::vector<int>{1, 2, 3});
}

TEST_CASE("iteration throws rooms_error when a fetch fails", "[pagination]") {
  scripted_pages script;
  script.failures_left = 1;
  pager<int> p([&script](const std::optional<std::string>& link) { return script(link); });
  try {
    for (const int v : p) {
      (void)v;
    }
    FAIL("iteration did not throw");
  } catch (const rooms_error& e) {
    CHECK(e.error().status == 503);
  }
}
