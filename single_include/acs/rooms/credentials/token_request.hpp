// SPDX-License-Identifier: MIT
// Generated from include/ by tools/amalgamate.py - do not edit. Needs only <acs/rooms.hpp> beside it.
#pragma once
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TOKEN_REQUEST_HPP // credentials/token_request.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TOKEN_REQUEST_HPP
// acs_rooms credentials (detail): one token request - send, read the token or the error, redact.

#include <acs/rooms.hpp> // the whole core, from the single header
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_OPTIONS_HPP // credentials/options.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_OPTIONS_HPP
// acs_rooms credentials: credential_options, what every credential of the family is told.


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
#ifndef ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TRANSPORT_HPP // credentials/transport.hpp
#define ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TRANSPORT_HPP
// acs_rooms credentials: credential_transport, any Transport as the way to a token endpoint.


#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

ACS_ROOMS_NAMESPACE_BEGIN

namespace detail {
template <class T> struct unwrap_transport { using type = T; };
template <class T> struct unwrap_transport<std::reference_wrapper<T>> { using type = T; };
} // namespace detail

/// The Transport a credential reaches its token endpoint through: the client's own kind (any
/// type satisfying Transport), held by value, or by reference when given as `std::ref(t)` (then
/// `t` must outlive every copy). Copies share one held transport. A transport that throws has
/// its exception's what() turned into a `transport_error`, so that a chain can go on.
class credential_transport {
public:
  /// Holds `transport` (moved in), or refers to it when it is a `std::reference_wrapper`.
  template <
      class Transport,
      std::enable_if_t<
          !std::is_same_v<std::decay_t<Transport>, credential_transport> &&
              is_transport_v<typename detail::unwrap_transport<std::decay_t<Transport>>::type>,
          int> = 0>
  credential_transport(Transport&& transport) { // NOLINT(google-explicit-constructor)
    using held = std::decay_t<Transport>;
    auto shared = std::make_shared<held>(std::forward<Transport>(transport));
    send_ = [shared](const http_request& request,
                     const send_options& limits) -> result<http_response> {
      auto& t = static_cast<typename detail::unwrap_transport<held>::type&>(*shared);
      using target = typename detail::unwrap_transport<held>::type;
      if constexpr (detail::accepts_send_options<target>::value) {
        return t.send(request, limits);
      } else {
        (void)limits;
        return t.send(request);
      }
    };
  }

  /// Sends `request` within `limits`; a throwing transport's exception becomes an error.
  [[nodiscard]] result<http_response> send(const http_request& request,
                                           const send_options& limits) const {
#if ACS_ROOMS_NO_EXCEPTIONS
    return send_(request, limits);
#else
    try {
      return send_(request, limits);
    } catch (const std::exception& e) {
      return detail::make_error(errc::transport_error, e.what());
    } catch (...) {
      return detail::make_error(errc::transport_error, "the transport threw an exception");
    }
#endif
  }

private:
  std::function<result<http_response>(const http_request&, const send_options&)> send_;
};

ACS_ROOMS_NAMESPACE_END
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TRANSPORT_HPP

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
#endif // ACS_ROOMS_SINGLE_INCLUDE_CREDENTIALS_TOKEN_REQUEST_HPP
