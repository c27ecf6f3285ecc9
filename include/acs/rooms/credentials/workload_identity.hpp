// SPDX-License-Identifier: MIT
// acs_rooms credentials: workload_identity_credential (a federated token file, e.g. from
// Kubernetes, exchanged as a client assertion).
#pragma once

#include <acs/rooms/bearer_token_signer.hpp>
#include <acs/rooms/credentials/options.hpp>
#include <acs/rooms/credentials/token_request.hpp>
#include <acs/rooms/credentials/transport.hpp>
#include <acs/rooms/detail/foundations/secure_memory.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>

#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// Microsoft Entra Workload ID: the assertion in AZURE_FEDERATED_TOKEN_FILE (re-read for every
/// token, since the platform rotates it) exchanged at the Entra ID v2 token endpoint of
/// AZURE_TENANT_ID for application AZURE_CLIENT_ID (grant_type=client_credentials with
/// client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer). A token source
/// for bearer_token_signer. When a variable is missing or the file cannot be read, get_token()
/// fails with `invalid_argument` saying which.
class workload_identity_credential {
public:
  /// Reads AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE now.
  explicit workload_identity_credential(credential_transport transport,
                                        credential_options options = {})
      : transport_(std::move(transport)) {
    tenant_ = detail::credential_env(options, "AZURE_TENANT_ID").value_or("");
    client_ = detail::credential_env(options, "AZURE_CLIENT_ID").value_or("");
    file_ = detail::credential_env(options, "AZURE_FEDERATED_TOKEN_FILE").value_or("");
    options_ = std::move(options);
  }
  /// The given tenant, application and token file.
  workload_identity_credential(credential_transport transport, std::string tenant_id,
                               std::string client_id, std::string token_file,
                               credential_options options = {})
      : transport_(std::move(transport)), options_(std::move(options)),
        tenant_(std::move(tenant_id)), client_(std::move(client_id)), file_(std::move(token_file)) {
  }

  /// A new token, or why not.
  [[nodiscard]] result<access_token> get_token() const {
    std::string missing;
    for (const auto& [name, value] :
         {std::pair<const char*, const std::string*>{"AZURE_TENANT_ID", &tenant_},
          {"AZURE_CLIENT_ID", &client_},
          {"AZURE_FEDERATED_TOKEN_FILE", &file_}}) {
      if (value->empty()) {
        missing += (missing.empty() ? "" : ", ") + std::string(name);
      }
    }
    if (!missing.empty()) {
      return detail::make_error(errc::invalid_argument,
                                "workload identity credential: not set: " + missing);
    }
    std::ifstream in(file_, std::ios::binary);
    std::string assertion;
    if (in) {
      assertion.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string_view trimmed = detail::trim(assertion);
    if (!in || trimmed.empty() || trimmed.size() > 65536) {
      detail::secure_zero(assertion.data(), assertion.size());
      return detail::make_error(errc::invalid_argument,
                                "workload identity credential: cannot read a token from the "
                                "file in AZURE_FEDERATED_TOKEN_FILE (" +
                                    detail::redacted(file_, {}, 200) + ")");
    }
    auto token = detail::entra_token(transport_, options_, "workload identity credential", tenant_,
                                     client_, "client_assertion", trimmed);
    detail::secure_zero(assertion.data(), assertion.size());
    return token;
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  credential_transport transport_;
  credential_options options_;
  std::string tenant_, client_, file_;
};

ACS_ROOMS_NAMESPACE_END
