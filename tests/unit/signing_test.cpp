// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): signing.hpp, hmac_signer over portable_crypto, and
// bearer_token_signer.hpp (in this file: a file of its own costs CI compile time): caching, one
// shared refresh, typed source failures, and never an expired token (issue 22 item 9).
#include <acs/rooms/signing.hpp>

#include "../support/signing_vectors.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

using namespace acs::rooms;
using acs_rooms_test::k1;
using namespace std::chrono_literals;

TEST_CASE("hmac_signer reproduces every published and cross-checked vector", "[signing]") {
  acs_rooms_test::check_signing_vectors<hmac_signer<portable_crypto>>();
}

TEST_CASE("the string to sign has the documented shape", "[signing]") {
  CHECK(string_to_sign("post", "/rooms?api-version=2023-06-14", "Wed, 13 Apr 2022 18:09:12 GMT",
                       "contoso.communication.azure.com",
                       "nTRrUb4RX+f1Lxab5K/XD/QdUGYGKKMzan4uZ334BR8=") ==
        "POST\n/rooms?api-version=2023-06-14\nWed, 13 Apr 2022 18:09:12 GMT;contoso.communication."
        "azure.com;nTRrUb4RX+f1Lxab5K/XD/QdUGYGKKMzan4uZ334BR8=");
}

TEST_CASE("hmac_signer sets Host to the signed authority and drops default ports", "[signing]") {
  const auto now = acs_rooms_test::at("2022-04-13T18:09:12Z");
  hmac_signer<> signer(k1);
  http_request a{"GET", "https://Contoso.Communication.Azure.com:443/rooms?api-version=x", {}, {}};
  REQUIRE(signer.sign(a, now));
  CHECK(a.headers.get("Host") == std::string_view("contoso.communication.azure.com"));
  http_request b{"GET", "http://127.0.0.1:8080/rooms#frag", {}, {}};
  REQUIRE(signer.sign(b, now));
  CHECK(b.headers.get("Host") == std::string_view("127.0.0.1:8080"));
  // Signing twice replaces, never duplicates, the headers.
  REQUIRE(signer.sign(b, now));
  CHECK(b.headers.size() == 4);
}

TEST_CASE("hmac_signer fails well on a bad key or URL, without showing the key", "[signing]") {
  const auto bad = hmac_signer<>::from_access_key("not base64!");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().kind == errc::invalid_argument);
  CHECK(bad.error().message.find("not base64!") == std::string::npos);

  hmac_signer<> unchecked("not base64!");
  http_request request{"GET", "https://x.communication.azure.com/rooms", {}, {}};
  const auto r = unchecked.sign(request, {});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::invalid_argument);
  CHECK_FALSE(request.headers.contains("Authorization"));

  hmac_signer<> good(k1);
  http_request relative{"GET", "/rooms", {}, {}};
  const auto rel = good.sign(relative, {});
  REQUIRE_FALSE(rel.has_value());
  CHECK(rel.error().kind == errc::invalid_argument);
}

TEST_CASE("bearer_token_signer asks for a token per request", "[signing]") {
  int calls = 0;
  bearer_token_signer signer([&calls] { return "token-" + std::to_string(++calls); });
  http_request request;
  REQUIRE(signer.sign(request, {}));
  CHECK(request.headers.get("Authorization") == std::string_view("Bearer token-1"));
  REQUIRE(signer.sign(request, {}));
  CHECK(request.headers.get("Authorization") == std::string_view("Bearer token-2"));
  CHECK(request.headers.size() == 1);

  bearer_token_signer empty([] { return std::string(); });
  const auto r = empty.sign(request, {});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::invalid_argument);
}

namespace {
// A Crypto that fails the way openssl_crypto reports failure: empty results.
struct failing_crypto {
  std::string sha256(std::string_view) const { return {}; }
  std::string hmac_sha256(std::string_view, std::string_view) const { return {}; }
};
} // namespace

TEST_CASE("a failing Crypto gives an error, never a wrong signature", "[signing]") {
  hmac_signer<failing_crypto> signer(k1);
  http_request request{"POST", "https://x.communication.azure.com/rooms", {}, "{}"};
  const auto r = signer.sign(request, {});
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().kind == errc::invalid_argument);
  CHECK(r.error().message.find("32-byte") != std::string::npos);
  CHECK_FALSE(request.headers.contains("Authorization"));
}

TEST_CASE("bearer_token_signer: any refresh margin and expiry, without overflow",
          "[signing][limits]") {
  using namespace std::chrono_literals;
  const time_point now = acs_rooms_test::at("2026-11-24T12:00:00Z");
  // A source of tokens that expire at `expiry`, counting how often it is asked.
  struct source {
    int* calls;
    time_point expiry;
    access_token operator()() const { return {"t" + std::to_string(++*calls), expiry}; }
  };
  // How often 3 requests at `at` ask the source (refresh_retry 0: ask whenever one is due);
  // -1 when a request was refused (the token had expired: never sent).
  const auto fetches = [&](std::chrono::seconds margin, time_point expiry, time_point at) {
    int calls = 0;
    bearer_token_signer signer(source{&calls, expiry}, margin, 0s);
    http_request request;
    for (int i = 0; i < 3; ++i) {
      const auto signed_ = signer.sign(request, at);
      if (!signed_) {
        CHECK(signed_.error().kind == errc::invalid_argument);
        CHECK(signed_.error().message.find("expired") != std::string::npos);
        CHECK_FALSE(request.headers.contains("Authorization"));
        return -1;
      }
    }
    return calls;
  };
  // The usual case: cached while more than the margin is left.
  CHECK(fetches(5min, now + 1h, now) == 1);
  CHECK(fetches(5min, now + 5min, now) == 3);
  // "No limit" margins (past the clock's range): refreshed for every request, no overflow.
  CHECK(fetches(std::chrono::seconds::max(), now + 1h, now) == 3);
  CHECK(fetches(std::chrono::seconds(9999999999), time_point::max(), now) == 3);
  CHECK(fetches(std::chrono::hours(24 * 365 * 300), now + 1h, now) == 3);
  // Near the clock's end the margin saturates rather than wraps into the past.
  CHECK(fetches(5min, time_point::max(), time_point::max() - 1min) == 3);
  CHECK(fetches(5min, time_point::max(), now) == 1); // never expires: cached
  // An expired token is never sent (it was, before issue 22 item 9).
  CHECK(fetches(5min, time_point::min(), now) == -1);
  CHECK(fetches(5min, time_point::min(), time_point::min()) == -1);
  // A negative margin counts as 0: a token is never sent at or after its expiry.
  CHECK(fetches(-1h, now, now) == -1);
  CHECK(fetches(std::chrono::seconds::min(), now + 1s, now) == 1);
  CHECK(fetches(std::chrono::seconds::min(), time_point::min(), time_point::min()) == -1);
}

namespace {
// A bearer token source whose answers the test scripts: each call counts, and returns the next
// token (valid for `lifetime` from the test's clock) or the scripted failure.
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
