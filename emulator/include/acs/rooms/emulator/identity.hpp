// SPDX-License-Identifier: MIT
// acs_rooms emulator part: the token endpoints - Entra ID v2, IMDS and App Service managed
// identity - issuing tokens the emulated Rooms API accepts until they expire.
#pragma once

#include <acs/rooms/detail/foundations/base64.hpp>
#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/detail/foundations/strings.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/emulator/validation.hpp>
#include <acs/rooms/emulator/wire.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/time.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

/// The token endpoints an `emulator` plays (`emulator_options::identity`); each is off until
/// configured. Tokens they issue are accepted as bearer tokens by the emulated Rooms API until
/// they expire on the emulator's clock. Requests reach them through `emulator::send` like any
/// other (the host is not looked at), so the fault plan applies by path.
struct emulator_identity {
  /// Entra ID v2: POST /{tenant_id}/oauth2/v2.0/token (grant_type=client_credentials) is served
  /// when this is set.
  std::string tenant_id;
  std::string client_id;        ///< the application Entra ID knows
  std::string client_secret;    ///< the secret it accepts (empty: none)
  std::string client_assertion; ///< the jwt-bearer assertion it accepts (empty: none)
  bool imds = false; ///< serve IMDS: GET /metadata/identity/oauth2/token with `Metadata: true`
  /// App Service: GET at this path with X-IDENTITY-HEADER == identity_header (both set: served).
  std::string app_service_path;
  std::string identity_header; ///< the X-IDENTITY-HEADER App Service requires
  /// A user-assigned managed identity's client id; a managed identity request naming another
  /// client_id is refused ("Identity not found"). Empty: any.
  std::string managed_client_id;
  std::string scope = "https://communication.azure.com//.default"; ///< the one scope served
  std::chrono::seconds token_lifetime{3600}; ///< how long an issued token is accepted
};

namespace detail {
namespace emu {

/// Serves the token endpoints of an `emulator_identity` and remembers what it issued.
class identity_service {
public:
  /// Serves what `config` configures.
  explicit identity_service(emulator_identity config) : config_(std::move(config)) {
    std::random_device device;
    random_.seed((static_cast<std::uint64_t>(device()) << 32U) ^ device());
  }

  /// True when `path` is one of the token endpoints served (they need no Authorization).
  [[nodiscard]] bool serves(std::string_view path) const {
    return (!config_.tenant_id.empty() && path == "/" + config_.tenant_id + "/oauth2/v2.0/token") ||
           (config_.imds && path == "/metadata/identity/oauth2/token") ||
           (!config_.app_service_path.empty() && !config_.identity_header.empty() &&
            path == config_.app_service_path);
  }

  /// The answer of a token endpoint, or nullopt when `url` is not one.
  std::optional<http_response> serve(const http_request& request, const url_parts& url,
                                     time_point now) {
    if (!serves(url.path)) {
      return std::nullopt;
    }
    if (config_.imds && url.path == "/metadata/identity/oauth2/token") {
      return managed(request, url, now, false);
    }
    if (url.path == config_.app_service_path && !config_.identity_header.empty()) {
      return managed(request, url, now, true);
    }
    return entra(request, now);
  }

  /// True when `token` was issued here and has not expired at `now`.
  [[nodiscard]] bool accepts(std::string_view token, time_point now) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = issued_.find(std::string(token));
    return it != issued_.end() && now < it->second;
  }

private:
  static std::map<std::string, std::string> form(std::string_view text) {
    std::map<std::string, std::string> out;
    while (!text.empty()) {
      const auto amp = text.find('&');
      std::string_view pair = text.substr(0, amp);
      text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
      const auto eq = pair.find('=');
      std::string name(pair.substr(0, eq));
      std::string raw(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      for (char& c : raw) {
        c = c == '+' ? ' ' : c;
      }
      std::string value;
      if (!percent_decode(raw, value)) {
        value = "\x01"; // matches nothing configured
      }
      out[name] = value;
    }
    return out;
  }

  static http_response oauth_error(int status, std::string_view code, std::string_view what) {
    nlohmann::json body = {{"error", code}, {"error_description", what}};
    http_response r = json_response(status, body.dump());
    return r;
  }

  std::string issue(time_point now, time_point& expiry) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = issued_.begin(); it != issued_.end();) {
      it = now < it->second ? std::next(it) : issued_.erase(it); // forget expired ones
    }
    std::string token = "emu.";
    for (int i = 0; i < 4; ++i) {
      const std::uint64_t bits = random_();
      for (int b = 0; b < 8; ++b) {
        append_hex_byte(token, static_cast<unsigned char>(bits >> (8 * b)));
      }
    }
    expiry = saturating_add(now, config_.token_lifetime);
    issued_[token] = expiry;
    return token;
  }

  static std::string epoch(time_point t) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
  }

  http_response entra(const http_request& request, time_point now) {
    if (request.method != "POST") {
      return oauth_error(405, "invalid_request", "AADSTS900561: The endpoint only accepts POST.");
    }
    auto f = form(request.body);
    if (f["grant_type"] != "client_credentials") {
      return oauth_error(400, "unsupported_grant_type",
                         "AADSTS70003: The app requested an unsupported grant type.");
    }
    if (f["client_id"].empty() || f["client_id"] != config_.client_id) {
      return oauth_error(400, "unauthorized_client",
                         "AADSTS700016: Application was not found in the directory.");
    }
    const bool secret_ok = !config_.client_secret.empty() && f.count("client_secret") != 0 &&
                           constant_time_equal(f["client_secret"], config_.client_secret);
    const bool assertion_ok =
        !config_.client_assertion.empty() && f.count("client_assertion") != 0 &&
        f["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer" &&
        constant_time_equal(f["client_assertion"], config_.client_assertion);
    if (!secret_ok && !assertion_ok) {
      return f.count("client_assertion") != 0
                 ? oauth_error(401, "invalid_client",
                               "AADSTS700211: No matching federated identity record found for "
                               "presented assertion.")
                 : oauth_error(401, "invalid_client",
                               "AADSTS7000215: Invalid client secret provided.");
    }
    if (f["scope"] != config_.scope) {
      return oauth_error(400, "invalid_scope",
                         "AADSTS70011: The provided value for the input parameter 'scope' is not "
                         "valid.");
    }
    time_point expiry;
    nlohmann::json body = {{"token_type", "Bearer"},
                           {"expires_in", config_.token_lifetime.count()},
                           {"ext_expires_in", config_.token_lifetime.count()},
                           {"access_token", issue(now, expiry)}};
    return json_response(200, body.dump());
  }

  http_response managed(const http_request& request, const url_parts& url, time_point now,
                        bool app_service) {
    if (request.method != "GET") {
      return oauth_error(405, "invalid_request", "Only GET is allowed.");
    }
    if (app_service) {
      const auto header = request.headers.get("X-IDENTITY-HEADER");
      if (!header || !constant_time_equal(*header, config_.identity_header)) {
        nlohmann::json body = {{"statusCode", 401},
                               {"message", "The X-IDENTITY-HEADER is missing or not valid."}};
        return json_response(401, body.dump());
      }
    } else if (request.headers.get("Metadata") != std::optional<std::string_view>("true")) {
      return oauth_error(400, "invalid_request", "Required metadata header not specified");
    }
    auto q = form(url.query);
    const std::string want_version = app_service ? "2019-08-01" : "2018-02-01";
    if (q["api-version"] != want_version) {
      return oauth_error(400, "invalid_request", "The api-version is missing or not supported.");
    }
    std::string resource = config_.scope;
    if (resource.size() > 9 && resource.compare(resource.size() - 9, 9, "/.default") == 0) {
      resource.resize(resource.size() - 9);
    }
    if (q["resource"] != resource) {
      return oauth_error(400, "invalid_resource",
                         "AADSTS500011: The resource principal was not found.");
    }
    if (!config_.managed_client_id.empty() && q.count("client_id") != 0 &&
        q["client_id"] != config_.managed_client_id) {
      return oauth_error(400, "invalid_request", "Identity not found");
    }
    time_point expiry;
    const std::string token = issue(now, expiry);
    nlohmann::json body = {{"access_token", token},
                           {"expires_on", epoch(expiry)},
                           {"resource", resource},
                           {"token_type", "Bearer"}};
    if (!app_service) {
      body["expires_in"] = std::to_string(config_.token_lifetime.count());
    }
    return json_response(200, body.dump());
  }

  emulator_identity config_;
  mutable std::mutex mutex_; // guards issued_ and random_
  std::map<std::string, time_point> issued_;
  std::mt19937_64 random_;
};

} // namespace emu
} // namespace detail
ACS_ROOMS_NAMESPACE_END
