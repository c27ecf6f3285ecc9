// SPDX-License-Identifier: MIT
// acs_rooms layer 6 (optional): openssl_crypto, SHA-256 and HMAC through OpenSSL 3.
#pragma once

#include <acs/rooms/config.hpp>

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
} // namespace detail

/// A Crypto on OpenSSL 3 libcrypto (link `-lcrypto`, CMake `OpenSSL::Crypto`). Stateless.
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

  /// SHA-256 of `data`: 32 raw bytes, or an empty string if OpenSSL fails.
  [[nodiscard]] std::string sha256(std::string_view data) const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(detail::openssl_bytes(data), data.size(), digest, &size, EVP_sha256(),
                   nullptr) != 1 ||
        size != 32) {
      return std::string();
    }
    return std::string(reinterpret_cast<const char*>(digest), size);
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
    if (key.ctx_ == nullptr) {
      return std::string();
    }
    // A duplicate per message keeps the prepared context pristine (and usable from many threads).
    const hmac_key scratch(key);
    if (scratch.ctx_ == nullptr) {
      return std::string();
    }
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t size = 0;
    if (EVP_MAC_update(scratch.ctx_, detail::openssl_bytes(message), message.size()) != 1 ||
        EVP_MAC_final(scratch.ctx_, mac, &size, sizeof mac) != 1 || size != 32) {
      return std::string();
    }
    return std::string(reinterpret_cast<const char*>(mac), size);
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
};

ACS_ROOMS_NAMESPACE_END
