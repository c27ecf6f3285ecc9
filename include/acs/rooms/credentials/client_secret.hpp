// SPDX-License-Identifier: MIT
// acs_rooms credentials: client_secret_credential and environment_credential (a service
// principal's secret, given or from AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET).
#pragma once

#include <acs/rooms/bearer_token_signer.hpp>
#include <acs/rooms/credentials/options.hpp>
#include <acs/rooms/credentials/token_request.hpp>
#include <acs/rooms/credentials/transport.hpp>
#include <acs/rooms/detail/foundations/secure_memory.hpp>

#include <memory>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// A service principal's client secret, exchanged at the Entra ID v2 token endpoint
/// (POST {authority}/{tenant}/oauth2/v2.0/token, grant_type=client_credentials). A token source:
/// give it to bearer_token_signer, which caches the tokens. Copies share the secret, which is
/// wiped when the last one goes; it never appears in an error.
class client_secret_credential {
public:
  /// The credential of application `client_id` in `tenant_id` with `client_secret`.
  client_secret_credential(credential_transport transport, std::string tenant_id,
                           std::string client_id, std::string client_secret,
                           credential_options options = {})
      : transport_(std::move(transport)), options_(std::move(options)),
        state_(std::make_shared<state>()) {
    state_->tenant = std::move(tenant_id);
    state_->client = std::move(client_id);
    state_->secret = std::move(client_secret);
  }

  /// A new token (no caching: bearer_token_signer caches), or the endpoint's error.
  [[nodiscard]] result<access_token> get_token() const {
    if (state_->client.empty() || state_->secret.empty()) {
      return detail::make_error(errc::invalid_argument,
                                "client secret credential: the client id or secret is empty");
    }
    return detail::entra_token(transport_, options_, who_, state_->tenant, state_->client,
                               "client_secret", state_->secret);
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  friend class environment_credential; // names itself in errors
  struct state {
    std::string tenant, client, secret;
    state() = default;
    state(const state&) = delete;
    state& operator=(const state&) = delete;
    ~state() { detail::secure_zero(secret.data(), secret.size()); }
  };
  credential_transport transport_;
  credential_options options_;
  std::shared_ptr<state> state_;
  const char* who_ = "client secret credential";
};

/// The client secret of AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (read when the
/// credential is made, from `credential_options::environment`), at AZURE_AUTHORITY_HOST. When
/// one is missing, get_token() fails with `invalid_argument` naming the missing variables, so
/// that a chain goes on to the next credential.
class environment_credential {
public:
  /// Reads the environment now.
  explicit environment_credential(credential_transport transport, credential_options options = {}) {
    const auto tenant = detail::credential_env(options, "AZURE_TENANT_ID");
    const auto client = detail::credential_env(options, "AZURE_CLIENT_ID");
    auto secret = detail::credential_env(options, "AZURE_CLIENT_SECRET");
    for (const auto* name : {"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"}) {
      if (!detail::credential_env(options, name)) {
        missing_ += (missing_.empty() ? "" : ", ") + std::string(name);
      }
    }
    if (missing_.empty()) {
      inner_ = std::make_shared<client_secret_credential>(std::move(transport), *tenant, *client,
                                                          std::move(*secret), std::move(options));
      inner_->who_ = "environment credential";
    }
    if (secret) {
      detail::secure_zero(secret->data(), secret->size());
    }
  }

  /// A new token, or why not (the variables missing, or the endpoint's error).
  [[nodiscard]] result<access_token> get_token() const {
    if (!inner_) {
      return detail::make_error(errc::invalid_argument,
                                "environment credential: not set: " + missing_);
    }
    return inner_->get_token();
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  std::shared_ptr<client_secret_credential> inner_;
  std::string missing_;
};

ACS_ROOMS_NAMESPACE_END
