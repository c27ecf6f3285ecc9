// SPDX-License-Identifier: MIT
// acs_rooms tests: the HMAC signing vectors (published, cross-checked and captured) and their
// check.
#pragma once

#include "test_support.hpp"

namespace acs_rooms_test {

inline constexpr const char* k1 = "pw==";
inline constexpr const char* k2 =
    "68810419818922fb0263dd6ee4b9c56537dbad914aa7324a119fce26778a286e";
inline constexpr const char* empty_hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

/// One signing vector: inputs and the expected content hash and signature.
struct vector_row {
  const char* key;
  const char* method;
  const char* url;
  const char* body;
  const char* content_hash;
  const char* signature;
};

// auth-identifiers.md §2.1 (published by the official SDK tests) and §2.2 (cross-checked).
inline const vector_row signing_vectors[] = {
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

/// Signs every row with `Signer` and checks the three headers it sets.
template <class Signer> void check_signing_vectors() {
  const auto now = acs_rooms_test::at("2022-04-13T18:09:12.451Z");
  for (const auto& v : signing_vectors) {
    INFO(v.method << ' ' << v.url);
    auto signer = Signer::from_access_key(v.key);
    REQUIRE(signer.has_value());
    acs::rooms::http_request request{v.method, v.url, {}, v.body};
    REQUIRE(signer->sign(request, now).has_value());
    CHECK(request.headers.get("x-ms-date") == std::string_view("Wed, 13 Apr 2022 18:09:12 GMT"));
    CHECK(request.headers.get("x-ms-content-sha256") == std::string_view(v.content_hash));
    CHECK(request.headers.get("Authorization") ==
          std::string_view(acs::rooms::hmac_authorization(v.signature)));
  }
}

} // namespace acs_rooms_test
