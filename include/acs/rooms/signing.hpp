// SPDX-License-Identifier: MIT
// acs_rooms layer 3 (protocol): hmac_signer and bearer_token_signer.
#pragma once

#include <acs/rooms/concepts.hpp>
#include <acs/rooms/crypto/portable.hpp>
#include <acs/rooms/detail/base64.hpp>
#include <acs/rooms/detail/secure_memory.hpp>
#include <acs/rooms/detail/strings.hpp>
#include <acs/rooms/detail/url.hpp>
#include <acs/rooms/fwd.hpp>
#include <acs/rooms/time.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// The HMAC string to sign: "METHOD\npath?query\n<x-ms-date>;<host>;<content hash>".
[[nodiscard]] inline std::string string_to_sign(std::string_view method,
                                                std::string_view path_and_query,
                                                std::string_view date, std::string_view host,
                                                std::string_view content_hash) {
  std::string out;
  out.reserve(method.size() + path_and_query.size() + date.size() + host.size() +
              content_hash.size() + 4);
  for (char c : method) {
    out += detail::ascii_upper(c);
  }
  out += '\n';
  out += path_and_query;
  out += '\n';
  out += date;
  out += ';';
  out += host;
  out += ';';
  out += content_hash;
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
  explicit hmac_signer(std::string_view access_key, Crypto crypto = Crypto())
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
  result<void> sign(http_request& request, time_point now) const {
    if (!valid_) {
      return detail::make_error(errc::invalid_argument, invalid_key_message);
    }
    const auto url = detail::parse_url(request.url);
    if (!url) {
      return detail::make_error(errc::invalid_argument,
                                "cannot sign a request whose URL is not absolute http(s): " +
                                    request.url);
    }
    // The empty body's hash is a constant: GET and DELETE need no hashing.
    std::string content_hash = request.body.empty()
                                   ? std::string(detail::empty_body_sha256)
                                   : detail::base64_encode(crypto_.sha256(request.body));
    std::string date = format_rfc1123(now);
    std::string host = url->authority();
    const std::string signature_bytes = crypto_.hmac_sha256(
        key_, string_to_sign(request.method, url->path_and_query(), date, host, content_hash));
    if (content_hash.size() != 44 || signature_bytes.size() != 32) {
      return detail::make_error(errc::invalid_argument,
                                "the Crypto implementation did not return 32-byte digests");
    }
    request.headers.set("x-ms-date", std::move(date));
    request.headers.set("x-ms-content-sha256", std::move(content_hash));
    request.headers.set("Host", std::move(host));
    request.headers.set("Authorization",
                        hmac_authorization(detail::base64_encode(signature_bytes)));
    return {};
  }

  /// The crypto implementation in use.
  [[nodiscard]] const Crypto& crypto() const noexcept { return crypto_; }

private:
  static constexpr const char* invalid_key_message =
      "the access key is not valid base64 (copy it again from the Azure portal: Keys)";
  Crypto crypto_;
  typename detail::key_storage<Crypto>::type key_{};
  bool valid_ = false;
};

/// Signs requests with a Microsoft Entra ID access token: `Authorization: Bearer <token>`.
/// `token_source` is called for every request, so it can refresh; request tokens for the scope
/// "https://communication.azure.com//.default" (the double slash is what the service expects).
class bearer_token_signer {
public:
  /// Uses `token_source()` for each request's token.
  explicit bearer_token_signer(std::function<std::string()> token_source)
      : token_source_(std::move(token_source)) {}

  /// Sets Authorization; fails with `invalid_argument` when there is no token.
  result<void> sign(http_request& request, time_point /*now*/) const {
    std::string token = token_source_ ? token_source_() : std::string();
    if (token.empty()) {
      return detail::make_error(errc::invalid_argument,
                                "the bearer token source returned no token");
    }
    request.headers.set("Authorization", "Bearer " + token);
    return {};
  }

private:
  std::function<std::string()> token_source_;
};

ACS_ROOMS_NAMESPACE_END
