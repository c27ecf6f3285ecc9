// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): signing.hpp, hmac_signer over portable_crypto and bearer_token_signer.
#include <acs/rooms/signing.hpp>

#include "../support/signing_vectors.hpp"

using namespace acs::rooms;
using acs_rooms_test::k1;

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
