// SPDX-License-Identifier: MIT
// acs_rooms credentials: managed_identity_credential (Azure IMDS, or App Service's
// IDENTITY_ENDPOINT and IDENTITY_HEADER).
#pragma once

#include <acs/rooms/bearer_token_signer.hpp>
#include <acs/rooms/credentials/options.hpp>
#include <acs/rooms/credentials/token_request.hpp>
#include <acs/rooms/credentials/transport.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// An Azure managed identity. On App Service and Functions (IDENTITY_ENDPOINT and
/// IDENTITY_HEADER set): GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=... with
/// X-IDENTITY-HEADER; elsewhere the Instance Metadata Service: GET
/// http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=... with
/// `Metadata: true`. The resource is the scope without "/.default". `client_id` selects a
/// user-assigned identity (empty: the system-assigned one). A token source for
/// bearer_token_signer.
///
/// `probe_timeout` (default_azure_credential sets 1 s, as the peers do) bounds IMDS requests
/// until IMDS has answered once, so that off Azure a chain moves on quickly instead of waiting
/// out `credential_options::timeout` on an address nothing answers.
class managed_identity_credential {
public:
  /// Reads IDENTITY_ENDPOINT and IDENTITY_HEADER now.
  explicit managed_identity_credential(credential_transport transport,
                                       credential_options options = {}, std::string client_id = {},
                                       std::optional<std::chrono::milliseconds> probe_timeout = {})
      : transport_(std::move(transport)), client_(std::move(client_id)), probe_(probe_timeout),
        answered_(std::make_shared<std::atomic<bool>>(false)) {
    endpoint_ = detail::credential_env(options, "IDENTITY_ENDPOINT").value_or("");
    header_ = detail::credential_env(options, "IDENTITY_HEADER").value_or("");
    options_ = std::move(options);
  }

  /// A new token, or why not.
  [[nodiscard]] result<access_token> get_token() const {
    const bool app_service = !endpoint_.empty() && !header_.empty();
    const std::string who =
        app_service ? "managed identity (App Service)" : "managed identity (IMDS)";
    http_request request;
    request.method = "GET";
    request.url = app_service ? endpoint_ : options_.imds_endpoint;
    if (!detail::url_is_valid(request.url) || request.url.find('?') != std::string::npos) {
      return detail::make_error(errc::invalid_argument,
                                who + ": the endpoint is not an http(s) URL without a query: " +
                                    detail::redacted(request.url, {header_}, 200));
    }
    request.url += app_service ? "?api-version=2019-08-01" : "?api-version=2018-02-01";
    request.url += "&resource=" + detail::form_value(detail::scope_resource(options_.scope));
    if (!client_.empty()) {
      request.url += "&client_id=" + detail::form_value(client_);
    }
    if (app_service) {
      if (detail::has_control(header_)) {
        return detail::make_error(errc::invalid_argument,
                                  who + ": IDENTITY_HEADER has control characters");
      }
      request.headers.set("X-IDENTITY-HEADER", header_);
    } else {
      request.headers.set("Metadata", "true");
    }
    if (app_service || !probe_ || answered_->load()) {
      return detail::request_token(transport_, options_, request, who, {header_});
    }
    credential_options probing = options_; // IMDS not heard from yet: a short first request
    probing.timeout = options_.timeout ? std::min(*options_.timeout, *probe_) : *probe_;
    auto token = detail::request_token(transport_, probing, request, who, {header_});
    if (token || token.error().kind != errc::transport_error) {
      answered_->store(true); // IMDS is there: the usual timeout from now on
    }
    return token;
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  credential_transport transport_;
  credential_options options_;
  std::string client_, endpoint_, header_;
  std::optional<std::chrono::milliseconds> probe_;
  std::shared_ptr<std::atomic<bool>> answered_; // copies share what they learnt
};

ACS_ROOMS_NAMESPACE_END
