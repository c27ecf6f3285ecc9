// SPDX-License-Identifier: MIT
// acs_rooms tests (integration): crypto/openssl.hpp, checked against the published vectors and
// against portable_crypto; hmac_signer over OpenSSL.
#include <acs/rooms/crypto/openssl.hpp>

#include "../support/crypto_checks.hpp"
#include "../support/signing_vectors.hpp"

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>

using acs::rooms::openssl_crypto;
using acs::rooms::portable_crypto;
using namespace acs_rooms_test;

static_assert(acs::rooms::is_crypto_v<openssl_crypto>);
#if ACS_ROOMS_HAS_CONCEPTS
static_assert(acs::rooms::crypto<openssl_crypto>);
#endif
static_assert(std::is_nothrow_move_constructible_v<openssl_crypto::hmac_key>);

TEMPLATE_TEST_CASE("sha256 matches the FIPS 180-4 examples", "[crypto]", openssl_crypto) {
  check_fips_sha256<TestType>();
}
TEMPLATE_TEST_CASE("hmac_sha256 matches RFC 4231 cases 1 to 7", "[crypto]", openssl_crypto) {
  check_rfc4231_hmac<TestType>();
}
TEMPLATE_TEST_CASE("the primitive vectors of the ACS SDK tests", "[crypto]", openssl_crypto) {
  check_sdk_primitive_vectors<TestType>();
}
TEMPLATE_TEST_CASE("hmac_key is a regular value", "[crypto]", openssl_crypto) {
  check_hmac_key_is_regular<TestType>();
}

TEST_CASE("portable_crypto and openssl_crypto agree on random inputs", "[crypto]") {
  const portable_crypto portable;
  const openssl_crypto openssl;
  std::mt19937 rng(20240613U);
  std::uniform_int_distribution<std::size_t> message_size(0, 300);
  std::uniform_int_distribution<std::size_t> key_size(0, 200);
  for (int i = 0; i < 2500; ++i) {
    const std::string key = random_bytes(rng, key_size(rng));
    const std::string message = random_bytes(rng, message_size(rng));
    CAPTURE(i, key.size(), message.size());
    const std::string expected = openssl.hmac_sha256(key, message);
    REQUIRE(expected.size() == 32);
    REQUIRE(portable.hmac_sha256(key, message) == expected);
    REQUIRE(portable.hmac_sha256(portable.prepare_hmac_key(key), message) == expected);
    REQUIRE(openssl.hmac_sha256(openssl.prepare_hmac_key(key), message) == expected);
    REQUIRE(portable.sha256(message) == openssl.sha256(message));
  }
}

TEST_CASE("sha256 of every length around the block boundaries", "[crypto]") {
  const portable_crypto portable;
  const openssl_crypto openssl;
  std::mt19937 rng(7U);
  const std::string data = random_bytes(rng, 300);
  for (std::size_t n = 0; n <= data.size(); ++n) {
    CAPTURE(n);
    const std::string_view message(data.data(), n);
    const std::string expected = hex(openssl.sha256(message));
    REQUIRE(hex(portable.sha256(message)) == expected);
    REQUIRE(chunked_sha256(message, {1}) == expected);
    REQUIRE(chunked_sha256(message, {63, 2}) == expected);
  }
}

TEST_CASE("hmac_signer over openssl_crypto reproduces every published and cross-checked vector",
          "[signing]") {
  check_signing_vectors<acs::rooms::hmac_signer<openssl_crypto>>();
}
