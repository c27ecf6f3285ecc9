// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_OPTIONS_HPP // credentials/options.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_OPTIONS_HPP
// acs_rooms credentials: credential_options, what every credential of the family is told.

#include <acs/rooms.hpp> // the whole core, from the single header

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>

ACS_ROOMS_NAMESPACE_BEGIN

/// The scope of the Communication Services data plane (the double slash is what the service
/// expects); sovereign clouds use their own (see docs/credentials.md).
inline constexpr const char* communication_scope = "https://communication.azure.com//.default";

/// What the credentials of <acs/rooms/credentials.hpp> share: the scope, where Microsoft Entra
/// ID is, the time limit of one token request, the clock and the environment. Every field has a
/// working default; tests inject `clock` and `environment`.
struct credential_options {
  std::string scope = communication_scope; ///< the scope tokens are requested for
  /// The Entra ID authority (https://host); nullopt: AZURE_AUTHORITY_HOST, else
  /// https://login.microsoftonline.com.
  std::optional<std::string> authority_host;
  /// The limit of one token request (passed to the Transport as send_options::timeout, and the
  /// Azure CLI's run time); nullopt: none.
  std::optional<std::chrono::milliseconds> timeout = std::chrono::seconds(30);
  std::function<time_point()> clock; ///< empty: system_clock::now (a token's expiry is from it)
  /// Reads an environment variable; empty: std::getenv. Unset and empty count alike.
  std::function<std::optional<std::string>(const std::string&)> environment;
  /// The Azure Instance Metadata Service token endpoint (managed identity off App Service).
  std::string imds_endpoint = "http://169.254.169.254/metadata/identity/oauth2/token";
};

namespace detail {
/// `name` from the options' environment (or the process's); nullopt when unset or empty.
inline std::optional<std::string> credential_env(const credential_options& options,
                                                 const std::string& name) {
  std::optional<std::string> value;
  if (options.environment) {
    value = options.environment(name);
  } else if (const char* raw = std::getenv(name.c_str())) { // NOLINT(concurrency-mt-unsafe)
    value = std::string(raw);
  }
  if (value && value->empty()) {
    value.reset();
  }
  return value;
}

/// The time a credential reads: the options' clock, else the system clock.
inline time_point credential_now(const credential_options& options) {
  return options.clock ? options.clock() : std::chrono::system_clock::now();
}

/// The authority host without a trailing '/': the option, AZURE_AUTHORITY_HOST, or the public
/// cloud's.
inline std::string authority_host(const credential_options& options) {
  std::string host = options.authority_host ? *options.authority_host
                                            : credential_env(options, "AZURE_AUTHORITY_HOST")
                                                  .value_or("https://login.microsoftonline.com");
  while (!host.empty() && host.back() == '/') {
    host.pop_back();
  }
  return host;
}

/// The resource form of a scope, for managed identity and old endpoints: the scope without
/// "/.default" ("https://communication.azure.com//.default" -> "https://communication.azure.com/").
inline std::string scope_resource(const std::string& scope) {
  constexpr std::string_view suffix = "/.default";
  if (scope.size() >= suffix.size() &&
      std::string_view(scope).substr(scope.size() - suffix.size()) == suffix) {
    return scope.substr(0, scope.size() - suffix.size());
  }
  return scope;
}
} // namespace detail

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_OPTIONS_HPP
