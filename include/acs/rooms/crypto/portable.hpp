// SPDX-License-Identifier: MIT
// acs_rooms layer 3 (protocol): portable_crypto, SHA-256 and HMAC-SHA256 in plain C++.
#pragma once

#include <acs/rooms/config.hpp>
#include <acs/rooms/detail/foundations/secure_memory.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {

/// Incremental SHA-256 (FIPS 180-4). Copyable: a copy taken after some update() calls is a saved
/// midstate that can be continued independently, which is how HMAC keys are prepared.
class sha256_engine {
public:
  /// Size in bytes of a digest.
  static constexpr std::size_t digest_size = 32;
  /// Size in bytes of the blocks the compression function consumes.
  static constexpr std::size_t block_size = 64;
  /// The raw digest bytes.
  using digest_type = std::array<unsigned char, digest_size>;

  /// An engine that has absorbed nothing.
  sha256_engine() noexcept = default;

  /// Absorbs `size` bytes at `data` (`data` may be null when `size` is 0).
  void update(const unsigned char* data, std::size_t size) noexcept {
    if (size == 0) {
      return;
    }
    const std::size_t used = static_cast<std::size_t>(length_ % block_size);
    length_ += size;
    if (used != 0) {
      const std::size_t take = size < block_size - used ? size : block_size - used;
      std::memcpy(buffer_.data() + used, data, take);
      if (used + take < block_size) {
        return;
      }
      compress(state_, buffer_.data(), 1);
      data += take;
      size -= take;
    }
    // Whole blocks are hashed straight from the input, without a copy through the buffer.
    if (size >= block_size) {
      compress(state_, data, size / block_size);
      data += size / block_size * block_size;
      size %= block_size;
    }
    if (size != 0) {
      std::memcpy(buffer_.data(), data, size);
    }
  }

  /// Absorbs the bytes of `data`.
  void update(std::string_view data) noexcept {
    update(reinterpret_cast<const unsigned char*>(data.data()), data.size());
  }

  /// Pads, returns the digest of everything absorbed, and resets the engine to its empty state.
  [[nodiscard]] digest_type finish() noexcept {
    const std::uint64_t bits = length_ * 8U;
    std::size_t used = static_cast<std::size_t>(length_ % block_size);
    buffer_[used++] = 0x80;
    if (used > block_size - 8) { // no room left for the 64-bit length: pad out a whole block
      std::memset(buffer_.data() + used, 0, block_size - used);
      compress(state_, buffer_.data(), 1);
      used = 0;
    }
    std::memset(buffer_.data() + used, 0, block_size - 8 - used);
    for (std::size_t i = 0; i < 8; ++i) {
      buffer_[block_size - 1 - i] = static_cast<unsigned char>((bits >> (8 * i)) & 0xFFU);
    }
    compress(state_, buffer_.data(), 1);
    digest_type out;
    for (std::size_t i = 0; i < 8; ++i) {
      store_be32(out.data() + 4 * i, state_[i]);
    }
    *this = sha256_engine();
    return out;
  }

private:
  using state_type = std::array<std::uint32_t, 8>;

  static constexpr std::uint32_t rotr(std::uint32_t x, unsigned int n) noexcept {
    return (x >> n) | (x << (32U - n)); // callers pass 0 < n < 32, so neither shift is UB
  }
  static std::uint32_t load_be32(const unsigned char* p) noexcept {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
  }
  static void store_be32(unsigned char* p, std::uint32_t v) noexcept {
    p[0] = static_cast<unsigned char>(v >> 24);
    p[1] = static_cast<unsigned char>((v >> 16) & 0xFFU);
    p[2] = static_cast<unsigned char>((v >> 8) & 0xFFU);
    p[3] = static_cast<unsigned char>(v & 0xFFU);
  }

  // One round; the caller rotates the roles of the eight working variables instead of moving
  // their values, so after inlining each round touches only the registers it must.
  static void step(std::uint32_t a, std::uint32_t b, std::uint32_t c, std::uint32_t& d,
                   std::uint32_t e, std::uint32_t f, std::uint32_t g, std::uint32_t& h,
                   std::uint32_t k_plus_w) noexcept {
    const std::uint32_t t1 =
        h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + (g ^ (e & (f ^ g))) + k_plus_w;
    const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) | (c & (a | b)));
    d += t1;
    h = t1 + t2;
  }

  // The compression function of FIPS 180-4 §6.2.2, applied to `blocks` consecutive blocks.
  static void compress(state_type& state, const unsigned char* data, std::size_t blocks) noexcept {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    std::uint32_t w[64];
    for (; blocks != 0; --blocks, data += block_size) {
      for (std::size_t t = 0; t < 16; ++t) {
        w[t] = load_be32(data + 4 * t);
      }
      for (std::size_t t = 16; t < 64; ++t) {
        const std::uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        const std::uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
      }
      std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
      std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
      for (std::size_t t = 0; t < 64; t += 8) {
        step(a, b, c, d, e, f, g, h, k[t] + w[t]);
        step(h, a, b, c, d, e, f, g, k[t + 1] + w[t + 1]);
        step(g, h, a, b, c, d, e, f, k[t + 2] + w[t + 2]);
        step(f, g, h, a, b, c, d, e, k[t + 3] + w[t + 3]);
        step(e, f, g, h, a, b, c, d, k[t + 4] + w[t + 4]);
        step(d, e, f, g, h, a, b, c, k[t + 5] + w[t + 5]);
        step(c, d, e, f, g, h, a, b, k[t + 6] + w[t + 6]);
        step(b, c, d, e, f, g, h, a, k[t + 7] + w[t + 7]);
      }
      state[0] += a;
      state[1] += b;
      state[2] += c;
      state[3] += d;
      state[4] += e;
      state[5] += f;
      state[6] += g;
      state[7] += h;
    }
  }

  // Initial hash value of FIPS 180-4 §5.3.3.
  state_type state_{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  std::array<unsigned char, block_size> buffer_{}; // a partial block, length_ % 64 bytes of it
  std::uint64_t length_ = 0;                       // bytes absorbed so far
};

} // namespace detail

/// The built-in Crypto: SHA-256 and HMAC-SHA256 with no dependency. Stateless and thread-safe.
struct portable_crypto {
  /// An HMAC-SHA256 key prepared once for many messages: only the hash states after absorbing
  /// key^ipad and key^opad are kept (never the key), and they are wiped on destruction.
  /// A default-constructed key holds nothing: hmac_sha256 with it returns an empty string.
  class hmac_key {
  public:
    /// A key that holds nothing (see valid()).
    hmac_key() noexcept = default;
    /// Copies the prepared state.
    hmac_key(const hmac_key&) noexcept = default;
    /// Copies the prepared state (the source is wiped when it is destroyed).
    hmac_key(hmac_key&&) noexcept = default;
    /// Copies the prepared state.
    hmac_key& operator=(const hmac_key&) noexcept = default;
    /// Copies the prepared state.
    hmac_key& operator=(hmac_key&&) noexcept = default;
    /// Wipes the key-equivalent hash states.
    ~hmac_key() { wipe(); }

    /// True when this key was made by prepare_hmac_key.
    [[nodiscard]] bool valid() const noexcept { return valid_; }

  private:
    friend struct portable_crypto;
    void wipe() noexcept {
      detail::secure_zero(&inner_, sizeof inner_);
      detail::secure_zero(&outer_, sizeof outer_);
    }
    detail::sha256_engine inner_; // after key ^ ipad
    detail::sha256_engine outer_; // after key ^ opad
    bool valid_ = false;
  };

  /// The raw bytes of a SHA-256 digest or HMAC-SHA256 value.
  using digest = detail::sha256_engine::digest_type;

  /// SHA-256 of `data`: 32 raw bytes.
  [[nodiscard]] std::string sha256(std::string_view data) const {
    digest out;
    sha256_into(data, out);
    return to_string(out);
  }

  /// SHA-256 of `data` into `out`, without allocating; always true.
  bool sha256_into(std::string_view data, digest& out) const noexcept {
    detail::sha256_engine engine;
    engine.update(data);
    out = engine.finish();
    return true;
  }

  /// Prepares `key` for hmac_sha256(const hmac_key&, ...); keys over 64 bytes are hashed first.
  [[nodiscard]] hmac_key prepare_hmac_key(std::string_view key) const noexcept {
    constexpr std::size_t block = detail::sha256_engine::block_size;
    std::array<unsigned char, block> pad{};
    if (key.size() > block) { // RFC 2104 §2: a long key is replaced by its hash
      detail::sha256_engine engine;
      engine.update(key);
      detail::sha256_engine::digest_type hashed = engine.finish();
      std::memcpy(pad.data(), hashed.data(), hashed.size());
      detail::secure_zero(hashed.data(), hashed.size());
    } else if (!key.empty()) {
      std::memcpy(pad.data(), key.data(), key.size());
    }
    hmac_key prepared;
    for (auto& byte : pad) {
      byte ^= 0x36U;
    }
    prepared.inner_.update(pad.data(), pad.size());
    for (auto& byte : pad) {
      byte ^= 0x36U ^ 0x5cU; // from key ^ ipad to key ^ opad
    }
    prepared.outer_.update(pad.data(), pad.size());
    detail::secure_zero(pad.data(), pad.size());
    prepared.valid_ = true;
    return prepared;
  }

  /// HMAC-SHA256 (RFC 2104) of `message` under a prepared key: 32 raw bytes, or an empty string
  /// when `key` is not valid().
  [[nodiscard]] std::string hmac_sha256(const hmac_key& key, std::string_view message) const {
    digest out;
    return hmac_sha256_into(key, message, out) ? to_string(out) : std::string();
  }

  /// HMAC-SHA256 of `message` under a prepared key into `out`, without allocating; false when
  /// `key` is not valid().
  bool hmac_sha256_into(const hmac_key& key, std::string_view message, digest& out) const noexcept {
    if (!key.valid_) {
      return false;
    }
    detail::sha256_engine inner = key.inner_;
    inner.update(message);
    const digest inner_digest = inner.finish();
    detail::sha256_engine outer = key.outer_;
    outer.update(inner_digest.data(), inner_digest.size());
    // No wipe needed for these copies: compress() overwrites the key-derived midstate in place,
    // and finish() then resets the engines.
    out = outer.finish();
    return true;
  }

  /// HMAC-SHA256 (RFC 2104) of `message` under the raw `key` bytes: 32 raw bytes.
  [[nodiscard]] std::string hmac_sha256(std::string_view key, std::string_view message) const {
    return hmac_sha256(prepare_hmac_key(key), message);
  }

private:
  static std::string to_string(const detail::sha256_engine::digest_type& digest) {
    return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
  }
};

ACS_ROOMS_NAMESPACE_END
