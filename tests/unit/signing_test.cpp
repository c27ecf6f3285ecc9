// SPDX-License-Identifier: MIT

#include <acs/rooms/crypto/openssl.hpp>

#include "../support/test_support.hpp"

using namespace acs::rooms;

namespace {
constexpr const char* k1 = "pw==";
constexpr const char* k2 = "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e";
constexpr const char* empty_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

struct vector_row {
  const char* key;
  const char* method;
  const char* url;
  const char* body;
  const char* content_hash;
  const char* signature;
};

// auth-identifiers.md §2.1 (published by the official SDK tests) and §2.2 (cross-checked).
const vector_row vectors[] = {
    {k1, "GET", "https://contoso.communicationservices.azure.com/", "", empty_hash,
     "88MDmJhUR3m5QhFxb8ztShsSwlGrg7g/6XPnWf7QEO4="},
    {k1, "GET", "https://contoso.communicationservices.azure.com/testPath", "", empty_hash,
     "RoCrHjw7fb9fpHSbqvRUY2xa8RBS0YvI1cxI1x8AS38="},
    {k1, "GET", "https://contoso.communicationservices.azure.com/testPath?testQuery=yes", "",
     empty_hash, "il99+rd6V5O136roX/zVePCNle78HmvC4B7tu9zRH3I="},
    {k1, "GET", "https://example.com/testPath?testQuery=test", "", empty_hash,
     "DGdgwggJWnQyc6EHjR/Vbqg1ES64KpD6U2XwTDDj3tU="},
    {k1, "GET", "https://example.com/testPath", "", empty_hash,
     "+6tWkg3lNKVjQHHmxkdGQcJjUgzclsWTMebnuCz1ngU="},
    {k2, "POST", "https://contoso.communication.azure.com/rooms?api-version=2023-06-14",
     R"({"validFrom": "2022-04-13T18:09:12Z", "participants": {"8:acs:00000000-0000-0000-0000-000000000001": {"role": "Attendee"}}})",
     "nTRrUb4RX+f1Lxab5K/XD/QdUGYGKKMzan4uZ334BR8=",
     "MH7357q3IDUGGI8kccCH8T6NIafydUXqv5VHn/Wn3Ck="},
    {k2, "GET",
     "https://contoso.communication.azure.com/rooms/99199690362660524?api-version=2023-06-14", "",
     empty_hash, "7318gP5GnEaG94bRgN1i9k5xMKkKqA0nR/gD5n+PU/0="},
    {k2, "PATCH",
     "https://contoso.communication.azure.com/rooms/99199690362660524/"
     "participants?api-version=2023-06-14",
     R"({"participants": {"8:acs:00000000-0000-0000-0000-000000000001": null}})",
     "OQw3XdCpytCamun3BKShkiBQuUd5hqay9hsYudUay1k=",
     "htGVmlappIYVDj448iWY6ckiMePqE0STKmgtYsqglY0="},
    {k2, "DELETE",
     "https://contoso.communication.azure.com/rooms/99199690362660524?api-version=2023-06-14", "",
     empty_hash, "tYhvTaMh3oOLkCFZqimxkYfq72mYgzOr0BaEBLASpow="},
    {k1, "POST", "https://contoso.communicationservices.azure.com/testPath?testQuery=yes", "banana",
     "tJPUg2Sv5E0RwBZc9HCkFk0eJgmRHvmYvoaNRq3j3k4=",
     "5z8z2pmnK6Egv5zlaZnd+vmVKHNLExpTErt8u09De4Y="},
    {k1, "POST", "https://contoso.communicationservices.azure.com/testPath?testQuery=yes",
     "\xF0\x9F\x98\x80", "8EQ6NCxe9UeDoRG1G6Vsk45HTDIyTZDDpgycjjo34tk=",
     "SacTWi2GfBSbRFAzTwpf2VJ0fmCW64kgONkZ4Y/mi/I="},
    {k1, "GET", "https://localhost:8443/testPath?testQuery=yes", "", empty_hash,
     "BRHoNPxAjtN6l4S7HJNFOFLDSCaoDibhLr90cwfLTKY="},
    // Row 13: we sign the raw query as sent (Python/.NET/Java), not JS's re-encoded one.
    {k1, "GET", "https://contoso.communicationservices.azure.com/testPath?filter=a%20b&x='y'~", "",
     empty_hash, "0FaPyVo/LvANJwNAD7tEEXMZCzJCgpxGaYMKX1WKgG8="},
    // §2.3, captured from @azure/communication-rooms 1.2.0.
    {k1, "GET",
     "https://contoso.communication.azure.com/rooms/99199690362660524?api-version=2025-03-13", "",
     empty_hash, "iro4b47cKT4sXFpu5q7ow59Ggg3sRmlKVxhvPJo1WSY="},
    {k1, "PATCH",
     "https://contoso.communication.azure.com/rooms/99199690362660524/"
     "participants?api-version=2025-03-13",
     R"({"participants":{"8:acs:x":{"role":"Presenter"}}})",
     "bGTgh/idY8ghZPasHX5ZlVJeWr3zkvAXJ2Hcc7miNSQ=",
     "AsRlKLzXA5L6Mv/qaFF4XpC69g6+f7XywvNRDw25HgM="},
    {k1, "PATCH",
     "https://contoso.communication.azure.com/rooms/99199690362660524/"
     "participants?api-version=2025-03-13",
     R"({"participants":{"8:acs:x":null}})", "thBs1NrrtylMHBevn7FAPgO9lapw0kCcnT/Gf611EWM=",
     "8LHQTJmJDOOLsKgu5U7AeMO5NkwQCbvxvjdLxwBVjBw="},
    {k1, "DELETE",
     "https://contoso.communication.azure.com/rooms/99199690362660524?api-version=2025-03-13", "",
     empty_hash, "DoZIvnIGHJuf+5/UcwfPCiQjHq2OuXo4QNInccVgFZU="},
};

template <class Signer> void check_vectors() {
  const auto now = acs_rooms_test::at("2022-04-13T18:09:12.451Z");
  for (const auto& v : vectors) {
    INFO(v.method << ' ' << v.url);
    auto signer = Signer::from_access_key(v.key);
    REQUIRE(signer.has_value());
    http_request request{v.method, v.url, {}, v.body};
    REQUIRE(signer->sign(request, now).has_value());
    CHECK(request.headers.get("x-ms-date") == std::string_view("Wed, 13 Apr 2022 18:09:12 GMT"));
    CHECK(request.headers.get("x-ms-content-sha256") == std::string_view(v.content_hash));
    CHECK(request.headers.get("Authorization") ==
          std::string_view(hmac_authorization(v.signature)));
  }
}
} // namespace

TEST_CASE("hmac_signer reproduces every published and cross-checked vector", "[signing]") {
  check_vectors<hmac_signer<portable_crypto>>();
  check_vectors<hmac_signer<openssl_crypto>>();
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
