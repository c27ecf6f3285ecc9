// SPDX-License-Identifier: MIT
// acs_rooms layer 3 (protocol): hmac_signer, and bearer_token_signer (from its own header).
#pragma once

#include <acs/rooms/bearer_token_signer.hpp>
#include <acs/rooms/concepts.hpp>
#include <acs/rooms/crypto/portable.hpp>
#include <acs/rooms/detail/foundations/base64.hpp>
#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/detail/foundations/secure_memory.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/fwd.hpp>
#include <acs/rooms/time.hpp>

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
/// Appends "METHOD\n<path and query>\n<date>;<host>;<content hash>", the HMAC scheme's string
/// to sign; `append_path` writes the path and query (from a string or straight from a URL).
template <class AppendPath>
void append_string_to_sign(std::string& out, std::string_view method, AppendPath&& append_path,
                           std::string_view date, std::string_view host,
                           std::string_view content_hash) {
  for (char c : method) {
    out += ascii_upper(c);
  }
  out += '\n';
  append_path(out);
  out += '\n';
  out += date;
  out += ';';
  out += host;
  out += ';';
  out += content_hash;
}
} // namespace detail

/// The HMAC string to sign: "METHOD\npath?query\n<x-ms-date>;<host>;<content hash>".
[[nodiscard]] inline std::string string_to_sign(std::string_view method,
                                                std::string_view path_and_query,
                                                std::string_view date, std::string_view host,
                                                std::string_view content_hash) {
  std::string out;
  out.reserve(method.size() + path_and_query.size() + date.size() + host.size() +
              content_hash.size() + 4);
  detail::append_string_to_sign(
      out, method, [&](std::string& o) { o += path_and_query; }, date, host, content_hash);
  return out;
}

/// The Authorization value for a base64 signature.
[[nodiscard]] inline std::string hmac_authorization(std::string_view signature) {
  constexpr std::string_view prefix =
      "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
  std::string out;
  out.reserve(prefix.size() + signature.size());
  out += prefix;
  out += signature;
  return out;
}

namespace detail {
/// base64(SHA-256("")): the content hash of every request without a body.
inline constexpr std::string_view empty_body_sha256 =
    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

template <class C, class = void> struct has_prepared_key : std::false_type {};
template <class C>
struct has_prepared_key<
    C, std::void_t<typename C::hmac_key,
                   decltype(std::declval<const C&>().prepare_hmac_key(std::string_view())),
                   decltype(std::declval<const C&>().hmac_sha256(
                       std::declval<const typename C::hmac_key&>(), std::string_view()))>>
    : std::true_type {};
/// True when `C` also hashes into a caller's buffer: `C::digest` (32 bytes), `sha256_into` and
/// `hmac_sha256_into` with a prepared key, as both built-in Cryptos do. The signer then
/// allocates nothing for the digests.
template <class C, class = void> struct has_digest_into : std::false_type {};
template <class C>
struct has_digest_into<
    C,
    std::enable_if_t<has_prepared_key<C>::value &&
                     std::is_same_v<decltype(std::declval<const C&>().sha256_into(
                                        std::string_view(), std::declval<typename C::digest&>())),
                                    bool> &&
                     std::is_same_v<decltype(std::declval<const C&>().hmac_sha256_into(
                                        std::declval<const typename C::hmac_key&>(),
                                        std::string_view(), std::declval<typename C::digest&>())),
                                    bool>>> : std::true_type {};
template <class C, bool = has_prepared_key<C>::value> struct key_storage {
  using type = std::string; // the decoded key bytes
};
template <class C> struct key_storage<C, true> {
  using type = typename C::hmac_key; // pads absorbed once
};
} // namespace detail

/// Signs requests with an ACS access key (HMAC-SHA256 over method, path and query, date, host
/// and body hash), as every official SDK does. The key is decoded, and its HMAC pads prepared
/// when `Crypto` offers `prepare_hmac_key`, once per signer.
template <class Crypto> class hmac_signer { // default: portable_crypto, in fwd.hpp
  static_assert(is_crypto_v<Crypto>, "acs::rooms: the Crypto type is not a Crypto: it needs "
                                     "`std::string sha256(std::string_view) const` and "
                                     "`std::string hmac_sha256(std::string_view key, "
                                     "std::string_view message) const`");

public:
  /// A signer for a base64 access key. A key that does not decode makes every sign() fail
  /// with `invalid_argument`; use from_access_key() to find out at construction.
  explicit hmac_signer(std::string_view access_key, Crypto crypto = Crypto());

  /// A signer, or `invalid_argument` when the key is not valid base64.
  [[nodiscard]] static result<hmac_signer> from_access_key(std::string_view access_key,
                                                           Crypto crypto = Crypto()) {
    hmac_signer signer(access_key, std::move(crypto));
    if (!signer.valid_) {
      return detail::make_error(errc::invalid_argument, invalid_key_message);
    }
    return signer;
  }

  /// Sets x-ms-date, x-ms-content-sha256, Host and Authorization for sending at `now`.
  result<void> sign(http_request& request, time_point now) const;

  /// The crypto implementation in use.
  [[nodiscard]] const Crypto& crypto() const noexcept { return crypto_; }

private:
  static error crypto_failed() {
    return detail::make_error(errc::invalid_argument,
                              "the Crypto implementation did not return 32-byte digests");
  }

  // base64(SHA-256(body)) appended to `out`; false when the Crypto did not give 32 bytes.
  bool append_body_hash(std::string& out, std::string_view body) const {
    if constexpr (detail::has_digest_into<Crypto>::value) {
      typename Crypto::digest bytes{};
      if (!crypto_.sha256_into(body, bytes) || bytes.size() != 32) {
        return false;
      }
      detail::base64_append(
          out, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      return true;
    } else {
      const std::string bytes = crypto_.sha256(body);
      detail::base64_append(out, bytes);
      return bytes.size() == 32;
    }
  }

  // base64(HMAC-SHA256(key, to_sign)) appended to `out`; false when it was not 32 bytes.
  bool append_signature(std::string& out, std::string_view to_sign) const {
    if constexpr (detail::has_digest_into<Crypto>::value) {
      typename Crypto::digest bytes{};
      if (!crypto_.hmac_sha256_into(key_, to_sign, bytes) || bytes.size() != 32) {
        return false;
      }
      detail::base64_append(
          out, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      return true;
    } else {
      const std::string bytes = crypto_.hmac_sha256(key_, to_sign);
      detail::base64_append(out, bytes);
      return bytes.size() == 32;
    }
  }

  static constexpr const char* invalid_key_message =
      "the access key is not valid base64 (copy it again from the Azure portal: Keys)";
  Crypto crypto_;
  typename detail::key_storage<Crypto>::type key_{};
  bool valid_ = false;
};

// Defined out of the class, so not inline: in separate compilation the default signer's members
// are compiled once, by the implementation TU (the extern template below keeps other TUs from
// instantiating them, at any optimisation level).
template <class Crypto>
hmac_signer<Crypto>::hmac_signer(std::string_view access_key, Crypto crypto)
    : crypto_(std::move(crypto)) {
  std::string decoded;
  valid_ = detail::base64_decode(detail::trim(access_key), decoded) && !decoded.empty();
  if constexpr (detail::has_prepared_key<Crypto>::value) {
    key_ = crypto_.prepare_hmac_key(decoded);
    detail::secure_zero(decoded.data(), decoded.size()); // only the prepared pads stay
  } else {
    key_ = std::move(decoded);
  }
}
template <class Crypto>
result<void> hmac_signer<Crypto>::sign(http_request& request, time_point now) const {
  if (!valid_) {
    return detail::make_error(errc::invalid_argument, invalid_key_message);
  }
  const auto url = detail::split_url(request.url); // views into the URL: no allocation
  if (!url) {
    return detail::make_error(errc::invalid_argument,
                              "cannot sign a request whose URL is not absolute http(s): " +
                                  request.url);
  }
  // The empty body's hash is a constant: GET and DELETE need no hashing.
  std::string content_hash;
  content_hash.reserve(44);
  if (request.body.empty()) {
    content_hash = detail::empty_body_sha256;
  } else if (!append_body_hash(content_hash, request.body)) {
    return crypto_failed();
  }
  std::string date = format_rfc1123(now);
  std::string host;
  host.reserve(url->authority_size());
  url->append_authority(host);
  // The string to sign goes in a buffer kept per thread: it is rebuilt for every request.
  thread_local std::string to_sign;
  to_sign.clear();
  to_sign.reserve(request.method.size() + url->path_and_query_size() + date.size() + host.size() +
                  content_hash.size() + 4);
  detail::append_string_to_sign(
      to_sign, request.method, [&](std::string& o) { url->append_path_and_query(o); }, date, host,
      content_hash);
  constexpr std::string_view prefix =
      "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=";
  std::string authorization;
  authorization.reserve(prefix.size() + 44);
  authorization += prefix;
  if (content_hash.size() != 44 || !append_signature(authorization, to_sign)) {
    return crypto_failed();
  }
  request.headers.reserve(request.headers.size() + 4);
  request.headers.set("x-ms-date", std::move(date));
  request.headers.set("x-ms-content-sha256", std::move(content_hash));
  request.headers.set("Host", std::move(host));
  request.headers.set("Authorization", std::move(authorization));
  return {};
}
#if defined(ACS_ROOMS_SEPARATE_COMPILATION)
#if ACS_ROOMS_DEFINITIONS
template class hmac_signer<portable_crypto>;
#else
extern template class hmac_signer<portable_crypto>;
#endif
#endif

ACS_ROOMS_NAMESPACE_END
