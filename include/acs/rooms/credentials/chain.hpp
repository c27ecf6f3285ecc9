// SPDX-License-Identifier: MIT
// acs_rooms credentials: chained_token_credential and default_azure_credential (the peers'
// order: environment, workload identity, managed identity, Azure CLI).
#pragma once

#include <acs/rooms/bearer_token_signer.hpp>
#include <acs/rooms/credentials/azure_cli.hpp>
#include <acs/rooms/credentials/client_secret.hpp>
#include <acs/rooms/credentials/managed_identity.hpp>
#include <acs/rooms/credentials/options.hpp>
#include <acs/rooms/credentials/transport.hpp>
#include <acs/rooms/credentials/workload_identity.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// Token sources tried in order until one gives a token; the first that does is used from then
/// on (as the peers' DefaultAzureCredential does), and its failures are then reported as they
/// are. When every one fails, the error (`invalid_argument`) says why each failed, in order, in
/// its message and as its `details`. A token source for bearer_token_signer; copies share which
/// source was chosen.
class chained_token_credential {
public:
  /// A token source: anything callable as `result<access_token>()`.
  using source = std::function<result<access_token>()>;

  /// An empty chain (every get_token() fails until add()).
  chained_token_credential() : chosen_(std::make_shared<std::atomic<int>>(-1)) {}

  /// Adds `token_source`, known in errors as `name`, at the end of the chain.
  chained_token_credential& add(std::string name, source token_source) {
    links_.push_back({std::move(name), std::move(token_source)});
    return *this;
  }

  /// A token from the chosen source, or from the first in order that gives one.
  [[nodiscard]] result<access_token> get_token() const {
    const int chosen = chosen_->load();
    if (chosen >= 0) {
      return links_[static_cast<std::size_t>(chosen)].get();
    }
    error all =
        detail::make_error(errc::invalid_argument, "no credential in the chain gave a token:");
    for (std::size_t i = 0; i < links_.size(); ++i) {
      auto token = links_[i].get();
      if (token) {
        chosen_->store(static_cast<int>(i));
        return token;
      }
      all.message += (i == 0 ? " " : "; ") + links_[i].name + ": " + token.error().message;
      all.details.push_back(std::move(token).error());
    }
    if (links_.empty()) {
      all.message += " the chain is empty";
    }
    return all;
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

  /// The names of the sources, in order.
  [[nodiscard]] std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& l : links_) {
      out.push_back(l.name);
    }
    return out;
  }

private:
  struct link {
    std::string name;
    source fetch;
    result<access_token> get() const {
      if (!fetch) {
        return detail::make_error(errc::invalid_argument, "no token source");
      }
      return fetch();
    }
  };
  std::vector<link> links_;
  std::shared_ptr<std::atomic<int>> chosen_;
};

/// The chain the Azure SDKs' DefaultAzureCredential (Python, .NET, JS, Java) tries, among the
/// credentials here: environment_credential, workload_identity_credential,
/// managed_identity_credential (the user-assigned identity AZURE_CLIENT_ID, when set; IMDS probed
/// with a 1 s limit until it first answers) and
/// azure_cli_credential (`az_command` in place of "az"). All reach Entra ID through `transport`.
[[nodiscard]] inline chained_token_credential
default_azure_credential(const credential_transport& transport,
                         const credential_options& options = {},
                         std::vector<std::string> az_command = {"az"}) {
  chained_token_credential chain;
  chain.add("environment", environment_credential(transport, options));
  chain.add("workload identity", workload_identity_credential(transport, options));
  chain.add("managed identity",
            managed_identity_credential(
                transport, options, detail::credential_env(options, "AZURE_CLIENT_ID").value_or(""),
                std::chrono::seconds(1)));
  chain.add("Azure CLI", azure_cli_credential(options, {}, std::move(az_command)));
  return chain;
}

ACS_ROOMS_NAMESPACE_END
