// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): bearer_token_signer.hpp - caching, one shared refresh, typed source
// failures, and never an expired token (issue 22 item 9).
#include <acs/rooms/bearer_token_signer.hpp>

#include "../support/test_support.hpp"

#include <chrono>
#include <stdexcept>
#include <string>

using namespace acs::rooms;
using namespace std::chrono_literals;

namespace {
// A token source whose answers the test scripts: each call counts, and returns the next token
// (valid for `lifetime` from the test's clock) or the scripted failure.
struct scripted_source {
  int calls = 0;
  time_point* now = nullptr;
  std::chrono::seconds lifetime{3600};
  std::optional<error> fail; // when set, every call fails with it
  result<access_token> fetch() {
    ++calls;
    if (fail) {
      return *fail;
    }
    return access_token{"tok-" + std::to_string(calls), *now + lifetime};
  }
};

std::string bearer_of(const bearer_token_signer& signer, time_point now) {
  http_request request;
  const auto signed_ = signer.sign(request, now);
  REQUIRE(signed_);
  return std::string(request.headers.get("Authorization").value_or(""));
}
} // namespace

TEST_CASE("bearer_token_signer: a source returning result<access_token> reports typed errors",
          "[bearer]") {
  time_point now = acs_rooms_test::at("2026-12-04T12:00:00Z");
  scripted_source source;
  source.now = &now;
  source.fail = detail::make_error(errc::service_error, "token endpoint answered 401", 401);
  source.fail->code = "invalid_client";
  bearer_token_signer signer([&] { return source.fetch(); });
  http_request request;
  const auto r = signer.sign(request, now);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == errc::service_error);
  CHECK(r.error().status == 401);
  CHECK(r.error().code == "invalid_client");
  CHECK(r.error().message == "token endpoint answered 401");
  CHECK_FALSE(request.headers.contains("Authorization"));
  // The next request asks again (no valid token to fall back on): no cached failure.
  source.fail.reset();
  CHECK(bearer_of(signer, now) == "Bearer tok-2");
  CHECK(source.calls == 2);
}

TEST_CASE("bearer_token_signer: one refresh near expiry, then the token is shared", "[bearer]") {
  time_point now = acs_rooms_test::at("2026-12-04T12:00:00Z");
  scripted_source source; // 10-minute tokens, a 5-minute margin
  source.now = &now;
  source.lifetime = 600s;
  bearer_token_signer signer([&] { return source.fetch(); });
  const bearer_token_signer copy = signer; // copies share the cache
  CHECK(bearer_of(signer, now) == "Bearer tok-1");
  now += 4min;
  CHECK(bearer_of(copy, now) == "Bearer tok-1");
  CHECK(source.calls == 1);
  now += 2min; // inside the margin: one refresh
  CHECK(bearer_of(signer, now) == "Bearer tok-2");
  CHECK(bearer_of(copy, now) == "Bearer tok-2");
  CHECK(source.calls == 2);

  // A source that keeps handing out a token inside the margin (e.g. a cache near its end) is
  // asked once per refresh_retry (30 s), not for every request as before.
  source.lifetime = 200s;
  now += 6min;
  for (int i = 0; i < 20; ++i) {
    CHECK(bearer_of(signer, now) == "Bearer tok-3");
    now += 1s;
  }
  CHECK(source.calls == 3);
  now += 11s; // 31 s after the refresh
  CHECK(bearer_of(signer, now) == "Bearer tok-4");
  CHECK(source.calls == 4);
}

TEST_CASE("bearer_token_signer: a failed refresh keeps a valid token, never an expired one",
          "[bearer]") {
  time_point now = acs_rooms_test::at("2026-12-04T12:00:00Z");
  scripted_source source;
  source.now = &now;
  source.lifetime = 600s;
  bearer_token_signer signer([&] { return source.fetch(); });
  CHECK(bearer_of(signer, now) == "Bearer tok-1"); // expires at 12:10
  source.fail = detail::make_error(errc::transport_error, "no answer from the token endpoint");
  now += 6min; // inside the margin: the refresh fails, the valid token is used
  CHECK(bearer_of(signer, now) == "Bearer tok-1");
  CHECK(source.calls == 2);
  now += 10s; // within refresh_retry: not asked again
  CHECK(bearer_of(signer, now) == "Bearer tok-1");
  CHECK(source.calls == 2);
  now += 30s; // asked again, fails again, still valid
  CHECK(bearer_of(signer, now) == "Bearer tok-1");
  CHECK(source.calls == 3);
  now = acs_rooms_test::at("2026-12-04T12:10:00Z"); // its expiry: never sent
  http_request request;
  const auto r = signer.sign(request, now);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == errc::transport_error);
  CHECK(r.error().message == "no answer from the token endpoint");
  CHECK_FALSE(request.headers.contains("Authorization"));
  CHECK(source.calls == 4);
  source.fail.reset();
  CHECK(bearer_of(signer, now) == "Bearer tok-5");
}

TEST_CASE("bearer_token_signer: a source's expired or unusable token is refused, not sent",
          "[bearer]") {
  const time_point now = acs_rooms_test::at("2026-12-04T12:00:00Z");
  int calls = 0;
  std::string next = "tok\r\nX-Evil: 1";
  time_point expiry = now + 1h;
  bearer_token_signer signer([&] {
    ++calls;
    return access_token{next, expiry};
  });
  http_request request;
  auto r = signer.sign(request, now);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == errc::invalid_argument);
  CHECK(r.error().message.find("control characters") != std::string::npos);
  CHECK(r.error().message.find("Evil") == std::string::npos);
  next = "stale";
  expiry = now - 1s;
  r = signer.sign(request, now);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("already expired") != std::string::npos);
  CHECK_FALSE(request.headers.contains("Authorization"));
  next = "";
  expiry = now + 1h;
  r = signer.sign(request, now);
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("no token") != std::string::npos);
  CHECK(calls == 3);
}

TEST_CASE("bearer_token_signer: the source runs outside the lock; one refresh at a time",
          "[bearer]") {
  // The source itself signs with the same signer, as another thread would during a refresh:
  // it is not blocked (no lock held) and sends the valid token without a second fetch.
  time_point now = acs_rooms_test::at("2026-12-04T12:00:00Z");
  int calls = 0;
  std::string seen_during_refresh;
  std::function<result<access_token>()> source;
  bearer_token_signer signer([&]() -> result<access_token> { return source(); });
  source = [&]() -> result<access_token> {
    ++calls;
    if (calls == 2) {
      http_request inner;
      REQUIRE(signer.sign(inner, now));
      seen_during_refresh = std::string(inner.headers.get("Authorization").value_or(""));
    }
    return access_token{"tok-" + std::to_string(calls), now + 10min};
  };
  CHECK(bearer_of(signer, now) == "Bearer tok-1");
  now += 6min;
  CHECK(bearer_of(signer, now) == "Bearer tok-2");
  CHECK(seen_during_refresh == "Bearer tok-1");
  CHECK(calls == 2);
}

#if !ACS_ROOMS_NO_EXCEPTIONS
TEST_CASE("bearer_token_signer: a throwing source's exception passes, and the next call asks "
          "again",
          "[bearer]") {
  const time_point now = acs_rooms_test::at("2026-12-04T12:00:00Z");
  int calls = 0;
  bearer_token_signer signer([&]() -> access_token {
    if (++calls == 1) {
      throw std::runtime_error("source down");
    }
    return {"tok", now + 1h};
  });
  http_request request;
  CHECK_THROWS_AS(signer.sign(request, now), std::runtime_error);
  CHECK(bearer_of(signer, now) == "Bearer tok");
  CHECK(calls == 2);
}
#endif
