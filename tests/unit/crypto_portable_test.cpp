// SPDX-License-Identifier: MIT
// acs_rooms tests (unit): crypto/portable.hpp, SHA-256 and HMAC-SHA256 without OpenSSL, and
// the base64 of detail/foundations/base64.hpp that the signer uses.
#include <acs/rooms/crypto/portable.hpp>

#include <acs/rooms/concepts.hpp>
#include <acs/rooms/detail/foundations/base64.hpp>

#include "../support/crypto_checks.hpp"

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

using acs::rooms::portable_crypto;
using acs::rooms::detail::base64_decode;
using acs::rooms::detail::base64_encode;
using acs::rooms::detail::constant_time_equal;
using acs::rooms::detail::sha256_engine;
using namespace acs_rooms_test;

static_assert(acs::rooms::is_crypto_v<portable_crypto>);
#if ACS_ROOMS_HAS_CONCEPTS
static_assert(acs::rooms::crypto<portable_crypto>);
#endif
static_assert(std::is_copy_constructible_v<sha256_engine>);
static_assert(std::is_nothrow_move_constructible_v<portable_crypto::hmac_key>);

TEST_CASE("sha256_engine matches the FIPS 180-4 examples", "[crypto]") {
  for (const auto& v : nist_vectors()) {
    CAPTURE(v.message.size());
    sha256_engine engine;
    engine.update(v.message);
    CHECK(hex(engine.finish()) == v.digest);
    for (const std::size_t chunk :
         {std::size_t{1}, std::size_t{55}, std::size_t{56}, std::size_t{63}, std::size_t{64},
          std::size_t{65}, std::size_t{1000}}) {
      CAPTURE(chunk);
      CHECK(chunked_sha256(v.message, {chunk}) == v.digest);
    }
    CHECK(chunked_sha256(v.message, {55, 56, 63, 64, 65}) == v.digest);
    CHECK(chunked_sha256(v.message, {0, 3, 0, 65, 127, 128, 129}) == v.digest);
  }
}

TEST_CASE("sha256_engine resets after finish and copies keep a midstate", "[crypto]") {
  sha256_engine engine;
  engine.update("abc");
  (void)engine.finish();
  CHECK(hex(engine.finish()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  sha256_engine prefix;
  prefix.update(std::string(70, 'a'));
  sha256_engine copy = prefix;
  copy.update(std::string(1000000 - 70, 'a'));
  CHECK(hex(copy.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  prefix.update(std::string_view());
  prefix.update(nullptr, 0);
  CHECK(hex(prefix.finish()) == hex(portable_crypto().sha256(std::string(70, 'a'))));
}

TEMPLATE_TEST_CASE("sha256 matches the FIPS 180-4 examples", "[crypto]", portable_crypto) {
  check_fips_sha256<TestType>();
}
TEMPLATE_TEST_CASE("hmac_sha256 matches RFC 4231 cases 1 to 7", "[crypto]", portable_crypto) {
  check_rfc4231_hmac<TestType>();
}
TEMPLATE_TEST_CASE("the primitive vectors of the ACS SDK tests", "[crypto]", portable_crypto) {
  check_sdk_primitive_vectors<TestType>();
}
TEMPLATE_TEST_CASE("hmac_key is a regular value", "[crypto]", portable_crypto) {
  check_hmac_key_is_regular<TestType>();
}

TEST_CASE("base64 matches the RFC 4648 section 10 vectors", "[crypto]") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    CAPTURE(plain);
    CHECK(base64_encode(plain) == encoded);
    std::string out = "junk";
    CHECK(base64_decode(encoded, out));
    CHECK(out == plain);
  }
  CHECK(base64_encode(std::string_view("\0\xff\xfe", 3)) == "AP/+");
  CHECK(decoded("AP/+") == std::string_view("\0\xff\xfe", 3));
}

TEST_CASE("base64 round-trips random bytes", "[crypto]") {
  std::mt19937 rng(4648U);
  std::uniform_int_distribution<std::size_t> size(0, 300);
  for (int i = 0; i < 2000; ++i) {
    const std::string bytes = random_bytes(rng, size(rng));
    const std::string text = base64_encode(bytes);
    CAPTURE(i, bytes.size());
    REQUIRE(text.size() == (bytes.size() + 2) / 3 * 4);
    std::string back;
    REQUIRE(base64_decode(text, back));
    REQUIRE(back == bytes);
  }
}

TEST_CASE("base64_decode is strict", "[crypto]") {
  const std::string rejected[] = {
      "Zm9v!A==",              // not in the alphabet
      "Zm9v-_==",              // the URL-safe alphabet
      "Zm9\xC3\xA9",           // non-ASCII
      std::string("Zm\0v", 4), // NUL
      "Zm 9v",                 // space (and a wrong length)
      "Zm9v Zm9v",             // space
      "Zm9v\nZm9v",            // line break
      "Zm9vYmFy\r\n",          // trailing CRLF
      " Zm9",                  // leading space
      "Zm9",                   // wrong length
      "Zm9vY",                 // wrong length
      "QQ=",                   // wrong length
      "Zg",                    // unpadded
      "=",                     //
      "Zg=a",                  // '=' in the middle
      "Zm=v",                  // '=' in the middle
      "Zg==Zg==",              // padding before the end
      "Z===",                  // three '='
      "====",                  // only padding
      "Zm9vY===",              // three '='
      "px==",                  // non-zero unused bits (the canonical form is pw==)
      "QR==",                  // non-zero unused bits (QQ==)
      "Zm9=",                  // non-zero unused bits (Zm8=)
      "Zm9vYmF=",              // non-zero unused bits (Zm9vYmE=)
  };
  for (const auto& text : rejected) {
    CAPTURE(text);
    std::string out;
    CHECK_FALSE(base64_decode(text, out));
  }
  std::string out = "junk";
  CHECK(base64_decode("", out));
  CHECK(out.empty());
}

TEST_CASE("base64_decode accepts exactly the canonical padded groups", "[crypto]") {
  // Every "xy==" and "xyz=" group: accepted iff its unused bits are zero, and then canonical.
  const auto alphabet = acs::rooms::detail::base64_alphabet;
  std::size_t accepted_two = 0;
  std::size_t accepted_three = 0;
  std::string out;
  for (const char x : alphabet) {
    for (const char y : alphabet) {
      const std::string two = {x, y, '=', '='};
      if (base64_decode(two, out)) {
        ++accepted_two;
        REQUIRE(out.size() == 1);
        REQUIRE(base64_encode(out) == two);
      }
      for (const char z : alphabet) {
        const std::string three = {x, y, z, '='};
        if (base64_decode(three, out)) {
          ++accepted_three;
          REQUIRE(out.size() == 2);
          REQUIRE(base64_encode(out) == three);
        }
      }
    }
  }
  CHECK(accepted_two == 256);
  CHECK(accepted_three == 65536);
}

TEST_CASE("base64_value maps exactly the standard alphabet", "[crypto]") {
  for (int c = 0; c < 256; ++c) {
    CAPTURE(c);
    const auto pos = acs::rooms::detail::base64_alphabet.find(static_cast<char>(c));
    const std::uint32_t value = acs::rooms::detail::base64_value(static_cast<unsigned char>(c));
    if (pos == std::string_view::npos) {
      CHECK(value > 63);
    } else {
      CHECK(value == pos);
    }
  }
}

TEST_CASE("constant_time_equal compares bytes", "[crypto]") {
  CHECK(constant_time_equal("", ""));
  CHECK(constant_time_equal("abc", "abc"));
  CHECK(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "xbc"));
  CHECK_FALSE(constant_time_equal("abc", "ab"));
  CHECK_FALSE(constant_time_equal("", "a"));
  CHECK_FALSE(constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
  CHECK_FALSE(constant_time_equal("\x80", std::string_view("\0", 1)));
  const portable_crypto crypto;
  const std::string mac = crypto.hmac_sha256("k", "m");
  std::string other = mac;
  other[31] = static_cast<char>(other[31] ^ 1);
  CHECK(constant_time_equal(mac, crypto.hmac_sha256("k", "m")));
  CHECK_FALSE(constant_time_equal(mac, other));
}
