// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CRYPTO_OPENSSL_HPP // crypto/openssl.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CRYPTO_OPENSSL_HPP
// acs_rooms layer 6 (optional): openssl_crypto, SHA-256 and HMAC through OpenSSL 3.

#include <acs/rooms.hpp> // the whole core, from the single header

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// A readable, non-null address for empty inputs: OpenSSL refuses a null key even of length 0.
inline const unsigned char* openssl_bytes(std::string_view s) noexcept {
  static constexpr unsigned char none[1] = {0};
  return s.empty() ? none : reinterpret_cast<const unsigned char*>(s.data());
}

/// SHA-256 fetched from the default provider once for the program (an implicit fetch per call
/// costs more than hashing a request body); null if OpenSSL failed.
inline EVP_MD* openssl_sha256() noexcept {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, OSSL_DIGEST_NAME_SHA2_256, nullptr);
  return md;
}

/// A digest context per thread, reused for every hash that thread computes.
inline EVP_MD_CTX* openssl_thread_md_ctx() noexcept {
  struct holder {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    holder() = default;
    holder(const holder&) = delete;
    holder& operator=(const holder&) = delete;
    ~holder() { EVP_MD_CTX_free(ctx); }
  };
  thread_local holder h;
  return h.ctx;
}
} // namespace detail

/// A Crypto on OpenSSL 3 libcrypto (link `-lcrypto`, CMake `OpenSSL::Crypto`). Stateless (SHA-256
/// is fetched once per program, and a digest context kept per thread).
/// Never throws for an OpenSSL failure (in practice only out of memory): the result is then an
/// empty string, which callers treat as an error since it is not 32 bytes.
struct openssl_crypto {
  /// An HMAC-SHA256 key prepared once for many messages: an initialised OpenSSL MAC context,
  /// duplicated per message. Copying duplicates the context too. A default-constructed key, or a
  /// copy or preparation that OpenSSL failed, holds nothing: hmac_sha256 with it returns "".
  class hmac_key {
  public:
    /// A key that holds nothing (see valid()).
    hmac_key() noexcept = default;
    /// Duplicates the OpenSSL context (an invalid key when that fails).
    hmac_key(const hmac_key& other) noexcept
        : ctx_(other.ctx_ != nullptr ? EVP_MAC_CTX_dup(other.ctx_) : nullptr) {}
    /// Takes over the context; `other` is left invalid.
    hmac_key(hmac_key&& other) noexcept : ctx_(std::exchange(other.ctx_, nullptr)) {}
    /// Duplicates the OpenSSL context (an invalid key when that fails).
    hmac_key& operator=(const hmac_key& other) noexcept {
      if (this != &other) {
        hmac_key copy(other);
        std::swap(ctx_, copy.ctx_);
      }
      return *this;
    }
    /// Takes over the context; `other` is left invalid.
    hmac_key& operator=(hmac_key&& other) noexcept {
      if (this != &other) {
        EVP_MAC_CTX_free(ctx_);
        ctx_ = std::exchange(other.ctx_, nullptr);
      }
      return *this;
    }
    /// Frees the context; OpenSSL cleanses the key material it holds.
    ~hmac_key() { EVP_MAC_CTX_free(ctx_); }

    /// True when this key holds a prepared OpenSSL context.
    [[nodiscard]] bool valid() const noexcept { return ctx_ != nullptr; }

  private:
    friend struct openssl_crypto;
    explicit hmac_key(EVP_MAC_CTX* ctx) noexcept : ctx_(ctx) {}
    EVP_MAC_CTX* ctx_ = nullptr;
  };

  /// The raw bytes of a SHA-256 digest or HMAC-SHA256 value.
  using digest = std::array<unsigned char, 32>;

  /// SHA-256 of `data`: 32 raw bytes, or an empty string if OpenSSL fails.
  [[nodiscard]] std::string sha256(std::string_view data) const {
    digest out;
    return sha256_into(data, out) ? to_string(out) : std::string();
  }

  /// SHA-256 of `data` into `out`, without allocating; false if OpenSSL fails.
  bool sha256_into(std::string_view data, digest& out) const noexcept {
    EVP_MD* md = detail::openssl_sha256();
    EVP_MD_CTX* ctx = detail::openssl_thread_md_ctx();
    unsigned int size = 0;
    return md != nullptr && ctx != nullptr && EVP_DigestInit_ex2(ctx, md, nullptr) == 1 &&
           EVP_DigestUpdate(ctx, detail::openssl_bytes(data), data.size()) == 1 &&
           EVP_DigestFinal_ex(ctx, out.data(), &size) == 1 && size == out.size();
  }

  /// Prepares `key` for hmac_sha256(const hmac_key&, ...); an invalid key if OpenSSL fails.
  [[nodiscard]] hmac_key prepare_hmac_key(std::string_view key) const noexcept {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
    if (mac == nullptr) {
      return hmac_key();
    }
    // The context holds its own reference to `mac`, so ours can go at once.
    hmac_key prepared(EVP_MAC_CTX_new(mac));
    EVP_MAC_free(mac);
    if (prepared.ctx_ == nullptr) {
      return prepared;
    }
    char digest_name[] = OSSL_DIGEST_NAME_SHA2_256; // OSSL_PARAM wants a mutable pointer
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
        OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(prepared.ctx_, detail::openssl_bytes(key), key.size(), params) != 1) {
      return hmac_key();
    }
    return prepared;
  }

  /// HMAC-SHA256 of `message` under a prepared key: 32 raw bytes, or an empty string when `key`
  /// is not valid() or OpenSSL fails.
  [[nodiscard]] std::string hmac_sha256(const hmac_key& key, std::string_view message) const {
    digest out;
    return hmac_sha256_into(key, message, out) ? to_string(out) : std::string();
  }

  /// HMAC-SHA256 of `message` under a prepared key into `out`, without allocating on our side;
  /// false when `key` is not valid() or OpenSSL fails.
  bool hmac_sha256_into(const hmac_key& key, std::string_view message, digest& out) const noexcept {
    if (key.ctx_ == nullptr) {
      return false;
    }
    // A duplicate per message keeps the prepared context pristine (and usable from many threads).
    const hmac_key scratch(key);
    std::size_t size = 0;
    return scratch.ctx_ != nullptr &&
           EVP_MAC_update(scratch.ctx_, detail::openssl_bytes(message), message.size()) == 1 &&
           EVP_MAC_final(scratch.ctx_, out.data(), &size, out.size()) == 1 && size == out.size();
  }

  /// HMAC-SHA256 of `message` under the raw `key` bytes: 32 raw bytes, or an empty string if
  /// OpenSSL fails.
  [[nodiscard]] std::string hmac_sha256(std::string_view key, std::string_view message) const {
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t size = 0;
    if (EVP_Q_mac(nullptr, OSSL_MAC_NAME_HMAC, nullptr, OSSL_DIGEST_NAME_SHA2_256, nullptr,
                  detail::openssl_bytes(key), key.size(), detail::openssl_bytes(message),
                  message.size(), mac, sizeof mac, &size) == nullptr ||
        size != 32) {
      return std::string();
    }
    return std::string(reinterpret_cast<const char*>(mac), size);
  }

private:
  static std::string to_string(const digest& bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CRYPTO_OPENSSL_HPP
