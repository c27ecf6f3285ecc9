// SPDX-License-Identifier: MIT
// acs_rooms emulator part: authentication - the service's HMAC-SHA256, or a bearer token.
#pragma once

#include <acs/rooms/crypto/portable.hpp>
#include <acs/rooms/detail/foundations/base64.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/emulator/identity.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/signing.hpp>
#include <acs/rooms/time.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {
namespace emu {

/// Checks the Authorization of a request: the HMAC scheme exactly as the service checks it
/// (date skew, content hash, signature over method, path and query, date and host), or the
/// one accepted bearer token, or a token `issuer` issued and not yet expired.
class authenticator {
public:
  /// `access_key` is base64; one that does not decode to bytes lets no HMAC request through.
  /// `issuer` (may be null) must outlive the authenticator.
  authenticator(std::string_view access_key, std::optional<std::string> accepted_token,
                const identity_service* issuer = nullptr)
      : accepted_token_(std::move(accepted_token)), issuer_(issuer) {
    std::string key;
    if (base64_decode(trim(access_key), key) && !key.empty()) {
      key_ = crypto_.prepare_hmac_key(key);
    } // else: key_ stays invalid
    secure_zero(key.data(), key.size());
  }

  /// nullopt when `request` (addressed to `url`) may pass at time `t`; else the 401 to answer.
  /// With `check_body` false the body is not looked at: the signature still covers the
  /// x-ms-content-sha256 header, so a server may refuse a request before reading its body.
  std::optional<http_response> check(const http_request& request, const url_parts& url,
                                     time_point t, bool check_body = true) const {
    if (issuer_ != nullptr && issuer_->serves(url.path)) {
      return std::nullopt; // a token endpoint: the credentials are in the request itself
    }
    const auto authorization = request.headers.get("Authorization");
    if (!authorization) {
      return unauthorized("The request has no Authorization header.");
    }
    const std::string_view value = trim(*authorization);
    if (value.size() > 7 && iequals(value.substr(0, 7), "Bearer ")) {
      if (accepted_token_ && constant_time_equal(trim(value.substr(7)), *accepted_token_)) {
        return std::nullopt;
      }
      if (issuer_ != nullptr && issuer_->accepts(trim(value.substr(7)), t)) {
        return std::nullopt;
      }
      return unauthorized("The bearer token is not valid.");
    }
    const std::string prefix = hmac_authorization("");
    if (value.substr(0, prefix.size()) != prefix) {
      return unauthorized("The Authorization header is neither HMAC-SHA256 with SignedHeaders="
                          "x-ms-date;host;x-ms-content-sha256 nor an accepted bearer token.");
    }
    const auto date = request.headers.get("x-ms-date");
    const auto sent = date ? parse_rfc1123(*date) : std::nullopt;
    if (!sent) {
      return unauthorized("The x-ms-date header is missing or not an RFC 1123 date.");
    }
    if (!detail::within(*sent, t, std::chrono::minutes(15))) {
      return unauthorized("The x-ms-date header is more than 15 minutes away from the time of "
                          "the service.");
    }
    const auto hash = request.headers.get("x-ms-content-sha256");
    if (!hash || (check_body && *hash != base64_encode(crypto_.sha256(request.body)))) {
      return unauthorized("The x-ms-content-sha256 header does not match the body.");
    }
    const std::string host(request.headers.get("Host").value_or(url.authority()));
    const std::string expected = base64_encode(crypto_.hmac_sha256(
        key_, string_to_sign(request.method, url.path_and_query(), *date, host, *hash)));
    if (expected.size() != 44 || !constant_time_equal(value.substr(prefix.size()), expected)) {
      return unauthorized("The HMAC signature does not match: check the access key, and that "
                          "the method, path and query, x-ms-date, Host and body are signed as "
                          "sent.");
    }
    return std::nullopt;
  }

private:
  portable_crypto crypto_;
  portable_crypto::hmac_key key_; // the access key, prepared once
  std::optional<std::string> accepted_token_;
  const identity_service* issuer_;
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
