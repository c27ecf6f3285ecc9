// SPDX-License-Identifier: MIT
// acs_rooms credentials: azure_cli_credential (the identity logged in to the Azure CLI, through
// `az account get-access-token`).
#pragma once

#include <acs/rooms/bearer_token_signer.hpp>
#include <acs/rooms/credentials/options.hpp>
#include <acs/rooms/credentials/process.hpp>
#include <acs/rooms/credentials/token_request.hpp>
#include <acs/rooms/detail/foundations/secure_memory.hpp>
#include <acs/rooms/time.hpp>

#include <acs/rooms/serialization.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <utility>
#include <vector>

ACS_ROOMS_NAMESPACE_BEGIN

/// The identity logged in to the Azure CLI: runs `az account get-access-token --output json
/// --scope <scope>` (no shell; `--tenant` when given) within `credential_options::timeout`, and
/// reads `accessToken` with `expires_on` (seconds since 1970; newer CLIs) or `expiresOn` (local
/// time, older ones). `command` replaces "az" (a path, or a program and leading arguments), e.g.
/// a fake script in tests. For development machines; POSIX only. A token source for
/// bearer_token_signer.
class azure_cli_credential {
public:
  /// Runs `command` (default {"az"}) for tenant `tenant_id` (empty: the CLI's default).
  explicit azure_cli_credential(credential_options options = {}, std::string tenant_id = {},
                                std::vector<std::string> command = {"az"})
      : options_(std::move(options)), tenant_(std::move(tenant_id)), command_(std::move(command)) {}

  /// A new token, or why not (the CLI missing, not logged in, too slow, or its answer).
  [[nodiscard]] result<access_token> get_token() const {
    constexpr const char* who = "Azure CLI credential";
    if (!cli_safe(options_.scope) || (!tenant_.empty() && !detail::valid_tenant(tenant_))) {
      return detail::make_error(errc::invalid_argument,
                                std::string(who) + ": the scope or tenant has characters the "
                                                   "CLI is not given");
    }
    std::vector<std::string> argv = command_;
    for (const char* a : {"account", "get-access-token", "--output", "json", "--scope"}) {
      argv.emplace_back(a);
    }
    argv.push_back(options_.scope);
    if (!tenant_.empty()) {
      argv.emplace_back("--tenant");
      argv.push_back(tenant_);
    }
    auto ran = detail::run_process(argv, options_.timeout);
    if (!ran) {
      error e = std::move(ran).error();
      e.message = std::string(who) + ": " + e.message;
      return e;
    }
    if (ran->exit_code != 0) {
      const std::string first_line = ran->err.substr(0, ran->err.find('\n'));
      std::string why =
          ran->err.find("az login") != std::string::npos ? "not logged in: run `az login`"
          : ran->exit_code == 127                        ? "the Azure CLI (az) is not installed"
                                  : "az exited with " + std::to_string(ran->exit_code) + ": " +
                                        detail::redacted(first_line, {}, 200);
      detail::secure_zero(ran->out.data(), ran->out.size());
      return detail::make_error(errc::invalid_argument, std::string(who) + ": " + why);
    }
    auto token = read(ran->out);
    detail::secure_zero(ran->out.data(), ran->out.size());
    if (!token) {
      error e = std::move(token).error();
      e.message = std::string(who) + ": " + e.message;
      return e;
    }
    return token;
  }
  /// The token source form, for bearer_token_signer.
  result<access_token> operator()() const { return get_token(); }

private:
  // Only what a scope or URL needs: no space, quote or shell character reaches the CLI.
  static bool cli_safe(const std::string& s) {
    if (s.empty()) {
      return false;
    }
    for (char c : s) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-' || c == '_' || c == '/' || c == ':')) {
        return false;
      }
    }
    return true;
  }

  // The CLI's JSON: accessToken and expires_on, else expiresOn ("YYYY-MM-DD HH:MM:SS[.f]" in
  // local time).
  result<access_token> read(const std::string& out) const {
    const time_point now = detail::credential_now(options_);
    detail::json j;
    if (!detail::parse_json(out, j) || !j.is_object()) {
      return detail::make_error(errc::malformed_response,
                                "malformed token response: not a JSON object");
    }
    if (!j.contains("expires_on") && j.contains("expiresOn") && j["expiresOn"].is_string()) {
      std::tm local{};
      const std::string& text = j["expiresOn"].get_ref<const std::string&>();
      if (std::sscanf(text.c_str(), "%d-%d-%d %d:%d:%d", &local.tm_year, &local.tm_mon,
                      &local.tm_mday, &local.tm_hour, &local.tm_min, &local.tm_sec) != 6) {
        return detail::make_error(errc::malformed_response,
                                  "malformed token response: \"expiresOn\" is not a local time");
      }
      local.tm_year -= 1900;
      local.tm_mon -= 1;
      local.tm_isdst = -1;
      const std::time_t at = std::mktime(&local);
      j["expires_on"] = static_cast<long long>(at);
    }
    return detail::read_token(j, now, "accessToken", "expires_in", "expires_on");
  }

  credential_options options_;
  std::string tenant_;
  std::vector<std::string> command_;
};

ACS_ROOMS_NAMESPACE_END
