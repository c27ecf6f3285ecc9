// SPDX-License-Identifier: MIT
// acs_rooms credentials (detail): one token request - send, read the token or the error, redact.
#pragma once

#include <acs/rooms/bearer_token_signer.hpp>
#include <acs/rooms/credentials/options.hpp>
#include <acs/rooms/credentials/transport.hpp>
#include <acs/rooms/detail/foundations/saturate.hpp>
#include <acs/rooms/detail/foundations/secure_memory.hpp>
#include <acs/rooms/detail/foundations/url.hpp>
#include <acs/rooms/error.hpp>
#include <acs/rooms/http.hpp>
#include <acs/rooms/result.hpp>
#include <acs/rooms/serialization.hpp>
#include <acs/rooms/time.hpp>

#include <nlohmann/json.hpp> // the DOM, also under ACS_ROOMS_SEPARATE_COMPILATION

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN
namespace detail {

/// The longest token lifetime believed (a year): anything longer is a broken answer.
inline constexpr std::int64_t longest_token_seconds = 366LL * 24 * 3600;

/// `s` made safe to show: every secret in `secrets` replaced by "***", control characters by
/// '?', and at most `limit` bytes.
inline std::string redacted(std::string s, std::initializer_list<std::string_view> secrets,
                            std::size_t limit = 400) {
  for (std::string_view secret : secrets) {
    if (secret.size() < 4) {
      continue; // too short to look for without hiding ordinary words
    }
    for (auto at = s.find(secret); at != std::string::npos; at = s.find(secret, at + 3)) {
      s.replace(at, secret.size(), "***");
    }
  }
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      c = '?';
    }
  }
  if (s.size() > limit) {
    s.resize(limit);
    s += "...";
  }
  return s;
}

/// True when `s` has a control character (it could inject a header).
inline bool has_control(std::string_view s) noexcept {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      return true;
    }
  }
  return false;
}

/// A whole number of seconds from a JSON number or a string of digits (as IMDS and App Service
/// send them); nullopt for anything else (fractions, signs, exponents, more than 18 digits).
inline std::optional<std::int64_t> json_seconds(const nlohmann::json& v) {
  if (v.is_number_unsigned()) {
    const auto n = v.get<std::uint64_t>();
    return n <= 999999999999999999ULL ? std::optional<std::int64_t>(static_cast<std::int64_t>(n))
                                      : std::nullopt;
  }
  if (v.is_number_integer()) {
    const auto n = v.get<std::int64_t>();
    return n >= 0 ? std::optional<std::int64_t>(n) : std::nullopt;
  }
  if (!v.is_string()) {
    return std::nullopt;
  }
  const auto& s = v.get_ref<const std::string&>();
  if (s.empty() || s.size() > 18) {
    return std::nullopt;
  }
  std::int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    n = n * 10 + (c - '0');
  }
  return n;
}

/// The expiry of a token answer: now + `expires_in` when present (relative, so immune to clock
/// skew), else `expires_on` (seconds since the epoch); an error naming the field when it is
/// missing, malformed, already past or absurdly far (more than a year).
inline result<time_point> token_expiry(const nlohmann::json& body, time_point now,
                                       const char* in_field, const char* on_field) {
  const auto malformed = [](std::string what) {
    return make_error(errc::malformed_response, "malformed token response: " + what);
  };
  if (auto in = body.find(in_field); in != body.end()) {
    const auto seconds = json_seconds(*in);
    if (!seconds || *seconds == 0 || *seconds > longest_token_seconds) {
      return malformed(std::string("\"") + in_field +
                       "\" is not a whole number of seconds from 1 to a year");
    }
    return saturating_add(now, std::chrono::seconds(*seconds));
  }
  if (auto on = body.find(on_field); on != body.end()) {
    const auto seconds = json_seconds(*on);
    const auto at = seconds ? time_from_seconds(*seconds, 0) : std::nullopt;
    if (!at) {
      return malformed(std::string("\"") + on_field + "\" is not a time in seconds since 1970");
    }
    if (*at <= now) {
      return malformed(std::string("the token has already expired (\"") + on_field + "\")");
    }
    if (*at > saturating_add(now, std::chrono::seconds(longest_token_seconds))) {
      return malformed(std::string("\"") + on_field + "\" is more than a year away");
    }
    return *at;
  }
  return malformed(std::string("no \"") + in_field + "\" or \"" + on_field + "\"");
}

inline result<access_token> read_token(const json& j, time_point now, const char* token_field,
                                       const char* in_field, const char* on_field);

/// The token of a 2xx answer: `token_field` (a non-empty string without control characters,
/// at most 64 KiB) and its expiry (see token_expiry).
inline result<access_token> read_token(std::string_view body, time_point now,
                                       const char* token_field = "access_token",
                                       const char* in_field = "expires_in",
                                       const char* on_field = "expires_on") {
  json j; // parse_json: the core's parser, instantiated once for every user
  if (!parse_json(body, j) || !j.is_object()) {
    return make_error(errc::malformed_response, "malformed token response: not a JSON object");
  }
  return read_token(j, now, token_field, in_field, on_field);
}

/// As read_token(body, ...), from a parsed answer.
inline result<access_token> read_token(const json& j, time_point now, const char* token_field,
                                       const char* in_field, const char* on_field) {
  const auto token = j.find(token_field);
  if (token == j.end() || !token->is_string() || token->get_ref<const std::string&>().empty()) {
    return make_error(errc::malformed_response,
                      std::string("malformed token response: no \"") + token_field + "\" string");
  }
  const auto& text = token->get_ref<const std::string&>();
  if (text.size() > 65536 || has_control(text)) {
    return make_error(errc::malformed_response,
                      "malformed token response: the token is too long or has control characters");
  }
  auto expiry = token_expiry(j, now, in_field, on_field);
  if (!expiry) {
    return std::move(expiry).error();
  }
  return access_token{text, *expiry};
}

/// The error of a non-2xx answer from a token endpoint: its status, the service's code
/// ("error", e.g. invalid_client) and description ("error_description", e.g. AADSTS7000215: ...;
/// or App Service's "message"), with `secrets` redacted.
inline error token_endpoint_error(std::string_view who, std::string_view endpoint,
                                  const http_response& response,
                                  std::initializer_list<std::string_view> secrets) {
  error e = make_error(errc::service_error, "", response.status);
  std::string description;
  json j;
  const bool parsed = parse_json(response.body, j);
  if (parsed && j.is_object()) {
    const auto text = [&](const char* field) {
      const auto it = j.find(field);
      return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    e.code = redacted(text("error"), secrets, 100);
    description = text("error_description");
    if (description.empty()) {
      description = text("message");
    }
  }
  e.message = std::string(who) + ": " + std::string(endpoint) + " answered " +
              std::to_string(response.status) + (e.code.empty() ? "" : " " + e.code) +
              (description.empty() ? "" : ": " + redacted(std::move(description), secrets));
  return e;
}

/// `url` without its query (what an error may show).
inline std::string_view without_query(std::string_view url) { return url.substr(0, url.find('?')); }

/// Sends one token request and reads its answer as `who` (e.g. "managed identity"); never
/// shows the body it sent or any of `secrets`.
inline result<access_token> request_token(const credential_transport& transport,
                                          const credential_options& options,
                                          const http_request& request, std::string_view who,
                                          std::initializer_list<std::string_view> secrets) {
  send_options limits;
  limits.timeout = options.timeout;
  const std::string endpoint(without_query(request.url));
  auto answer = transport.send(request, limits);
  if (!answer) {
    error e = std::move(answer).error();
    e.message = std::string(who) + ": no answer from " + endpoint + ": " +
                redacted(std::move(e.message), secrets);
    return e;
  }
  if (answer->status < 200 || answer->status > 299) {
    return token_endpoint_error(who, endpoint, *answer, secrets);
  }
  auto token = read_token(answer->body, credential_now(options));
  if (!token) {
    error e = std::move(token).error();
    e.status = answer->status;
    e.message = std::string(who) + ": " + endpoint + ": " + e.message;
    return e;
  }
  return token;
}

/// `value` form-encoded (application/x-www-form-urlencoded, as encodeURIComponent does).
inline std::string form_value(std::string_view value) {
  std::string out;
  append_path_segment(out, value);
  return out;
}

/// True when `id` may go in a URL path as a tenant (letters, digits, '.', '-', '_').
inline bool valid_tenant(std::string_view id) {
  if (id.empty() || id.size() > 256) {
    return false;
  }
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

/// A client-credentials grant at the Entra ID v2 token endpoint of `tenant`: with a client
/// secret (`proof_field` "client_secret") or a signed assertion ("client_assertion", a JWT).
inline result<access_token> entra_token(const credential_transport& transport,
                                        const credential_options& options, std::string_view who,
                                        const std::string& tenant, const std::string& client_id,
                                        std::string_view proof_field, std::string_view proof) {
  if (!valid_tenant(tenant)) {
    return make_error(errc::invalid_argument,
                      std::string(who) + ": the tenant id is empty or has characters other than "
                                         "letters, digits, '.', '-' and '_'");
  }
  const std::string authority = authority_host(options);
  if (!url_is_valid(authority + "/")) {
    return make_error(errc::invalid_argument, std::string(who) +
                                                  ": the authority host is not an http(s) URL: " +
                                                  redacted(authority, {proof}));
  }
  http_request request;
  request.method = "POST";
  request.url = authority + "/" + tenant + "/oauth2/v2.0/token";
  request.headers.set("Content-Type", "application/x-www-form-urlencoded");
  request.headers.set("Accept", "application/json");
  request.body = "grant_type=client_credentials&client_id=" + form_value(client_id);
  if (proof_field == "client_assertion") {
    request.body += "&client_assertion_type=" +
                    form_value("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
  }
  request.body += "&" + std::string(proof_field) + "=" + form_value(proof) +
                  "&scope=" + form_value(options.scope);
  auto token = request_token(transport, options, request, who, {proof});
  secure_zero(request.body.data(), request.body.size());
  return token;
}

} // namespace detail
ACS_ROOMS_NAMESPACE_END
