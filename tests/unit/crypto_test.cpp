// SPDX-License-Identifier: MIT
// acs_rooms: a header-only C++ client for the Azure Communication Services Rooms API.
#include <acs/rooms.hpp>
#include <acs/rooms/crypto/openssl.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

using acs::rooms::openssl_crypto;
using acs::rooms::portable_crypto;
using acs::rooms::detail::base64_decode;
using acs::rooms::detail::base64_encode;
using acs::rooms::detail::constant_time_equal;
using acs::rooms::detail::sha256_engine;

static_assert(acs::rooms::is_crypto_v<portable_crypto>);
static_assert(acs::rooms::is_crypto_v<openssl_crypto>);
#if ACS_ROOMS_HAS_CONCEPTS
static_assert(acs::rooms::crypto<portable_crypto>);
static_assert(acs::rooms::crypto<openssl_crypto>);
#endif
static_assert(std::is_copy_constructible_v<sha256_engine>);
static_assert(std::is_nothrow_move_constructible_v<portable_crypto::hmac_key>);
static_assert(std::is_nothrow_move_constructible_v<openssl_crypto::hmac_key>);

namespace {

std::string hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out += digits[b >> 4];
    out += digits[b & 15U];
  }
  return out;
}

std::string hex(const sha256_engine::digest_type& digest) {
  return hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string b64(std::string_view bytes) { return base64_encode(bytes); }

std::string random_bytes(std::mt19937& rng, std::size_t size) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(size, '\0');
  for (auto& c : out) {
    c = static_cast<char>(byte(rng));
  }
  return out;
}

// Hashes `data` through the engine in chunks whose sizes cycle through `chunks`.
std::string chunked_sha256(std::string_view data, const std::vector<std::size_t>& chunks) {
  sha256_engine engine;
  std::size_t i = 0;
  for (std::size_t pos = 0; pos < data.size(); ++i) {
    const std::size_t take = std::min(chunks[i % chunks.size()], data.size() - pos);
    engine.update(data.substr(pos, take));
    pos += take;
  }
  return hex(engine.finish());
}

struct sha_vector {
  std::string message;
  const char* digest;
};

std::vector<sha_vector> nist_vectors() {
  return {
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
       "nopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {std::string(1000000, 'a'),
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
}

struct hmac_vector {
  std::string key;
  std::string data;
  const char* mac;
  std::size_t compared_bytes; // RFC 4231 case 5 publishes a truncated (128-bit) output
};

std::vector<hmac_vector> rfc4231_vectors() {
  std::string key4;
  for (char c = 1; c <= 25; ++c) {
    key4 += c;
  }
  return {
      {std::string(20, '\x0b'), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32},
      {"Jefe", "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32},
      {std::string(20, '\xaa'), std::string(50, '\xdd'),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 32},
      {key4, std::string(50, '\xcd'),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32},
      {std::string(20, '\x0c'), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b", 16},
      {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32},
      {std::string(131, '\xaa'),
       "This is a test using a larger than block-size key and a larger than block-size data. The "
       "key needs to be hashed before being used by the HMAC algorithm.",
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 32},
  };
}

std::string decoded(std::string_view text) {
  std::string out;
  REQUIRE(base64_decode(text, out));
  return out;
}

} // namespace

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

TEMPLATE_TEST_CASE("sha256 matches the FIPS 180-4 examples", "[crypto]", portable_crypto,
                   openssl_crypto) {
  const TestType crypto;
  for (const auto& v : nist_vectors()) {
    CAPTURE(v.message.size());
    const std::string digest = crypto.sha256(v.message);
    CHECK(digest.size() == 32);
    CHECK(hex(digest) == v.digest);
  }
}

TEMPLATE_TEST_CASE("hmac_sha256 matches RFC 4231 cases 1 to 7", "[crypto]", portable_crypto,
                   openssl_crypto) {
  const TestType crypto;
  int number = 0;
  for (const auto& v : rfc4231_vectors()) {
    CAPTURE(++number);
    const std::string plain = crypto.hmac_sha256(v.key, v.data);
    const auto key = crypto.prepare_hmac_key(v.key);
    REQUIRE(key.valid());
    const std::string prepared = crypto.hmac_sha256(key, v.data);
    REQUIRE(plain.size() == 32);
    REQUIRE(prepared.size() == 32);
    CHECK(hex(plain.substr(0, v.compared_bytes)) == v.mac);
    CHECK(prepared == plain);
  }
}

TEMPLATE_TEST_CASE("the primitive vectors of the ACS SDK tests", "[crypto]", portable_crypto,
                   openssl_crypto) {
  const TestType crypto;
  const std::string emoji = "\xF0\x9F\x98\x80"; // U+1F600 in UTF-8
  CHECK(b64(crypto.sha256("banana")) == "tJPUg2Sv5E0RwBZc9HCkFk0eJgmRHvmYvoaNRq3j3k4=");
  CHECK(b64(crypto.sha256(emoji)) == "8EQ6NCxe9UeDoRG1G6Vsk45HTDIyTZDDpgycjjo34tk=");
  CHECK(b64(crypto.sha256("")) == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");

  const std::string key = decoded("pw==");
  CHECK(key == "\xA7");
  const auto prepared = crypto.prepare_hmac_key(key);
  CHECK(b64(crypto.hmac_sha256(key, "banana")) == "88EC05aAS9iXnaimtNO78JLjiPtfWryQB/5QYEzEsu8=");
  CHECK(b64(crypto.hmac_sha256(prepared, "banana")) ==
        "88EC05aAS9iXnaimtNO78JLjiPtfWryQB/5QYEzEsu8=");
  CHECK(b64(crypto.hmac_sha256(key, emoji)) == "1rudJKjn2Zi+3hRrBG29wIF6pD6YyAeQR1ZcFtXoKAU=");
  CHECK(b64(crypto.hmac_sha256(prepared, emoji)) == "1rudJKjn2Zi+3hRrBG29wIF6pD6YyAeQR1ZcFtXoKAU=");
}

TEMPLATE_TEST_CASE("hmac_key is a regular value", "[crypto]", portable_crypto, openssl_crypto) {
  const TestType crypto;
  const std::string expected = crypto.hmac_sha256("Jefe", "what do ya want for nothing?");
  REQUIRE(expected.size() == 32);

  typename TestType::hmac_key empty;
  CHECK_FALSE(empty.valid());
  CHECK(crypto.hmac_sha256(empty, "anything").empty());

  auto key = crypto.prepare_hmac_key("Jefe");
  // The prepared state is not consumed: the same key signs again and again.
  for (int i = 0; i < 3; ++i) {
    CHECK(crypto.hmac_sha256(key, "what do ya want for nothing?") == expected);
  }
  const auto copy = key;
  CHECK(crypto.hmac_sha256(copy, "what do ya want for nothing?") == expected);
  auto moved = std::move(key);
  CHECK(crypto.hmac_sha256(moved, "what do ya want for nothing?") == expected);
  empty = moved;
  CHECK(crypto.hmac_sha256(empty, "what do ya want for nothing?") == expected);
  empty = crypto.prepare_hmac_key("other");
  CHECK(crypto.hmac_sha256(empty, "what do ya want for nothing?") != expected);
  auto& self = empty;
  empty = self;
  CHECK(crypto.hmac_sha256(empty, "x") == crypto.hmac_sha256("other", "x"));
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
