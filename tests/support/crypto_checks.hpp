// SPDX-License-Identifier: MIT
// acs_rooms tests: published SHA-256, HMAC and base64 vectors and checks run against any Crypto.
#pragma once

#include <acs/rooms/crypto/portable.hpp>
#include <acs/rooms/detail/foundations/base64.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace acs_rooms_test {

using acs::rooms::detail::base64_decode;
using acs::rooms::detail::base64_encode;
using acs::rooms::detail::sha256_engine;

inline std::string hex(std::string_view bytes) {
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

inline std::string hex(const sha256_engine::digest_type& digest) {
  return hex(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

inline std::string b64(std::string_view bytes) { return base64_encode(bytes); }

inline std::string random_bytes(std::mt19937& rng, std::size_t size) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(size, '\0');
  for (auto& c : out) {
    c = static_cast<char>(byte(rng));
  }
  return out;
}

// Hashes `data` through the engine in chunks whose sizes cycle through `chunks`.
inline std::string chunked_sha256(std::string_view data, const std::vector<std::size_t>& chunks) {
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

inline std::vector<sha_vector> nist_vectors() {
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

inline std::vector<hmac_vector> rfc4231_vectors() {
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

inline std::string decoded(std::string_view text) {
  std::string out;
  REQUIRE(base64_decode(text, out));
  return out;
}

/// The body of the test case of the same name, for `Crypto`.
template <class Crypto> void check_fips_sha256() {
  const Crypto crypto;
  for (const auto& v : nist_vectors()) {
    CAPTURE(v.message.size());
    const std::string digest = crypto.sha256(v.message);
    CHECK(digest.size() == 32);
    CHECK(hex(digest) == v.digest);
  }
}

/// The body of the test case of the same name, for `Crypto`.
template <class Crypto> void check_rfc4231_hmac() {
  const Crypto crypto;
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

/// The body of the test case of the same name, for `Crypto`.
template <class Crypto> void check_sdk_primitive_vectors() {
  const Crypto crypto;
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

/// The body of the test case of the same name, for `Crypto`.
template <class Crypto> void check_hmac_key_is_regular() {
  const Crypto crypto;
  const std::string expected = crypto.hmac_sha256("Jefe", "what do ya want for nothing?");
  REQUIRE(expected.size() == 32);

  typename Crypto::hmac_key empty;
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

} // namespace acs_rooms_test
